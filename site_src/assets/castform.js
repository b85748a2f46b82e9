/* castform site behaviour (no libraries, no requests).
 *
 * Written for material's instant navigation: a page change swaps the content without
 * reloading, so DOMContentLoaded fires only once. material's `document$` observable
 * emits on the first load and after every instant page change; everything that binds
 * to page content happens in its subscriber.
 */
(function () {
  "use strict";

  var DAY_MS = 24 * 60 * 60 * 1000;

  // Today's date where the notice applies (Beijing time), as a UTC midnight timestamp,
  // so an applicant abroad sees the same count as one in Beijing.
  function todayInBeijing(now) {
    var parts = new Intl.DateTimeFormat("en-CA", {
      timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit"
    }).formatToParts(now);
    var get = function (type) {
      return Number(parts.filter(function (p) { return p.type === type; })[0].value);
    };
    return Date.UTC(get("year"), get("month") - 1, get("day"));
  }

  // Days from today to the deadline: > 0 open, 0 the last day (if the deadline day
  // counts), otherwise closed.
  function deadlineState(isoDate, inclusive, now) {
    var p = isoDate.split("-").map(Number);
    var days = Math.round((Date.UTC(p[0], p[1] - 1, p[2]) - todayInBeijing(now)) / DAY_MS);
    if (days > 0) return { state: "open", days: days };
    if (days === 0 && inclusive) return { state: "today", days: 0 };
    return { state: "closed", days: days };
  }

  // The labels come from the page (data-label-*), so this file holds no language.
  function renderDeadlines(root) {
    var nodes = root.querySelectorAll(".cf-deadline[data-deadline]");
    Array.prototype.forEach.call(nodes, function (el) {
      var result = deadlineState(el.dataset.deadline, el.dataset.inclusive === "true", new Date());
      var label = el.getAttribute("data-label-" + result.state) || "";
      el.textContent = label.replace("{days}", String(result.days));
      el.classList.remove("cf-deadline--open", "cf-deadline--today", "cf-deadline--closed");
      el.classList.add("cf-deadline--" + result.state);
      el.setAttribute("data-state", result.state);
    });
  }

  // The header's language links: point each at the current page's translation. The
  // head's <link rel="alternate" hreflang> give each language's root; every page exists
  // at the same path under each root. Run after every instant page change, since the
  // header itself is not replaced then.
  function linkTranslations() {
    var roots = {};
    Array.prototype.forEach.call(
      document.querySelectorAll("link[rel=alternate][hreflang]"),
      function (link) { roots[link.getAttribute("hreflang")] = link.href; }
    );
    var here = location.href.split("#")[0].split("?")[0];
    var current = Object.keys(roots)
      .filter(function (lang) { return here.indexOf(roots[lang]) === 0; })
      .sort(function (a, b) { return roots[b].length - roots[a].length; })[0];
    if (!current) return;
    var path = here.slice(roots[current].length);
    Array.prototype.forEach.call(
      document.querySelectorAll("a.md-select__link[hreflang]"),
      function (a) {
        var root = roots[a.getAttribute("hreflang")];
        if (root) a.href = root + path;
        // A full page load, not an instant one: the header, tabs and search of the
        // other language must load too. (material skips links that have a target.)
        a.target = "_self";
      }
    );
  }

  function onPage() {
    renderDeadlines(document);
    linkTranslations();
  }

  window.castform = window.castform || {};
  window.castform.deadlineState = deadlineState;

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(onPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onPage);
  } else {
    onPage();
  }
})();
