"""Every page of the navigation exists in both languages, in the source and in the site."""

from __future__ import annotations

import re

import pytest
from sitepages import NAV, ROOT, article, page_path, page_sources, read_page, site_url, visible_text

pytest_plugins = ["sitefixtures"]

def test_the_nav_has_the_pages_the_site_promises():
    for required in ("index.md", "notice.md", "guidance/index.md", "rules.md", "checker.md", "hosting.md"):
        assert required in NAV


def test_every_markdown_file_is_in_the_nav_and_has_both_languages():
    # docs/ and the notice's own pages (site_src/notices/<id>/pages/), as the build stages them
    sources = page_sources()
    chinese = {src for src in sources if not src.endswith(".en.md")}
    english = {src.replace(".en.md", ".md") for src in sources if src.endswith(".en.md")}
    assert chinese == set(NAV)
    assert english == set(NAV)


@pytest.mark.parametrize("src", NAV)
def test_every_nav_page_is_built_in_both_languages(site, src):
    url = site_url(src)
    zh, en = read_page(site, url), read_page(site, "en/" + url)
    assert 'lang="zh"' in zh and 'lang="en"' in en
    assert visible_text(article(zh)).strip() and visible_text(article(en)).strip()
    assert page_path(site, "en/" + url).exists()


@pytest.mark.parametrize("src", NAV)
def test_no_page_shows_template_syntax(site, src):
    url = site_url(src)
    for page in (read_page(site, url), read_page(site, "en/" + url)):
        text = visible_text(article(page))
        if src == "hosting.md":
            continue  # the maintainers' page shows template syntax on purpose
        assert "{{" not in text and "{%" not in text


def test_the_checker_page_has_the_form_generated_from_the_model(site, site_notice):
    from sitebuild.checkerform import form_controls

    def walk(controls):
        for control in controls:
            yield control
            yield from walk(control.children)

    for url, lang in (("checker/", "zh"), ("en/checker/", "en")):
        page = read_page(site, url)
        assert 'id="cf-app"' in page and 'id="checker-slot"' not in page
        for control in walk(form_controls(site_notice, lang)):
            if control.kind not in ("group", "list"):
                assert f'data-path="{control.path}"' in page, control.path
            assert f">{control.label}<" in page, control.label


def test_the_home_page_has_the_deadline_for_the_browser(site, site_notice):
    for url in ("", "en/"):
        page = read_page(site, url)
        assert f'data-deadline="{site_notice.deadline.date.isoformat()}"' in page
        assert "checker/" in page


@pytest.mark.parametrize("doc", ["hosting.md", "hosting.en.md"])
def test_the_hosting_pages_nginx_rule_gives_every_content_named_engine_file_a_year(site, doc):
    # A file the rule misses is revalidated on every visit; one it catches by mistake
    # (manifest.json has no hash in its name) could be served stale for a year.
    text = (ROOT / "docs" / doc).read_text(encoding="utf-8")
    # Every engine location in the example gives a year (the worker has one of its own,
    # for its Content-Security-Policy header, which nginx must meet first).
    blocks = re.findall(r"location ~\* (\^/engine/\S+) \{(.*?)\}", text, flags=re.S)
    assert blocks and all("max-age=31536000" in body for _, body in blocks)
    engine = site / "engine"
    for path in engine.rglob("*"):
        if path.is_file():
            url = "/" + path.relative_to(site).as_posix()
            matched = any(re.search(pattern, url, re.IGNORECASE) for pattern, _ in blocks)
            assert matched == (path.name != "manifest.json"), url


# ---- What the pages say: the notice's English, honest sources, the table that fits a phone.

def _text(site, url: str) -> str:
    return " ".join(visible_text(article(read_page(site, url))).split())


def test_the_english_notice_says_what_the_chinese_says(site):
    # 拟启动, 跨界融合优势, 转移转化, 转型升级, 学会在编人员经费, 自身开展的, 填报要求
    text = _text(site, "en/notice/")
    for phrase in ("CAST plans to launch", "strength in cross-boundary integration",
                   "transfer, commercialisation", "transform and upgrade",
                   "personnel costs of the society's established staff", "carry out themselves",
                   "Filing requirements"):
        assert phrase in text, phrase
    for wrong in ("will launch", "cross-disciplinary strengths", "the pay of the society's established staff",
                  "helping industry upgrade"):
        assert wrong not in text, wrong


