// The batch review page's loader, on every page (extra_javascript) but acting only where
// the page has #cf-batch (docs/batch.md): it imports the ES module checker/cf-batch.js
// beside the checker's modules. With material's instant navigation the content is
// swapped without a reload, so mounting and unmounting follow `document$`.
(function () {
  "use strict";
  const script = document.currentScript;
  const base = script && script.src ? script.src : null;
  let current = null; // { root, unmount, dead }

  function mount() {
    const root = document.getElementById("cf-batch");
    if (current && current.root === root) return;
    if (current) {
      current.dead = true;
      if (current.unmount) current.unmount();
      current = null;
    }
    if (!root || !base || !window.castformEngine) return;
    const entry = { root, unmount: null, dead: false };
    current = entry;
    import(new URL("checker/cf-batch.js", base).href)
      .then((module) => {
        if (entry.dead) return;
        entry.unmount = module.mount(root);
        root.dataset.mounted = "true";
      })
      .catch((error) => {
        console.error("castform batch page:", error);
        root.dataset.mounted = "failed";
      });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(mount);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
