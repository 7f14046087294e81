// Destructive actions ask first: <form data-confirm="Delete this listing?"> (or a button
// with data-confirm) opens a Bootstrap modal; only "Confirm" lets the form submit.
// The modal is built once, is keyboard accessible (focus moves into it, Esc cancels) and
// returns focus to the button that opened it. Without JavaScript the form simply posts.
"use strict";

(() => {
  let modal;
  let pending = null;

  const build = () => {
    const element = document.createElement("div");
    element.className = "modal fade";
    element.id = "confirm-modal";
    element.tabIndex = -1;
    element.setAttribute("aria-labelledby", "confirm-modal-text");
    element.setAttribute("aria-hidden", "true");
    element.setAttribute("data-testid", "confirm-modal");
    const labels = document.body.dataset;
    element.innerHTML = `
      <div class="modal-dialog modal-dialog-centered"><div class="modal-content">
        <div class="modal-body"><p class="mb-0 fs-6" id="confirm-modal-text"></p></div>
        <div class="modal-footer">
          <button type="button" class="btn btn-outline-secondary" data-bs-dismiss="modal"
                  data-testid="confirm-cancel"></button>
          <button type="button" class="btn btn-danger" data-testid="confirm-ok"></button>
        </div>
      </div></div>`;
    element.querySelector("[data-testid=confirm-cancel]").textContent =
      labels.confirmCancel || "Cancel";
    element.querySelector("[data-testid=confirm-ok]").textContent =
      labels.confirmOk || "Confirm";
    document.body.appendChild(element);
    element.querySelector("[data-testid=confirm-ok]").addEventListener("click", () => {
      const chosen = pending;
      pending = null;
      modal.hide();
      if (chosen) {
        chosen.form.dataset.confirmed = "1";
        chosen.form.requestSubmit(chosen.submitter || undefined);
      }
    });
    element.addEventListener("shown.bs.modal", () => {
      element.querySelector("[data-testid=confirm-cancel]").focus();
    });
    element.addEventListener("hidden.bs.modal", () => {
      if (pending && pending.submitter) pending.submitter.focus();
      pending = null;
    });
    return new bootstrap.Modal(element);
  };

  // Capture phase: runs before async-actions.js, so an async form asks first too.
  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement)) return;
      const submitter = event.submitter;
      const question =
        (submitter && submitter.dataset.confirm) || form.dataset.confirm;
      if (!question) return;
      if (form.dataset.confirmed === "1") {
        delete form.dataset.confirmed;
        return;
      }
      event.preventDefault();
      event.stopImmediatePropagation();
      if (typeof bootstrap === "undefined") {
        if (window.confirm(question)) {
          form.dataset.confirmed = "1";
          form.requestSubmit(submitter || undefined);
        }
        return;
      }
      modal = modal || build();
      document.getElementById("confirm-modal-text").textContent = question;
      pending = { form, submitter };
      modal.show();
    },
    true,
  );
})();
