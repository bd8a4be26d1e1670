// Copy a certificate's share link. Without JavaScript the link stays selectable in its field.
document.querySelectorAll("button[data-copy]").forEach((button) => {
  const input = document.getElementById(button.dataset.copy);
  if (!input || !navigator.clipboard) return;
  button.hidden = false;
  button.setAttribute("data-allow-repeat", "");
  button.addEventListener("click", async () => {
    const label = button.textContent;
    try {
      await navigator.clipboard.writeText(input.value);
      button.textContent = "Copied";
    } catch (error) {
      input.select();
      button.textContent = "Press Ctrl+C to copy";
    }
    window.setTimeout(() => { button.textContent = label; }, 2000);
  });
});
