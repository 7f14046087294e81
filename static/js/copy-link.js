// Copy buttons for tracked links: <button data-copy-target="id-of-input">.
"use strict";

document.querySelectorAll("[data-copy-target]").forEach((button) => {
  button.addEventListener("click", async () => {
    const input = document.getElementById(button.dataset.copyTarget);
    if (!input) return;
    try {
      await navigator.clipboard.writeText(input.value);
    } catch (error) {
      input.select();
      document.execCommand("copy");
    }
    const label = button.textContent;
    button.textContent = button.dataset.copiedLabel || label;
    button.classList.add("btn-success");
    setTimeout(() => {
      button.textContent = label;
      button.classList.remove("btn-success");
    }, 1500);
  });
});
