"""How fast the checker page is, in a real browser, against a bare Pyodide page.

Builds the site once into a temporary folder (or takes --site-dir), serves it and the bare
comparison page (bench/bare/, at /__bare__/) from one local server that logs every
request with the bytes it sent, drives Debian's Chromium headless with Playwright, and
prints, side by side in the same run (several rounds, medians, ratios):

1. cold, fresh profile: navigation → first check result in the DOM on the checker page,
   against the bare page (the same vendored Pyodide files and lock file, pydantic imported,
   nothing else). Target: checker ≤ 1.1 × bare. For reference, a third page: the bare
   page on the checker's standard library (the modules it imports as bytecode,
   sitebuild/bytecode.py), which isolates what castform itself adds.
2. warm: 5 s on the notice page (the engine warms up on idle), then a click on the
   checker's tab (material's instant navigation); click → first result. Target ≤ 0.5 s.
3. re-check after an edit with 200 budget lines: one amount changed (value + input
   event), edit → #cf-app[data-checked] set again, timed inside the page. Target p95 ≤ 16 ms,
   over the edits after the first 20 (which are reported apart: see FIRST_EDITS).
4. long tasks on the main thread during a cold load of the checker page (a
   PerformanceObserver from an init script, which runs before any page script and is not
   subject to the page's CSP). Target: none over 50 ms. Each long task is put down to the
   longest script of the animation frames it overlaps (Long Animation Frames): the theme's
   bundle, the checker's own scripts, or none (rendering only).
5. bytes: a cold load, and a second visit with the same on-disk profile, with the server
   sending (a) no Cache-Control, like `python -m http.server`; (b) GitHub Pages'
   `max-age=600`; (c) the hosting page's headers (`public, max-age=31536000, immutable`
   for engine/ and hashed assets, `no-cache` for the rest); (d) sitebuild.serve's
   `no-cache` everywhere. Target: 0 bytes of engine files on the second visit.

Besides: long tasks when the checker page loads with a saved 200-line draft (restore
fills the form), and on a small page without the checker (material alone); where each
figure's time goes (the worker's stages, Resource Timing inside the worker via
Playwright's worker handle, the edit path's parts timed alone, and — after the bare
worker's "done", outside its figure — pydantic's first model, castform's import and a
first check). Times on a 2-core machine move by 10-30 % when anything else runs: the
load average is printed with the table.

    .venv/bin/python bench/checker_bench.py [--rounds 3] [--edits 50] [--lines 200]
                                            [--site-dir DIR] [--log FILE]

A CDP session on the page does not see the worker's requests and context.route()
switches Chromium's cache off, so bytes come from the server's log; times come from the
page's own clock (performance.now(), origin = navigation start).
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import functools
import gzip
import http.server
import json
import os
import re
import statistics
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitebuild.serve import MIME_TYPES  # noqa: E402
from sitebuild.testing import build_site, free_port  # noqa: E402

BARE_DIR = Path(__file__).resolve().parent / "bare"
BARE_PREFIX = "/__bare__"
# As tests/browser/browserfixtures.py launches it (copied, not imported: that module is a
# pytest plugin).
CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1280, "height": 800}  # wide enough for material's tabs
TIMEOUT_MS = 120_000
SETTLE_MS = 1500  # after the first result: late long tasks, lazy requests

TARGET_COLD_RATIO = 1.1
TARGET_WARM_MS = 500
# The edits timed for the target come after these, reported apart: in the first second
# after a load, V8 is still compiling the hot WebAssembly of the interpreter with its
# optimising tier, and a 200-line check takes 2-4 × its steady time (seen in Node too).
FIRST_EDITS = 20
TARGET_EDIT_P95_MS = 16
TARGET_LONGTASK_MS = 50

IMMUTABLE = "public, max-age=31536000, immutable"
# docs/hosting.md#caching: versioned engine files and material's hashed assets.
IMMUTABLE_PATHS = re.compile(
    r"^/engine/(pyodide-[^/]+/|packages-[0-9a-f]+/|worker-[0-9a-f]+\.mjs$|python_stdlib-[0-9a-f]+\.zip$)"
    r"|^/assets/(javascripts|stylesheets)/.+\.[0-9a-f]{8}\.min\.(js|css)$"
)
CACHE_MODES = {
    "plain": "no Cache-Control (python -m http.server)",
    "pages": "max-age=600 on everything (GitHub Pages)",
    "hosting": "immutable engine + hashed assets, no-cache rest (docs/hosting.md)",
    "siteserver": "no-cache on everything (sitebuild.serve, the tests' server)",
}
TEXT_TYPES = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".wasm", ".txt"}


# ---- the server: the built site + /__bare__/, every request logged with its bytes ------------

class _CountingWriter:
    """Wraps the handler's wfile and counts what is written to the socket."""

    def __init__(self, raw):
        self.raw = raw
        self.count = 0

    def write(self, data):
        written = self.raw.write(data)
        self.count += len(data)
        return written

    def flush(self):
        self.raw.flush()

    def close(self):
        self.raw.close()

    @property
    def closed(self):
        return self.raw.closed


class BenchHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}

    def setup(self):
        super().setup()
        self.wfile = _CountingWriter(self.wfile)

    def handle_one_request(self):
        self.wfile.count = 0
        self._status = None
        self._header_bytes = 0
        started = time.perf_counter()
        super().handle_one_request()
        if self._status is not None:
            total = self.wfile.count
            self.server.record({
                "t": started, "method": self.command, "path": urlsplit(self.path).path,
                "status": self._status, "wire": total, "body": total - self._header_bytes,
                "mode": self.server.mode,
            })

    def send_response(self, code, message=None):
        self._status = code
        super().send_response(code, message)

    def end_headers(self):
        mode = self.server.mode
        path = urlsplit(self.path).path
        if mode == "pages":
            self.send_header("Cache-Control", "max-age=600")
        elif mode == "hosting":
            self.send_header("Cache-Control", IMMUTABLE if IMMUTABLE_PATHS.search(path) else "no-cache")
        elif mode == "siteserver":
            self.send_header("Cache-Control", "no-cache")
        super().end_headers()
        self._header_bytes = self.wfile.count

    def translate_path(self, path):
        if path.startswith(BARE_PREFIX + "/"):
            saved = self.directory
            self.directory = str(BARE_DIR)
            try:
                return super().translate_path(path[len(BARE_PREFIX):])
            finally:
                self.directory = saved
        return super().translate_path(path)

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass  # the structured log (BenchServer.records) replaces the stderr one


class BenchServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, site_dir: Path, port: int):
        self.mode = "plain"
        self.records: list[dict] = []
        self._lock = threading.Lock()
        super().__init__(("127.0.0.1", port), functools.partial(BenchHandler, directory=str(site_dir)))

    def record(self, entry: dict) -> None:
        with self._lock:
            self.records.append(entry)

    def mark(self) -> int:
        with self._lock:
            return len(self.records)

    def since(self, mark: int) -> list[dict]:
        time.sleep(0.2)  # let the last responses finish writing
        with self._lock:
            return list(self.records[mark:])


def split_bytes(records: list[dict]) -> dict:
    def part(rows):
        return {"requests": len(rows), "bytes": sum(r["body"] for r in rows),
                "wire": sum(r["wire"] for r in rows), "not_modified": sum(r["status"] == 304 for r in rows)}
    engine = [r for r in records if r["path"].startswith("/engine/")]
    bare = [r for r in records if r["path"].startswith(BARE_PREFIX + "/")]
    # The bare worker fetches castform's wheel only after "done" (its breakdown): not counted.
    records = [r for r in records if "/castform-" not in r["path"]] if bare else records
    engine = [r for r in engine if r in records]
    rest = [r for r in records if r not in engine and r not in bare]
    return {"engine": part(engine), "rest": part(rest), "bare": part(bare), "all": part(records)}


def gzip_estimate(site_dir: Path, records: list[dict]) -> int:
    """What the 200 responses of this load would weigh gzip'ed (-6) where a host compresses
    text types (.wasm included, not .zip/.whl), to compare with GitHub Pages."""
    total = 0
    for path in {r["path"] for r in records if r["status"] == 200}:
        file = site_dir / path.lstrip("/")
        if path.endswith("/"):
            file = file / "index.html"
        if path.startswith(BARE_PREFIX + "/") or not file.is_file():
            continue
        data = file.read_bytes()
        total += len(gzip.compress(data, 6)) if file.suffix in TEXT_TYPES else len(data)
    return total


# ---- the browser ------------------------------------------------------------------------------