def _documents(notice):
    """(English title, Chinese title) of every document the data names in both languages."""
    yield notice.brand.budget_rules_en, notice.brand.budget_rules_zh
    yield notice.reference.meeting.document_en, notice.reference.meeting.document_zh
    yield notice.reference.expert.document_en, notice.reference.expert.document_zh
    for attachment in notice.attachments:
        yield attachment.name_en, attachment.name_zh


@pytest.mark.parametrize("src", [src for src in NAV if src not in ("hosting.md", "checker.md")])
def test_no_english_page_shows_a_chinese_title_alone(site, site_notice, src):
    # A Chinese title may follow its English one, in brackets, for the reader who will
    # meet it on paper; it may not stand in for it (as in the worked examples' tables).
    text = _text(site, "en/" + site_url(src))
    for english, chinese in _documents(site_notice):
        english = english.removeprefix("the ")
        for found in re.finditer(re.escape(chinese), text):
            before = text[max(0, found.start() - len(english) - 8):found.start()]
            assert english in before, (src, chinese, text[max(0, found.start() - 80):found.end()])


def test_the_infrastructure_project_is_not_said_to_be_one_per_consortium(site):
    # The notice says 共计8项 and names no applicant for 二; it sets no number per consortium.
    for url in ("guidance/who-may-apply/", "en/guidance/who-may-apply/", "guidance/glossary/",
                "en/guidance/glossary/"):
        text = _text(site, url)
        assert "one per consortium" not in text and "每个联合体一项" not in text
        assert "按联合体填报" not in text


def test_the_glossary_cites_each_part_for_who_applies(site):
    # 一(二)1 makes the consortium the brand project's applicant; 二 names none.
    for url in ("guidance/glossary/", "en/guidance/glossary/"):
        page = article(read_page(site, url))
        entry = page[page.index('id="consortium"'):]
        entry = entry[:entry.index("</dd>")]
        assert "notice/#c-1-2-1" in entry and "notice/#c-2-2" in entry, url
        text = visible_text(entry)
        assert "两类项目都" not in text and "Both projects" not in text


def test_the_home_page_asks_for_the_official_attachment_1_with_the_lead_units_seal(site):
    zh = _text(site, "")
    assert "附件1" in zh and "牵头单位公章" in zh and "重建" in zh and "骑缝章" in zh
    en = _text(site, "en/")
    assert "attachment 1" in en and "lead unit's official seal" in en and "reconstruction" in en
    assert "download the filled forms" not in en


def test_the_guidance_at_a_glance_table_is_narrow_enough_for_a_phone(site):
    # Three columns in a .cf-glance block (site_src/assets/castform.css): at 390 px five
    # columns scrolled sideways and broke words mid-way.
    for url in ("guidance/", "en/guidance/"):
        page = article(read_page(site, url))
        block = page[page.index('class="cf-glance"'):]
        table = block[:block.index("</table>")]
        header = table[table.index("<tr>"):table.index("</tr>")]
        assert header.count("<th") == 3, url


@pytest.mark.parametrize("url", ["", "checker/", "guidance/budget/"])
def test_the_announcement_bar_points_at_the_notice_in_the_pages_language(site, url):
    """The bar's words come from the catalogue ([site].announce_html); its link is the
    notice page of the same language (the English bar once led to the Chinese notice)."""
    for lang, prefix in (("zh", ""), ("en", "en/")):
        page = read_page(site, prefix + url)
        bar = re.search(r'md-banner__inner[^>]*>(.*?)</div>', page, flags=re.S).group(1)
        href = re.search(r'href="([^"]*)"', bar).group(1)
        target = (page_path(site, prefix + url).parent / href).resolve()
        assert target == (site / prefix / "notice").resolve(), (lang, href)
