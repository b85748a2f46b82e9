"""Chinese search (jieba at build time) finds the notice's key terms on the right pages."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

pytest_plugins = ["browserfixtures"]

EXPECTED = {
    # term: pages that must be among the results (paths under the site root)
    "骑缝章": {"notice/", "guidance/submit/", "guidance/glossary/"},
    # Many pages now explain 测算依据, and the result list shows the first few pages only;
    # the notice's own clause is found by its other words.
    "测算依据": {"guidance/calculation-basis/"},
    "弄虚作假": {"notice/"},
    "项目管理费": {"notice/", "guidance/budget/"},
    "management fee": {"en/guidance/budget/"},
}


def search(page, term: str) -> list[str]:
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(term)
    # material reads the query on keyup; a real IME sends one, fill() does not.
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    hrefs = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
    return [urlsplit(href).path.lstrip("/") for href in hrefs]


@pytest.mark.parametrize("term", EXPECTED)
def test_search_finds_the_term_on_the_right_pages(open_page, served_site, term):
    page, recorder = open_page("en/" if term.isascii() else "")
    paths = set(search(page, term))
    missing = EXPECTED[term] - paths
    assert not missing, f"{term}: {sorted(missing)} not in {sorted(paths)}"
    assert recorder.foreign_requests(served_site.host) == []
    assert recorder.errors == []


def test_search_index_is_segmented_with_jieba(served_site):
    import json

    index = json.loads((served_site.dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "\u200b" in index["docs"][0]["text"] or any("\u200b" in d["text"] for d in index["docs"])
    assert "zh" in index["config"]["lang"]
