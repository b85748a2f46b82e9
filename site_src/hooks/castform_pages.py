"""MkDocs hook: the notice's data into every page, site_src's assets into the site.

Why a hook and not a pre-processing step in build.py: a hook runs inside MkDocs, so
`mkdocs build`, `mkdocs serve` (with live reload) and `python build.py` all render the
same pages, and no generated Markdown is ever written to disk or committed. The work
itself lives in the `sitebuild` package; this file only connects it to MkDocs's events.

- on_config: read the notice (CASTFORM_NOTICE_FILE, else the packaged one) once per build;
  stage docs/ and the notice's own pages (site_src/notices/<id>/pages/) into one docs
  folder for MkDocs, put the notice's nav.yml where mkdocs.yml's nav says NOTICE_PAGES
  (with its English titles), and fill the notice's values into the site descriptions.
- on_files: add site_src/assets/* to the site, so extra_css / extra_javascript resolve
  without copying anything into docs/.
- on_page_markdown: render the page's Markdown as a jinja2 template (sitebuild.pages).
- on_page_content: give the toc's ¶ permalinks a title in the page's language, put
  the checker's generated form into the checker page's slot (after Markdown, so the
  form's HTML is never read as Markdown), and the batch page's config on its root.
- on_page_context, on_post_build: the language switcher (see _language_roots).
"""

from __future__ import annotations

import atexit
import copy
import logging
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# MkDocs puts only this file's folder on sys.path, and only while loading it; the
# sitebuild and castform packages live at the repository root.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import jinja2  # noqa: E402
from markupsafe import escape  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402

from castform.words import word  # noqa: E402
from sitebuild import pages  # noqa: E402

ASSETS = ROOT / "site_src" / "assets"
# The checker's loader, its ES modules (cf-*.js), engine client and styles; its worker is vendored with the
# engine (sitebuild/engine.py) and its form template is rendered into the page.
CHECKER_SOURCES = ROOT / "site_src" / "checker"
CHECKER_ASSETS = ("engine.js", "checker.js", "checker.css", *sorted(p.name for p in CHECKER_SOURCES.glob("cf-*.js")))
CHECKER_SLOT = '<div id="checker-slot"></div>'
BATCH_ROOT = 'id="cf-batch"'
_notice = None
_site = pages.NoticeSite(None)
_sources: dict[str, Path] = {}  # staged page → the file it is a copy of (for error messages)
_staging: Path | None = None  # this process's staged docs folder
_environment = pages.make_environment()


class _DropInstantNavigationWarning(logging.Filter):
    """mkdocs-static-i18n warns that its per-page language links go stale under
    navigation.instant (the header is not replaced on an instant page change). The site
    handles that itself: cf-language-link.js points the switcher at the current page's
    translation after every page change (tested in tests/browser). The warning would
    fail the strict build, so drop just that one."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "compatible with theme.features = navigation.instant" not in record.getMessage()


logging.getLogger("mkdocs.plugins.mkdocs_static_i18n.reconfigure").addFilter(_DropInstantNavigationWarning())


def _staging_dir() -> Path:
    global _staging
    if _staging is None:
        _staging = Path(tempfile.mkdtemp(prefix="castform-docs-"))
        atexit.register(shutil.rmtree, _staging, True)
    return _staging / "docs"


def _describe(text: str | None, notice) -> str | None:
    """mkdocs.yml's site descriptions name the notice by placeholders: {n.document_number},
    {n.signed_on.year} …, and {projects_zh}, the projects' names joined by 和."""
    if not text:
        return text
    return text.format(n=notice, projects_zh="和".join(notice.project_name(code, "zh") for code in notice.projects))


def on_config(config):
    global _notice, _site, _sources
    staged = _staging_dir()
    if Path(config.docs_dir) != staged:
        # First call of this build (mkdocs-static-i18n builds each further language with
        # the same config, calling on_config again: the folder is already staged then).
        _notice = pages.load_site_notice()
        _site = pages.notice_site(_notice)
        try:
            _sources = pages.stage_docs(Path(config.docs_dir), _site, staged)
        except ValueError as error:
            raise PluginError(str(error)) from error
        config.docs_dir = str(staged)
        config.nav = pages.site_nav(config.nav, _site)
        config.site_description = _describe(config.site_description, _notice)
        i18n = config.plugins.get("i18n")
        for language in i18n.config.languages if i18n else ():
            titles = _site.nav_translations.get(language.locale)
            if titles:
                language.nav_translations = {**(language.nav_translations or {}), **titles}
            language.site_description = _describe(language.site_description, _notice)
    return config


