// The form ⇄ the application: each edit updates the one value it changed in app.data
// (walking 2,000 fields of a long budget on every keystroke cost more than the check);
// a whole new application (restore, import) is drawn in slices by cf-rows.js. Beside
// each field, the messages of the findings on it (drawn in slices too: drawing them all
// at once was what froze the page on a 1,000-line budget).
import { Rows } from "./cf-rows.js";
import { deleteIn, el, fieldValue, inSlices, keysOf, setIn } from "./cf-util.js";

export function mount(form, app) {
  const rows = new Rows(form, app);
  // What the page shows now, so that a result touches only what changed: the message
  // boxes with messages in them (and, for each, the messages as one key), the fields
  // marked aria-invalid. Kept on the elements, not their ids: a row moved or removed
  // carries its own.
  let shown = new Set();
  const shownKey = new WeakMap();
  let invalid = new Set();
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
    figuresToken++;
    for (const out of form.querySelectorAll("[data-computed]")) {
      out.textContent = "—";
      const row = out.closest("[data-row]");
      if (row) computed.delete(row);
    }
  });

  function clear() {
    drawing++;
    for (const box of shown) empty(box);
    for (const input of invalid) input.removeAttribute("aria-invalid");
    shown = new Set();
    invalid = new Set();
  }

  function empty(box) {
    box.replaceChildren();
    box.hidden = true;
    shownKey.delete(box);
  }

  // The messages beside the fields, as a diff: where each finding goes is read first
  // (no writes in between, so no layout is forced), then only the boxes whose messages
  // changed are written, and only the fields whose aria-invalid changed. An edit on a
  // 200-line budget touches one or two boxes, not every one.
  function drawInline() {
    const report = app.lastReport;
    if (!report) return clear();
    const token = ++drawing;
    const lang = app.config.lang;
    const boxes = new Map(); // box → [[severity, text]]
    const errors = new Set();
    for (const finding of report.findings) {
      if (!finding.field) continue;
      const target = app.targetOf(finding.field);
      if (!target || app.pending(finding, target.id)) continue;
      const box = document.getElementById(target.id + "-msg");
      if (!box) continue;
      if (!boxes.has(box)) boxes.set(box, []);
      boxes.get(box).push([finding.severity, finding.message[lang] || finding.message.zh]);
      if (finding.severity === "error" && target.matches("input, select, textarea")) errors.add(target);
    }
    const writes = [];
    for (const box of shown) if (!boxes.has(box)) writes.push([box, null]);
    for (const [box, messages] of boxes) {
      const key = JSON.stringify(messages);
      if (shownKey.get(box) !== key) writes.push([box, messages, key]);
    }
    for (const input of invalid) if (!errors.has(input)) input.removeAttribute("aria-invalid");
    for (const input of errors) if (!invalid.has(input)) input.setAttribute("aria-invalid", "true");
    invalid = errors;
    // Few on an edit (done at once); a whole import's in slices.
    inSlices(writes, ([box, messages, key]) => {
      if (!messages) {
        empty(box);
        shown.delete(box);
        return;
      }
      box.replaceChildren(...messages.map(([severity, text]) => el("p", { class: `cf-inline cf-${severity}` }, text)));
      box.hidden = false;
      shown.add(box);
      shownKey.set(box, key);
    }, () => token === drawing, 8, { perFrame: true });
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

  // Each line's computed amount; only those that changed are written. What each row's
  // output shows is remembered with the row, so that an edit compares 200 strings
  // instead of looking up 200 outputs in the DOM.
  let figuresToken = 0;
  const computed = new WeakMap(); // row → [output, text shown]
  function drawFigures(figures) {
    const token = ++figuresToken;
    const list = computedList();
    const lines = figures.computed || []; // each line's computed amount, written out
    if (!list) return;
    const changes = [];
    const children = list.children;
    for (let i = 0; i < lines.length && i < children.length; i++) {
      const row = children[i];
      const text = lines[i] || "—";
      let known = computed.get(row);
      if (known && known[1] === text) continue;
      if (!known) {
        const out = row.querySelector("[data-computed]");
        if (!out) continue;
        known = [out, out.textContent];
        computed.set(row, known);
      }
      if (known[1] !== text) changes.push([known, text]);
    }
    inSlices(changes, ([known, text]) => { known[0].textContent = text; known[1] = text; }, () => token === figuresToken);
    if (rows.filling) {
      // rows still being built get their amounts when they are in
      filled.then((done) => { if (done && token === figuresToken) drawFigures(figures); });
    }
  }
}
