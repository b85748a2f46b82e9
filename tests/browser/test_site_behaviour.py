"""Behaviour written for instant navigation: the deadline badge, the language switcher,
clause permalinks and the print stylesheet."""

from __future__ import annotations

import re

import pytest

pytest_plugins = ["browserfixtures"]

BEIJING_NOON = "T12:00:00+08:00"


@pytest.mark.parametrize("path,closed", [("", "已截止"), ("en/", "closed")])
def test_deadline_after_the_date_says_closed(open_page, path, closed):
    page, _ = open_page(path)
    badge = page.locator(".cf-deadline")
    assert badge.inner_text() == closed
    assert badge.get_attribute("data-state") == "closed"


@pytest.mark.parametrize("today,expected", [("2021-06-01", "还剩 7 天"), ("2021-06-08", "今天截止"), ("2021-06-09", "已截止")])
def test_deadline_counts_days_in_beijing_time(open_page, notice_deadline, today, expected):
    assert notice_deadline == "2021-06-08"  # the expectations above are for this date
    page, _ = open_page("", before_load=lambda p: p.clock.set_fixed_time(today + BEIJING_NOON))
    assert page.locator(".cf-deadline").inner_text() == expected


def test_instant_navigation_keeps_the_page_alive_and_fixes_the_language_link(open_page, served_site):
    page, recorder = open_page("")
    page.evaluate("window.__stillHere = true")
    page.locator(".md-tabs a", has_text="通知原文").click()
    page.wait_for_url(re.compile(r"/notice/$"))
    page.wait_for_selector("#c-1-2-2")
    # no reload: the same JavaScript world (the checker's worker will survive too)
    assert page.evaluate("window.__stillHere") is True
    english = page.locator('a.md-select__link[hreflang="en"]')
    assert english.get_attribute("href").endswith("/en/notice/")
    english.evaluate("a => a.click()")
    page.wait_for_url(re.compile(r"/en/notice/$"))
    page.wait_for_load_state("networkidle")
    # a full page load into the English site: its header and tabs, not the Chinese ones
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(".md-tabs").inner_text().count("Guidance") == 1
    chinese = page.locator('a.md-select__link[hreflang="zh"]')
    assert urlsplit_path(chinese.get_attribute("href")) == "/notice/"
    assert recorder.failed == [] and recorder.errors == []


def urlsplit_path(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).path


def test_clause_permalink_shows_on_hover_and_targets_the_clause(open_page):
    page, _ = open_page("notice/#c-1-2-2")
    clause = page.locator("#c-1-2-2")
    assert clause.evaluate("el => el.matches(':target')")
    link = clause.locator("a.headerlink")
    assert link.get_attribute("href").endswith("/notice/#c-1-2-2")  # made absolute by material
    page.mouse.move(0, 0)
    clause.hover()
    page.wait_for_timeout(300)  # material fades the ¶ in
    assert float(link.evaluate("a => getComputedStyle(a).opacity")) > 0.5


def test_notice_prints_without_the_site_around_it(open_page):
    page, _ = open_page("notice/")
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer", "a.headerlink"):
        assert page.locator(selector).first.evaluate("el => getComputedStyle(el).display") == "none", selector
    assert page.locator("#c-1-2-3").is_visible()
    pdf = page.pdf(format="A4")
    assert len(pdf) > 10_000


@pytest.fixture(scope="module")
def notice_deadline():
    from castform.notice import load_notice

    return load_notice().deadline.date.isoformat()


def test_page_scripts_run_again_after_an_instant_page_change(open_page):
    page, _ = open_page("notice/")
    page.evaluate("window.__stillHere = true")
    page.locator(".md-tabs a", has_text="首页").click()
    page.wait_for_url(lambda url: urlsplit_path(url) == "/")
    page.wait_for_selector(".cf-deadline[data-state]")
    assert page.evaluate("window.__stillHere") is True
    assert page.locator(".cf-deadline").inner_text() == "已截止"
