// Review page enhancements: Ctrl/Cmd+Enter submits the review; a running total of the
// chosen levels (for the mentor's eyes only: the server computes the total it saves).
(() => {
  const form = document.querySelector("form[data-submit-shortcut]");
  if (!form) return;

  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (typeof form.requestSubmit === "function") form.requestSubmit();
      else form.submit();
    }
  });

  const total = form.querySelector("[data-rubric-total]");
  if (!total) return;
  const criteria = form.querySelectorAll("fieldset.criterion");
  const max = total.dataset.max;
  const pass = total.dataset.pass;
  const words = total.dataset;
  // "Total so far: {points} of {max} points": the page's sentence with the figures put in.
  function fill(template, values) {
    return (template || "").replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
  }

  function update() {
    let points = 0;
    let chosen = 0;
    criteria.forEach((fieldset) => {
      const checked = fieldset.querySelector("input[type=radio]:checked");
      if (checked) {
        points += Number(checked.dataset.points || 0);
        chosen += 1;
      }
    });
    // The words come from the page (data-text-*), in the reader's language.
    let text = fill(words.textTotal, { points, max });
    if (chosen < criteria.length) text += " " + fill(words.textUnscored, { unscored: criteria.length - chosen });
    else if (pass !== "") text += " " + fill(points >= Number(pass) ? words.textPasses : words.textBelow, { pass });
    total.textContent = text;
  }

  form.addEventListener("change", (event) => {
    if (event.target.matches("input[type=radio]")) update();
  });
  update();
})();
