// Files: export the application as the JSON file `castform check` reads; import one
// (picker or drop) through the engine, which says what the form can hold and what it
// cannot; "values from the file that need your attention"; one level of undo; start over.
import { download, el, fmt, lastLine } from "./cf-util.js";

export function mount(tools, app) {
  const t = app.t;
  const lang = app.config.lang;
  const panel = app.root.querySelector("#cf-attention");
  const attentionKey = `castform:${app.config.notice_id}:attention`;

  app.hooks.exportFile = () => {
    const data = app.collect();
    const stamp = new Date().toISOString().slice(0, 10);
    const title = (typeof data.title === "string" && data.title ? data.title : "application").replace(/[\\/:*?"<>|\s]+/g, "-").slice(0, 40);
    download(`castform-${title}-${stamp}.json`, JSON.stringify(data, null, 2) + "\n");
  };

  const refuse = (...message) => app.notice([el("p", {}, t.import_failed, ...message)], "error");

  async function importFile(file) {
    // Nothing in the form changes until the file has been read and accepted.
    const limit = app.config.limits.import_bytes;
    if (file.size > limit) {
      refuse(fmt(t.too_large, { size: file.size.toLocaleString(), limit: (limit / 1e6).toLocaleString() }));
      return;
    }
    let text;
    try {
      // The same as `castform check`: UTF-8 only (a UTF-8 BOM is allowed), so a UTF-16
      // file is refused here as it is there.
      text = new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer());
    } catch (_) {
      refuse(t.not_utf8);
      return;
    }
    let answer;
    try {
      answer = JSON.parse(await app.engine.request("import", text));
    } catch (error) {
      const detail = lastLine(error);
      app.notice([el("p", {}, t.import_failed, t.import_internal),
        el("details", { class: "cf-clause" }, el("summary", {}, t.technical_detail), el("blockquote", {}, detail))], "error");
      return;
    }
    if (!answer.ok) {
      refuse(answer.message[lang] || answer.message.zh);
      return;
    }
    if (app.hooks.backup) app.hooks.backup(app.collect());
    const attention = Array.isArray(answer.attention) ? answer.attention : [];
    app.load(answer.data, { checkAll: true });
    showAttention({ name: file.name, items: attention }, true);
    const undo = el("button", { type: "button", class: "md-button cf-small", id: "cf-undo-import" }, t.undo_import);
    undo.addEventListener("click", undoImport);
    const said = [fmt(t.imported, { name: file.name })];
    if (attention.length) said.push(" ", fmt(t.attention_said, { n: attention.length }));
    app.notice([el("p", {}, ...said), undo], "info");
  }

  function undoImport() {
    const data = app.hooks.takeBackup ? app.hooks.takeBackup() : null;
    if (!data) return;
    app.load(data);
    showAttention(null, true);
    app.notice([el("p", {}, t.import_undone)], "info");
  }

  function showAttention(record, store) {
    if (store) {
      try {
        if (record && record.items.length) localStorage.setItem(attentionKey, JSON.stringify(record));
        else localStorage.removeItem(attentionKey);
      } catch (_) { /* shown on this page all the same */ }
    }
    if (!record || !record.items || !record.items.length) {
      panel.hidden = true;
      panel.replaceChildren();
      return;
    }
    const rows = record.items.map((item) => el("tr", {},
      el("td", {}, (item.where && (item.where[lang] || item.where.zh)) || "", el("br"), el("code", { class: "cf-path" }, item.path)),
      el("td", {}, el("code", { class: "cf-raw" }, item.raw)),
      el("td", {}, (item.reason && (item.reason[lang] || item.reason.zh)) || "")));
    const dismiss = el("button", { type: "button", class: "md-button cf-small" }, t.attention_dismiss);
    dismiss.addEventListener("click", () => showAttention(null, true));
    panel.replaceChildren(
      el("h2", { id: "cf-attention-title" }, fmt(t.attention_title, { n: record.items.length })),
      el("p", {}, fmt(t.attention_lead, { name: record.name || "" })),
      el("div", { class: "cf-table-wrap" }, el("table", {},
        el("thead", {}, el("tr", {}, el("th", { scope: "col" }, t.attention_where), el("th", { scope: "col" }, t.attention_raw),
          el("th", { scope: "col" }, t.attention_reason))),
        el("tbody", {}, ...rows))),
      dismiss);
    panel.hidden = false;
  }

  try {
    showAttention(JSON.parse(localStorage.getItem(attentionKey) || "null"), false);
  } catch (_) { /* nothing stored */ }

  app.listen(tools.querySelector("#cf-export"), "click", () => app.hooks.exportFile());
  app.listen(tools.querySelector("#cf-import"), "change", (event) => {
    const file = event.target.files && event.target.files[0];
    event.target.value = "";
    if (file) importFile(file);
  });
  app.listen(tools.querySelector("#cf-start-over"), "click", () => {
    if (!window.confirm(t.confirm_start_over)) return;
    app.load({});
    showAttention(null, true);
    app.root.querySelector("#cf-notice").hidden = true;
  });
  const root = app.root;
  app.listen(root, "dragover", (event) => { event.preventDefault(); root.classList.add("cf-dragging"); });
  app.listen(root, "dragleave", () => root.classList.remove("cf-dragging"));
  app.listen(root, "drop", (event) => {
    event.preventDefault();
    root.classList.remove("cf-dragging");
    const file = event.dataTransfer && event.dataTransfer.files && event.dataTransfer.files[0];
    if (file) importFile(file);
  });
}
