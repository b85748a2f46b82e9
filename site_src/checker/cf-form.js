// The form ⇄ the application: each edit updates the one value it changed in app.data
// (walking 2,000 fields of a long budget on every keystroke cost more than the check);
// a whole new application (restore, import) is drawn in slices by cf-rows.js. Beside
// each field, the messages of the findings on it (drawn in slices too: drawing them all
// at once was what froze the page on a 1,000-line budget).
import { Rows } from "./cf-rows.js";
import { deleteIn, el, fieldValue, inSlices, keysOf, setIn } from "./cf-util.js";

export function mount(form, app) {
  const rows = new Rows(form, app);
  let shown = []; // message boxes drawn into
  let invalid = []; // fields marked aria-invalid
  let filled = Promise.resolve(true);
  let drawing = 0;

  app.hooks.typed = () => {
    // The form can be typed in as soon as it is parsed, before the scripts run.
    const typed = [];
    for (const input of form.querySelectorAll("[data-keys]")) {
      if (input.matches("input, select, textarea") && (input.type === "checkbox" ? input.checked : input.value !== "")) {
        typed.push([keysOf(input), input.type === "checkbox" ? true : input.value]);
      }
    }
    return typed;
  };
  app.hooks.finishFill = () => rows.finish();
  app.hooks.filled = () => filled;

  function edit(field) {
    if (!field || !field.matches || !field.matches("input[data-keys], select[data-keys], textarea[data-keys]")) return app.data;
    const keys = keysOf(field);
    const value = fieldValue(field);
    if (value === undefined) deleteIn(app.data, keys);
    else setIn(app.data, keys, value);
    return app.data;
  }
  app.hooks.edit = edit;

  let replacing = false; // a field removed while focused fires "change": not an edit of the new data
  const onEdit = (event) => {
    if (replacing || !event.target.matches("[data-keys]")) return;
    edit(event.target);
    app.changed();
  };
  app.listen(form, "input", onEdit);
  app.listen(form, "change", onEdit);
  app.listen(form, "submit", (event) => event.preventDefault());
  // Leaving a field: its "still to fill" becomes an error if it is still empty.
  app.listen(form, "focusout", (event) => {
    const field = event.target;
    if (!field.matches || !field.matches("[data-keys]") || app.touched.has(field.id)) return;
    app.touched.add(field.id);
    if (app.lastReport) app.emit("shown");
  });
  app.listen(form, "click", (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    const focus = rows.click(button);
    if (focus === null) return;
    if (focus) focus.focus();
    app.changed();
  });

  app.on("load", (data) => {
    replacing = true;
    try {
      render(data);
    } finally {
      replacing = false;
    }
  });

  function render(data) {
    clear();
    for (const input of form.querySelectorAll("[data-keys]")) {
      if (input.matches("input, select, textarea") && !input.closest("[data-row]")) {
        const keys = keysOf(input);
        let value = data;
        for (const key of keys) value = value && typeof value === "object" ? value[key] : undefined;
        if (input.type === "checkbox") input.checked = value === true;
        else input.value = value === undefined || value === null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
      }
    }
    filled = rows.render(data).then((done) => {
      if (done && app.lastReport) drawInline();
      return done;
    });
  }
  app.on("report", (payload) => {
    drawFigures(payload.figures || {});
    if (!rows.filling) drawInline();
  });
  app.on("shown", () => {
    if (!rows.filling) drawInline();
  });
  app.on("failed", () => {
    clear();
    for (const out of form.querySelectorAll("[data-computed]")) out.textContent = "—";
  });

  function clear() {
    drawing++;
    for (const box of shown) {
      box.replaceChildren();
      box.hidden = true;
    }
    for (const input of invalid) input.removeAttribute("aria-invalid");
    shown = [];
    invalid = [];
  }

  function drawInline() {
    clear();
    const report = app.lastReport;
    if (!report) return;
    const token = drawing;
    const lang = app.config.lang;
    const items = report.findings.filter((f) => f.field);
    inSlices(items, (finding) => {
      const target = app.targetOf(finding.field);
      if (!target || app.pending(finding, target.id)) return;
      const box = document.getElementById(target.id + "-msg");
      if (!box) return;
      box.append(el("p", { class: `cf-inline cf-${finding.severity}` }, finding.message[lang] || finding.message.zh));
      box.hidden = false;
      shown.push(box);
      if (finding.severity === "error" && target.matches("input, select, textarea")) {
        target.setAttribute("aria-invalid", "true");
        invalid.push(target);
      }
    }, () => token === drawing);
  }

  // The list whose rows show a computed amount (the budget's lines).
  let amounts;
  function computedList() {
    if (amounts === undefined) {
      amounts = Array.from(form.querySelectorAll("[data-rows]")).find((list) => {
        const template = form.querySelector(`[data-row-template="${CSS.escape(list.dataset.rows)}"]`);
        return template && template.content.querySelector("[data-computed]");
      }) || null;
    }
    return amounts;
  }

  // Each line's computed amount; only those that changed are written.
  let figuresToken = 0;
  function drawFigures(figures) {
    const token = ++figuresToken;
    const list = computedList();
    const lines = figures.lines || [];
    if (!list) return;
    const changes = [];
    lines.forEach((line, i) => {
      const row = list.children[i];
      const out = row && row.querySelector("[data-computed]");
      const text = line.computed || "—";
      if (out && out.textContent !== text) changes.push([out, text]);
    });
    inSlices(changes, ([out, text]) => { out.textContent = text; }, () => token === figuresToken);
    if (rows.filling) {
      // rows still being built get their amounts when they are in
      filled.then((done) => { if (done && token === figuresToken) drawFigures(figures); });
    }
  }
}
