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
    let text = `Total so far: ${points} of ${max} points`;
    if (chosen < criteria.length) text += ` (${criteria.length - chosen} not scored: fine to request changes, not to approve)`;
    else if (pass !== "") text += points >= Number(pass) ? ` — passes (${pass} needed)` : ` — below the ${pass} needed to pass`;
    total.textContent = text;
  }

  form.addEventListener("change", (event) => {
    if (event.target.matches("input[type=radio]")) update();
  });
  update();
})();
