// castform's site behaviour on every page (extra_javascript), in the checker's style: this
// loader mounts one ES module per component of the page, each on its own, so that one
// component's failure does not break the others (no libraries, no requests but the
// modules beside this file).
//
// A component is an element with data-module="NAME" (NAME a key of MODULES), or one that
// MODULES' `finds` selector matches, which is then given its data-module: the deadline
// badge comes from the pages' Markdown, the language links from the theme's header.
// A module exports mount(element), which may return a function that unmounts it.
//
// Written for material's instant navigation: a page change swaps the content without a
// reload, so DOMContentLoaded fires once. material's `document$` emits on the first load
// and after every instant page change; each time, every component is unmounted and the
// page's components are mounted again (the header is not swapped, but its language
// links must follow the new page).
(function () {
  "use strict";
  const script = document.currentScript;
  const base = script && script.src ? script.src : null;
  const MODULES = {
    deadline: { file: "cf-deadline.js", finds: ".cf-deadline[data-deadline]" },
    "language-link": { file: "cf-language-link.js", finds: "a.md-select__link[hreflang]" },
  };
  let mounted = []; // unmount functions of the current page's components
  let page = 0; // which page change a pending mount belongs to

  function components() {
    Object.keys(MODULES).forEach((name) => {
      document.querySelectorAll(MODULES[name].finds).forEach((node) => {
        if (!node.dataset.module) node.dataset.module = name;
      });
    });
    return Array.from(document.querySelectorAll("[data-module]"))
      .filter((node) => Object.prototype.hasOwnProperty.call(MODULES, node.dataset.module));
  }

  function mountOne(node, here) {
    const name = node.dataset.module;
    return import(new URL(MODULES[name].file, base).href)
      .then((module) => {
        if (here !== page) return; // the page changed meanwhile: its own mount follows
        const unmount = module.mount(node);
        if (typeof unmount === "function") mounted.push(unmount);
        node.dataset.mounted = "true";
      })
      .catch((error) => {
        node.dataset.mounted = "failed";
        console.error(`castform: module ${name} failed`, error);
      });
  }

  function onPage() {
    page += 1;
    mounted.forEach((unmount) => {
      try {
        unmount();
      } catch (error) {
        console.error("castform: unmount failed", error);
      }
    });
    mounted = [];
    if (!base) return;
    const here = page;
    components().forEach((node) => mountOne(node, here));
  }

  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(onPage);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", onPage);
  else onPage();
})();
