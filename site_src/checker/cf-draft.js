// The draft in this browser (localStorage): read whatever happens to writing, written
// when the browser is idle and at once when the page is left; a failed write is said
// beside the indicator with "download a copy now"; another tab's change is the user's
// choice (take over, load it, or keep both as a file), and closing a tab with work not
// stored asks first. Typed text is never dropped.
import { el } from "./cf-util.js";

export function mount(box, app) {
  const t = app.t;
  const key = `castform:${app.config.notice_id}:application`;
  const backupKey = key + ":before-import";
  const indicator = box.querySelector("#cf-saved");
  const downloadNow = box.querySelector("#cf-save-download");
  const tabId = Math.random().toString(36).slice(2);
  let scheduled; // text waiting for the idle write
  let unstored; // text not in storage (a write failed, or saving is paused)
  let timer = null;
  let paused = false; // another tab's change is unresolved
  let backup = null; // the draft before the last import (also kept in storage if it fits)

  function read(name) {
    try {
      return JSON.parse(localStorage.getItem(name) || "null");
    } catch (_) {
      return null;
    }
  }

  app.hooks.readDraft = () => {
    const stored = read(key);
    return stored && stored.data && typeof stored.data === "object" ? stored.data : null;
  };
  app.hooks.unsaved = () => scheduled;
  app.hooks.saveNow = (text) => { scheduled = text; flush(); };
  app.hooks.backup = (data) => {
    backup = data;
    try {
      localStorage.setItem(backupKey, JSON.stringify({ savedAt: Date.now(), data }));
    } catch (_) { /* kept in memory for this page */ }
  };
  app.hooks.takeBackup = () => {
    const stored = read(backupKey);
    const data = backup || (stored && stored.data) || null;
    backup = null;
    try { localStorage.removeItem(backupKey); } catch (_) { /* nothing to remove */ }
    return data;
  };
  app.hooks.hasBackup = () => !!(backup || read(backupKey));

  function schedule() {
    if (timer) return;
    const idle = window.requestIdleCallback || ((fn) => setTimeout(fn, 50));
    timer = idle(() => {
      timer = null;
      // While the engine checks an edit, the page is about to draw its result: write after.
      if (app.inFlight && app.engine.state.phase === "ready") return;
      flush();
    }, { timeout: 300 });
  }

  function flush() {
    if (scheduled === undefined) return;
    const text = scheduled;
    scheduled = undefined;
    if (paused) {
      unstored = text;
      indicator.textContent = t.save_paused;
      return;
    }
    try {
      localStorage.setItem(key, `{"tab":${JSON.stringify(tabId)},"savedAt":${Date.now()},"data":${text}}`);
      unstored = undefined;
      downloadNow.hidden = true;
      const time = new Date().toLocaleTimeString(app.config.lang === "zh" ? "zh-CN" : "en-GB");
      indicator.textContent = `${t.saved} · ${time}`;
    } catch (_) {
      unstored = text;
      indicator.textContent = t.not_saved;
      downloadNow.hidden = false;
    }
  }

  app.on("changed", (text) => { scheduled = text; schedule(); });
  app.on("idle", () => { if (scheduled !== undefined) schedule(); });
  app.listen(downloadNow, "click", () => app.hooks.exportFile && app.hooks.exportFile());

  // Leaving or hiding the page writes a pending draft at once.
  const leave = () => flush();
  app.listen(window, "pagehide", leave);
  app.listen(document, "visibilitychange", leave);
  app.on("unmount", leave);
  app.listen(window, "beforeunload", (event) => {
    flush();
    if (unstored !== undefined) {
      event.preventDefault();
      event.returnValue = ""; // older browsers ask only when this is set
    }
  });

  function resume() {
    paused = false;
    app.root.querySelector("#cf-notice").hidden = true;
  }

  app.listen(window, "storage", (event) => {
    if (event.key !== key || event.newValue === null) return;
    let other;
    try {
      other = JSON.parse(event.newValue);
    } catch (_) {
      return;
    }
    if (!other || other.tab === tabId) return;
    // The same content as ours (the other tab has just loaded this one's): nothing to lose.
    if (JSON.stringify(other.data) === JSON.stringify(app.data)) return;
    paused = true;
    indicator.textContent = t.save_paused;
    const takeOver = el("button", { type: "button", class: "md-button" }, t.take_over);
    const load = el("button", { type: "button", class: "md-button" }, t.reload_other);
    const both = el("button", { type: "button", class: "md-button" }, t.keep_both);
    const loadOther = () => {
      resume();
      app.load(other.data && typeof other.data === "object" ? other.data : {});
    };
    takeOver.addEventListener("click", () => {
      resume();
      app.hooks.saveNow(JSON.stringify(app.data));
    });
    load.addEventListener("click", loadOther);
    both.addEventListener("click", () => {
      if (app.hooks.exportFile) app.hooks.exportFile();
      loadOther();
    });
    app.notice([el("p", {}, t.other_tab), takeOver, " ", load, " ", both], "warning");
  });
}
