// Registers the site's service worker (site_src/sw/sw.js) and says when a new version
// of the site is ready: a small banner with a Reload button, announced politely to
// screen readers. The reader's page is never swapped under them; only Reload makes the
// new build take over.
//
// Registered once the engine is up and the browser is idle, so that precaching the site
// never competes with the engine's own download or the first result.
(function () {
  "use strict";
  if (window.castformOffline || !("serviceWorker" in navigator)) return;
  const meta = document.querySelector('meta[name="castform-sw"]');
  if (!meta || !meta.content) return;
  const scriptUrl = new URL(meta.content, document.baseURI).href;
  // The catalogue's [offline] words per language (castform/words), written in by the build
  // (sitebuild/offline.py) as PRECACHE is into sw.js: {"zh": {ready, reload}, "en": …}.
  const TEXT = /*CASTFORM_WORDS*/;
  const text = () => TEXT[(document.documentElement.lang || "zh").startsWith("en") ? "en" : "zh"];
  let reloading = false;
  let banner = null;

  function showUpdate(waiting) {
    if (banner && banner.isConnected) return;
    banner = document.createElement("div");
    banner.className = "cf-update";
    banner.setAttribute("role", "status");
    banner.setAttribute("aria-live", "polite");
    const message = document.createElement("span");
    message.textContent = text().ready;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-button md-button--primary";
    button.textContent = text().reload;
    button.addEventListener("click", () => {
      reloading = true;
      button.disabled = true;
      if (waiting) waiting.postMessage({ type: "skip-waiting" });
      else window.location.reload();
    });
    banner.append(message, " ", button);
    document.body.append(banner);
    document.documentElement.dataset.cfUpdate = "ready";
  }

  function watch(registration) {
    if (registration.waiting && navigator.serviceWorker.controller) showUpdate(registration.waiting);
    registration.addEventListener("updatefound", () => {
      const installing = registration.installing;
      if (!installing) return;
      installing.addEventListener("statechange", () => {
        if (installing.state === "installed") {
          if (navigator.serviceWorker.controller) showUpdate(installing);
          else document.documentElement.dataset.cfOffline = "ready"; // first install
        }
      });
    });
    if (registration.active && navigator.serviceWorker.controller) document.documentElement.dataset.cfOffline = "ready";
  }

  // The page was already served by a build's worker: a later change of controller is a
  // new version. The first install also changes the controller (null → the first
  // build's, which claims its pages): that is no update, and says nothing.
  let hadController = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (reloading) window.location.reload();
    else if (hadController) showUpdate(null); // another tab took the new version: this one should reload too
    hadController = true;
  });

  let registered = false;
  function register() {
    if (registered) return;
    registered = true;
    navigator.serviceWorker.register(scriptUrl).then((registration) => {
      if (!registration) return; // registration blocked (a test harness, a policy)
      watch(registration);
      navigator.serviceWorker.ready.then(() => {
        document.documentElement.dataset.cfOffline = "ready";
      });
    }).catch((error) => console.warn("[castform offline]", error && error.message || error));
  }

  function whenIdle(fn) {
    const idle = window.requestIdleCallback || ((f) => setTimeout(f, 1500));
    idle(fn, { timeout: 5000 });
  }

  // After the engine is up — it downloads first, on any page — or, where the engine does
  // not start (the browser asks to save data), once the page is idle. Not after an
  // engine that failed to load: the reader's Retry comes first.
  function start() {
    const engine = window.castformEngine;
    const saveData = navigator.connection && navigator.connection.saveData;
    const engineStarts = engine && document.querySelector('meta[name="castform-engine"]') && !saveData;
    if (!engineStarts) {
      whenIdle(register);
      return;
    }
    let done = false;
    engine.subscribe((state) => {
      if (!done && state.phase === "ready") {
        done = true;
        whenIdle(register);
      }
    });
  }

  window.castformOffline = { register };
  if (document.readyState === "complete") start();
  else window.addEventListener("load", start, { once: true });
})();
