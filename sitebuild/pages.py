"""Pages as jinja2 templates over the notice's data, and the notice's own pages.

The site's pages come from two places:

- `docs/`: the pages every notice has (home, notice, rule catalogue, checker, batch
  review, about, hosting). They use only what every notice file has, with `{% if %}` for
  what a notice may lack (`n.infrastructure`, `n.attachments` …), and name no notice.
- the notice's own folder, `site_src/notices/<notice id>/` (or CASTFORM_NOTICE_PAGES):
  `pages/` holds the pages written for that one notice (its guidance), `nav.yml` where
  they go in the navigation, `parts/` passages a generic page takes from the notice
  (`{{ part("home") }}` on the home page). A notice without a folder gets the generic
  site.

The hook (site_src/hooks/castform_pages.py) stages both into one folder for MkDocs (see
`stage_docs`), so MkDocs and mkdocs-static-i18n see one ordinary docs folder.

Every Markdown page is rendered through jinja2 before MkDocs reads it, with the notice
`n`, the page language `lang` and the helpers below in scope. So a page writes
`{{ wan(n.brand.subprojects[0].cap_yuan) }}万元`, never "30万元": no number of the notice
is typed twice, and changing the data file changes every page.

Delimiters: `{{ }}` and `{% %}` as usual, but comments are `{## ##}` because Markdown's
attr_list writes heading ids as `{#id}`, which jinja would read as a comment.
"""

from __future__ import annotations

import functools
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import jinja2
import yaml
from markupsafe import Markup, escape

from castform.notice import Notice, load_notice, parse_notice
from castform.words import word

from . import clauses as cl
from . import formatting as fmt
from .noticepage import notice_markdown
from .rulespage import anchor as rule_anchor
from .rulespage import catalogue_markdown

# An alternate notice file for the whole build (tests, next year's draft).
NOTICE_FILE_ENV = "CASTFORM_NOTICE_FILE"
# The folder of that notice's own pages, when it is not site_src/notices/<its id>/.
NOTICE_PAGES_ENV = "CASTFORM_NOTICE_PAGES"
REPO_ROOT = Path(__file__).resolve().parent.parent
DOCS_DIR = REPO_ROOT / "docs"
NOTICE_SITES = REPO_ROOT / "site_src" / "notices"
# Where mkdocs.yml's nav takes the notice's own pages (nav.yml's `nav`).
NAV_SLOT = "NOTICE_PAGES"


def site_notice_file() -> Path | None:
    path = os.environ.get(NOTICE_FILE_ENV)
    return Path(path) if path else None


def load_site_notice() -> Notice:
    path = site_notice_file()
    if path:
        return parse_notice(path.read_text(encoding="utf-8"))
    return load_notice()


def examples_folder(notice: Notice) -> Path:
    """The notice's example applications, which the rule catalogue's examples patch: an
    `examples/` folder beside the notice file, else the shipped notice's of that id. (The
    folder may not exist: the catalogue then shows no examples rather than another
    notice's.)"""
    from castform.examples import examples_dir, examples_near

    path = site_notice_file()
    near = examples_near(str(path)) if path else None
    return near or examples_dir(notice.id)


@functools.lru_cache(maxsize=4)
def _rule_entries(notice: Notice) -> tuple[dict, ...]:
    # Imported here so that pages without the catalogue build even while the rules
    # package is being changed; the catalogue page itself needs it.
    from castform.catalogue import rule_entries

    return tuple(rule_entries(notice, examples_folder(notice)))


@dataclass(frozen=True)
class NoticeSite:
    """One notice's own part of the site (see the module's docstring)."""

    folder: Path | None
    pages: dict[str, Path] = field(default_factory=dict)  # 'guidance/budget.md' → its file
    nav: tuple = ()  # MkDocs nav items, Chinese titles, for NAV_SLOT
    nav_translations: dict[str, dict[str, str]] = field(default_factory=dict)  # lang → {title: title}

    def part(self, name: str, lang: str, default_lang: str = "zh") -> Path | None:
        if self.folder is None:
            return None
        file = self.folder / "parts" / (f"{name}.md" if lang == default_lang else f"{name}.{lang}.md")
        return file if file.is_file() else None


