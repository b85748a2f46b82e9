// castform engine client, on every page of the site.
//
// Owns the one Web Worker that runs Pyodide and the rules (worker-*.mjs). With material's
// instant navigation the page is never reloaded, so the worker started while the reader
// is on the notice or the guidance is still there, booted, when they open the checker.
// Other pages start it when the browser is idle, unless it asks to save data.
(function () {
  "use strict";
  if (window.castformEngine) return;

  const meta = document.querySelector('meta[name="castform-engine"]');
  const workerUrl = meta && meta.content ? new URL(meta.content, document.baseURI).href : null;
  const TIMEOUT_MS = 90000; // a slow line moves 8.5 MB in well under this

  let worker = null;
  let state = { phase: "idle", stage: null, loaded: 0, total: 0, message: "" };
  let nextId = 1;
  const pending = new Map();
  const listeners = new Set();
  // Requests wait on `ready`. It resolves once per worker that boots; a failure before
  // that leaves it pending, so the requests made meanwhile (the page's first check) are
  // answered after a retry instead of being lost.
  let readyResolve;
  let isReady = false;
  let ready = null;
  function awaitBoot() {
    isReady = false;
    ready = new Promise((resolve) => (readyResolve = resolve));
  }
  awaitBoot();
  let timer = null;

  function emit(patch) {
    state = Object.assign({}, state, patch);
    listeners.forEach((fn) => fn(state));
  }

  function stop() {
    if (worker) worker.terminate();
    worker = null;
    clearTimeout(timer);
  }

  function fail(message) {
    stop();
    if (isReady) awaitBoot(); // the worker died after booting: wait for the next one
    emit({ phase: "failed", restarting: false, message });
    pending.forEach((p) => p.reject(new Error(message)));
    pending.clear();
  }

  // The worker died after it had booted (Pyodide's fatal error, an error thrown outside
  // a Python call): the requests it held fail at once, so the page says so, and a fresh
  // worker starts; the page checks its form again once that one is ready (requests made
  // meanwhile wait for it). A worker that dies again before answering anything is not
  // restarted a third time (the form itself may be what kills it): then Retry.
  const MAX_RESTARTS = 2;
  let restartsInARow = 0;
  function crashed(message) {
    stop();
    awaitBoot();
    restartsInARow++;
    const restart = restartsInARow <= MAX_RESTARTS;
    if (restart) emit({ phase: "loading", stage: "runtime", loaded: 0, restarting: true, restarts: (state.restarts || 0) + 1, message });
    else emit({ phase: "failed", restarting: false, message });
    const error = new Error(`the engine stopped: ${message}`);
    error.engineStopped = true;
    pending.forEach((p) => p.reject(error));
    pending.clear();
    if (restart) start();
  }

  function start() {
    if (worker) return;
    if (!workerUrl) {
      // A bare `mkdocs serve` has no engine: say so instead of loading forever.
      emit({ phase: "failed", message: "no engine in this build (run python build.py)" });
      return;
    }
    if (typeof WebAssembly !== "object") {
      emit({ phase: "unsupported" });
      return;
    }
    try {
      worker = new Worker(workerUrl, { type: "module", name: "castform-engine" });
    } catch (error) {
      emit({ phase: "unsupported", message: String(error) });
      return;
    }
    emit({ phase: "loading", stage: "runtime", loaded: 0, message: state.restarting ? state.message : "" });
    timer = setTimeout(() => fail("timeout"), TIMEOUT_MS);
    const own = worker;
    // An error the worker did not catch: before the boot, the boot failed (Retry); after
    // it, the engine is in an unknown state and is replaced.
    worker.onerror = (event) => {
      if (own !== worker) return;
      const message = event.message || "worker error";
      if (isReady) crashed(message);
      else fail(message);
    };
    worker.onmessageerror = () => { if (own === worker && isReady) crashed("a message from the engine could not be read"); };
    worker.onmessage = (event) => {
      if (own !== worker) return; // a worker replaced meanwhile
      const msg = event.data;
      if (msg.type === "progress") emit({ stage: msg.stage, loaded: msg.loaded, total: msg.total });
      else if (msg.type === "task-progress") {
        const p = pending.get(msg.id);
        if (p && p.onProgress) p.onProgress(msg);
      }
      else if (msg.type === "ready") {
        clearTimeout(timer);
        isReady = true;
        emit({ phase: "ready", stage: "done", loaded: msg.bytes, timings: msg.timings, restarting: false });
        readyResolve();
      } else if (msg.type === "failed") fail(msg.message);
      else if (msg.type === "fatal") crashed(msg.message);
      else if (msg.type === "result" || msg.type === "error") {
        const p = pending.get(msg.id);
        pending.delete(msg.id);
        if (msg.type === "result") restartsInARow = 0;
        if (!p) return;
        if (msg.type === "result") p.resolve(msg.json);
        else p.reject(new Error(msg.message));
      }
    };
    worker.postMessage({ type: "boot" });
  }

  function retry() {
    restartsInARow = 0;
    start(); // does nothing while a worker is running
  }

  // Ask the worker; resolves with its JSON text once the engine is ready. After a
  // failure only the Retry button starts another download, not every keystroke.
  function request(type, text, on) {
    if (state.phase !== "failed") start();
    return ready.then(() => new Promise((resolve, reject) => {
      if (!worker) return reject(new Error("engine stopped"));
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ type, id, text, on });
    }));
  }

  // Ask the worker with a message of any shape (the documents, the batch review):
  // ArrayBuffers listed in `transfer` are moved, not copied; onProgress receives the
  // worker's {type: "task-progress", done, total} for this request. Resolves with the
  // result's `json` as the worker sent it (an object with ArrayBuffers, or text).
  function task(message, { transfer = [], onProgress = null } = {}) {
    if (state.phase !== "failed") start();
    return ready.then(() => new Promise((resolve, reject) => {
      if (!worker) return reject(new Error("engine stopped"));
      const id = nextId++;
      pending.set(id, { resolve, reject, onProgress });
      worker.postMessage(Object.assign({}, message, { id }), transfer);
    }));
  }

  window.castformEngine = {
    start, retry, request, task,
    get state() { return state; },
    subscribe(fn) { listeners.add(fn); fn(state); return () => listeners.delete(fn); },
  };

  // On the checker page, start now; on any other page, warm up when the browser has
  // nothing better to do, unless it asks to save data. Not later than a second after
  // this script ran: the boot takes 2.5-6 s, so a busy page whose idle time came only
  // after the old 4 s wait still had the engine booting when the reader, 5 s in, opened
  // the checker (bench row 6). Making the worker is cheap; its work is off this thread.
  const saveData = navigator.connection && navigator.connection.saveData;
  // (In a task of its own: making the worker is not part of parsing the page.)
  if (meta && meta.dataset.start === "eager") setTimeout(start, 0);
  else if (!saveData && workerUrl) {
    const idle = window.requestIdleCallback || ((fn) => setTimeout(fn, 300));
    idle(() => start(), { timeout: 1000 });
  }
})();
