"""Chromium for the bench: an init script that records what the page does, and the loads.

The init script runs before any script of every page (added through CDP, so the page's
Content-Security-Policy does not apply to it). It records long tasks and long animation
frames, and every check result as the DOM shows it — each time `#cf-app[data-checked]`
changes — and when `#cf-engine[data-phase=ready]` first appears (or the engine client's
state says ready), when the engine's worker is made and when it says it has booted (its
"ready" message, whatever page is shown: the warm row needs it on the notice page), and
when each answer of the engine's worker reaches the page (and the worker's own time for
it). Nothing here needs the checker's script objects: the checker's
page JavaScript can be rewritten without breaking the bench.
"""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

from sitebuild.testing import CHROMIUM, LAUNCH_ARGS

from .server import BARE_PREFIX, BenchServer

VIEWPORT = {"width": 1280, "height": 800}  # wide enough for material's tabs
TIMEOUT_MS = 120_000
SETTLE_MS = 1500  # after the first result: late long tasks, lazy requests

INIT_SCRIPT = r"""
(() => {
  if (window.__cfBench) return;
  const m = window.__cfBench = {
    initScript: true, longtasks: [], loaf: [], checks: [], firstChecked: null,
    engineReadyAt: null, engineBootedAt: null, workerAt: null, clickAt: null, onCheck: null, errors: [],
  };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) m.longtasks.push({ start: e.startTime, duration: e.duration, name: e.name,
        attribution: (e.attribution || []).map((a) => a.containerSrc || a.containerName || a.name) });
    }).observe({ type: "longtask", buffered: true });
  } catch (error) { m.errors.push("longtask: " + error); }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) m.loaf.push({ start: e.startTime, duration: e.duration,
        blocking: e.blockingDuration, render: e.renderStart ? e.startTime + e.duration - e.renderStart : 0,
        scripts: (e.scripts || []).map((s) => ({ src: s.sourceURL, fn: s.sourceFunctionName,
          invoker: s.invoker, duration: Math.round(s.duration), forcedLayout: Math.round(s.forcedStyleAndLayoutDuration || 0) })) });
    }).observe({ type: "long-animation-frame", buffered: true });
  } catch (error) { m.errors.push("loaf: " + error); }
  new MutationObserver((records) => {
    for (const r of records) {
      const t = performance.now();
      if (r.attributeName === "data-checked" && r.target.id === "cf-app") {
        if (m.firstChecked === null) m.firstChecked = t;
        m.checks.push(t);
        if (m.onCheck) m.onCheck(t);
      } else if (r.attributeName === "data-phase" && r.target.id === "cf-engine"
                 && r.target.dataset.phase === "ready" && m.engineReadyAt === null) {
        m.engineReadyAt = t;
      }
    }
  }).observe(document, { attributes: true, attributeFilter: ["data-checked", "data-phase"], subtree: true });
  document.addEventListener("click", () => {
    m.clickAt = performance.now();
    // From the click on: when the checker's content is in the document (instant navigation).
    if (m.appAt === undefined) {
      m.appAt = null;
      new MutationObserver(() => {
        if (m.appAt === null && document.getElementById("cf-app")) m.appAt = performance.now();
      }).observe(document, { childList: true, subtree: true });
    }
  }, true);
  const PlainWorker = window.Worker;
  window.Worker = class extends PlainWorker {
    constructor(...args) {
      const t = performance.now(), url = String(args[0]);
      m.workers = (m.workers || []).concat([{ url, t }]);
      // The engine's worker (or the bare page's), not material's search worker.
      if (m.workerAt === null && /\/(engine\/worker-[0-9a-f]+|__bare__\/worker)\.mjs/.test(url)) m.workerAt = t;
      super(...args);
      // Each answer as it reaches the page, before the page's own handler (added first):
      // when, and the worker's own time for the Python call (its `ms`), so that the edit
      // loop can tell the engine's time from the page's.
      if (/\/engine\/worker-[0-9a-f]+\.mjs/.test(url)) {
        this.addEventListener("message", (event) => {
          const data = event.data || {};
          if (data.type === "result") m.lastResult = { at: performance.now(), ms: typeof data.ms === "number" ? data.ms : null };
          else if (data.type === "ready" && m.engineBootedAt == null) m.engineBootedAt = performance.now();
        });
      }
    }
  };
})();
"""

READ_STATE = """() => {
  const m = window.__cfBench || {};
  const nav = performance.getEntriesByType("navigation")[0];
  const engine = window.castformEngine ? window.castformEngine.state : null;
  return {
    initScript: !!m.initScript, errors: m.errors || [], longtasks: m.longtasks || [], loaf: m.loaf || [],
    firstChecked: m.firstChecked, checks: m.checks || [], engineReadyAt: m.engineReadyAt, workerAt: m.workerAt,
    engineBootedAt: m.engineBootedAt == null ? null : m.engineBootedAt,
    clickAt: m.clickAt, appAt: m.appAt === undefined ? null : m.appAt, marker: m.marker || null,
    mounted: !!document.querySelector("#cf-app[data-checked]") || !!window.castformChecker, hasConfig: !!document.getElementById("cf-config"),
    engine: engine && { phase: engine.phase, timings: engine.timings || null, loaded: engine.loaded },
    domContentLoaded: nav ? nav.domContentLoadedEventEnd : null, load: nav ? nav.loadEventEnd : null,
    bare: window.bareResult || null, bareExtra: window.bareExtra || null,
    cspMeta: !!document.querySelector('meta[http-equiv="Content-Security-Policy"]'),
    timeOrigin: performance.timeOrigin, workers: m.workers || [],
  };
}"""

