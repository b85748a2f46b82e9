"""The checker of a site built for another notice judges against that notice, in the
browser (tests/fixtures/demo-2023-07: fictional, four sub-projects, other caps).

The worker chooses no notice of its own: the engine's castform wheel carries the notice
the site is built for as its only one (sitebuild.engine.build_castform_wheel). Before that,
a demo site showed the demo's sub-projects in the form and then judged them by 2021's, so
its own ready example was told "unknown sub-project".
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from checkerpage import CheckerPage

from castform.check import check
from castform.notice import load_notice
from sitebuild.serve import SiteServer
from sitebuild.testing import build_site, free_port

pytest_plugins = ["browserfixtures"]

FIXTURE = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "demo-2023-07"
EXAMPLE = FIXTURE / "examples" / "open-science-ready.json"


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    site_dir = tmp_path_factory.mktemp("demo-notice-site")
    build_site(site_dir, notice_file=FIXTURE / "notice.toml", notice_pages=FIXTURE / "site", site_url=url)
    server = SiteServer(site_dir, "127.0.0.1", port, quiet=True)
    server.start_in_thread()
    yield url, site_dir
    server.shutdown()
    server.server_close()


def test_the_engine_carries_the_sites_notice_alone(demo_site):
    _url, site_dir = demo_site
    (wheel,) = site_dir.glob("engine/packages-*/castform-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        notices = sorted(name for name in archive.namelist() if name.startswith("castform/notices/") and name.endswith(".toml"))
    assert notices == ["castform/notices/demo-2023-07.toml"]


def _mutated(data: dict, subproject: str, amount: str) -> dict:
    """The example moved to another sub-project with one line's amount (and the total) raised."""
    data = json.loads(json.dumps(data))
    data["subproject"] = subproject
    line = data["budget"]["lines"][0]
    raise_by = int(amount) - int(str(line["amount"]))
    line["amount"] = amount
    line["quantity"], line["times"], line["unit_price"] = "1", "1", amount
    data["budget"]["declared_total"] = str(int(str(data["budget"]["declared_total"])) + raise_by)
    return data


def test_the_checker_judges_by_the_sites_notice_as_the_cli_does(browser, demo_site):
    url, _site_dir = demo_site
    notice = load_notice(str(FIXTURE / "notice.toml"))
    ready = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    context = browser.new_context()
    try:
        checker = CheckerPage(context.new_page(), url).goto()
        checker.import_data(ready, name=EXAMPLE.name)
        assert checker.ready_state() == "true", checker.result.inner_text()

        # Over the smallest demo cap: an error the CLI gives on the same notice, and the
        # page shows it (2021's caps are other numbers, so a page judging by them differs).
        smallest = min(notice.brand.subprojects, key=lambda s: s.cap_yuan)
        over = _mutated(ready, smallest.code, str(int(smallest.cap_yuan) + 1000))
        expected = {f.rule for f in check(over, notice).findings if f.severity == "error"}
        assert expected, "the mutated example must break a rule of the demo notice"
        checker.import_data(over, name="over-cap.json")
        # The import's message is already shown from the first file: wait for the verdict.
        checker.page.wait_for_selector('#cf-app[data-ready="false"]', state="attached", timeout=30_000)
        checker.settle()
        shown = checker.result.inner_text()
        assert all(rule in shown for rule in expected), (expected, shown)
    finally:
        context.close()
