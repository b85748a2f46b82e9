"""Pages as jinja2 templates over the notice's data.

Every Markdown page in docs/ is rendered through jinja2 before MkDocs reads it (see
site_src/hooks/castform_pages.py), with the notice `n`, the page language `lang` and the
helpers below in scope. So a page writes `{{ wan(n.brand.subprojects[0].cap_yuan) }}万元`,
never "30万元": no number of the notice is typed twice, and changing the data file
changes every page.

Delimiters: `{{ }}` and `{% %}` as usual, but comments are `{## ##}` because Markdown's
attr_list writes heading ids as `{#id}`, which jinja would read as a comment.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path, PurePosixPath

import jinja2
from markupsafe import Markup, escape

from castform.notice import Notice, load_notice, parse_notice

from . import clauses as cl
from . import formatting as fmt
from .noticepage import notice_markdown
from .rulespage import anchor as rule_anchor
from .rulespage import catalogue_markdown

# An alternate notice file for the whole build (tests, next year's draft).
NOTICE_FILE_ENV = "CASTFORM_NOTICE_FILE"
REPO_ROOT = Path(__file__).resolve().parent.parent


def load_site_notice() -> Notice:
    path = os.environ.get(NOTICE_FILE_ENV)
    if path:
        return parse_notice(Path(path).read_text(encoding="utf-8"))
    return load_notice()


@functools.lru_cache(maxsize=4)
def _rule_entries(notice: Notice) -> tuple[dict, ...]:
    # Imported here so that pages without the catalogue build even while the rules
    # package is being changed; the catalogue page itself needs it.
    from castform.catalogue import rule_entries

    return tuple(rule_entries(notice, REPO_ROOT / "examples"))


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


def page_context(notice: Notice, lang: str, src_uri: str) -> dict:
    root = root_prefix(src_uri)

    def clause(clause_id: str, text: str | None = None) -> Markup:
        """A Markdown link to a clause of the notice page, named by its citation."""
        name = text or cl.citation(notice, clause_id, lang)
        return Markup(f"[{escape(name)}]({root}notice.md#{clause_id})")

    def clause_text(clause_id: str) -> Markup:
        """The clause's own words, each paragraph marked as a quotation of the notice."""
        return Markup("\n\n".join(
            f'<span class="cf-quote">{escape(p)}</span>' for p in cl.paragraphs(notice.clause(clause_id), lang)
        ))

    def rule(rule_id: str, text: str | None = None) -> Markup:
        if rule_id not in {entry["id"] for entry in _rule_entries(notice)}:
            raise KeyError(f"no rule {rule_id!r} in the registry")
        return Markup(f"[{escape(text or rule_id)}]({root}rules.md#{rule_anchor(rule_id)})")

    def deadline_status() -> Markup:
        """The days left, computed in the browser by site_src/assets/castform.js from the
        data attributes. Empty (and hidden by CSS) without JavaScript: the page prints
        the date itself next to it."""
        d = notice.deadline
        if lang == "zh":
            labels = {"open": "还剩 {days} 天", "today": "今天截止", "closed": "已截止"}
        else:
            labels = {"open": "{days} days left", "today": "closes today", "closed": "closed"}
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
        "notice_page": lambda: notice_markdown(notice, lang),
        "rule_catalogue": lambda: Markup(
            catalogue_markdown(list(_rule_entries(notice)), notice, lang, root)
        ),
    }


def render_page(markdown: str, notice: Notice, src_uri: str, lang: str | None = None,
                environment: jinja2.Environment | None = None) -> str:
    lang = lang or page_language(src_uri)
    template = (environment or make_environment()).from_string(markdown)
    return template.render(page_context(notice, lang, src_uri))
