// Forms with class "js-async" post without a page reload: the endpoint answers JSON
// {ok, label, message} when asked with Accept: application/json. The button takes the new
// label and is disabled; the message is shown beside it and read by screen readers.
// Without JavaScript (or on any unexpected answer) the form posts and redirects as usual.
"use strict";

(() => {
  const statusFor = (form) => {
    let status = form.querySelector(".js-async-status");
    if (!status) {
      status = document.createElement("span");
      status.className = "js-async-status small w-100";
      status.setAttribute("role", "status");
      status.setAttribute("data-testid", "async-status");
      form.appendChild(status);
    }
    return status;
  };

  const showAnswer = (form, button, answer) => {
    const status = statusFor(form);
    status.textContent = answer.message || "";
    status.classList.toggle("text-danger", !answer.ok);
    status.classList.toggle("text-success", Boolean(answer.ok));
    if (answer.ok) {
      button.textContent = answer.label || form.dataset.doneLabel || button.textContent;
      button.disabled = true;
      button.classList.add("is-done");
      form.classList.add("is-done");
      form.querySelectorAll("select, input:not([type=hidden])").forEach((c) => {
        c.disabled = true;
      });
    } else {
      button.disabled = false;
    }
  };

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.classList.contains("js-async")) return;
    if (event.defaultPrevented) return;
    event.preventDefault();
    const button = event.submitter || form.querySelector("[type=submit]");
    const body = new FormData(form, event.submitter || undefined);
    button.disabled = true;
    let answer;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      const type = response.headers.get("Content-Type") || "";
      if (!type.includes("application/json")) throw new Error("not a JSON answer");
      answer = await response.json();
    } catch (error) {
      form.classList.remove("js-async");
      form.submit();
      return;
    }
    showAnswer(form, button, answer);
  });
})();