# Runs before any script of every page (via CDP, so the page's CSP does not apply to it).
INIT_SCRIPT = r"""
(() => {
  if (window.__cfBench) return;
  const m = window.__cfBench = {
    initScript: true, longtasks: [], loaf: [], checks: [], firstChecked: null,
    engineReadyAt: null, workerAt: null, clickAt: null, onCheck: null, errors: [],
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
    clickAt: m.clickAt, appAt: m.appAt === undefined ? null : m.appAt, marker: m.marker || null,
    mounted: !!window.castformChecker, hasConfig: !!document.getElementById("cf-config"),
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
    def context(self, profile: Path):
        ctx = self.playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS, viewport=VIEWPORT)
        try:
            ctx.add_init_script(INIT_SCRIPT)
            page = ctx.pages[0] if ctx.pages else ctx.new_page()
            page.on("console", lambda msg: self.console_errors.append(f"{msg.type}: {msg.text}")
                    if msg.type in ("error", "warning") else None)
            page.on("pageerror", lambda error: self.console_errors.append(f"pageerror: {error}"))
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
        """Resource Timing inside the engine's worker, on the page's clock (Playwright
        attaches to dedicated workers; a CDP session on the page does not see them)."""
        for worker in page.workers:
            if marker in worker.url:
                view = worker.evaluate(WORKER_VIEW)
                shift = view["timeOrigin"] - page_origin
                view["origin_on_page"] = shift
                for r in view["resources"]:
                    r["start"] += shift
                    r["end"] += shift
                return view
        return None

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


# ---- the 200-line application -----------------------------------------------------------------

CATEGORIES = ["meeting", "travel", "expert-consultation", "labour", "printing", "commissioned", "rental", "office"]


def big_application(lines: int) -> dict:
    """examples/tech-economy-ready.json with `lines` budget lines, all sums right, under the cap."""
    app = copy.deepcopy(json.loads((ROOT / "examples" / "tech-economy-ready.json").read_text(encoding="utf-8")))
    rows = []
    for i in range(lines):
        category = CATEGORIES[i % len(CATEGORIES)]
        price, qty, times = Decimal(100 + (i * 37) % 400), Decimal(1 + i % 3), Decimal(1)
        amount = price * qty * times
        row = {"category": category, "item": f"支出内容 {i}（调研/会议）", "unit_price": str(price),
               "quantity": str(qty), "times": str(times), "amount": str(amount),
               "basis": f"{price} 元 × {qty} × {times}，按市场询价", "spending_unit": app["lead_unit"]["name"]}
        if category == "meeting":
            row["meeting_class"] = "3"
        if category == "expert-consultation":
            row["expert_title"] = "senior"
        rows.append(row)
    app["budget"] = {"lines": rows, "declared_total": str(sum(Decimal(r["amount"]) for r in rows))}
    return app


EDIT_LOOP = """async ({ app, edits, firstEdits, line, gapMs }) => {
  const c = window.castformChecker, m = window.__cfBench, engine = window.castformEngine;
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const nextCheck = () => new Promise((resolve) => { m.onCheck = (t) => { m.onCheck = null; resolve(t); }; });
  const t0 = performance.now();
  let p = nextCheck();
  c.fill(app);
  c.changed();
  await p;
  const fillMs = performance.now() - t0;
  const baseFindings = c.lastReport.findings.length;
  await sleep(300);
  const input = document.getElementById(`f-budget-lines-${line}-amount`);
  if (!input) throw new Error("no amount field for line " + line);
  const good = input.value, bad = String(Number(good) + 1);
  const onLine = () => c.lastReport.findings.filter((f) => (f.field || "").startsWith(`budget.lines[${line}]`)).length;
  const samples = [];
  for (let i = 0; i < firstEdits + edits; i++) {
    await sleep(gapMs);
    const value = i % 2 === 0 ? bad : good;
    p = nextCheck();
    const start = performance.now();
    input.value = value;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    const end = await p;
    samples.push({ ms: end - start, wrong: value === bad, onLine: onLine(), findings: c.lastReport.findings.length,
                   phase: i < firstEdits ? "first" : "steady" });
  }
  // Where the time goes, each part alone (20 times each, after the loop).
  // (The draft is saved when the browser is idle, not on the edit's path: timed apart.)
  const parts = { edit_stringify: [], worker_roundtrip: [], parse_draw: [], save_on_idle: [] };
  let json = null;
  for (let i = 0; i < 20; i++) {
    await sleep(20);
    let s = performance.now();
    const text = JSON.stringify(c.edit(input));
    parts.edit_stringify.push(performance.now() - s);
    s = performance.now();
    c.save();
    parts.save_on_idle.push(performance.now() - s);
    s = performance.now();
    json = await engine.request("check", text);
    parts.worker_roundtrip.push(performance.now() - s);
    s = performance.now();
    c.draw(JSON.parse(json));
    parts.parse_draw.push(performance.now() - s);
  }
  return { fillMs, baseFindings, samples, parts, resultBytes: json.length, inputBytes: JSON.stringify(c.collect()).length,
           fields: document.querySelectorAll("#cf-form [data-path]").length };
}"""


# ---- the measurements -----------------------------------------------------------------------

def fresh_profile(tmp: Path, name: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=f"{name}-", dir=tmp))


def task_culprit(state: dict, task: dict) -> dict | None:
    """The longest script (Long Animation Frames) in the frames a long task overlaps."""
    frames = [f for f in state["loaf"] if f["start"] <= task["start"] + task["duration"]
              and f["start"] + f["duration"] >= task["start"]]
    scripts = sorted((s for f in frames for s in f["scripts"]), key=lambda s: -s["duration"])
    return scripts[0] if scripts else None


def whose(culprit: dict | None) -> str:
    """'theme' (material's bundle), 'checker' (our scripts) or 'render' (no script ran)."""
    if culprit is None:
        return "render"
    source = culprit.get("src") or culprit.get("invoker") or ""
    return "theme" if "/assets/javascripts/bundle." in source else "checker"


def longtask_summary(state: dict, until: float | None = None) -> dict:
    tasks = [t for t in state["longtasks"] if until is None or t["start"] <= until]
    longest = max(tasks, key=lambda t: t["duration"], default=None)
    by_whom: dict[str, int] = {}
    detail = []
    for task in tasks:
        culprit = task_culprit(state, task)
        who = whose(culprit)
        by_whom[who] = by_whom.get(who, 0) + 1
        detail.append((round(task["start"]), round(task["duration"]), who,
                       (culprit or {}).get("invoker", "").rsplit("/", 1)[-1]))
    return {"count": len(tasks), "longest": longest["duration"] if longest else 0.0,
            "at": longest["start"] if longest else None,
            "culprit": task_culprit(state, longest) if longest else None,
            "by": by_whom, "detail": detail, "all": sorted(round(t["duration"]) for t in tasks)}


def _by_whom(summaries: list[dict]) -> str:
    total: dict[str, int] = {}
    for summary in summaries:
        for who, n in summary["by"].items():
            total[who] = total.get(who, 0) + n
    return ", ".join(f"{who} {n}" for who, n in sorted(total.items())) or "none"


def measure_cold(browser: Browser, tmp: Path, rounds: int, bare_query: str, bare_bytecode_query: str) -> dict:
    """Checker, bare page, and (for reference) the bare page on the checker's bytecode stdlib."""
    checker, bare, bare_bytecode = [], [], []
    browser.server.mode = "plain"
    runs = {
        "checker": (checker, browser.load_checker),
        "bare": (bare, lambda page: browser.load_bare(page, bare_query)),
        "bare-bytecode": (bare_bytecode, lambda page: browser.load_bare(page, bare_bytecode_query)),
    }
    for i in range(rounds):
        order = list(runs)[i % 3:] + list(runs)[:i % 3]  # each goes first once in three rounds
        for which in order:
            with browser.context(fresh_profile(tmp, f"cold-{which}")) as page:
                results, load = runs[which]
                results.append(load(page))
        c, b = checker[-1], bare[-1]
        print(f"  round {i + 1}: checker {c['firstChecked']:.0f} ms "
              f"(worker created {c['workerAt']:.0f} ms, engine ready {c['engineReadyAt']:.0f} ms, "
              f"worker {c['engine']['timings']}), bare {b['bare']['done_ms']:.0f} ms "
              f"(worker created {b['workerAt']:.0f} ms, worker {b['bare']['timings']}, "
              f"then a first BaseModel +{(b['bareExtra'] or {}).get('basemodel_ms', '?')} ms); "
              f"bare on the checker's stdlib {bare_bytecode[-1]['bare']['done_ms']:.0f} ms", flush=True)
    return {"checker": checker, "bare": bare, "bare_bytecode": bare_bytecode}


def _fmt(value) -> str:
    return "—" if value is None else f"{value:.0f}"


def measure_warm(browser: Browser, tmp: Path, rounds: int) -> dict:
    """5 s on the notice page, then a click on the checker's tab; click → first result.

    "fresh": a new profile (the engine downloads while the reader is on the notice page);
    "cached": the same profile a second time (the engine comes from the disk cache).
    A click that gives no result within 15 s is reported with the page's errors.
    """
    browser.server.mode = "hosting"
    results = {"fresh": [], "cached": []}
    for i in range(rounds):
        profile = fresh_profile(tmp, "warm")
        for kind in ("fresh", "cached"):
            errors_before = len(browser.console_errors)
            with browser.context(profile) as page:
                page.goto(browser.base_url + "notice/", wait_until="load")
                page.evaluate("""() => window.castformEngine.subscribe((st) => {
                  if (st.phase === "ready" && !window.__cfBench.readyAt) window.__cfBench.readyAt = performance.now(); })""")
                page.wait_for_timeout(5000)
                on_notice = page.evaluate("() => ({ workerAt: window.__cfBench.workerAt, readyAt: window.__cfBench.readyAt || null, "
                                          "now: performance.now() })")
                before = page.evaluate("() => window.castformEngine && window.castformEngine.state.phase")
                page.evaluate("() => { window.__cfBench.marker = 'before-click'; window.__cfBench.checks = []; }")
                page.click('.md-tabs a.md-tabs__link[href$="checker/"]')
                error = None
                try:
                    page.wait_for_selector(CHECKED, state="attached", timeout=15_000)
                except Exception:  # noqa: BLE001 - Playwright's TimeoutError
                    error = "no result within 15 s"
                page.wait_for_timeout(300)
                state = page.evaluate(READ_STATE)
            instant = state["marker"] == "before-click"
            ms = state["checks"][0] - state["clickAt"] if instant and state["checks"] else None
            app_ms = state["appAt"] - state["clickAt"] if instant and state["appAt"] else None
            if not instant:
                error = "the click caused a full page load (site_url does not match the server?)"
            if error:
                page_errors = [e for e in browser.console_errors[errors_before:] if "pageerror" in e]
                error += f"; checker mounted: {state['mounted']}, #cf-config present: {state['hasConfig']}; " \
                         f"page errors: {page_errors or 'none'}"
            results[kind].append({"ms": ms, "app_ms": app_ms, "phase_at_click": before, "error": error,
                                  "notice": on_notice})
            shown = f"{ms:.0f} ms" if ms is not None else f"NONE ({error})"
            print(f"  round {i + 1} ({kind}): on the notice page the engine worker started @{_fmt(on_notice['workerAt'])} ms, "
                  f"ready @{_fmt(on_notice['readyAt'])} ms, click @{_fmt(on_notice['now'])} ms; "
                  f"engine {before!r} at the click; checker content in the DOM "
                  f"{_fmt(app_ms)} ms after the click; click → first result {shown}",
                  flush=True)
    return results


def measure_edits(browser: Browser, tmp: Path, lines: int, edits: int) -> dict:
    browser.server.mode = "hosting"
    with browser.context(fresh_profile(tmp, "edits")) as page:
        browser.load_checker(page)
        result = page.evaluate(EDIT_LOOP, {"app": big_application(lines), "edits": edits,
                                           "firstEdits": FIRST_EDITS, "line": lines // 2, "gapMs": 40})
        after = page.evaluate(READ_STATE)
        # Loading again with the 200-line draft saved in localStorage: restore() fills the form.
        page.wait_for_timeout(500)
        reloaded = browser.load_checker(page)
    result["longtasks_during_edits"] = [round(t["duration"]) for t in after["longtasks"]
                                        if t["start"] > (after["firstChecked"] or 0) + SETTLE_MS]
    result["reload"] = {"longtasks": longtask_summary(reloaded), "firstChecked": reloaded["firstChecked"]}
    return result


def measure_reference(browser: Browser, tmp: Path) -> dict:
    """Long tasks on a cold load of a small page without the checker (material alone)."""
    browser.server.mode = "hosting"
    with browser.context(fresh_profile(tmp, "reference")) as page:
        page.goto(browser.base_url + "about/", wait_until="load")
        page.wait_for_timeout(3000)
        return longtask_summary(page.evaluate(READ_STATE))


def measure_bytes(browser: Browser, tmp: Path) -> dict:
    out = {}
    for mode in CACHE_MODES:
        browser.server.mode = mode
        profile = fresh_profile(tmp, f"bytes-{mode}")
        visits = []
        for _visit in (1, 2):
            with browser.context(profile) as page:
                state = browser.load_checker(page)
            visits.append({"bytes": split_bytes(state["requests"]), "ms": state["firstChecked"],
                           "requests": state["requests"], "timings": state["engine"]["timings"]})
        out[mode] = visits
        v1, v2 = visits
        print(f"  {mode:<10} visit 1: {v1['bytes']['all']['bytes'] / 1e6:.2f} MB in {v1['bytes']['all']['requests']} requests; "
              f"visit 2: engine {v2['bytes']['engine']['bytes']:,} B in {v2['bytes']['engine']['requests']} requests "
              f"({v2['bytes']['engine']['not_modified']} × 304), rest {v2['bytes']['rest']['bytes']:,} B in "
              f"{v2['bytes']['rest']['requests']} requests, first result {v2['ms']:.0f} ms", flush=True)
    return out


# ---- the report -----------------------------------------------------------------------------

def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def report(site_dir: Path, cold: dict, warm: dict, edits: dict, nbytes: dict, rounds: int, lines: int,
           reference: dict, load_before: tuple) -> None:
    med = statistics.median
    rows = []  # (what, measured, comparison, target, verdict)

    c_ms = [s["firstChecked"] for s in cold["checker"]]
    b_ms = [s["bare"]["done_ms"] for s in cold["bare"]]
    ratio = med(c_ms) / med(b_ms)
    rows.append(("1 cold, fresh profile: nav → first result",
                 f"checker {med(c_ms):.0f} ms ({', '.join(f'{x:.0f}' for x in c_ms)})",
                 f"bare {med(b_ms):.0f} ms ({', '.join(f'{x:.0f}' for x in b_ms)}); ratio {ratio:.2f}×",
                 f"≤ {TARGET_COLD_RATIO}× bare", verdict(ratio <= TARGET_COLD_RATIO)))
    bb_ms = [s["bare"]["done_ms"] for s in cold["bare_bytecode"]]
    rows.append(("1 (reference) bare on the checker's bytecode stdlib",
                 f"bare+stdlib {med(bb_ms):.0f} ms ({', '.join(f'{x:.0f}' for x in bb_ms)})",
                 f"checker / bare+stdlib: ratio {med(c_ms) / med(bb_ms):.2f}×", "(like for like)", "—"))

    for kind, label in (("fresh", "fresh profile"), ("cached", "same profile, 2nd time")):
        w = [r["ms"] for r in warm[kind]]
        apps = [r["app_ms"] for r in warm[kind] if r["app_ms"] is not None]
        phases = ",".join(sorted({str(r["phase_at_click"]) for r in warm[kind]}))
        shown = ", ".join("none" if x is None else f"{x:.0f}" for x in w)
        got = [x for x in w if x is not None]
        measured = f"{med(got):.0f} ms ({shown})" if len(got) == len(w) else f"no result in {len(w) - len(got)}/{len(w)} ({shown})"
        rows.append((f"2 warm, {label}: click → first result", measured,
                     f"engine at click: {phases}; content in DOM {med(apps):.0f} ms" if apps else f"engine at click: {phases}",
                     f"≤ {TARGET_WARM_MS} ms", verdict(len(got) == len(w) and max(got) <= TARGET_WARM_MS)))

    e = [s["ms"] for s in edits["samples"] if s["phase"] == "steady"]
    p50, p95 = pct(e, 0.5), pct(e, 0.95)
    rows.append((f"3 edit → DOM, {lines} lines, {len(e)} edits",
                 f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {max(e):.1f} ms",
                 f"after the first {FIRST_EDITS} edits", f"p95 ≤ {TARGET_EDIT_P95_MS} ms", verdict(p95 <= TARGET_EDIT_P95_MS)))
    f = [s["ms"] for s in edits["samples"] if s["phase"] == "first"]
    rows.append((f"3 (first {len(f)} edits, right after load)",
                 f"p50 {pct(f, 0.5):.1f} ms, p95 {pct(f, 0.95):.1f} ms, max {max(f):.1f} ms",
                 "the engine's code still warming up", "(measure)", "—"))

    lt = [longtask_summary(s) for s in cold["checker"]]
    lt_bare = [longtask_summary(s) for s in cold["bare"]]
    longest = max(x["longest"] for x in lt)
    rows.append(("4 long tasks, cold checker load",
                 f"count {', '.join(str(x['count']) for x in lt)}; longest {', '.join('%.0f' % x['longest'] for x in lt)} ms",
                 f"bare: count {', '.join(str(x['count']) for x in lt_bare)}; longest "
                 f"{', '.join('%.0f' % x['longest'] for x in lt_bare)} ms; checker's by script: {_by_whom(lt)}",
                 f"none > {TARGET_LONGTASK_MS} ms", verdict(longest <= TARGET_LONGTASK_MS)))

    rl = edits["reload"]["longtasks"]
    rows.append((f"4b long tasks, reload with a saved {lines}-line draft",
                 f"count {rl['count']}; longest {rl['longest']:.0f} ms ({rl['all']}); by script: {_by_whom([rl])}",
                 f"about/ (no checker), cold: count {reference['count']}; longest {reference['longest']:.0f} ms; "
                 f"by script: {_by_whom([reference])}",
                 f"none > {TARGET_LONGTASK_MS} ms", verdict(rl["longest"] <= TARGET_LONGTASK_MS)))

    cold_split = [split_bytes(s["requests"]) for s in cold["checker"]]
    bare_split = [split_bytes(s["requests"]) for s in cold["bare"]]
    cb = cold_split[0]
    gz = gzip_estimate(site_dir, cold["checker"][0]["requests"])
    rows.append(("5 bytes, cold checker load (no compression)",
                 f"engine {cb['engine']['bytes'] / 1e6:.2f} MB / {cb['engine']['requests']} req; "
                 f"rest {cb['rest']['bytes'] / 1e6:.2f} MB / {cb['rest']['requests']} req",
                 f"bare {bare_split[0]['all']['bytes'] / 1e6:.2f} MB / {bare_split[0]['all']['requests']} req; "
                 f"checker gzip-6 est. {gz / 1e6:.2f} MB", "(measure)", "—"))
    for mode, visits in nbytes.items():
        v2 = visits[1]["bytes"]
        rows.append((f"5 bytes, 2nd visit, {mode}",
                     f"engine {v2['engine']['bytes']:,} B / {v2['engine']['requests']} req "
                     f"({v2['engine']['not_modified']} × 304)",
                     f"rest {v2['rest']['bytes']:,} B / {v2['rest']['requests']} req; "
                     f"first result {visits[1]['ms']:.0f} ms", "engine 0 B", verdict(v2["engine"]["bytes"] == 0)))

    widths = [max(len(str(r[i])) for r in rows + [("what", "measured", "compared with", "target", "")])
              for i in range(5)]
    print()
    print(f"castform checker benchmark — Chromium headless, 127.0.0.1, {rounds} rounds (medians); "
          f"load average before {load_before[0]:.2f}, after {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    header = ("what", "measured", "compared with", "target", "")
    print("  ".join(str(h).ljust(w) for h, w in zip(header, widths)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths)))

    print()
    print("details")
    tc = [s["engine"]["timings"] for s in cold["checker"]]
    tb = [s["bare"]["timings"] for s in cold["bare"]]
    for key in ("runtime_ms", "packages_ms", "rules_ms"):
        print(f"  checker worker {key:<12} median {med([t[key] for t in tc]):.0f} ms")
    for key in ("runtime_ms", "packages_ms", "import_ms"):
        print(f"  bare worker    {key:<12} median {med([t[key] for t in tb]):.0f} ms")
    print(f"  engine worker created at (page clock): checker {med([s['workerAt'] for s in cold['checker']]):.0f} ms, "
          f"bare {med([s['workerAt'] for s in cold['bare']]):.0f} ms; workers created on the checker page: "
          + ", ".join(f"{w['url'].rsplit('/', 1)[-1]} @{w['t']:.0f}" for w in cold["checker"][0]["workers"]))
    for which, states in (("checker", cold["checker"]), ("bare", cold["bare"])):
        for i, st in enumerate(states):
            view = st.get("worker")
            if not view:
                continue
            done = st["firstChecked"] if which == "checker" else st["bare"]["done_ms"]
            marks = [f"worker clock starts @{view['origin_on_page']:.0f}"]
            for r in sorted(view["resources"], key=lambda r: r["start"]):
                marks.append(f"{r['name'][:24]} {r['start']:.0f}→{r['end']:.0f}")
            print(f"  timeline {which} round {i + 1} (page ms): " + "; ".join(marks) + f"; result/done @{done:.0f}")
    print(f"  checker engine ready → first result drawn: "
          f"{med([s['firstChecked'] - s['engineReadyAt'] for s in cold['checker']]):.0f} ms")
    extras = [s["bareExtra"] for s in cold["bare"] if s["bareExtra"]]
    if extras:
        print("  bare worker after 'done' (the checker's extra 'rules' time, step by step; medians): " + ", ".join(
            f"{k} {med([e[k] for e in extras]):.0f} ms" for k in
            ("basemodel_ms", "castform_wheel_ms", "castform_import_ms", "first_check_ms", "second_check_ms")))
    print(f"  bare worker packages: {cold['bare'][0]['bare']['packages']}")
    print(f"  init script under the page's CSP: ran={all(s['initScript'] for s in cold['checker'])}, "
          f"CSP meta present={cold['checker'][0]['cspMeta']}; observer errors: "
          f"{sorted({x for s in cold['checker'] for x in s['errors']}) or 'none'}")
    for kind in ("fresh", "cached"):
        for r in warm[kind]:
            if r["error"]:
                print(f"  warm ({kind}) failure: {r['error'][:400]}")
    for i, x in enumerate(lt):
        first = cold["checker"][i]["firstChecked"]
        print(f"  long tasks, checker round {i + 1}: {x['all']} ms; longest at {x['at'] or 0:.0f} ms "
              f"(first result at {first:.0f} ms); LoAF script: {x['culprit']}; each (at ms, ms, whose, invoker): "
              f"{x['detail']}")
    for i, x in enumerate(lt_bare):
        print(f"  long tasks, bare round {i + 1}: {x['all']} ms")
    print("  long tasks, reload with the draft (at ms, ms, whose, invoker): "
          f"{edits['reload']['longtasks']['detail']}")
    parts = edits["parts"]
    print(f"  edit loop: fill+first check of {lines} lines {edits['fillMs']:.0f} ms, {edits['fields']} form fields, "
          f"check input {edits['inputBytes']:,} B, result {edits['resultBytes']:,} B, findings at start "
          f"{edits['baseFindings']}")
    print("  edit → DOM, each part alone (median / p95 of 20): " + "; ".join(
        f"{k} {pct(v, 0.5):.1f} / {pct(v, 0.95):.1f} ms" for k, v in parts.items()))
    wrong = [s for s in edits["samples"] if s["wrong"]]
    right = [s for s in edits["samples"] if not s["wrong"]]
    print(f"  the edited line's findings: {sorted({s['onLine'] for s in wrong})} when its amount is wrong, "
          f"{sorted({s['onLine'] for s in right})} when right; long tasks during the edits: "
          f"{edits['longtasks_during_edits'] or 'none'}")
    for mode, visits in nbytes.items():
        v1 = visits[0]["bytes"]
        print(f"  {mode:<10} ({CACHE_MODES[mode]}): visit 1 engine {v1['engine']['bytes']:,} B / "
              f"{v1['engine']['requests']} req, rest {v1['rest']['bytes']:,} B / {v1['rest']['requests']} req")
    ages = [time.time() - p.stat().st_mtime for p in (site_dir / "engine").rglob("*") if p.is_file()]
    print(f"  the engine files were {min(ages) / 60:.0f} min old at the end (a cache without Cache-Control may "
          f"reuse them unvalidated for ~10 % of that: Chromium's heuristic freshness)")
    print(f"  second-visit engine timings (worker): " + "; ".join(
        f"{mode} {visits[1]['timings']}" for mode, visits in nbytes.items()))
    engine_files = sorted({(r["path"], r["body"]) for r in cold["checker"][0]["requests"]
                           if r["path"].startswith("/engine/")})
    print("  engine files, cold: " + ", ".join(f"{p.rsplit('/', 1)[-1]} {b:,}" for p, b in engine_files))


def site_url_of(site_dir: Path) -> str:
    """The address the site was built for (instant navigation needs the server there)."""
    root = ET.parse(site_dir / "sitemap.xml").getroot()
    loc = root.find("{http://www.sitemaps.org/schemas/sitemap/0.9}url/{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    parts = urlsplit(loc.text.strip())
    return f"{parts.scheme}://{parts.netloc}/"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--edits", type=int, default=50)
    parser.add_argument("--lines", type=int, default=200)
    parser.add_argument("--site-dir", type=Path, help="an already built site (served at the address it was built for)")
    parser.add_argument("--log", type=Path, help="write the server's request log here (JSON lines)")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing", file=sys.stderr)
        return 2
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="checker-bench-") as scratch:
        tmp = Path(scratch)
        if args.site_dir:
            site_dir = args.site_dir.resolve()
            base_url = site_url_of(site_dir)
            port = urlsplit(base_url).port
        else:
            port = free_port()
            base_url = f"http://127.0.0.1:{port}/"
            site_dir = tmp / "site"
            started = time.perf_counter()
            build_site(site_dir, site_url=base_url)
            print(f"built the site into {site_dir} in {time.perf_counter() - started:.1f} s")
        manifest = json.loads((site_dir / "engine" / "manifest.json").read_text(encoding="utf-8"))
        bare_params = {"runtime": f"/engine/{manifest['runtime']}",
                       "lock": f"/engine/{manifest['packages']}pyodide-lock.json"}
        bare_query = urlencode(bare_params)
        # For reference only: the bare page with the checker's standard library (its
        # imported modules as bytecode, sitebuild/bytecode.py) instead of Pyodide's own.
        bare_bytecode_query = urlencode({**bare_params, "stdlib": f"/engine/{manifest['stdlib']}"})
        server = BenchServer(site_dir, port)
        threading.Thread(target=server.serve_forever, name="bench-server", daemon=True).start()
        print(f"serving {site_dir} and {BARE_DIR} on {base_url}")
        try:
            with sync_playwright() as playwright:
                browser = Browser(playwright, server, base_url)
                print("1+4. cold loads, fresh profile each (checker / bare / bare on the checker's stdlib, rotating order)")
                cold = measure_cold(browser, tmp, args.rounds, bare_query, bare_bytecode_query)
                print("2. warm: 5 s on the notice page, then the checker's tab")
                warm = measure_warm(browser, tmp, args.rounds)
                print(f"3. edits with {args.lines} budget lines")
                edits = measure_edits(browser, tmp, args.lines, args.edits)
                print("4b. long tasks on a small page without the checker (about/), for reference")
                reference = measure_reference(browser, tmp)
                print("5. bytes, cold and second visit, per caching mode")
                nbytes = measure_bytes(browser, tmp)
        finally:
            server.shutdown()
            server.server_close()
            if args.log:
                with args.log.open("w", encoding="utf-8") as out:
                    for entry in server.records:
                        out.write(json.dumps(entry) + "\n")
        report(site_dir, cold, warm, edits, nbytes, args.rounds, args.lines, reference, load_before)
        noisy = [e for e in browser.console_errors if "unexpected operator" not in e]
        if noisy:
            print(f"\nconsole errors/warnings seen ({len(noisy)}): " + " | ".join(sorted(set(noisy))[:8]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
