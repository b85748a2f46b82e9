"""Measure the checker with a big budget (issue 9 §7): import N budget lines through the
file picker and print the time from the import to the first result on the page and the
longest task meanwhile. Not a test (no timed assertions in tests): run it by hand.

    .venv/bin/python tests/browser/measure_big_import.py [--lines 1000] [--runs 3] [--site site]

Builds nothing: it serves an already built site (`python build.py`) on a free port.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))

from browserfixtures import CHROMIUM, LAUNCH_ARGS  # noqa: E402
from checkerpage import CheckerPage, example  # noqa: E402

from sitebuild.serve import SiteServer  # noqa: E402
from sitebuild.testing import free_port  # noqa: E402

OBSERVE = """
window.__tasks = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__tasks.push([entry.startTime, entry.duration]);
}).observe({ type: "longtask", buffered: true });
"""

FIRST_RESULT = """() => {
  const root = document.getElementById("cf-app");
  return root.dataset.checked && window.__importAt && Number(root.dataset.checked) > window.__importAt ? Number(root.dataset.checked) : 0;
}"""


def application(lines: int) -> dict:
    app = example("tech-economy-ready.json")
    line = app["budget"]["lines"][0]
    app["budget"]["lines"] = [{**line, "item": f"第 {i + 1} 行 {line['item']}"} for i in range(lines)]
    app["budget"]["declared_total"] = str(lines * int(line["amount"]))
    return app


def run_once(browser, url: str, lines: int) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(OBSERVE)
    page = context.new_page()
    checker = CheckerPage(page, url).goto()
    checker.wait_engine()
    checker.settle()
    content = json.dumps(application(lines), ensure_ascii=False).encode()
    page.evaluate("() => { window.__tasks = []; }")
    page.evaluate("() => { window.__importAt = Date.now(); window.__importPerf = performance.now(); }")
    checker.import_bytes(content, "big.json")
    deadline = time.monotonic() + 120
    first = 0
    while not first and time.monotonic() < deadline:
        first = page.evaluate(FIRST_RESULT)
        page.wait_for_timeout(10)
    first_ms = first - page.evaluate("() => window.__importAt")
    checker.settle()
    page.wait_for_timeout(3000)  # rows and messages still being drawn in slices
    tasks = page.evaluate("() => window.__tasks.filter(([start]) => start >= window.__importPerf)")
    rows = checker.rows("budget.lines").count()
    context.close()
    return {
        "first_result_ms": first_ms,
        "longest_task_ms": max((d for _, d in tasks), default=0),
        "tasks_over_50ms": len(tasks),
        "rows": rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site", default=str(HERE.parents[1] / "site"))
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    port = free_port()
    server = SiteServer(Path(args.site), "127.0.0.1", port, quiet=True)
    server.start_in_thread()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
            results = [run_once(browser, f"http://127.0.0.1:{port}/", args.lines) for _ in range(args.runs)]
            browser.close()
    finally:
        server.shutdown()
    for r in results:
        print(
            f"{args.lines} lines: first result {r['first_result_ms']:.0f} ms after the import, "
            f"longest task {r['longest_task_ms']:.0f} ms, {r['tasks_over_50ms']} tasks over 50 ms, {r['rows']} rows"
        )
    print(
        f"median first result {statistics.median(r['first_result_ms'] for r in results):.0f} ms; "
        f"median longest task {statistics.median(r['longest_task_ms'] for r in results):.0f} ms"
    )


if __name__ == "__main__":
    main()
