// Lesson pages: "n" goes to the next item of the track and "p" to the previous one,
// following the page's own Next/Previous links (which work without this script).
// Ignored while typing in a field, with a modifier key held, or when the page has no such link.
(() => {
  const pager = document.querySelector("[data-lesson-keys]");
  if (!pager) return;

  function typing(target) {
    if (!(target instanceof Element)) return false;
    return target.isContentEditable || Boolean(target.closest("input, textarea, select, [contenteditable]"));
  }

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    const rel = { n: "next", p: "prev" }[event.key];
    if (!rel) return;
    const link = pager.querySelector(`a[rel="${rel}"]`);
    if (!link) return;
    event.preventDefault();
    window.location.assign(link.href);
  });
})();
