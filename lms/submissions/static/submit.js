// Live Markdown preview for the hand-in form: the server renders with the same
// sanitising renderer as the saved text. Without JavaScript the "Preview" button works.
(() => {
  const editor = document.querySelector(".editor[data-preview-url]");
  if (!editor) return;
  const textarea = editor.querySelector("textarea");
  const target = editor.querySelector("[data-preview-target]");
  const token = editor.closest("form").querySelector("input[name='csrf_token']");
  if (!textarea || !target || !token) return;

  let timer = null;
  let latest = 0;

  async function refresh() {
    const request = ++latest;
    try {
      const response = await fetch(editor.dataset.previewUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": token.value },
        body: JSON.stringify({ text: textarea.value }),
      });
      if (!response.ok || request !== latest) return;
      const data = await response.json();
      // The HTML comes sanitised from the server's renderer.
      if (data.html) {
        target.innerHTML = data.html;
      } else {
        // The words come from the page (data-empty-text), in the reader's language.
        const empty = document.createElement("p");
        empty.className = "muted";
        empty.textContent = editor.dataset.emptyText || "";
        target.replaceChildren(empty);
      }
    } catch (error) {
      // Offline or the server is busy: the preview simply stays as it was.
    }
  }

  textarea.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 400);
  });
  if (textarea.value.trim()) refresh();
})();
