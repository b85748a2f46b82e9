"""After one visit the whole site works with the network cut, and a new deploy is
offered, never mixed in (issue 9, item 8; sitebuild/offline.py, site_src/sw/).

Each test serves a copy of the built site from its own server, so that it can stop the
server (the network is gone: connections are refused) or swap in another build.
"""

from __future__ import annotations

import shutil
import time

import pytest

from castform.words import word
from sitebuild.offline import write_service_worker
from sitebuild.serve import SiteServer
from sitebuild.testing import free_port

pytest_plugins = ["browserfixtures"]

STATE = "() => window.castformEngine ? window.castformEngine.state : null"


class Host:
    """A site folder served on a fixed port, which the test can stop and start again."""

    def __init__(self, site_dir):
        self.dir = site_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.server = None

    def start(self, site_dir=None):
        self.dir = site_dir or self.dir
        self.server = SiteServer(self.dir, "127.0.0.1", self.port, quiet=True)
        self.server.start_in_thread()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.server = None


@pytest.fixture
def host(served_site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(served_site.dir, copy)
    host = Host(copy)
    host.start()
    yield host
    if host.server:
        host.stop()


def poll(page, expression, timeout_s=90, interval_ms=100):
    deadline = time.monotonic() + timeout_s
    while not (value := page.evaluate(expression)):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(interval_ms)
    return value


def engine_result(page, timeout_s=90):
    state = poll(
        page,
        "() => { const s = window.castformEngine && window.castformEngine.state;"
        " return s && ['ready', 'failed'].includes(s.phase) ? s : null; }",
        timeout_s,
    )
    assert state["phase"] == "ready", state
    return page.evaluate("""() => window.castformEngine.request('check', '{"format": "castform-application/1"}')""")


def visit_until_offline_ready(context, url):
    page = context.new_page()
    page.goto(url + "checker/")
    engine_result(page)
    poll(page, "() => document.documentElement.dataset.cfOffline === 'ready'")
    # The precache is complete once the worker is active.
    poll(page, "() => !!navigator.serviceWorker.controller")
    return page


def test_second_visit_with_the_server_stopped_gives_a_result(browser, host):
    context = browser.new_context()
    try:
        first = visit_until_offline_ready(context, host.url)
        # The first install claims the page (its controller changes): that is no new version.
        first.wait_for_timeout(500)
        assert first.locator(".cf-update").count() == 0, "a first visit was offered a 'new version'"
        first.close()
        host.stop()  # the network is gone: every connection to the site is refused
        page = context.new_page()
        requests_failed = []
        # (Leaving a page while its engine still boots aborts its downloads: not a failure.)
        page.on(
            "requestfailed",
            lambda r: None if "ERR_ABORTED" in (r.failure or "") else requests_failed.append(f"{r.url}: {r.failure}"),
        )
        page.goto(host.url + "checker/")
        answer = engine_result(page)
        assert '"castform-report/1"' in answer
        # The rest of the site too: the notice, the guidance, the English pages, search.
        for path, text in [("notice/", "科协"), ("guidance/budget/", "预算"), ("en/checker/", "Checker"), ("", "")]:
            page.goto(host.url + path)
            assert page.locator("body").inner_text(), path
            if text:
                assert text in page.content(), path
        index = page.evaluate("() => fetch('search/search_index.json').then(r => r.ok)")
        assert index
        assert not requests_failed, requests_failed
    finally:
        context.close()


def test_a_new_deploy_is_offered_by_a_banner_and_taken_only_on_reload(browser, host, tmp_path):
    context = browser.new_context()
    try:
        page = visit_until_offline_ready(context, host.url)
        old_worker = page.locator('meta[name="castform-engine"]').get_attribute("content")
        # The next build: one page changed (and its service worker rewritten, as the
        # build's last step does), served in place of the first.
        second = tmp_path / "second"
        shutil.copytree(host.dir, second)
        about = second / "about" / "index.html"
        about.write_text(about.read_text(encoding="utf-8").replace("</h1>", "（新版）</h1>", 1), encoding="utf-8")
        write_service_worker(second)
        host.stop()
        host.start(second)

        page.reload()
        banner = page.locator(".cf-update[role=status]")
        banner.wait_for(timeout=60_000)
        # The banner's words are the catalogue's [offline], written into offline.js by the build.
        assert banner.locator("span").inner_text() == word("zh", "offline.ready")
        assert banner.locator("button").inner_text() == word("zh", "offline.reload")
        # Until the reader reloads, the page and its engine are the first build's.
        assert page.locator('meta[name="castform-engine"]').get_attribute("content") == old_worker
        page.goto(host.url + "about/")
        assert "（新版）" not in page.content()
        page.locator(".cf-update[role=status]").wait_for(timeout=30_000)
        with page.expect_event("load", timeout=60_000):
            page.locator(".cf-update button").click()
        page.goto(host.url + "about/")
        assert "（新版）" in page.content()
        # Only the new build is kept.
        caches = page.evaluate("() => caches.keys()")
        assert len([c for c in caches if c.startswith("castform-")]) == 1, caches
    finally:
        context.close()


def test_a_damaged_file_keeps_a_build_out_of_the_cache(browser, host):
    """The service worker checks each file's sha256: a build that arrives damaged is not
    installed, so it can never be served offline as if it were whole."""
    (host.dir / "about" / "index.html").write_text("damaged", encoding="utf-8")
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(host.url + "checker/")
        engine_result(page)
        page.evaluate("() => window.castformOffline.register()")
        page.wait_for_timeout(3000)
        state = page.evaluate("""() => navigator.serviceWorker.getRegistration().then(r => r ?
            {active: !!r.active, installing: !!r.installing, waiting: !!r.waiting} : null)""")
        caches = page.evaluate("() => caches.keys()")
    finally:
        context.close()
    assert not (state or {}).get("active"), state
    assert not [c for c in caches if c.startswith("castform-")], caches