def notice_site(notice: Notice, folder: Path | None = None) -> NoticeSite:
    """The notice's own pages: from `folder`, else CASTFORM_NOTICE_PAGES, else
    site_src/notices/<id>/ (none there: the generic site)."""
    folder = Path(folder or os.environ.get(NOTICE_PAGES_ENV) or NOTICE_SITES / notice.id)
    if not folder.is_dir():
        return NoticeSite(None)
    pages_dir = folder / "pages"
    pages = (
        {p.relative_to(pages_dir).as_posix(): p for p in sorted(pages_dir.rglob("*")) if p.is_file()}
        if pages_dir.is_dir()
        else {}
    )
    nav_file = folder / "nav.yml"
    data = yaml.safe_load(nav_file.read_text(encoding="utf-8")) if nav_file.is_file() else {}
    data = data or {}
    unknown = set(data) - {"nav", "nav_translations"}
    if unknown:
        raise ValueError(f"{nav_file}: unknown keys {sorted(unknown)}")
    return NoticeSite(folder, pages, tuple(data.get("nav") or ()), dict(data.get("nav_translations") or {}))


def site_nav(nav: list | None, site: NoticeSite) -> list | None:
    """mkdocs.yml's nav with the notice's own entries in place of NAV_SLOT (dropped when the
    notice has none). A nav without the slot is returned as it is."""
    if nav is None:
        return None
    out = []
    for item in nav:
        if item == NAV_SLOT:
            out.extend(site.nav)
        elif isinstance(item, dict):
            out.append({title: site_nav(value, site) if isinstance(value, list) else value for title, value in item.items()})
        else:
            out.append(item)
    return out


def stage_docs(docs_dir: Path, site: NoticeSite, staging: Path) -> dict[str, Path]:
    """Copy docs/ and the notice's pages into `staging`, one docs folder for MkDocs, and
    return where each page came from. A page in both is an error: a notice adds pages, it
    does not replace the site's.

    Why a folder of copies: mkdocs-static-i18n takes only files under docs_dir for pages
    (it re-creates each File from docs_dir), so pages added from elsewhere in on_files
    would be dropped with a warning. mkdocs-monorepo-plugin merges docs folders the same way.
    """
    sources = {p.relative_to(docs_dir).as_posix(): p for p in sorted(docs_dir.rglob("*")) if p.is_file()}
    clash = sorted(set(sources) & set(site.pages))
    if clash:
        raise ValueError(
            f"{site.folder}/pages: {', '.join(clash)} already in {docs_dir}; a notice adds pages, it does not replace them"
        )
    sources |= site.pages
    if staging.exists():
        shutil.rmtree(staging)
    for rel, source in sources.items():
        target = staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    return sources


def make_environment() -> jinja2.Environment:
    return jinja2.Environment(
        comment_start_string="{##",
        comment_end_string="##}",
        undefined=jinja2.StrictUndefined,  # a typo in a page fails the build
        keep_trailing_newline=True,
        autoescape=False,  # the output is Markdown; helpers escape what they insert
    )


def page_language(src_uri: str, default: str = "zh") -> str:
    """`guidance/budget.en.md` → 'en'; `guidance/budget.md` → the default language."""
    suffixes = PurePosixPath(src_uri).suffixes
    return suffixes[-2].lstrip(".") if len(suffixes) >= 2 else default


def root_prefix(src_uri: str) -> str:
    """Relative path from the page's folder to docs/: 'guidance/budget.md' → '../'."""
    return "../" * (len(PurePosixPath(src_uri).parts) - 1)


_NUMERALS = {
    "zh": ("零", "一", "两", "三", "四", "五", "六", "七", "八", "九", "十"),
    "en": ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
}


def numeral(value: int, lang: str) -> str:
    """A small count in words, as prose says it (两个附件, six kinds); digits above ten."""
    words = _NUMERALS.get(lang, _NUMERALS["en"])
    return words[value] if 0 <= value < len(words) else str(value)


