"""The rule catalogue: one heading per rule with the rule's stable anchor, and every
clause a rule cites exists as an anchor on the notice page."""

from __future__ import annotations

import re

import pytest
from sitepages import ROOT, article, element_ids, read_page, visible_text

pytest_plugins = ["sitefixtures"]


@pytest.fixture(scope="module")
def entries(site_notice):
    from castform.catalogue import rule_entries

    return rule_entries(site_notice, ROOT / "examples")


@pytest.mark.parametrize("lang,url", [("zh", ""), ("en", "en/")])
def test_one_heading_per_rule_with_its_anchor(site, entries, lang, url):
    page = read_page(site, url + "rules/")
    for entry in entries:
        anchor = entry["id"].replace(".", "-")
        assert re.search(rf'<h3 id="{re.escape(anchor)}">', page), entry["id"]
        assert entry["id"] in page


@pytest.mark.parametrize("lang,url", [("zh", ""), ("en", "en/")])
def test_every_cited_clause_is_an_anchor_on_the_notice_page(site, entries, lang, url):
    notice_ids = element_ids(read_page(site, url + "notice/"))
    rules_page = read_page(site, url + "rules/")
    for entry in entries:
        for clause in entry["clauses"]:
            assert clause in notice_ids, (entry["id"], clause)
            assert f'href="../notice/#{clause}"' in rules_page, (entry["id"], clause)


def test_each_entry_shows_severity_example_and_fix(site, entries):
    for url, lang in (("rules/", "zh"), ("en/rules/", "en")):
        page = read_page(site, url)
        text = visible_text(article(page))
        for entry in entries:
            anchor = entry["id"].replace(".", "-")
            start = page.index(f'id="{anchor}"')
            following = page.find("<h3 ", start + 1)
            section = page[start:following if following > 0 else None]
            assert f"cf-severity--{entry['severity']}" in section, entry["id"]
            assert visible_text(entry[f"fix_{lang}"])[:20] in visible_text(section), entry["id"]
        assert str(len(entries)) in text
