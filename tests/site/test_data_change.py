"""Changing a value in the notice's data file changes the pages: build the site against a
modified copy of the data (CASTFORM_NOTICE_FILE) and look for the new values."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from sitepages import DATA_ELEMENT, ROOT, article, data_values, read_page, visible_text  # first: sys.path

from castform.notice import parse_notice
from sitebuild.testing import build_site

pytest_plugins = ["sitefixtures"]

NOTICE_FILE = ROOT / "castform" / "notices" / "cast-2021-52.toml"

# (what to find in the TOML, what to put instead); each must match exactly once.
CHANGES = [
    (r'(code = "tech-economy"[^\[]*?cap_yuan = )"300000"', r'\1"310000"'),
    (r'(code = "international"[^\[]*?expected_items = )2\b', r"\g<1>4"),
    (r"(\[infrastructure\][^\[]*?items = )8\b", r"\g<1>9"),
    (r"(\[deadline\][^\[]*?date = )2021-06-08", r"\g<1>2021-06-15"),
    (r'(code = "3"[^\[]*?max_yuan = )"550"', r'\1"560"'),
]


@pytest.fixture(scope="module")
def changed(tmp_path_factory):
    text = NOTICE_FILE.read_text(encoding="utf-8")
    for pattern, replacement in CHANGES:
        text, count = re.subn(pattern, replacement, text, flags=re.S)
        assert count == 1, pattern
    folder = tmp_path_factory.mktemp("changed-notice")
    notice_file = folder / "notice.toml"
    notice_file.write_text(text, encoding="utf-8")
    site_dir = folder / "site"
    build_site(site_dir, notice_file=notice_file)
    return site_dir, parse_notice(text)


def test_the_modified_data_is_what_we_meant(changed):
    _site, notice = changed
    assert notice.subproject("tech-economy").cap_yuan == Decimal("310000")
    assert notice.subproject("international").expected_items == 4
    assert notice.infrastructure.items == 9
    assert notice.deadline.date.isoformat() == "2021-06-15"
    assert notice.reference.meeting.classes[2].max_yuan == Decimal("560")


def test_a_changed_cap_changes_the_guidance_and_home(site, changed):
    new_site, _notice = changed
    for url in ("", "guidance/", "guidance/budget/", "guidance/choosing/", "en/guidance/budget/"):
        assert 'value="310000"' in read_page(new_site, url), url
        assert 'value="310000"' not in read_page(site, url), url
    assert '<data class="cf-value" value="310000">31</data>' in read_page(new_site, "guidance/budget/")


def test_changed_counts_deadline_and_rates_follow(changed):
    new_site, _notice = changed
    home = read_page(new_site, "")
    assert 'value="4">4</data>' in home and 'value="9">9</data>' in home
    assert 'data-deadline="2021-06-15"' in home
    assert 'datetime="2021-06-15">2021年6月15日' in read_page(new_site, "guidance/")
    assert 'datetime="2021-06-15">15 June 2021' in read_page(new_site, "en/guidance/")
    basis = visible_text(article(read_page(new_site, "guidance/calculation-basis/")))
    assert "560 元/人·天 × 100 人 × 2 天 = 112,000 元" in basis


def test_every_marked_value_matches_the_modified_data(changed):
    new_site, notice = changed
    numbers, _dates = data_values(notice)
    for path in new_site.rglob("index.html"):
        for value, _shown in DATA_ELEMENT.findall(path.read_text(encoding="utf-8")):
            assert Decimal(value) in numbers, (path, value)
