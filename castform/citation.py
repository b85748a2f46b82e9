"""Where a requirement comes from, in words: the notice's own clause labels, a national
document, or this site's form.

The notice numbers its parts 一、 / （一） / 1.; a citation joins the labels of a clause
and its ancestors: c-1-2-2 → 一（二）2 in Chinese and I (2) 2 in English. The checker
page, the CLI and the rule catalogue show these labels; clause ids stay in small print.
"""

from __future__ import annotations

import re
from typing import Literal

from .notice import Clause, Notice

Source = Literal["notice", "national", "site"]

_ZH_DIGITS = "一二三四五六七八九十"
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")

# How each kind of source is introduced. The official 附件1/附件2 are not in the published
# notice, so what the site asks beyond the notice's text is the site's own form.
SITE_FORM = ("本站申报表单（非官方附件）", "this site's form (not the official attachment)")
SITE_READING = ("本站解读，参照通知", "the site's reading, after Notice")


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


def clause_label(notice: Notice, clause_id: str, lang: str) -> str:
    """A short name for a clause: 一（二）2 / I (2) 2; a part without a number (the
    preamble, the attachments) is named by its heading."""
    chain = ancestors(notice, clause_id)
    if lang == "zh":
        text = "".join(x for x in (c.label.strip().rstrip("、.：:") for c in chain) if x)
        return text or (chain[-1].heading_zh or clause_id)
    text = " ".join(x for x in (label_en(c.label).rstrip(".") for c in chain) if x)
    return text or (chain[-1].heading_en or clause_id)


def _words(notice: Notice, source: str, clause: str) -> tuple[str, str]:
    if source == "notice":
        return f"通知{clause_label(notice, clause, 'zh')}", f"Notice {clause_label(notice, clause, 'en')}"
    if clause:
        return (
            f"{SITE_READING[0]}{clause_label(notice, clause, 'zh')}",
            f"{SITE_READING[1]} {clause_label(notice, clause, 'en')}",
        )
    return SITE_FORM


# Per notice object (by identity: hashing a whole notice costs more than the look-up);
# holding the notice keeps its id unique.
_CACHE: dict[tuple[int, str, str], tuple[Notice, tuple[str, str]]] = {}


def citation(notice: Notice | None, source: str, clause: str, document: tuple[str, str] | None = None) -> tuple[str, str]:
    """(zh, en) naming where a finding's requirement comes from."""
    if source == "national":
        return document or ("", "")
    if source == "site" and not clause:
        return SITE_FORM
    key = (id(notice), source, clause)
    if key not in _CACHE:
        _CACHE[key] = (notice, _words(notice, source, clause))
    return _CACHE[key][1]
