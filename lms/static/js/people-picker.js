// People page: find users as you type and collect the chosen ones as chips.
// Without this file the search form reloads the page with ticked boxes; both post "users".
// Its words come translated from the form's data-word-* attributes ({name}, {count}, {limit}, {query} filled in here).
(() => {
  const search = document.querySelector("form[data-people-search]");
  const results = document.getElementById("people-results");
  const chosen = document.getElementById("people-chosen");
  const status = document.getElementById("people-results-status");
  if (!search || !results || !chosen) return;
  const input = search.querySelector("input[type=search]");
  const word = (key, values = {}) => (search.dataset[key] || "").replace(/\{(\w+)\}/g, (all, name) => (name in values ? values[name] : all));
  const picked = new Map();  // user id -> label text
  let timer = 0;
  let latest = 0;

  const chip = (id, label) => {
    const item = document.createElement("li");
    item.append(label + " ");
    const hidden = Object.assign(document.createElement("input"), { type: "hidden", name: "users", value: id });
    const remove = Object.assign(document.createElement("button"), { type: "button", textContent: "×" });
    remove.className = "button button--small button--secondary";
    remove.setAttribute("aria-label", word("wordRemove", { name: label }));
    remove.addEventListener("click", () => { toggle(id, label, false); input.focus(); });
    item.dataset.userId = id;
    item.append(hidden, remove);
    return item;
  };

  const toggle = (id, label, on) => {
    if (on && !picked.has(id)) { picked.set(id, label); chosen.append(chip(id, label)); }
    if (!on && picked.has(id)) { picked.delete(id); chosen.querySelector(`li[data-user-id="${id}"]`)?.remove(); }
    const box = results.querySelector(`input[data-user-id="${id}"]`);
    if (box) box.checked = on;
  };

  const row = (id, name, email) => {
    const item = document.createElement("li");
    const label = document.createElement("label");
    const box = Object.assign(document.createElement("input"), { type: "checkbox", checked: picked.has(id) });
    box.dataset.userId = id;
    const muted = Object.assign(document.createElement("span"), { className: "muted small", textContent: email });
    label.append(box, " " + name + " ", muted);
    box.addEventListener("change", () => toggle(id, name, box.checked));
    item.append(label);
    return item;
  };

  // Boxes the server ticked (a refused form) become chips; the list's boxes then only choose.
  for (const box of results.querySelectorAll("input[name=users]")) {
    const name = box.dataset.label || box.value;
    box.removeAttribute("name");
    box.dataset.userId = box.value;
    box.addEventListener("change", () => toggle(box.value, name, box.checked));
    if (box.checked) toggle(box.value, name, true);
  }

  const show = async () => {
    const query = input.value.trim();
    const mine = ++latest;
    if (query.length < 2) { results.replaceChildren(); status.textContent = word("wordTooShort"); return; }
    try {
      const response = await fetch(search.dataset.peopleSearch + "?q=" + encodeURIComponent(query),
        { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      const data = await response.json();
      if (mine !== latest) return;  // an older answer arriving late
      results.replaceChildren(...data.results.map((u) => row(String(u.id), u.name, u.email)));
      const count = data.results.length;
      status.textContent = !count ? word("wordNobody", { query: data.query })
        : word(count === data.limit ? "wordFoundFirst" : "wordFound", { count: count, limit: data.limit });
    } catch (error) {
      if (mine === latest) status.textContent = word("wordFailed");
    }
  };

  input.addEventListener("input", () => { window.clearTimeout(timer); timer = window.setTimeout(show, 200); });
  search.addEventListener("submit", (event) => { event.preventDefault(); window.clearTimeout(timer); show(); });
})();
