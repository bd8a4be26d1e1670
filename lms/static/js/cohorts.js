// Cohort pages: filter a long multi-select by typing (the select works without this).
document.addEventListener("input", (event) => {
  const input = event.target.closest("input[data-filter-select]");
  if (!input) return;
  const select = document.getElementById(input.dataset.filterSelect);
  if (!select) return;
  const needle = input.value.trim().toLowerCase();
  for (const option of select.options) {
    option.hidden = needle !== "" && !option.text.toLowerCase().includes(needle) && !option.selected;
  }
});
