"""The engine's worker refuses to reach any host but the site's own (issue 9, item 10).

A page's <meta> policy does not govern its workers. Where the host sends headers, the
worker script gets its own Content-Security-Policy (sitebuild/csp.py WORKER_POLICY: the
test server sends it as docs/hosting.md asks); where it cannot (GitHub Pages), the worker
locks its own code paths: fetch and XMLHttpRequest only to the site's origin, and after
the boot no code from strings, so nothing can build an import() of another host.

"Another host" here is a server on `localhost` (another origin than 127.0.0.1) that
serves an ES module and JSON with `Access-Control-Allow-Origin: *`, so that only the
worker's policy, not CORS, can stop the request; it records every request it gets.
"""

from __future__ import annotations

import http.server
import threading
import time

import pytest

from sitebuild.serve import SiteServer
from sitebuild.testing import free_port

pytest_plugins = ["browserfixtures"]


class ForeignHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the base class's name
        self.server.seen.append(self.path)
        body = b"export const stolen = 1;" if self.path.endswith(".mjs") else b"{}"
        self.send_response(200)
        self.send_header("Content-Type", "text/javascript" if self.path.endswith(".mjs") else "application/json")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def foreign():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), ForeignHandler)
    server.seen = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server, f"http://localhost:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def headerless_site(served_site):
    """The same site from a server that sends no headers of its own (as GitHub Pages)."""
    port = free_port()
    server = SiteServer(served_site.dir, "127.0.0.1", port, quiet=True, worker_policy=False)
    server.start_in_thread()
    yield f"http://127.0.0.1:{port}/"
    server.shutdown()
    server.server_close()


def boot_and_catch_worker(browser, url):
    context = browser.new_context()
    page = context.new_page()
    with page.expect_worker(lambda w: "/engine/worker-" in w.url) as caught:
        page.goto(url + "checker/")
    return context, page, caught.value


ATTEMPTS = {
    "import": "u => import(u + 'evil.mjs').then(() => 'imported', e => 'refused: ' + e.message)",
    "fetch": "u => fetch(u + 'data.json').then(() => 'fetched', e => 'refused: ' + e.message)",
    "xhr": """u => { try { const x = new XMLHttpRequest(); x.open('GET', u + 'data.json', false); x.send();
                       return 'fetched'; } catch (e) { return 'refused: ' + e.message; } }""",
}


def wait_ready(page, timeout_s=90):
    deadline = time.monotonic() + timeout_s
    while (state := page.evaluate("() => window.castformEngine.state"))["phase"] not in ("ready", "failed"):
        assert time.monotonic() < deadline, state
        page.wait_for_timeout(50)
    return state


def test_with_the_hosts_header_the_worker_cannot_import_or_fetch_from_another_host(browser, served_site, foreign):
    server, foreign_url = foreign
    seen_before = len(server.seen)
    context, page, worker = boot_and_catch_worker(browser, served_site.url)
    try:
        # While the engine boots (before its own lock on code from strings).
        outcomes = {what: worker.evaluate(code, foreign_url) for what, code in ATTEMPTS.items()}
        assert wait_ready(page)["phase"] == "ready"
        answer = page.evaluate("""() => window.castformEngine.request('check', '{"format": "castform-application/1"}')""")
    finally:
        context.close()
    assert all(outcome.startswith("refused") for outcome in outcomes.values()), outcomes
    assert server.seen[seen_before:] == [], "the other host was reached"
    assert '"castform-report/1"' in answer  # the policy leaves the engine working


def test_without_headers_the_worker_itself_refuses_other_hosts_and_code_from_strings(browser, headerless_site, foreign):
    server, foreign_url = foreign
    seen_before = len(server.seen)
    context, page, worker = boot_and_catch_worker(browser, headerless_site)
    try:
        during_boot = {what: worker.evaluate(code, foreign_url) for what, code in ATTEMPTS.items() if what != "import"}
        assert wait_ready(page)["phase"] == "ready"
        # Once up, the worker compiles no code from strings: eval (which Playwright's own
        # evaluate uses, as Pyodide's run_js does) is refused, so nothing can import().
        with pytest.raises(Exception, match="code from strings is refused"):
            worker.evaluate(ATTEMPTS["import"], foreign_url)
        answer = page.evaluate("""() => window.castformEngine.request('check', '{"format": "castform-application/1"}')""")
    finally:
        context.close()
    assert all(outcome.startswith("refused: castform engine") for outcome in during_boot.values()), during_boot
    assert server.seen[seen_before:] == [], "the other host was reached"
    assert '"castform-report/1"' in answer
