"""Home, notice and guidance in a real browser: nothing fetched from another host, no
errors, readable at 1280×800 and 390×844 (screenshots in test-output/screenshots/)."""

from __future__ import annotations

import pytest

pytest_plugins = ["browserfixtures"]

PAGES = {
    "home": "",
    "notice": "notice/",
    "guidance": "guidance/",
    "budget": "guidance/budget/",
    "rules": "rules/",
    "home-en": "en/",
    "notice-en": "en/notice/",
    "budget-en": "en/guidance/budget/",
}

OVERFLOW_REPORT = """() => {
  const width = window.innerWidth;
  const wide = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 1 && !el.closest(".md-typeset__scrollwrap, pre, .md-sidebar, .md-search, .md-nav, .md-select"))
      wide.push(el.tagName + "." + el.className + " right=" + Math.round(box.right));
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width, wide: wide.slice(0, 5)};
}"""


@pytest.mark.parametrize("viewport", ["desktop", "mobile"])
@pytest.mark.parametrize("name", PAGES)
def test_page_loads_locally_and_fits(open_page, served_site, screenshots, name, viewport):
    page, recorder = open_page(PAGES[name], viewport)
    page.screenshot(path=str(screenshots / f"{name}-{viewport}.png"))

    assert recorder.foreign_requests(served_site.host) == []
    assert recorder.failed == []
    assert recorder.errors == []
    assert page.locator("h1").first.is_visible()

    report = page.evaluate(OVERFLOW_REPORT)
    assert report["scrollWidth"] <= report["innerWidth"], report
    if viewport == "mobile":
        assert report["wide"] == [], report


def test_chinese_renders_with_a_cjk_font(open_page):
    page, _ = open_page("notice/")
    # A CJK glyph and a Latin glyph at the same size: without a CJK font the Chinese
    # falls back to boxes of a different width.
    widths = page.evaluate("""() => {
      const probe = document.createElement("span");
      probe.style.fontSize = "40px";
      document.body.appendChild(probe);
      probe.textContent = "骑缝章"; const cjk = probe.getBoundingClientRect().width;
      probe.remove();
      return {cjk};
    }""")
    assert widths["cjk"] > 100  # three full-width glyphs at 40 px
