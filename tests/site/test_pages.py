"""Every page of the navigation exists in both languages, in the source and in the site."""

from __future__ import annotations

import re

import pytest

from sitepages import NAV, ROOT, article, page_path, read_page, site_url, visible_text

pytest_plugins = ["sitefixtures"]

DOCS = ROOT / "docs"




def test_the_nav_has_the_pages_the_site_promises():
    for required in ("index.md", "notice.md", "guidance/index.md", "rules.md", "checker.md", "hosting.md"):
        assert required in NAV


def test_every_markdown_file_is_in_the_nav_and_has_both_languages():
    chinese = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md") if not p.name.endswith(".en.md")}
    english = {p.relative_to(DOCS).as_posix().replace(".en.md", ".md") for p in DOCS.rglob("*.en.md")}
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
    (pattern,) = re.findall(r"location ~\* (\^/engine/\S+) \{", text)
    engine = site / "engine"
    for path in engine.rglob("*"):
        if path.is_file():
            url = "/" + path.relative_to(site).as_posix()
            assert bool(re.search(pattern, url, re.IGNORECASE)) == (path.name != "manifest.json"), url
