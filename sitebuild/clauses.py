"""Clause labels and citations: how a page names a clause of the notice.

The notice numbers its parts 一、 / （一） / 1.; a citation joins the labels of a clause
and its ancestors, e.g. c-1-2-2 → 一（二）2 in Chinese and I (2) 2 in English.
"""

from __future__ import annotations

import re

from castform.notice import Clause, Notice

_ZH_DIGITS = "一二三四五六七八九十"
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def label_en(label: str) -> str:
    """一、 → I.   （二） → (2)   3. → 3.   附件： → ''"""
    label = label.strip()
    if match := re.fullmatch(r"([一二三四五六七八九十])、", label):
        return _ROMAN[_ZH_DIGITS.index(match[1])] + "."
    if match := re.fullmatch(r"（([一二三四五六七八九十])）", label):
        return f"({_ZH_DIGITS.index(match[1]) + 1})"
    if re.fullmatch(r"\d+\.", label):
        return label
    return ""


def label(clause: Clause, lang: str) -> str:
    return clause.label.strip() if lang == "zh" else label_en(clause.label)


def heading(clause: Clause, lang: str) -> str | None:
    return clause.heading_zh if lang == "zh" else clause.heading_en


def body(clause: Clause, lang: str) -> str | None:
    return clause.text_zh if lang == "zh" else clause.text_en


def paragraphs(clause: Clause, lang: str) -> list[str]:
    text = body(clause, lang) or ""
    return [part.strip() for part in text.split("\n\n") if part.strip()]


def ancestors(notice: Notice, clause_id: str) -> list[Clause]:
    """The clause and the clauses above it, outermost first: c-1-2-2 → c-1, c-1-2, c-1-2-2."""
    notice.clause(clause_id)  # KeyError for an id the notice does not have
    parts = clause_id.split("-")
    chain = []
    for end in range(2, len(parts) + 1):
        try:
            chain.append(notice.clause("-".join(parts[:end])))
        except KeyError:
            continue
    return chain


def citation(notice: Notice, clause_id: str, lang: str) -> str:
    """A short name for a clause: 一（二）2 / I (2) 2; a part without a number (the
    preamble, the attachments) is named by its heading."""
    chain = ancestors(notice, clause_id)
    if lang == "zh":
        labels = [c.label.strip().rstrip("、.：:") for c in chain]
        text = "".join(x for x in labels if x)
    else:
        labels = [label_en(c.label).rstrip(".") for c in chain]
        text = " ".join(x for x in labels if x)
    return text or (heading(chain[-1], lang) or clause_id)


def full_title(notice: Notice, clause_id: str, lang: str) -> str:
    """Citation plus the nearest heading: 一（二）2 申报要求 / I (2) 2 Application requirements."""
    chain = ancestors(notice, clause_id)
    title = next((heading(c, lang) for c in reversed(chain) if heading(c, lang)), "")
    cite = citation(notice, clause_id, lang)
    return cite if not title or title == cite else f"{cite} {title}"
