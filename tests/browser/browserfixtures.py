"""Browser fixtures (a pytest plugin: `pytest_plugins = ["browserfixtures"]` in a test
module; not a conftest.py, which would shadow the `conftest` that tests/ imports from).

The site built once per session (as `python build.py` builds it),
served on 127.0.0.1 by a threaded static server on a free port, and Debian's Chromium
driven headless by Playwright. The checker's browser tests reuse these fixtures.

- `served_site`: .url (with the port; the build's site_url matches it, so instant
  navigation works) and .dir.
- `browser`: one Chromium for the session.
- `open_page(path, viewport="desktop"|"mobile", before_load=None, **context_options)`:
  a page in a fresh context, loaded and idle, with a `Recorder` of its requests, failed
  responses and console errors (returns (page, recorder)); `before_load(page)` runs
  before navigation (to set the clock, add init scripts …).
- `strict_page(path=None, viewport=..., **context_options)`: a page in a fresh context that
  accepts downloads, with a `Recorder` of every request of the context (the page's worker
  and any tab it opens included) and the page's errors (returns (page, recorder)); the
  test fails at teardown if the page logged an error or anything asked another host. With
  no path the page is left blank (a page object navigates it).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sitebuild.serve import SiteServer  # noqa: E402
from sitebuild.testing import CHROMIUM, LAUNCH_ARGS, build_site, free_port  # noqa: E402

VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "mobile": {"width": 390, "height": 844}}
SCREENSHOTS = ROOT / "test-output" / "screenshots"


@dataclass
class ServedSite:
    url: str
    dir: Path

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc


@dataclass
class Recorder:
    """What a page did on the network and in its console."""

    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def attach(self, page) -> "Recorder":
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("requestfailed", lambda request: self.failed.append(f"failed {request.url}"))
        page.on("response", lambda r: self.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        return self

    def attach_context(self, context, page) -> "Recorder":
        """Requests of the whole context (every tab, the page's workers), errors of `page`."""
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("requestfailed", lambda request: self.failed.append(f"failed {request.url}"))
        context.on("response", lambda r: self.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        return self

    def foreign_requests(self, allowed_host: str) -> list[str]:
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme in ("http", "https", "ws", "wss") and urlsplit(url).netloc != allowed_host
        ]


@pytest.fixture(scope="session")
def served_site(tmp_path_factory):
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    site_dir = tmp_path_factory.mktemp("browser-site")
    build_site(site_dir, site_url=url)
    server = SiteServer(site_dir, "127.0.0.1", port, quiet=True)
    server.start_in_thread()
    yield ServedSite(url=url, dir=site_dir)
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (scripts/setup does)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser, served_site):
    contexts = []

    def _open(path: str = "", viewport: str = "desktop", wait: str = "networkidle", before_load=None, **context_options):
        context = browser.new_context(viewport=VIEWPORTS[viewport], **context_options)
        contexts.append(context)
        page = context.new_page()
        recorder = Recorder().attach(page)
        if before_load is not None:
            before_load(page)  # e.g. page.clock.set_fixed_time(...)
        page.goto(served_site.url + path)
        page.wait_for_load_state(wait)
        return page, recorder

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture
def strict_page(browser, served_site):
    opened = []

    def _open(path: str | None = None, viewport: str | dict = "desktop", **context_options):
        size = VIEWPORTS[viewport] if isinstance(viewport, str) else viewport
        context = browser.new_context(viewport=size, accept_downloads=True, **context_options)
        page = context.new_page()
        recorder = Recorder().attach_context(context, page)
        opened.append((context, recorder))
        if path is not None:
            page.goto(served_site.url + path)
        return page, recorder

    yield _open
    for context, _ in opened:
        context.close()
    for _, recorder in opened:
        assert recorder.errors == [], "errors in the page or its console"
        assert recorder.foreign_requests(served_site.host) == [], "a request to another host"


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
