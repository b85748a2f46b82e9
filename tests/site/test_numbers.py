"""Every number the pages show from the notice is the data file's, and none is typed.

Values rendered from the data are marked up by sitebuild/formatting.py:
`<data class="cf-value" value="300000">30</data>` and `<time class="cf-value"
datetime="2021-06-08">`. The tests check each marked value against the data, and look
for notice-style figures (30万元, 10项左右, 2021年6月8日 …) written outside the markup.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from sitepages import DATA_ELEMENT, NAV, TIME_ELEMENT, article, data_values, read_page, site_url, visible_text

pytest_plugins = ["sitefixtures"]

# The pages written by hand around the data (the notice and the rule catalogue are
# generated whole; the maintainers' page quotes template syntax).
HAND_WRITTEN = [src for src in NAV if src not in ("notice.md", "rules.md", "hosting.md")]
def shown_matches(value: Decimal, shown: str) -> bool:
    shown_number = Decimal(shown.replace(",", ""))
    return shown_number in (value, value / 10000)


@pytest.mark.parametrize("src", HAND_WRITTEN + ["notice.md"])
@pytest.mark.parametrize("prefix", ["", "en/"])
def test_every_marked_value_is_a_value_of_the_data(site, site_notice, src, prefix):
    numbers, dates = data_values(site_notice)
    page = article(read_page(site, prefix + site_url(src)))
    for value, shown in DATA_ELEMENT.findall(page):
        assert Decimal(value) in numbers, (src, value)
        assert shown_matches(Decimal(value), shown), (src, value, shown)
    for value, _shown in TIME_ELEMENT.findall(page):
        assert dt.date.fromisoformat(value) in dates, (src, value)


TYPED_FIGURES = {
    "zh": [r"\d+(?:\.\d+)?\s*万元", r"\d+\s*项左右", r"不超过\s*\d", r"共计?\s*\d+\s*项",
           r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"],
    "en": [r"at most\s+[\d,]+", r"about\s+[\d,]+", r"\d+\s+in all",
           r"\d{1,2} (?:January|February|March|April|May|June|July|August|September|October"
           r"|November|December) \d{4}"],
}


@pytest.mark.parametrize("src", HAND_WRITTEN)
@pytest.mark.parametrize("lang,prefix", [("zh", ""), ("en", "en/")])
def test_no_notice_figure_is_typed_by_hand(site, src, lang, prefix):
    page = article(read_page(site, prefix + site_url(src)))
    # Drop the marked values and the quotations of the notice's own words.
    page = DATA_ELEMENT.sub("", TIME_ELEMENT.sub("", page))
    page = re.sub(r'<span class="cf-quote">.*?</span>', "", page, flags=re.S)
    text = visible_text(page)
    for pattern in TYPED_FIGURES[lang]:
        found = re.findall(pattern, text)
        assert not found, f"{prefix}{src}: {found} typed instead of rendered from the data"


def test_the_caps_table_shows_each_sub_projects_cap(site, site_notice):
    for url in ("guidance/budget/", "en/guidance/budget/"):
        page = read_page(site, url)
        table = page[page.index('id="caps"'):]
        table = table[:table.index("</table>")]
        rows = re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)
        for sub in site_notice.brand.subprojects:
            name = sub.name_zh if not url.startswith("en/") else sub.name_en
            row = next(r for r in rows if name in r)
            assert f'value="{sub.cap_yuan}"' in row, (url, sub.code)


def test_the_home_page_shows_every_sub_project(site, site_notice):
    page = article(read_page(site, ""))
    for sub in site_notice.brand.subprojects:
        assert sub.name_zh in page
        assert f'value="{sub.cap_yuan}"' in page
        assert f'value="{sub.expected_items}"' in page
    assert f'value="{site_notice.infrastructure.typical_yuan}"' in page
    assert f'value="{site_notice.infrastructure.items}"' in page


def test_the_forbidden_list_is_the_datas(site, site_notice):
    for url, lang in (("guidance/budget/", "zh"), ("en/guidance/budget/", "en")):
        text = visible_text(article(read_page(site, url)))
        for kind in site_notice.forbidden:
            assert (kind.text_zh if lang == "zh" else kind.text_en) in text
            for word in (*kind.names, *kind.suggests, *kind.look_alikes):
                assert word in text


def test_reference_rates_are_the_datas(site, site_notice):
    for url in ("guidance/calculation-basis/", "en/guidance/calculation-basis/"):
        page = read_page(site, url)
        for rate in site_notice.reference.meeting.classes:
            assert f'value="{rate.max_yuan}"' in page
        for title in site_notice.reference.expert.titles:
            assert f'value="{title.min_yuan}"' in page and f'value="{title.max_yuan}"' in page
        text = visible_text(article(page))
        assert "财行〔2016〕214号" in text and "财科教〔2017〕128号" in text
