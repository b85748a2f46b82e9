// The checker page's loader, on every page (extra_javascript) but acting only where the
// checker is: it imports the checker's ES modules (cf-app.js and one per [data-module]),
// which sit beside this file. With material's instant navigation the page's content is
// swapped without a reload, so mounting (and unmounting) follows `document$`.
(function () {
  "use strict";
  const script = document.currentScript;
  const base = script && script.src ? script.src : null;
  let current = null; // { root, app, dead }

  function mount() {
    const root = document.getElementById("cf-app");
    if (current && current.root === root) return;
    if (current) {
      current.dead = true;
      if (current.app) current.app.unmount();
      current = null;
    }
    if (!root || !base || !window.castformEngine) return;
    const entry = { root, app: null, dead: false };
    current = entry;
    import(new URL("cf-app.js", base).href)
      .then((module) => module.mountChecker(root, base))
      .then((app) => {
        if (entry.dead) app.unmount();
        else entry.app = app;
      })
      .catch((error) => {
        console.error("castform checker:", error);
        root.dataset.failed = "script";
      });
  }

  // On a page without the checker, once the engine is warming up (engine.js starts it
  // when idle, unless the browser asks to save data), the checker's modules are fetched
  // and evaluated too, when idle: a reader who then opens the checker by instant
  // navigation waited ~80 ms more for them, three imports deep, after the click.
  // (A few small files beside the engine's megabytes; nothing is mounted.)
  let warmed = false;
  function warm() {
    if (warmed || !base || !window.castformEngine) return;
    let stop = null;
    const go = (state) => {
      if (warmed || state.phase === "idle") return;
      warmed = true;
      if (stop) stop();
      const idle = window.requestIdleCallback || ((fn) => setTimeout(fn, 100));
      idle(() => {
        import(new URL("cf-app.js", base).href).then((module) => module.preload(base))
          .catch((error) => console.warn("castform checker: preloading", error));
      }, { timeout: 1000 });
    };
    stop = window.castformEngine.subscribe(go);
    if (warmed) stop();
  }
  if (base && !document.getElementById("cf-app")) warm();

  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(mount);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
