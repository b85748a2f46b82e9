"""The pages' Content-Security-Policy (sitebuild/csp.py) holds without 'unsafe-inline'
for styles: the theme and our pages, used as a reader uses them, violate nothing."""

from __future__ import annotations

import re

import pytest

pytest_plugins = ["browserfixtures"]

LISTENER = """window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(
  `${e.violatedDirective} ${e.sourceFile || ''}:${e.lineNumber} ${e.sample || ''}`));"""

PAGES = [
    "",
    "notice/",
    "guidance/",
    "guidance/budget/",
    "guidance/infrastructure/",
    "rules/",
    "checker/",
    "about/",
    "hosting/",
    "en/",
    "en/guidance/infrastructure/",
    "en/checker/",
]


def test_no_page_carries_inline_styles_and_the_policy_allows_none(served_site):
    for page in sorted(served_site.dir.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        assert "'unsafe-inline'" not in html, page
        assert not re.search(r"<[a-z][^>]*\sstyle=", html, re.I), page
        assert not re.search(r"<style[\s>]", html, re.I), page


@pytest.mark.parametrize("path", PAGES)
def test_reading_searching_and_switching_colours_violates_no_policy(browser, served_site, path):
    context = browser.new_context(service_workers="block")
    context.add_init_script(LISTENER)
    try:
        page = context.new_page()
        page.goto(served_site.url + path)
        page.wait_for_load_state("networkidle")
        page.mouse.wheel(0, 2500)
        page.evaluate("() => document.querySelector('label[for=__palette_1]')?.click()")
        page.keyboard.press("/")
        page.keyboard.type("预算 budget")
        page.wait_for_timeout(800)
        page.keyboard.press("Escape")
        violations = page.evaluate("() => window.__cspViolations")
    finally:
        context.close()
    assert violations == []
