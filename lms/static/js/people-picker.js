// People page: find users as you type and collect the chosen ones as chips.
// Without this file the search form reloads the page with ticked boxes; both post "users".
(() => {
  const search = document.querySelector("form[data-people-search]");
  const results = document.getElementById("people-results");
  const chosen = document.getElementById("people-chosen");
  const status = document.getElementById("people-results-status");
  if (!search || !results || !chosen) return;
  const input = search.querySelector("input[type=search]");
  // The words come from the page in the reader's language (people_picker_words() in _macros.html);
  // English when a page does not give them.
  const text = search.dataset;
  const say = (template, values) => Object.entries(values).reduce((out, [key, value]) => out.split(`{${key}}`).join(value), template);
  const lang = document.documentElement.lang || "en";
  const plural = (forms, fallback, count) => {
    let table = {};
    try { table = JSON.parse(forms || "{}"); } catch (error) { /* English below */ }
    const form = table[new Intl.PluralRules(lang).select(count)] || table.other || fallback;
    return say(form, { num: new Intl.NumberFormat(lang).format(count) });
  };
  const picked = new Map();  // user id -> label text
  let timer = 0;
  let latest = 0;

  const chip = (id, label) => {
    const item = document.createElement("li");
    item.append(label + " ");
    const hidden = Object.assign(document.createElement("input"), { type: "hidden", name: "users", value: id });
    const remove = Object.assign(document.createElement("button"), { type: "button", textContent: "×" });
    remove.className = "button button--small button--secondary";
    remove.setAttribute("aria-label", say(text.textRemove || "Remove {name}", { name: label }));
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
    if (query.length < 2) { results.replaceChildren(); status.textContent = text.textShort || "Type at least 2 characters."; return; }
    try {
      const response = await fetch(search.dataset.peopleSearch + "?q=" + encodeURIComponent(query),
        { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      const data = await response.json();
      if (mine !== latest) return;  // an older answer arriving late
      results.replaceChildren(...data.results.map((u) => row(String(u.id), u.name, u.email)));
      const count = data.results.length;
      status.textContent = !count ? say(text.textNone || "Nobody found for “{query}”.", { query: data.query })
        : count === data.limit ? plural(text.textFoundLimited, "{num} found (the first {num}; type more to narrow).", count)
          : plural(text.textFound, "{num} found.", count);
    } catch (error) {
      if (mine === latest) status.textContent = text.textFailed || "The search did not answer; press Search to try again.";
    }
  };

  input.addEventListener("input", () => { window.clearTimeout(timer); timer = window.setTimeout(show, 200); });
  search.addEventListener("submit", (event) => { event.preventDefault(); window.clearTimeout(timer); show(); });
})();
