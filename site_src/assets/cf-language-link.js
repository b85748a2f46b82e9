// A language link of the header's switcher (a.md-select__link[hreflang]): pointed at the
// current page's translation. The head's <link rel="alternate" hreflang> give each
// language's root; every page exists at the same path under each root. Mounted again
// after every instant page change, since the header itself is not replaced then.
function roots() {
  const out = {};
  document.querySelectorAll("link[rel=alternate][hreflang]").forEach((link) => {
    out[link.getAttribute("hreflang")] = link.href;
  });
  return out;
}

export function mount(a) {
  const all = roots();
  const here = location.href.split("#")[0].split("?")[0];
  const current = Object.keys(all)
    .filter((lang) => here.startsWith(all[lang]))
    .sort((x, y) => all[y].length - all[x].length)[0];
  if (!current) return;
  const root = all[a.getAttribute("hreflang")];
  if (root) a.href = root + here.slice(all[current].length);
  // A full page load, not an instant one: the header, tabs and search of the other
  // language must load too. (material skips links that have a target.)
  a.target = "_self";
}
