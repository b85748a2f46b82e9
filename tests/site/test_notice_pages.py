"""A notice's own pages (site_src/notices/<id>/: pages/, nav.yml, parts/) and how the build
joins them to docs/ (sitebuild/pages.py), without building the site."""

from __future__ import annotations

import pytest
from sitepages import ROOT, nav_pages  # first: sys.path

from castform.notice import load_notice
from sitebuild.pages import NAV_SLOT, NoticeSite, notice_site, render_page, site_nav, stage_docs


@pytest.fixture(scope="module")
def shipped():
    notice = load_notice()
    return notice, notice_site(notice)


def test_the_shipped_notice_brings_its_guidance_and_its_nav(shipped):
    notice, site = shipped
    assert site.folder == ROOT / "site_src" / "notices" / notice.id
    assert "guidance/index.md" in site.pages and "guidance/index.en.md" in site.pages
    nav = nav_pages(site)
    assert nav.index("notice.md") < nav.index("guidance/index.md") < nav.index("rules.md")
    assert NAV_SLOT not in nav
    assert site.nav_translations["en"]["申报指南"] == "Guidance"


def test_the_slot_takes_the_notices_pages_or_nothing():
    nav = ["index.md", NAV_SLOT, {"关于": ["about.md", NAV_SLOT]}]
    site = NoticeSite(ROOT, nav=({"指南": ["g.md"]},))
    assert site_nav(nav, site) == ["index.md", {"指南": ["g.md"]}, {"关于": ["about.md", {"指南": ["g.md"]}]}]
    assert site_nav(nav, NoticeSite(None)) == ["index.md", {"关于": ["about.md"]}]


def test_a_notice_page_may_not_replace_a_page_of_docs(tmp_path, shipped):
    _notice, site = shipped
    clash = NoticeSite(tmp_path, pages={"about.md": tmp_path / "about.md"})
    with pytest.raises(ValueError, match="about.md"):
        stage_docs(ROOT / "docs", clash, tmp_path / "staged")
    sources = stage_docs(ROOT / "docs", site, tmp_path / "staged")
    assert (tmp_path / "staged" / "guidance" / "budget.md").read_bytes() == site.pages["guidance/budget.md"].read_bytes()
    assert sources["index.md"] == ROOT / "docs" / "index.md"


def test_nav_yml_with_an_unknown_key_fails(tmp_path, shipped):
    notice, _site = shipped
    (tmp_path / "nav.yml").write_text("nav: []\nnav_translation: {}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="nav_translation"):
        notice_site(notice, tmp_path)


def test_a_part_renders_in_the_page_that_takes_it_and_is_empty_where_the_notice_has_none(tmp_path, shipped):
    notice, _site = shipped
    (tmp_path / "parts").mkdir()
    (tmp_path / "parts" / "home.md").write_text("{{ text(n.document_number) }} [x](guidance/a.md)", encoding="utf-8")
    site = notice_site(notice, tmp_path)
    assert render_page('<{{ part("home") }}>', notice, "index.md", "zh", site=site) == f"<{notice.document_number} [x](guidance/a.md)>"
    assert render_page('<{{ part("home") }}>', notice, "index.en.md", "en", site=site) == "<>"
    assert render_page('<{{ part("other") }}>', notice, "index.md", "zh", site=NoticeSite(None)) == "<>"
