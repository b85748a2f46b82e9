"""Clause labels and citations: how a page names a clause of the notice.

The notice numbers its parts 一、 / （一） / 1.; a citation joins the labels of a clause
and its ancestors, e.g. c-1-2-2 → 一（二）2 in Chinese and I (2) 2 in English. The labels
themselves come from `castform.citation`, which names clauses in findings the same way.
"""

from __future__ import annotations

from castform.citation import ancestors, clause_label, label_en
from castform.notice import Clause, Notice

__all__ = ["ancestors", "body", "citation", "full_title", "heading", "label", "label_en", "paragraphs"]


def label(clause: Clause, lang: str) -> str:
    return clause.label.strip() if lang == "zh" else label_en(clause.label)


def heading(clause: Clause, lang: str) -> str | None:
    return clause.heading_zh if lang == "zh" else clause.heading_en


def body(clause: Clause, lang: str) -> str | None:
    return clause.text_zh if lang == "zh" else clause.text_en


def paragraphs(clause: Clause, lang: str) -> list[str]:
    text = body(clause, lang) or ""
    return [part.strip() for part in text.split("\n\n") if part.strip()]


def citation(notice: Notice, clause_id: str, lang: str) -> str:
    """A short name for a clause: 一（二）2 / I (2) 2 (castform.citation names it for findings too)."""
    return clause_label(notice, clause_id, lang)


def full_title(notice: Notice, clause_id: str, lang: str) -> str:
    """Citation plus the nearest heading: 一（二）2 申报要求 / I (2) 2 Application requirements."""
    chain = ancestors(notice, clause_id)
    title = next((heading(c, lang) for c in reversed(chain) if heading(c, lang)), "")
    cite = citation(notice, clause_id, lang)
    return cite if not title or title == cite else f"{cite} {title}"
