// The checker's core: the application as data, one check at a time in the engine's
// worker, and the modules of the page ([data-module] elements), each mounted on its own
// so that one failing does not take the others down. Modules talk through events:
//   "load"    the application was replaced (restore, import, start over): draw it all
//   "changed" an edit; detail: the application as JSON text (the draft saves it)
//   "report"  a check's result; detail: {report, figures, view}
//   "failed"  a check could not be made; detail: {message, detail}
//   "shown"   which findings are shown changed (a field was left, "check everything")
// JavaScript here only moves JSON and draws results: every judgement, and every sum of
// money, is made by the Python rules; rule ids, limits and paths come from Python.
import { setIn, lastLine, soon } from "./cf-util.js";

const MODULES = {
  "engine-panel": "cf-engine-panel.js",
  files: "cf-files.js",
  "check-all": "cf-check-all.js",
  draft: "cf-draft.js",
  findings: "cf-findings.js",
  form: "cf-form.js",
  totals: "cf-totals.js",
  documents: "cf-documents.js",
};

// Every module fetched and run, none mounted (checker.js, on another page while the
// engine warms up): opening the checker then imports nothing.
export function preload(base) {
  return Promise.all(Object.values(MODULES).map((file) => import(new URL(file, base).href)));
}

class App {
  constructor(root, config) {
    this.root = root;
    this.config = config;
    this.t = config.text;
    this.engine = window.castformEngine;
    this.bus = new EventTarget();
    this.hooks = {}; // what modules offer each other: typed(), readDraft(), finishFill() …
    this.cleanups = [];
    this.data = this.blank();
    this.lastReport = null;
    this.lastView = { targets: {}, confirm: {} };
    this.touched = new Set(); // ids of fields the user has left
    this.checkAll = false; // "check everything": every missing field is an error now
    this.inFlight = false;
    this.dirty = false;
    this.drawnText = null;
    this.restarting = false;
  }

  blank() {
    return { format: this.config.format, notice: this.config.notice_id };
  }

  on(name, fn) {
    const listener = (event) => {
      try {
        fn(event.detail);
      } catch (error) {
        console.error(`castform checker (${name}):`, error);
      }
    };
    this.bus.addEventListener(name, listener);
    this.cleanups.push(() => this.bus.removeEventListener(name, listener));
  }

  emit(name, detail) {
    this.bus.dispatchEvent(new CustomEvent(name, { detail }));
  }

  listen(target, name, fn, options) {
    target.addEventListener(name, fn, options);
    this.cleanups.push(() => target.removeEventListener(name, fn, options));
  }

  // Each module mounted in a task of its own (one long task on a cold load was all of
  // them and the form's first drawing together). When nothing else waits a yield costs
  // a message to ourselves; mounting a few to a task brought a 63 ms one back.
  async mountModules(base) {
    const nodes = Array.from(this.root.querySelectorAll("[data-module]"));
    const loaded = await Promise.all(nodes.map((node) => {
      const file = MODULES[node.dataset.module];
      if (!file) return [node, null, new Error(`unknown module ${node.dataset.module}`)];
      return import(new URL(file, base).href).then((module) => [node, module, null], (error) => [node, null, error]);
    }));
    for (const [node, module, failure] of loaded) {
      try {
        if (failure) throw failure;
        module.mount(node, this);
        node.dataset.mounted = "true";
      } catch (error) {
        node.dataset.mounted = "failed";
        console.error(`castform checker: module ${node.dataset.module} failed`, error);
      }
      await soon();
    }
  }

  start() {
    // What was typed before the scripts ran, on top of the saved draft.
    const typed = this.hooks.typed ? this.hooks.typed() : [];
    let data = null;
    try {
      data = this.hooks.readDraft ? this.hooks.readDraft() : null;
    } catch (error) {
      console.error("castform checker: reading the draft", error);
    }
    data = data && typeof data === "object" ? data : this.blank();
    for (const [keys, value] of typed) setIn(data, keys, value);
    this.load(data, { save: typed.length > 0 });
    this.cleanups.push(this.engine.subscribe((state) => this.engineState(state)));
    this.engine.start();
  }

  // The engine's worker died and a fresh one is starting (engine.js): no verdict until
  // it is up, said at once (a check in flight fails by itself); then the form as it is
  // now is checked again. What was typed meanwhile is in this.data and the draft.
  engineState(state) {
    if (state.restarting && !this.restarting) {
      this.restarting = true;
      if (!this.inFlight) this.fail(new Error(`the engine stopped: ${state.message || ""}`));
    } else if (state.phase === "ready" && (this.restarting || this.root.dataset.state === "failed")) {
      this.restarting = false; // (also after Retry, once restarts were given up)
      this.drawnText = null;
      this.check();
    } else if (state.phase === "failed") this.restarting = false;
  }

