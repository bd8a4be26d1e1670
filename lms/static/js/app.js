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

// Time-zone pickers (TimeZoneField): offer this device's zone when another one is selected; on a
// first-time form (data-browser-zone="preselect") take it at once while the default UTC is shown.
document.querySelectorAll("select[data-browser-zone]").forEach((select) => {
  let zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (error) { return; }
  // Browsers may report an old name (Asia/Calcutta); the page lists today's (Asia/Kolkata).
  try { zone = JSON.parse(select.dataset.zoneLinks || "{}")[zone] || zone; } catch (error) { /* keep it */ }
  const option = Array.from(select.options).find((candidate) => candidate.value === zone);
  if (!option || select.value === zone) return;
  if (select.dataset.browserZone === "preselect" && select.value === "UTC") {
    select.value = zone;
    return;
  }
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button button--link button--small browser-zone";
  // The words come from the page, in the reader's language (TimeZoneField: data-browser-zone-text).
  const words = select.dataset.browserZoneText || "Use this device's time zone: %(zone)s";
  const place = `${option.parentElement.label ? option.parentElement.label + " – " : ""}${option.textContent}`;
  button.textContent = words.replace("%(zone)s", place);
  button.addEventListener("click", () => { select.value = zone; select.dispatchEvent(new Event("change", { bubbles: true })); button.remove(); });
  select.insertAdjacentElement("afterend", button);
});