def page_context(notice: Notice, lang: str, src_uri: str, site: NoticeSite | None = None) -> dict:
    root = root_prefix(src_uri)
    site = site or NoticeSite(None)

    def clause(clause_id: str, text: str | None = None) -> Markup:
        """A Markdown link to a clause of the notice page, named by its citation."""
        name = text or cl.citation(notice, clause_id, lang)
        return Markup(f"[{escape(name)}]({root}notice.md#{clause_id})")

    def clause_text(clause_id: str) -> Markup:
        """The clause's own words, each paragraph marked as a quotation of the notice."""
        return Markup(
            "\n\n".join(f'<span class="cf-quote">{escape(p)}</span>' for p in cl.paragraphs(notice.clause(clause_id), lang))
        )

    def rule(rule_id: str, text: str | None = None) -> Markup:
        if rule_id not in {entry["id"] for entry in _rule_entries(notice)}:
            raise KeyError(f"no rule {rule_id!r} in the registry")
        return Markup(f"[{escape(text or rule_id)}]({root}rules.md#{rule_anchor(rule_id)})")

    def deadline_status() -> Markup:
        """The days left, computed in the browser by site_src/assets/cf-deadline.js from the
        data attributes. Empty (and hidden by CSS) without JavaScript: the page prints
        the date itself next to it."""
        d = notice.deadline
        labels = {state: escape(word(lang, f"site.deadline_{state}")) for state in ("open", "today", "closed")}
        return Markup(
            f'<span class="cf-deadline" data-deadline="{d.date.isoformat()}" '
            f'data-inclusive="{str(d.inclusive).lower()}" data-label-open="{labels["open"]}" '
            f'data-label-today="{labels["today"]}" data-label-closed="{labels["closed"]}">'
            "</span>"
        )

    return {
        "n": notice,
        "lang": lang,
        "root": root,
        "sub": {s.code: s for s in notice.brand.subprojects},
        "category": {c.code: c for c in notice.categories},
        "step": {s.code: s for s in notice.submission},
        "kind": {f.code: f for f in notice.forbidden},
        "wan": fmt.wan,
        "yuan": lambda value: fmt.yuan(value, lang),
        "count": fmt.count,
        # Worked examples' own sums (illustrative quantities × a rate from the data):
        # formatted like yuan() but not marked as a value of the data file.
        "money": lambda value: fmt.grouped(value, lang),
        "date": lambda day: fmt.long_date(day, lang),
        "text": fmt.text,
        "name": lambda item: escape(getattr(item, f"name_{lang}")),
        "clause": clause,
        "clause_text": clause_text,
        "cite": lambda clause_id: escape(cl.citation(notice, clause_id, lang)),
        "rule": rule,
        "rules": lambda: list(_rule_entries(notice)),
        "deadline_status": deadline_status,
        "numeral": lambda value: numeral(value, lang),
        # Does the site have this page (docs/ or the notice's own)? For links from a
        # generic page to a page only some notices have.
        "has_page": lambda src: src in site.pages or (DOCS_DIR / src).is_file(),
        "notice_page": lambda: notice_markdown(notice, lang),
        "rule_catalogue": lambda: Markup(catalogue_markdown(list(_rule_entries(notice)), notice, lang, root)),
    }


def render_page(
    markdown: str,
    notice: Notice,
    src_uri: str,
    lang: str | None = None,
    environment: jinja2.Environment | None = None,
    site: NoticeSite | None = None,
) -> str:
    lang = lang or page_language(src_uri)
    environment = environment or make_environment()
    context = page_context(notice, lang, src_uri, site)

    def part(name: str) -> Markup:
        """The notice's passage `parts/<name>.md` (`.en.md`), rendered as if written in
        this page; nothing when the notice has none."""
        file = site.part(name, lang) if site else None
        if file is None:
            return Markup("")
        return Markup(environment.from_string(file.read_text(encoding="utf-8")).render(context))

    context["part"] = part
    return environment.from_string(markdown).render(context)