  // Replace the application (restore, import, start over) and check it at once; the
  // form is drawn in slices meanwhile.
  load(data, { save = true, checkAll = false } = {}) {
    this.data = Object.assign(this.blank(), data);
    this.drawnText = null;
    this.checkAll = checkAll;
    this.touched.clear();
    this.emit("load", this.data);
    this.changed({ save });
  }

  changed({ save = true } = {}) {
    const text = JSON.stringify(this.data);
    this.check(text);
    if (save) this.emit("changed", text);
  }

  collect() {
    return JSON.parse(JSON.stringify(this.data));
  }

  // One check at a time; edits made meanwhile are checked as soon as it returns, the
  // latest state only.
  check(text) {
    if (this.inFlight) {
      this.dirty = true;
      return;
    }
    this.dirty = false;
    text = text || JSON.stringify(this.data);
    if (text === this.drawnText) return;
    this.inFlight = true;
    this.engine.request("check", text)
      .then((json) => {
        this.draw(JSON.parse(json));
        this.drawnText = text;
      })
      .catch((error) => this.fail(error))
      .finally(() => {
        this.inFlight = false;
        if (this.dirty) this.check();
        if (!this.inFlight) this.emit("idle"); // (an edit undone meanwhile needs no check)
      });
  }

  draw(payload) {
    this.lastReport = payload.report;
    this.lastView = payload.view || { targets: {}, confirm: {} };
    delete this.root.dataset.state;
    this.root.dataset.ready = String(payload.report.ready === true);
    this.emit("report", payload);
    this.root.dataset.checked = String(Date.now());
  }

  // A check that failed for any reason shows no verdict, at once, and says so.
  fail(error) {
    this.lastReport = null;
    this.drawnText = null;
    delete this.root.dataset.ready;
    this.root.dataset.state = "failed";
    const phase = this.engine.state.phase;
    const engineDown = phase === "failed" || phase === "unsupported" || !!(error && error.engineStopped) || this.engine.state.restarting === true;
    this.emit("failed", { engineDown, detail: lastLine(error) });
    this.root.dataset.checked = String(Date.now());
  }

  // Whether a finding is shown as a problem now: a field still to fill is only progress
  // until the user has left it or asked for a full check (GOV.UK's pattern).
  pending(finding, targetId) {
    return finding.rule === this.config.rule_ids.missing && !this.checkAll && !this.touched.has(targetId);
  }

  // The element a finding is shown at: the field, or the nearest part of the form that
  // exists (Python lists the ids to try).
  targetOf(field) {
    const ids = (this.lastView.targets || {})[field] || [];
    for (const id of ids) {
      const node = document.getElementById(id);
      if (node && this.root.contains(node)) return node;
    }
    return null;
  }

  targetIdOf(field) {
    const node = this.targetOf(field);
    if (node) return node.id;
    const ids = (this.lastView.targets || {})[field] || [];
    return ids[0] || "";
  }

  notice(children, kind) {
    const notice = this.root.querySelector("#cf-notice");
    notice.className = `cf-notice cf-${kind}`;
    notice.replaceChildren(...children);
    notice.hidden = false;
    return notice;
  }

  unmount() {
    this.emit("unmount");
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    if (window.castformChecker && window.castformChecker.root === this.root) window.castformChecker = null;
  }
}

// What the tests and the benchmarks see (window.castformChecker).
function facade(app) {
  return {
    root: app.root,
    app,
    get inFlight() { return app.inFlight; },
    get dirty() { return app.dirty; },
    get data() { return app.data; },
    get lastReport() { return app.lastReport; },
    get unsaved() { return app.hooks.unsaved ? app.hooks.unsaved() : undefined; },
    collect: () => app.collect(),
    fill: (data) => { app.data = Object.assign(app.blank(), data); app.drawnText = null; app.emit("load", app.data); return app.hooks.filled ? app.hooks.filled() : Promise.resolve(); },
    changed: () => app.changed(),
    edit: (field) => (app.hooks.edit ? app.hooks.edit(field) : app.data),
    save: () => app.hooks.saveNow && app.hooks.saveNow(JSON.stringify(app.data)),
    draw: (payload) => app.draw(payload),
  };
}

export async function mountChecker(root, base) {
  const app = new App(root, JSON.parse(root.querySelector("#cf-config").dataset.config));
  await app.mountModules(base);
  app.start(); // the draft is in (and drawing) before anyone can see the checker
  window.castformChecker = facade(app);
  return app;
}
