"""The site builds from a second notice of another shape (tests/fixtures/demo-2023-07:
fictional; four sub-projects, no infrastructure project, other clause numbering), with the
pages of its own from the fixture's site/ folder, laid out like site_src/notices/<id>/.

Nothing in docs/, the hook or sitebuild names either notice: if a generic page still
typed a clause id, a sub-project or the infrastructure project of the 2021 notice, the
strict build would fail here (a missing attribute or anchor) or the checks below would.
"""

from __future__ import annotations

import re

import pytest
from sitepages import ROOT, article, nav_pages, read_page, site_url, visible_text  # first: sys.path

from castform.notice import load_notice
from sitebuild.noticepage import clause_ids
from sitebuild.pages import notice_site
from sitebuild.testing import build_site

pytest_plugins = ["sitefixtures"]

FIXTURE = ROOT / "tests" / "fixtures" / "demo-2023-07"
PAGES = FIXTURE / "site"


@pytest.fixture(scope="module")
def second():
    return load_notice(str(FIXTURE / "notice.toml"))


@pytest.fixture(scope="module")
def second_site(tmp_path_factory):
    """Built as `python build.py` builds (strict: any warning fails the fixture)."""
    site_dir = tmp_path_factory.mktemp("second-notice-site")
    build_site(site_dir, notice_file=FIXTURE / "notice.toml", notice_pages=PAGES)
    return site_dir


@pytest.fixture(scope="module")
def second_nav(second):
    return nav_pages(notice_site(second, PAGES))


def _tab_titles(page: str) -> list[str]:
    return [" ".join(visible_text(tab).split()) for tab in re.findall(r'class="md-tabs__link">(.*?)</a>', page, flags=re.S)]


def _select(page: str, select_id: str) -> list[tuple[str, str]]:
    """The (value, label) options of a <select>, its empty choice left out."""
    block = re.search(rf'<select id="{select_id}".*?</select>', page, flags=re.S)
    assert block, select_id
    return [(value, label) for value, label in re.findall(r'<option value="([^"]*)">([^<]*)</option>', block.group(0))
            if value]


def _unescaped(page: str) -> str:
    """The page with the \\uXXXX escapes of its embedded JSON (the checker's config) read."""
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), page)


def test_it_is_another_shape(second, site_notice):
    assert second.id != site_notice.id and second.infrastructure is None
    assert len(second.brand.subprojects) == 4
    assert not {c.id for c in second.clauses} >= {c.id for c in site_notice.clauses}


def test_every_page_of_its_nav_is_built_in_both_languages(second_site, second_nav):
    # the generic pages and the fixture's own guidance page, and nothing of the 2021 guidance
    assert "guidance/index.md" in second_nav and "guidance/budget.md" not in second_nav
    for src in second_nav:
        zh, en = read_page(second_site, site_url(src)), read_page(second_site, "en/" + site_url(src))
        assert 'lang="zh"' in zh and 'lang="en"' in en
        assert visible_text(article(zh)).strip() and visible_text(article(en)).strip()
    assert not (second_site / "guidance" / "budget").exists()
    # nav.yml's titles, in each language, in the navigation's tabs after the notice's
    assert _tab_titles(read_page(second_site, ""))[1:3] == ["通知原文", "申报指南"]
    assert _tab_titles(read_page(second_site, "en/"))[1:3] == ["The notice", "Guidance"]


def test_the_checker_form_offers_its_sub_projects_and_no_infrastructure_project(second_site, second):
    for url, lang in (("checker/", "zh"), ("en/checker/", "en")):
        page = read_page(second_site, url)
        assert _select(page, "f-subproject") == [(s.code, getattr(s, f"name_{lang}")) for s in second.brand.subprojects]
        assert [value for value, _label in _select(page, "f-project")] == ["brand"]


def test_the_notice_page_shows_its_clauses(second_site, second):
    for url, lang in (("notice/", "zh"), ("en/notice/", "en")):
        page = article(read_page(second_site, url))
        assert clause_ids(page) == {c.id for c in second.clauses}
        text = visible_text(page)
        assert getattr(second, f"title_{lang}") in text
        for clause in second.clauses:
            body = getattr(clause, f"text_{lang}") or getattr(clause, f"heading_{lang}") or ""
            assert " ".join(body.split())[:20] in " ".join(text.split()), clause.id