WORKER_VIEW = """() => ({
  timeOrigin: performance.timeOrigin,
  resources: performance.getEntriesByType("resource").map((e) => ({
    name: e.name.split("/").pop().split("?")[0], start: e.startTime, end: e.responseEnd, transfer: e.transferSize })),
})"""

CHECKED = "#cf-app[data-checked], #cf-engine[data-phase=failed], #cf-engine[data-phase=unsupported]"


class Browser:
    def __init__(self, playwright, server: BenchServer, base_url: str):
        self.playwright = playwright
        self.server = server
        self.base_url = base_url
        self.console_errors: list[str] = []

    @contextlib.contextmanager
    def context(self, profile: Path, service_worker: bool = False):
        """A browser on an on-disk profile (its HTTP cache kept between two contexts on the
        same profile). The site's service worker is blocked unless asked for: it would
        precache the site in the background of every measurement."""
        ctx = self.playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=LAUNCH_ARGS,
            viewport=VIEWPORT,
            service_workers="allow" if service_worker else "block",
        )
        try:
            ctx.add_init_script(INIT_SCRIPT)
            page = ctx.pages[0] if ctx.pages else ctx.new_page()
            page.on(
                "console",
                lambda msg: self.console_errors.append(f"{msg.type}: {msg.text}") if msg.type in ("error", "warning") else None,
            )
            page.on("pageerror", lambda error: self.console_errors.append(f"pageerror: {error}"))
            page.on("dialog", lambda dialog: dialog.accept())  # "replace the form with the file?"
            yield page
        finally:
            ctx.close()

    def load_checker(self, page, path: str = "checker/") -> dict:
        mark = self.server.mark()
        page.goto(self.base_url + path, wait_until="commit")
        page.wait_for_selector(CHECKED, state="attached", timeout=TIMEOUT_MS)
        page.wait_for_timeout(SETTLE_MS)
        state = page.evaluate(READ_STATE)
        if state["engine"] and state["engine"]["phase"] != "ready":
            raise RuntimeError(f"checker engine: {state['engine']} {self.console_errors[-5:]}")
        state["requests"] = self.server.since(mark)
        state["worker"] = self.worker_view(page, "/engine/worker-", state["timeOrigin"])
        return state

    @staticmethod
    def worker_view(page, marker: str, page_origin: float) -> dict | None:
        """Resource Timing inside a worker, on the page's clock (Playwright attaches to
        dedicated workers; a CDP session on the page does not see them). None for the
        checker's booted engine, which refuses code from strings, Playwright's too."""
        for worker in page.workers:
            if marker in worker.url:
                try:
                    view = worker.evaluate(WORKER_VIEW)
                except Exception:  # noqa: BLE001 - the booted engine refuses code from strings
                    return None
                shift = view["timeOrigin"] - page_origin
                view["origin_on_page"] = shift
                for r in view["resources"]:
                    r["start"] += shift
                    r["end"] += shift
                return view
        return None

    def import_file(self, page, data: bytes, name: str = "application.json") -> dict:
        """Import a file through the page's own file input, as a reader does; return
        {first: ms from the import to the next result in the DOM, longtasks, at}."""
        start = page.evaluate(
            "() => { window.__cfBench.checks = []; window.__cfBench.importAt = performance.now();"
            " return window.__cfBench.importAt; }"
        )
        page.locator("#cf-import").set_input_files(files=[{"name": name, "mimeType": "application/json", "buffer": data}])
        for _ in range(TIMEOUT_MS // 50):
            first = page.evaluate("(t) => (window.__cfBench.checks || []).find((c) => c > t) || null", start)
            if first:
                break
            page.wait_for_timeout(50)
        else:
            raise RuntimeError(f"no result within {TIMEOUT_MS} ms of importing {name}")
        page.wait_for_timeout(SETTLE_MS)
        state = page.evaluate(READ_STATE)
        return {"first": first - start, "start": start, "firstAt": first, "state": state}

    def load_bare(self, page, query: str) -> dict:
        mark = self.server.mark()
        page.goto(f"{self.base_url}{BARE_PREFIX[1:]}/index.html?{query}", wait_until="commit")
        page.wait_for_selector("body[data-done], body[data-failed]", state="attached", timeout=TIMEOUT_MS)
        page.wait_for_timeout(SETTLE_MS)
        for _ in range(100):  # the after-"done" breakdown (bench/bare/worker.mjs), up to 10 s more
            if page.evaluate("() => !!window.bareExtra || !!document.body.dataset.failed"):
                break
            page.wait_for_timeout(100)
        state = page.evaluate(READ_STATE)
        if not state["bare"]:
            raise RuntimeError(f"bare page failed: {page.text_content('#status')}")
        state["requests"] = self.server.since(mark)
        state["worker"] = self.worker_view(page, "/__bare__/worker", state["timeOrigin"])
        return state


def fresh_profile(tmp: Path, name: str) -> Path:
    """An empty browser profile folder under tmp: a first visit, no cache, no storage."""
    return Path(tempfile.mkdtemp(prefix=f"{name}-", dir=tmp))
