// The Stripe payment page: mount the Payment Element and confirm the PaymentIntent.
// Loaded only on that page, after Stripe.js (STRIPE_JS_URL), and only in Stripe mode.
// Stripe sends the browser to the return page, which asks Stripe how the payment went.
"use strict";

(() => {
  const form = document.querySelector("[data-stripe-payment]");
  if (!form) return;
  const message = form.querySelector("[data-payment-message]");
  const button = form.querySelector("button[type=submit]");
  if (typeof Stripe === "undefined") {
    message.textContent = form.dataset.unavailable;
    button.disabled = true;
    return;
  }
  const stripe = Stripe(form.dataset.publishableKey);
  const elements = stripe.elements({ clientSecret: form.dataset.clientSecret });
  elements.create("payment").mount(form.querySelector("[data-payment-element]"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    button.disabled = true;
    message.textContent = "";
    const { error } = await stripe.confirmPayment({
      elements,
      confirmParams: { return_url: form.dataset.returnUrl },
    });
    // Reached only when the confirmation failed at once; otherwise the browser has left.
    message.textContent = (error && error.message) || form.dataset.genericError;
    button.disabled = false;
  });
})();
