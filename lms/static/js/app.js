// Small progressive enhancements; every page works without this file.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});

// Disable a submit button after the first click so a double-click sends one request.
document.addEventListener("submit", (event) => {
  if (event.defaultPrevented) return;
  const button = event.submitter;
  if (button && !button.hasAttribute("data-allow-repeat")) {
    window.setTimeout(() => { button.disabled = true; }, 0);
  }
});
