"""The engine's worker dies after it has booted (Pyodide's fatal error, an error thrown
outside a Python call): the page says so at once and shows no verdict, a fresh worker
starts by itself, the form as it is then is checked again, and nothing typed is lost —
neither before the crash nor while the new worker boots. A form that kills every worker
is not restarted for ever: after two restarts in a row the engine is "failed" (Retry).

The crash is simulated from outside the worker, the way the page sees a real one: the
worker is terminated and its `error` event fired (what an uncaught error in it gives the
page), or the worker's own last words, {type: "fatal"} (what worker.mjs posts when
Pyodide marks an error as fatal, before it closes). Real engine, real Chromium.
"""

# ruff: noqa: F811  (`session` is test_checker's fixture, imported here and taken as an argument)
from __future__ import annotations

from checkerpage import example
from playwright.sync_api import expect
from test_checker import READY, poll, session  # noqa: F401  (the session fixture)

pytest_plugins = ["browserfixtures"]

# Every engine worker the page makes, kept where a test can reach it (material's search
# worker is not one of them). Runs before the page's scripts.
KEEP_WORKERS = """(() => {
  const Plain = window.Worker;
  window.__engineWorkers = [];
  window.__crashOnCheck = false;
  window.Worker = class extends Plain {
    constructor(url, options) {
      super(url, options);
      if (!/\\/engine\\/worker-[0-9a-f]+\\.mjs/.test(String(url))) return;
      window.__engineWorkers.push(this);
      const post = this.postMessage.bind(this);
      this.postMessage = (message, ...rest) => {
        post(message, ...rest);
        // A form that kills the engine: every check is answered by the worker's death.
        if (window.__crashOnCheck && message && message.type === "check") {
          setTimeout(() => crash(this, "fatal"), 0);
        }
      };
    }
  };
  function crash(worker, how) {
    worker.terminate();
    if (how === "fatal") {
      worker.dispatchEvent(new MessageEvent("message", {
        data: { type: "fatal", message: "Pyodide already fatally failed and can no longer be used." } }));
    } else {
      worker.dispatchEvent(new ErrorEvent("error", { message: "Uncaught RangeError: simulated crash" }));
    }
  }
  window.__crashEngine = (how) => crash(window.__engineWorkers[window.__engineWorkers.length - 1], how);
})();"""

ENGINE_WORKERS = "() => window.__engineWorkers.length"
ENGINE_DOWN = "核查引擎不可用"  # the words' check_failed_engine


def ready_checker(session):
    session.context.add_init_script(KEEP_WORKERS)
    checker = session.checker().goto()
    checker.wait_engine()
    checker.import_data(example(READY))
    expect(checker.page.locator("#cf-app")).to_have_attribute("data-ready", "true")
    assert checker.page.evaluate(ENGINE_WORKERS) == 1
    return checker


def crash_and_recover(session, how: str) -> None:
    checker = ready_checker(session)
    page = checker.page
    title = "一个崩溃之前输入的标题"
    checker.set("title", title)
    checker.settle()

    page.evaluate("(how) => window.__crashEngine(how)", how)
    # said at once: no verdict, the engine is down and will check again by itself
    expect(page.locator("#cf-app")).to_have_attribute("data-state", "failed", timeout=2000)
    assert checker.ready_state() is None
    expect(page.locator("#cf-result .cf-failed")).to_contain_text(ENGINE_DOWN)
    expect(page.locator("#cf-result .cf-ready")).to_have_count(0)

    # typed while the fresh worker boots: a wrong total, so the verdict must change
    checker.set("budget.declared_total", "1")
    assert checker.collect()["budget"]["declared_total"] == "1"

    poll(page, ENGINE_WORKERS + " >= 2")
    checker.wait_engine()
    checker.settle()
    assert page.evaluate(ENGINE_WORKERS) == 2
    assert page.evaluate("() => window.castformEngine.state.restarts") == 1
    expect(page.locator("#cf-app")).not_to_have_attribute("data-state", "failed")
    expect(page.locator("#cf-app")).to_have_attribute("data-ready", "false")
    expect(checker.summary_link("budget.declared_total")).to_have_count(1)
    expect(page.locator("#cf-result .cf-failed")).to_have_count(0)

    data = checker.collect()
    assert data["title"] == title and data["budget"]["declared_total"] == "1"
    expect(checker.field("title")).to_have_value(title)
    expect(checker.field("budget.declared_total")).to_have_value("1")
    stored = checker.stored()
    assert stored["data"]["title"] == title and stored["data"]["budget"]["declared_total"] == "1"

    # and the fresh engine keeps checking
    checker.set("budget.declared_total", example(READY)["budget"]["declared_total"])
    checker.settle()
    expect(page.locator("#cf-app")).to_have_attribute("data-ready", "true")


def test_a_worker_that_dies_is_replaced_and_the_form_checked_again(session):
    session.expect_errors = "simulated crash"  # the page's console reports the worker's error
    crash_and_recover(session, "error")


def test_pyodide_fatal_error_restarts_the_engine(session):
    crash_and_recover(session, "fatal")


def test_a_form_that_kills_every_worker_stops_after_two_restarts(session):
    checker = ready_checker(session)
    page = checker.page
    page.evaluate("() => { window.__crashOnCheck = true; }")
    checker.set("title", "每次核查都让引擎崩溃")
    checker.wait_engine("failed")
    assert page.evaluate(ENGINE_WORKERS) == 3  # the first and two restarts
    assert checker.ready_state() is None
    expect(page.locator("#cf-result .cf-failed")).to_contain_text(ENGINE_DOWN)
    expect(page.locator("#cf-engine-retry")).to_be_visible()
    assert checker.collect()["title"] == "每次核查都让引擎崩溃"

    # Retry starts one more worker, which checks the form as it is
    page.evaluate("() => { window.__crashOnCheck = false; }")
    page.locator("#cf-engine-retry").click()
    checker.wait_engine()
    checker.settle()
    assert page.evaluate(ENGINE_WORKERS) == 4
    expect(page.locator("#cf-app")).to_have_attribute("data-ready", "true")
