// Behaviour the templates ask for with data attributes; the CSP allows no inline script.
"use strict";

document.querySelectorAll("[data-submit-on-change]").forEach((control) => {
  control.addEventListener("change", () => control.form.submit());
});
