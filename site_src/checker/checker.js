// The checker page: binds the generated form (checker.html.j2) to the rules running in
// the engine's worker (engine.js). JavaScript here only moves JSON and draws results:
// every judgement, and every sum of money, is made by the Python rules.
(function () {
  "use strict";

  // The same rule as sitebuild.checkerform.field_id: budget.lines[3].amount → f-budget-lines-3-amount.
  function fieldId(path) {
    return "f-" + path.replace(/\[(\d*)\]/g, (_, i) => "-" + (i || "__i__")).replace(/\./g, "-");
  }

  function parsePath(path) {
    const parts = [];
    path.replace(/([^.[\]]+)|\[(\d+)\]/g, (_, name, index) => {
      parts.push(index !== undefined ? Number(index) : name);
    });
    return parts;
  }

  function setPath(target, path, value) {
    const parts = parsePath(path);
    let node = target;
    for (let i = 0; i < parts.length - 1; i++) {
      const key = parts[i];
      if (node[key] === undefined || node[key] === null || typeof node[key] !== "object") {
        node[key] = typeof parts[i + 1] === "number" ? [] : {};
      }
      node = node[key];
    }
    node[parts[parts.length - 1]] = value;
  }

  // Remove the value at `path`, and any object left empty above it (not a list's row):
  // the same shape collect() gives for a form where that field is empty.
  function deletePath(target, path) {
    const parts = parsePath(path);
    const trail = [];
    let node = target;
    for (const key of parts.slice(0, -1)) {
      if (node === null || typeof node !== "object" || !(key in node)) return;
      trail.push([node, key]);
      node = node[key];
    }
    if (node === null || typeof node !== "object") return;
    delete node[parts[parts.length - 1]];
    for (let i = trail.length - 1; i >= 0; i--) {
      const [parent, key] = trail[i];
      const child = parent[key];
      if (Array.isArray(parent) || Array.isArray(child) || Object.keys(child).length) break;
      delete parent[key];
    }
  }

  function getPath(source, path) {
    let node = source;
    for (const key of parsePath(path)) {
      if (node === null || node === undefined || typeof node !== "object") return undefined;
      node = node[key];
    }
    return node;
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null) continue;
      if (key === "class") node.className = value;
      else node.setAttribute(key, value);
    }
    // Text only: whatever the user typed or imported is never parsed as HTML.
    for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    return node;
  }

  function fmt(template, values) {
    return template.replace(/\{(\w+)\}/g, (_, key) => (key in values ? values[key] : ""));
  }

  const SAVE_ENABLED = (() => {
    try {
      const probe = "castform:probe";
      localStorage.setItem(probe, "1");
      localStorage.removeItem(probe);
      return true;
    } catch (_) {
      return false;
    }
  })();
  const MAX_IMPORT_BYTES = 2000000;
  const INDEXED_ATTRS = ["id", "for", "aria-describedby"];
  const INDEXED = INDEXED_ATTRS.map((attr) => `[${attr}]`).join(", ");
  const ROWS_PER_TASK = 8; // ~12 ms of building and layout each on a 2-core laptop
  const AMOUNTS_PER_TASK = 40; // computed amounts written per task (a row's layout each)

  // Let the browser paint and handle input between two pieces of work. (setTimeout, not
  // requestAnimationFrame: a hidden tab restoring a draft still finishes.)
  function yieldToBrowser() {
    if (window.scheduler && typeof window.scheduler.yield === "function") return window.scheduler.yield();
    return new Promise((resolve) => setTimeout(resolve, 0));
  }

  function setInput(input, value) {
    if (input.type === "checkbox") input.checked = value === true;
    else input.value = value === undefined || value === null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
  }

  class Checker {
    constructor(root) {
      this.root = root;
      this.config = JSON.parse(root.querySelector("#cf-config").dataset.config);
      this.t = this.config.text;
      this.form = root.querySelector("#cf-form");
      this.result = root.querySelector("#cf-result");
      this.storageKey = `castform:${this.config.notice_id}:application`;
      this.tabId = Math.random().toString(36).slice(2);
      this.saving = true; // false while another tab's change is unresolved
      this.inFlight = false;
      this.dirty = false;
      this.shownMessages = [];
      this.lastReport = null;
      this.drawnText = null; // the application (JSON text) whose result is on the page
    }

    mount() {
      this.restored = this.restore();
      this.form.addEventListener("input", (event) => this.changed(event.target));
      this.form.addEventListener("change", (event) => this.changed(event.target));
      this.form.addEventListener("click", (event) => this.onFormClick(event));
      this.form.addEventListener("submit", (event) => event.preventDefault());
      this.root.querySelector("#cf-export").addEventListener("click", () => this.exportFile());
      this.root.querySelector("#cf-import").addEventListener("change", (event) => {
        const file = event.target.files && event.target.files[0];
        event.target.value = "";
        if (file) this.importFile(file);
      });
      this.root.querySelector("#cf-start-over").addEventListener("click", () => this.startOver());
      this.root.addEventListener("dragover", (event) => { event.preventDefault(); this.root.classList.add("cf-dragging"); });
      this.root.addEventListener("dragleave", () => this.root.classList.remove("cf-dragging"));
      this.root.addEventListener("drop", (event) => {
        event.preventDefault();
        this.root.classList.remove("cf-dragging");
        const file = event.dataTransfer && event.dataTransfer.files && event.dataTransfer.files[0];
        if (file) this.importFile(file);
      });
      this.result.addEventListener("click", (event) => this.onResultClick(event));
      this.onStorage = (event) => this.storageChanged(event);
      window.addEventListener("storage", this.onStorage);
      // Leaving or hiding the page writes a pending draft at once: closing the tab loses nothing.
      this.onLeave = () => this.flushSave();
      window.addEventListener("pagehide", this.onLeave);
      document.addEventListener("visibilitychange", this.onLeave);
      this.root.querySelector("#cf-engine-retry").addEventListener("click", () => window.castformEngine.retry());
      this.unsubscribe = window.castformEngine.subscribe((state) => this.engineState(state));
      window.castformEngine.start();
      this.restored.then(() => this.check());
    }

    unmount() {
      this.flushSave(); // instant navigation away from the checker
      window.removeEventListener("storage", this.onStorage);
      window.removeEventListener("pagehide", this.onLeave);
      document.removeEventListener("visibilitychange", this.onLeave);
      if (this.unsubscribe) this.unsubscribe();
    }

    // ---- the form ⇄ the application object --------------------------------------------

    rowsOf(listPath) {
      return this.form.querySelector(`[data-rows="${listPath}"]`);
    }

    // Every field's concrete path: "[]" becomes the index of the row the field sits in.
    // `rows` (row element → index) is built once per pass over the form: looking the index
    // up field by field made collecting 200 budget lines take most of a frame.
    pathOf(input, rows) {
      const row = input.closest("[data-row]");
      if (!row) return input.dataset.path;
      const index = rows ? rows.get(row) : Array.prototype.indexOf.call(row.parentNode.children, row);
      return input.dataset.path.replace("[]", `[${index}]`);
    }

    rowIndexes() {
      const rows = new Map();
      for (const list of this.form.querySelectorAll("[data-rows]")) {
        Array.prototype.forEach.call(list.children, (row, i) => rows.set(row, i));
      }
      return rows;
    }

    collect() {
      this.finishFill(); // never read a half-built form
      const data = { format: this.config.format, notice: this.config.notice_id };
      for (const list of this.form.querySelectorAll("[data-rows]")) {
        const count = list.children.length;
        if (count) setPath(data, list.dataset.rows, Array.from({ length: count }, () => ({})));
      }
      const rows = this.rowIndexes();
      for (const input of this.form.querySelectorAll("[data-path]")) {
        let value;
        if (input.type === "checkbox") value = input.checked ? true : undefined;
        else value = input.value === "" ? undefined : input.value;
        if (value !== undefined) setPath(data, this.pathOf(input, rows), value);
      }
      return data;
    }

    // The attributes of a row's template that hold its index ("__i__"), in document order
    // of the nodes that carry any of them: a row built from the template has the same nodes
    // in the same order, so a row can be numbered again after a move or a removal.
    rowTemplate(listPath) {
      this.templates = this.templates || new Map();
      if (!this.templates.has(listPath)) {
        const row = this.form.querySelector(`[data-row-template="${listPath}"]`).content.firstElementChild;
        const slots = [row, ...row.querySelectorAll(INDEXED)].map((node) =>
          INDEXED_ATTRS.map((attr) => [attr, node.getAttribute(attr)]).filter(([, value]) => value && value.includes("__i__")));
        this.templates.set(listPath, { row, slots });
      }
      return this.templates.get(listPath);
    }

    numberRow(row, listPath, i) {
      const { slots } = this.rowTemplate(listPath);
      [row, ...row.querySelectorAll(INDEXED)].forEach((node, k) => {
        for (const [attr, value] of slots[k] || []) node.setAttribute(attr, value.split("__i__").join(String(i)));
      });
      row.querySelector("[data-row-number]").textContent = String(i + 1);
    }

    // A row for item i of the list, its fields filled from `item` (one element of the list).
    newRow(listPath, i, item) {
      const row = this.rowTemplate(listPath).row.cloneNode(true);
      this.numberRow(row, listPath, i);
      const prefix = listPath + "[].";
      for (const input of row.querySelectorAll("[data-path]")) {
        setInput(input, getPath(item, input.dataset.path.slice(prefix.length)));
      }
      return row;
    }

    // Put `data` into the form. Fields outside lists and the first rows at once; the
    // other rows a few per task, each laid out before the next task: building and laying
    // out 200 budget lines in one go froze the page for ~450 ms. Anything that needs the
    // whole form meanwhile (collect(), so every check and save) finishes it first, so a
    // half-built form is never read. Resolves once every row is in.
    fill(data) {
      this.data = null; // the next change reads the whole form again
      this.drawnFindings = null; // new rows have empty message boxes: draw findings again
      for (const input of this.form.querySelectorAll("[data-path]")) {
        if (!input.closest("[data-row]")) setInput(input, getPath(data, input.dataset.path));
      }
      const jobs = [];
      for (const list of this.form.querySelectorAll("[data-rows]")) {
        list.replaceChildren();
        const items = getPath(data, list.dataset.rows);
        if (Array.isArray(items)) items.forEach((item, i) => jobs.push([list, i, item]));
      }
      this.fillJobs = jobs;
      this.buildRows(ROWS_PER_TASK);
      return (async () => {
        // Until done, or until a newer fill() replaces this one's jobs.
        while (this.fillJobs === jobs && jobs.length) {
          void this.form.offsetHeight; // lay out this task's rows now, not all at the end
          await yieldToBrowser();
          if (this.fillJobs === jobs) this.buildRows(ROWS_PER_TASK);
        }
      })();
    }

    buildRows(count) {
      const jobs = this.fillJobs || [];
      for (const [list, i, item] of jobs.splice(0, count)) list.append(this.newRow(list.dataset.rows, i, item));
    }

    finishFill() {
      if (this.fillJobs && this.fillJobs.length) this.buildRows(Infinity);
    }

    // Rows are added, removed and moved in place (a 200-line budget is not built again).
    onFormClick(event) {
      const button = event.target.closest("button");
      if (!button || !button.matches("[data-add], [data-remove], [data-move]")) return;
      this.finishFill();
      let focus;
      if (button.dataset.add) {
        const path = button.dataset.add;
        const rows = this.rowsOf(path);
        const row = this.newRow(path, rows.children.length, {});
        rows.append(row);
        focus = row.querySelector("[data-path]");
      } else {
        const row = button.closest("[data-row]");
        const rows = row.parentNode;
        const path = rows.dataset.rows;
        const index = Array.prototype.indexOf.call(rows.children, row);
        let firstMoved = index; // rows from here on have a new index
        if (button.hasAttribute("data-remove")) {
          row.remove();
          const next = rows.children[Math.min(index, rows.children.length - 1)];
          focus = next ? next.querySelector("[data-path]") : this.form.querySelector(`[data-add="${path}"]`);
        } else {
          const to = index + Number(button.dataset.move);
          if (to < 0 || to >= rows.children.length) return;
          rows.insertBefore(row, to < index ? rows.children[to] : rows.children[to].nextSibling);
          firstMoved = Math.min(index, to);
          focus = row.querySelector(`[data-move="${button.dataset.move}"]`);
        }
        for (let i = firstMoved; i < rows.children.length; i++) this.numberRow(rows.children[i], path, i);
      }
      this.data = null; // the rows' indexes moved: read the form again
      this.drawnFindings = null; // findings name rows by index: draw them again
      if (focus) focus.focus();
      this.changed();
    }

    // ---- checking -------------------------------------------------------------------------

    // The application as data, kept in step with the form: an edit to one field updates
    // that one path (walking 2,000 fields of a 200-line budget on every keystroke cost
    // more than the check itself); anything else — rows added, moved or removed, a file
    // imported, a restore — reads the whole form again.
    edit(field) {
      if (this.data && field && field.dataset && field.dataset.path && this.form.contains(field)) {
        const path = this.pathOf(field);
        let value;
        if (field.type === "checkbox") value = field.checked ? true : undefined;
        else value = field.value === "" ? undefined : field.value;
        if (value === undefined) deletePath(this.data, path);
        else setPath(this.data, path, value);
      } else {
        this.data = this.collect();
      }
      return this.data;
    }

    // One pass over the form per change: the check is sent first, the draft is written
    // to localStorage when the browser is idle (and at once if the page is being left).
    changed(field) {
      const text = JSON.stringify(this.edit(field));
      this.check(text);
      this.saveSoon(text);
    }

    // One check at a time; edits made meanwhile are checked as soon as it returns, the
    // latest state only. No fixed delay: a check takes milliseconds.
    check(collected) {
      if (this.inFlight) {
        this.dirty = true;
        return;
      }
      this.dirty = false;
      const text = collected || JSON.stringify(this.collect());
      // Nothing new since the result on the page (the `change` event that follows the
      // `input` events when a field loses focus): drawing it again would only take the
      // focus away from a link in the summary the user has just moved to.
      if (text === this.drawnText) return;
      this.inFlight = true;
      window.castformEngine.request("check", text).then((json) => {
        this.draw(JSON.parse(json));
        this.drawnText = text;
      }).catch(() => { /* the engine panel shows the failure */ }).finally(() => {
        this.inFlight = false;
        if (this.dirty) this.check();
        else if (this.unsaved !== undefined) this.saveSoon(this.unsaved); // see idleSave()
      });
    }

    engineState(state) {
      const panel = this.root.querySelector("#cf-engine");
      const text = this.root.querySelector("#cf-engine-text");
      const detail = this.root.querySelector("#cf-engine-detail");
      const bar = this.root.querySelector("#cf-engine-progress");
      const retry = this.root.querySelector("#cf-engine-retry");
      panel.dataset.phase = state.phase;
      retry.hidden = state.phase !== "failed";
      if (state.phase === "ready") {
        text.textContent = this.t.engine_ready;
        bar.value = 100;
        detail.textContent = "";
      } else if (state.phase === "failed") {
        text.textContent = state.message === "timeout" ? this.t.engine_timeout : this.t.engine_failed;
        detail.textContent = state.message === "timeout" ? "" : state.message;
      } else if (state.phase === "unsupported") {
        text.textContent = this.t.no_wasm;
        detail.textContent = "";
      } else {
        text.textContent = this.t.engine_loading;
        const mb = (n) => (n / 1048576).toFixed(1);
        const stage = this.t["stage_" + (state.stage || "runtime")] || "";
        bar.value = state.total ? Math.min(99, Math.round((state.loaded / state.total) * 95)) : 0;
        detail.textContent = state.total ? `${stage} · ${mb(state.loaded)} / ${mb(state.total)} MB` : stage;
      }
    }

    // ---- drawing the report -----------------------------------------------------------

    targetFor(field) {
      // The finding's field, or the nearest enclosing part of the form that exists.
      let path = field;
      while (path) {
        const node = document.getElementById(fieldId(path));
        if (node) return node;
        path = path.includes(".") || path.includes("[") ? path.replace(/(\.[^.[\]]+|\[\d+\])$/, "") : "";
      }
      return null;
    }

    findingItem(finding, withLink) {
      const lang = this.config.lang;
      const message = finding.message[lang] || finding.message.zh;
      const target = finding.field ? this.targetFor(finding.field) : null;
      const item = el("li", { class: `cf-finding cf-${finding.severity}` });
      if (withLink && target) {
        item.append(el("a", { href: "#" + target.id, "data-focus": target.id }, message));
      } else {
        item.append(el("span", {}, message));
      }
      const meta = el("span", { class: "cf-finding-meta" });
      meta.append(
        el("a", { href: `${this.config.rules}#${finding.rule.replace(/\./g, "-")}` }, `${this.t.rule_link} ${finding.rule}`),
        " · ",
        el("a", { href: `${this.config.notice}#${finding.clause}` }, `${this.t.clause_link} ${finding.clause}`),
      );
      const clause = this.config.clauses[finding.clause];
      if (clause) {
        const details = el("details", { class: "cf-clause" }, el("summary", {}, this.t.clause_show), el("blockquote", {}, clause));
        meta.append(" ", details);
      }
      item.append(" ", meta);
      return item;
    }

    draw(payload) {
      const report = payload.report;
      this.lastReport = report;
      // Most keystrokes change no finding (only a sum): leave the summary and the inline
      // messages alone then, as every node replaced there costs style and layout work.
      const findingsKey = JSON.stringify(report.findings);
      if (findingsKey !== this.drawnFindings) {
        this.drawFindings(report);
        this.drawnFindings = findingsKey;
      }
      this.drawFigures(payload.figures || {});
      this.root.dataset.ready = String(report.ready);
      this.root.dataset.checked = String(Date.now());
    }

    drawFindings(report) {
      const errors = report.findings.filter((f) => f.severity === "error");
      const warnings = report.findings.filter((f) => f.severity === "warning");
      const infos = report.findings.filter((f) => f.severity === "info");
      const parts = [];
      if (errors.length) {
        // GOV.UK's error summary: a heading, then one link per problem to its field.
        // Fields not filled in yet are one group, so a fresh form is not a wall of errors.
        const box = el("div", { class: "cf-summary", role: "alert", "aria-labelledby": "cf-summary-title" },
          el("h2", { id: "cf-summary-title" }, fmt(this.t.summary_title, { n: errors.length })));
        const missing = errors.filter((f) => f.rule === "input.missing");
        const other = errors.filter((f) => f.rule !== "input.missing");
        if (other.length) box.append(el("ul", { class: "cf-summary-list" }, ...other.map((f) => this.findingItem(f, true))));
        if (missing.length) {
          const group = el("details", { class: "cf-missing" },
            el("summary", {}, fmt(this.t.missing_title, { n: missing.length })),
            el("ul", { class: "cf-summary-list" }, ...missing.map((f) => this.findingItem(f, true))));
          if (missing.length <= 5 || !other.length) group.open = true;
          box.append(group);
        }
        parts.push(box);
      } else {
        const box = el("div", { class: "cf-ready", role: "status" }, el("h2", {}, this.t.ready_title));
        if (infos.length) {
          box.append(el("p", {}, this.t.ready_lead));
          box.append(el("ul", { class: "cf-checklist" }, ...infos.filter((f) => f.rule === "submission.checklist").map((f) => this.findingItem(f, false))));
        }
        parts.push(box);
      }
      if (warnings.length) {
        parts.push(el("div", { class: "cf-warnings" }, el("h3", {}, this.t.warnings_title),
          el("ul", {}, ...warnings.map((f) => this.findingItem(f, true)))));
      }
      const notes = infos.filter((f) => f.rule !== "submission.checklist");
      if (notes.length) {
        parts.push(el("div", { class: "cf-infos" }, el("h3", {}, this.t.info_title), el("ul", {}, ...notes.map((f) => this.findingItem(f, true)))));
      }
      this.result.replaceChildren(...parts);
      this.drawInline(report.findings);
    }

    drawInline(findings) {
      for (const node of this.shownMessages) {
        node.replaceChildren();
        node.hidden = true;
      }
      for (const input of this.form.querySelectorAll('[aria-invalid="true"]')) input.removeAttribute("aria-invalid");
      this.shownMessages = [];
      const lang = this.config.lang;
      for (const finding of findings) {
        if (!finding.field) continue;
        const target = this.targetFor(finding.field);
        if (!target) continue;
        const box = document.getElementById(target.id + "-msg");
        if (!box) continue;
        box.append(el("p", { class: `cf-inline cf-${finding.severity}` }, finding.message[lang] || finding.message.zh));
        box.hidden = false;
        this.shownMessages.push(box);
        if (finding.severity === "error" && target.matches("input, select, textarea")) target.setAttribute("aria-invalid", "true");
      }
    }

    drawFigures(figures) {
      const rows = this.rowsOf("budget.lines");
      // Only what changed: 200 lines' amounts written again on every keystroke made the
      // browser lay out all 200 rows (~15 ms) for the one that changed. When many change
      // at once (the first result after a restore), a batch per task, like fill(); a
      // newer result drops the batches left of an older one.
      const token = (this.figuresToken = (this.figuresToken || 0) + 1);
      const changes = [];
      (figures.lines || []).forEach((line, i) => {
        const out = rows.children[i] && rows.children[i].querySelector("[data-computed]");
        const text = line.computed || "—";
        if (out && out.textContent !== text) changes.push([out, text]);
      });
      const write = () => changes.splice(0, AMOUNTS_PER_TASK).forEach(([out, text]) => { out.textContent = text; });
      write();
      if (changes.length) {
        (async () => {
          while (changes.length) {
            await yieldToBrowser();
            if (token !== this.figuresToken) return;
            write();
          }
        })();
      }
      const box = this.form.querySelector("#cf-totals");
      const totalsKey = JSON.stringify([figures.lines_total, figures.declared_total, figures.limit_kind, figures.within, figures.cap_wan, figures.low_wan, figures.high_wan]);
      if (box.dataset.drawn === totalsKey) return;
      box.dataset.drawn = totalsKey;
      if (!figures.lines_total) {
        box.replaceChildren(); // no lines (left): no totals, rather than the last ones
        return;
      }
      const t = this.t;
      const items = [el("p", {}, `${t.lines_total}: ${figures.lines_total} ${t.yuan}（${figures.lines_total_wan} ${t.wan}）`)];
      if (figures.declared_total) items.push(el("p", {}, `${t.declared_total}: ${figures.declared_total} ${t.yuan}（${figures.declared_total_wan} ${t.wan}）`));
      if (figures.limit_kind === "cap") {
        items.push(el("p", { class: figures.within ? "cf-ok" : "cf-over" }, `${t.cap}: ${figures.cap_wan} ${t.wan} — ${figures.within ? t.within : t.over}`));
      } else if (figures.limit_kind === "band") {
        items.push(el("p", { class: figures.within ? "cf-ok" : "cf-over" }, `${t.band}: ${figures.low_wan}–${figures.high_wan} ${t.wan}`));
      }
      box.replaceChildren(...items);
    }

    onResultClick(event) {
      const link = event.target.closest("a[data-focus]");
      if (!link) return;
      event.preventDefault();
      // Not for material's instant navigation, which would otherwise take "#field" for a
      // link to this page, fetch it again and swap the whole checker out (losing focus).
      event.stopPropagation();
      const target = document.getElementById(link.dataset.focus);
      if (!target) return;
      const focusable = target.matches("input, select, textarea, button") ? target : target.querySelector("input, select, textarea, button") || target;
      if (!focusable.matches("input, select, textarea, button")) focusable.setAttribute("tabindex", "-1");
      focusable.scrollIntoView({ block: "center" });
      focusable.focus({ preventScroll: true });
    }

    // ---- keeping data -----------------------------------------------------------------

    saveSoon(text) {
      this.unsaved = text;
      if (this.saveTimer) return;
      const idle = window.requestIdleCallback || ((fn) => setTimeout(fn, 50));
      this.saveTimer = idle(() => this.idleSave(), { timeout: 300 });
    }

    // Writing a 200-line draft takes ~7 ms; while the engine is checking an edit the page
    // is about to draw its result, so the write waits until that is on the page (the
    // check's `finally` schedules it again). Leaving the page still writes at once.
    idleSave() {
      this.saveTimer = null;
      if (this.inFlight && window.castformEngine.state.phase === "ready") return;
      this.flushSave();
    }

    flushSave() {
      this.saveTimer = null;
      if (this.unsaved === undefined) return;
      const text = this.unsaved;
      this.unsaved = undefined;
      this.save(text);
    }

    save(collected) {
      const indicator = this.root.querySelector("#cf-saved");
      if (!SAVE_ENABLED) {
        indicator.textContent = this.t.not_saved;
        return;
      }
      if (!this.saving) return;
      try {
        const data = collected || JSON.stringify(this.collect());
        localStorage.setItem(this.storageKey, `{"tab":${JSON.stringify(this.tabId)},"savedAt":${Date.now()},"data":${data}}`);
        const time = new Date().toLocaleTimeString(this.config.lang === "zh" ? "zh-CN" : "en-GB");
        indicator.textContent = `${this.t.saved} · ${time}`;
      } catch (_) {
        indicator.textContent = this.t.not_saved;
      }
    }

    restore() {
      // The form can be typed in as soon as it is parsed, before this script runs: keep
      // what was typed there, on top of the saved draft, instead of wiping it.
      const typed = [];
      for (const input of this.form.querySelectorAll("[data-path]")) {
        if (input.type === "checkbox" ? input.checked : input.value !== "") {
          typed.push([this.pathOf(input), input.type === "checkbox" ? true : input.value]);
        }
      }
      let stored = null;
      if (SAVE_ENABLED) {
        try {
          stored = JSON.parse(localStorage.getItem(this.storageKey) || "null");
        } catch (_) {
          stored = null;
        }
      }
      const data = stored && stored.data && typeof stored.data === "object" ? stored.data : {};
      for (const [path, value] of typed) setPath(data, path, value);
      return this.fill(data).then(() => {
        if (typed.length) this.save();
      });
    }

    storageChanged(event) {
      if (event.key !== this.storageKey || event.newValue === null) return;
      let other;
      try {
        other = JSON.parse(event.newValue);
      } catch (_) {
        return;
      }
      if (!other || other.tab === this.tabId) return;
      // The same content as ours (the other tab has just loaded this one's): nothing to lose.
      if (JSON.stringify(other.data) === JSON.stringify(this.collect())) return;
      // Another tab saved over our draft: stop saving and let the user choose.
      this.saving = false;
      const notice = this.root.querySelector("#cf-notice");
      const load = el("button", { type: "button", class: "md-button" }, this.t.reload_other);
      const keep = el("button", { type: "button", class: "md-button" }, this.t.keep_mine);
      load.addEventListener("click", () => {
        notice.hidden = true;
        this.fill(other.data || {}).then(() => {
          this.saving = true;
          this.changed();
        });
      });
      keep.addEventListener("click", () => {
        this.saving = true;
        notice.hidden = true;
        this.save();
      });
      notice.replaceChildren(el("p", {}, this.t.other_tab), load, " ", keep);
      notice.hidden = false;
    }

    exportFile() {
      const data = this.collect();
      const blob = new Blob([JSON.stringify(data, null, 2) + "\n"], { type: "application/json" });
      const stamp = new Date().toISOString().slice(0, 10);
      const title = (data.title || "application").replace(/[\\/:*?"<>|\s]+/g, "-").slice(0, 40);
      const link = el("a", { href: URL.createObjectURL(blob), download: `castform-${title}-${stamp}.json` });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    }

    showNotice(text, kind) {
      const notice = this.root.querySelector("#cf-notice");
      notice.className = `cf-notice cf-${kind}`;
      notice.replaceChildren(el("p", {}, text));
      notice.hidden = false;
    }

    importFile(file) {
      // Nothing in the form changes until the file has been read and accepted.
      if (file.size > MAX_IMPORT_BYTES) {
        this.showNotice(this.t.import_failed + fmt(this.t.too_large, { size: file.size.toLocaleString() }), "error");
        return;
      }
      file.text().then((text) => window.castformEngine.request("import", text)).then((json) => {
        const answer = JSON.parse(json);
        if (!answer.ok) {
          this.showNotice(this.t.import_failed + (answer.message[this.config.lang] || answer.message.zh), "error");
          return;
        }
        this.showNotice(fmt(this.t.imported, { name: file.name }), "info");
        return this.fill(answer.data).then(() => this.changed());
      }).catch((error) => {
        this.showNotice(this.t.import_failed + String(error.message || error), "error");
      });
    }

    startOver() {
      if (!window.confirm(this.t.confirm_start_over)) return;
      this.fill({}); // no rows: done at once
      if (SAVE_ENABLED) localStorage.removeItem(this.storageKey);
      this.root.querySelector("#cf-notice").hidden = true;
      this.changed();
    }
  }

  let current = null;
  function mount() {
    const root = document.getElementById("cf-app");
    if (current && current.root === root) return;
    if (current) current.unmount();
    current = null;
    if (!root || !window.castformEngine) return;
    current = new Checker(root);
    current.mount();
    window.castformChecker = current; // for the tests and the benchmarks
  }

  // With instant navigation the page's content is swapped without a reload: material
  // emits document$ on every page, so mount (or unmount) each time.
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(mount);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