def on_files(files, config):
    for path in sorted(ASSETS.rglob("*")):
        if path.is_file():
            rel = path.relative_to(ASSETS.parent).as_posix()  # assets/castform.css
            if files.get_file_from_path(rel) is None:
                files.append(File(rel, str(ASSETS.parent), config.site_dir, config.use_directory_urls))
    for name in CHECKER_ASSETS:
        rel = f"assets/checker/{name}"
        if files.get_file_from_path(rel) is None:
            files.append(File.generated(config, rel, abs_src_path=str(CHECKER_SOURCES / name)))
    return files


def on_page_markdown(markdown, page, config, files):
    lang = getattr(page.file, "locale", None) or pages.page_language(page.file.src_uri)
    try:
        return pages.render_page(markdown, _notice, page.file.src_uri, lang, _environment, _site)
    except (jinja2.TemplateError, KeyError, AttributeError) as error:
        # Name the page's own file: a typo in a template or a clause/rule id that does not exist.
        line = f" line {error.lineno}" if getattr(error, "lineno", None) else ""
        source = _sources.get(page.file.src_uri)
        name = source.relative_to(ROOT).as_posix() if source and source.is_relative_to(ROOT) else (source or page.file.src_uri)
        raise PluginError(f"{name}{line}: {error!r}") from error


def on_page_content(html, page, config, files):
    lang = getattr(page.file, "locale", None) or pages.page_language(page.file.src_uri)
    html = html.replace('title="Permanent link"', f'title="{word(lang, "site.permalink")}"')
    if CHECKER_SLOT in html:
        from sitebuild.checkerform import render_checker

        # The checker page is checker/ (or en/checker/): the catalogue and the notice
        # are its siblings.
        form = render_checker(_notice, lang, rules_url="../rules/", notice_url="../notice/")
        html = html.replace(CHECKER_SLOT, form)
    if BATCH_ROOT in html:
        from sitebuild.batchpage import with_config

        html = with_config(html, lang)  # the batch page's words, as data-config
    return html


def on_page_context(context, page, config, nav):
    """_language_roots: mkdocs-static-i18n (which runs first) points `extra.alternate` at
    this page's translations. Material fetches `sitemap.xml` beside each
    `<link rel="alternate">` in the head, so per-page links mean a 404 on every page.
    Point them back at the language roots; cf-language-link.js makes the header's switcher
    links go to the current page's translation."""
    i18n = config.plugins.get("i18n")
    roots = getattr(i18n, "extra_alternate", None)
    if roots:
        # The i18n plugin sets it as an attribute, which templates read before the item.
        config.extra.alternate = copy.deepcopy(roots)
    # The announcement bar's words (overrides/main.html puts the notice page's address in).
    lang = (getattr(page.file, "locale", None) or pages.page_language(page.file.src_uri)) if page else "zh"
    issuer = _notice.issuer_short_zh if lang == "zh" else _notice.issuer_short_en
    context["cf_announce"] = word(lang, "site.announce_html").replace("{issuer}", str(escape(issuer)))
    return context


def on_post_build(config):
    # Material looks for each language root's sitemap (see on_page_context); the i18n
    # plugin writes one sitemap, covering all languages, at the site root.
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return
    site = Path(config.site_dir)
    for lang in i18n.build_languages:
        if lang != i18n.default_language and (site / lang).is_dir():
            for name in ("sitemap.xml", "sitemap.xml.gz"):
                if (site / name).exists():
                    shutil.copyfile(site / name, site / lang / name)


def on_serve(server, config, builder):
    # `mkdocs serve` watches mkdocs.yml and the staged docs folder (which it must not: a
    # rebuild re-stages it); the pages' own folders, the data and the assets are what change.
    if Path(config.docs_dir) == _staging_dir():
        server.unwatch(config.docs_dir)
    folders = [ROOT / "docs", ROOT / "site_src", ROOT / "castform" / "notices", ROOT / "sitebuild"]
    if _site.folder is not None and not _site.folder.resolve().is_relative_to(ROOT / "site_src"):
        folders.append(_site.folder)
    for path in folders:
        server.watch(str(path))
    return server