def test_the_home_page_has_its_cards_and_no_infrastructure_card(second_site, second, site_notice):
    for url, lang in (("", "zh"), ("en/", "en")):
        text = visible_text(article(read_page(second_site, url)))
        for sub in second.brand.subprojects:
            assert getattr(sub, f"name_{lang}") in text
        assert getattr(site_notice.infrastructure, f"name_{lang}") not in text
        assert str(second.signed_on.year) in text  # the notice's year, not 2021
    # the fixture's passage from parts/home.md
    assert "测试夹具" in read_page(second_site, "") and "Test fixture" in read_page(second_site, "en/")


def _built_texts(site_dir):
    for path in sorted(site_dir.rglob("*")):
        if path.suffix in (".html", ".json", ".xml") and "engine" not in path.relative_to(site_dir).parts:
            yield path.relative_to(site_dir).as_posix(), _unescaped(path.read_text(encoding="utf-8"))


def test_no_page_names_the_2021_notice(second_site, site_notice):
    """Its document number and title, anywhere: pages, descriptions, search index, sitemap."""
    marks = (site_notice.document_number, site_notice.title_zh, site_notice.title_en)
    for name, text in _built_texts(second_site):
        for mark in marks:
            assert mark not in text, (name, mark)


# Pages whose text comes partly from castform itself rather than docs/ and the notice's
# pages: the rule catalogue (the rules' own titles and docs) and the checker (the form's words).
FROM_CASTFORM = ("rules/", "checker/", "search/")


def _marks_2021(notice) -> set[str]:
    """What only the 2021 notice has: its projects, sub-projects and deadline."""
    marks = {notice.brand.name_zh, notice.brand.name_en, notice.infrastructure.name_zh, notice.infrastructure.name_en,
             notice.deadline.date.isoformat()}
    return marks | {s.name_zh for s in notice.brand.subprojects} | {s.name_en for s in notice.brand.subprojects}


def test_the_pages_from_docs_and_the_notice_folder_name_nothing_of_the_2021_notice(second_site, site_notice):
    marks = _marks_2021(site_notice)
    for name, text in _built_texts(second_site):
        if name.removeprefix("en/").startswith(FROM_CASTFORM):
            continue
        for mark in marks:
            assert mark.lower() not in text.lower(), (name, mark)


def test_the_rule_catalogue_names_nothing_of_the_2021_notice(second_site, site_notice):
    marks = _marks_2021(site_notice) - {site_notice.deadline.date.isoformat()}
    for url in ("rules/", "en/rules/"):
        text = visible_text(article(read_page(second_site, url))).lower()
        assert not [mark for mark in marks if mark.lower() in text], url


def test_the_checker_form_names_nothing_of_the_2021_notice(second_site, site_notice):
    marks = _marks_2021(site_notice)
    for url in ("checker/", "en/checker/"):
        text = _unescaped(article(read_page(second_site, url))).lower()
        assert not [mark for mark in marks if mark.lower() in text], url


def test_without_pages_of_its_own_a_notice_gets_the_generic_site(tmp_path, second):
    # No CASTFORM_NOTICE_PAGES and no site_src/notices/<its id>/: docs/ alone, strict.
    assert not (ROOT / "site_src" / "notices" / second.id).exists()
    build_site(tmp_path / "site", notice_file=FIXTURE / "notice.toml")
    home = read_page(tmp_path / "site", "")
    assert not (tmp_path / "site" / "guidance").exists()
    assert "guidance/" not in home and "测试夹具" not in home
    assert _select(read_page(tmp_path / "site", "checker/"), "f-subproject")[0][0] == second.brand.subprojects[0].code


def test_a_form_hint_for_no_field_fails_the_build(second):
    """[form_hints] replace the model's general hints; a typo must not drop one silently."""
    from castform.notice import FormHint
    from sitebuild.checkerform import form_controls

    typo = second.model_copy(update={"form_hints": {"lead_unt": FormHint(zh="牵头", en="Lead")}})
    with pytest.raises(ValueError, match="lead_unt"):
        form_controls(typo, "zh")
