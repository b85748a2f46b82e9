// The form's lists (participants, budget lines): rows built from the form's <template>,
// numbered, added, removed and moved in place, and a long list built in slices so that
// a 1,000-line budget never blocks the page. The application (app.data) changes with
// them; the rows only show it.
import { el, fmt, getIn, inSlices, keysOf, keysOfAttr, setField } from "./cf-util.js";

const INDEXED_ATTRS = ["id", "for", "aria-describedby"];
const INDEXED = INDEXED_ATTRS.map((attr) => `[${attr}]`).join(", ");

export class Rows {
  constructor(form, app) {
    this.form = form;
    this.app = app;
    this.placeholder = app.config.row_placeholder;
    this.templates = new Map();
    this.jobs = [];
    this.generation = 0;
  }

  lists() {
    return this.form.querySelectorAll("[data-rows]");
  }

  listKeys(rows) {
    return keysOf(rows.closest("[data-list]"));
  }

  // The attributes of a row's template that hold its index, in document order of the
  // nodes that carry any: a row built from the template has the same nodes in the same
  // order, so a row can be numbered again after a move or a removal.
  template(listPath) {
    if (!this.templates.has(listPath)) {
      const row = this.form.querySelector(`[data-row-template="${CSS.escape(listPath)}"]`).content.firstElementChild;
      const slots = [row, ...row.querySelectorAll(INDEXED)].map((node) =>
        INDEXED_ATTRS.map((attr) => [attr, node.getAttribute(attr)]).filter(([, value]) => value && value.includes(this.placeholder)));
      this.templates.set(listPath, { row, slots });
    }
    return this.templates.get(listPath);
  }

  number(row, listPath, i) {
    const { slots } = this.template(listPath);
    [row, ...row.querySelectorAll(INDEXED)].forEach((node, k) => {
      for (const [attr, value] of slots[k] || []) node.setAttribute(attr, value.split(this.placeholder).join(String(i)));
    });
    row.querySelector("[data-row-number]").textContent = String(i + 1);
  }

  // A row for item i of the list, its fields filled from `item`.
  make(listPath, i, item) {
    const row = this.template(listPath).row.cloneNode(true);
    this.number(row, listPath, i);
    for (const input of row.querySelectorAll("[data-keys]")) setField(input, getIn(item, keysOfAttr(input)));
    return row;
  }

  // Draw every list of `data`, a slice of rows per frame from the next one (cf-util's
  // inSlices, framed). Resolves true once every row is in (false if a newer render
  // replaced this one).
  render(data) {
    const generation = ++this.generation;
    const jobs = [];
    for (const rows of this.lists()) {
      rows.replaceChildren();
      const items = getIn(data, this.listKeys(rows));
      if (Array.isArray(items)) items.forEach((item, i) => jobs.push([rows, i, item]));
      this.updateFull(rows);
    }
    this.jobs = jobs;
    const build = ([rows, i, item]) => rows.append(this.make(rows.dataset.rows, i, item));
    return inSlices(jobs, build, () => generation === this.generation, 8, { framed: true }).then((done) => {
      if (done && generation === this.generation) {
        this.jobs = [];
        for (const rows of this.lists()) this.updateFull(rows);
      }
      return done;
    });
  }

  get filling() {
    return this.jobs.length > 0 && this.jobs.some(([rows, i]) => rows.children.length <= i);
  }

  // Build what is left at once (before anything needs every row: a link to a row).
  finish() {
    if (!this.filling) return;
    this.generation++;
    for (const [rows, i, item] of this.jobs) if (rows.children.length <= i) rows.append(this.make(rows.dataset.rows, i, item));
    this.jobs = [];
  }

  limit(rows) {
    return (this.app.config.limits.rows || {})[rows.dataset.rows];
  }

  updateFull(rows) {
    const list = rows.closest("[data-list]");
    const note = list && list.querySelector("[data-list-full]");
    const add = list && list.querySelector("[data-add]");
    const limit = this.limit(rows);
    const items = getIn(this.app.data, this.listKeys(rows));
    const full = !!limit && Array.isArray(items) && items.length >= limit;
    if (note) {
      note.hidden = !full;
      note.textContent = full ? fmt(this.app.t.list_full, { n: limit.toLocaleString() }) : "";
    }
    if (add) add.setAttribute("aria-disabled", String(full));
  }

  // Add, remove or move a row, in the data and in place on the page. Returns the
  // element to focus, or null if the click was not for a row.
  click(button) {
    if (!button.matches("[data-add], [data-remove], [data-move]")) return null;
    this.finish();
    const data = this.app.data;
    if (button.dataset.add) {
      const rows = this.form.querySelector(`[data-rows="${CSS.escape(button.dataset.add)}"]`);
      const keys = this.listKeys(rows);
      const items = Array.isArray(getIn(data, keys)) ? getIn(data, keys) : [];
      const limit = this.limit(rows);
      if (limit && items.length >= limit) {
        this.updateFull(rows);
        return rows.closest("[data-list]").querySelector("[data-list-full]");
      }
      if (!Array.isArray(getIn(data, keys))) setInPlace(data, keys, items);
      items.push({});
      const row = this.make(rows.dataset.rows, rows.children.length, {});
      rows.append(row);
      this.updateFull(rows);
      return row.querySelector("[data-keys]");
    }
    const row = button.closest("[data-row]");
    const rows = row.parentNode;
    const path = rows.dataset.rows;
    const items = getIn(data, this.listKeys(rows)) || [];
    const index = Array.prototype.indexOf.call(rows.children, row);
    let first = index;
    let focus;
    if (button.hasAttribute("data-remove")) {
      items.splice(index, 1);
      row.remove();
      const next = rows.children[Math.min(index, rows.children.length - 1)];
      focus = next ? next.querySelector("[data-keys]") : this.form.querySelector(`[data-add="${CSS.escape(path)}"]`);
    } else {
      const to = index + Number(button.dataset.move);
      if (to < 0 || to >= rows.children.length) return button;
      [items[index], items[to]] = [items[to], items[index]];
      rows.insertBefore(row, to < index ? rows.children[to] : rows.children[to].nextSibling);
      first = Math.min(index, to);
      focus = row.querySelector(`[data-move="${button.dataset.move}"]`);
    }
    for (let i = first; i < rows.children.length; i++) this.number(rows.children[i], path, i);
    this.updateFull(rows);
    return focus;
  }

  rowCount(rows) {
    return rows.children.length;
  }
}

function setInPlace(data, keys, value) {
  let node = data;
  for (const key of keys.slice(0, -1)) {
    if (!node[key] || typeof node[key] !== "object") node[key] = {};
    node = node[key];
  }
  node[keys[keys.length - 1]] = value;
}

export { el };
