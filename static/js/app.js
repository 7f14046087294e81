// Behaviour the templates ask for with data attributes; the CSP allows no inline script.
"use strict";

document.querySelectorAll("[data-submit-on-change]").forEach((control) => {
  control.addEventListener("change", () => control.form.submit());
});

// Tooltips explain badges (templates/kols/_verification_badge.html); the title stays as a fallback.
document.querySelectorAll('[data-bs-toggle="tooltip"]').forEach((element) => {
  if (window.bootstrap) {
    window.bootstrap.Tooltip.getOrCreateInstance(element);
  }
});
