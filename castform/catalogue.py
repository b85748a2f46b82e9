"""The rule catalogue: every rule's documentation with a worked failing example, for the
site's rule page and for `castform rules`. The example's message is produced by running
the real rule on the example, so the catalogue cannot drift from the code."""

from __future__ import annotations

import json
from pathlib import Path

from .check import check
from .examples import load_example, patched
from .notice import Notice, load_notice
from .registry import RULES, Rule


def rule_anchor(rule_id: str) -> str:
    return rule_id.replace(".", "-")


def example_finding(rule_: Rule, notice: Notice, examples_dir: Path | None = None):
    """The first finding `rule_` gives on its own example, or None if it gives none."""
    data = patched(load_example(rule_.example_base, examples_dir), rule_.example)
    found = check(data, notice).of_rule(rule_.id)
    return found[0] if found else None


def rule_entries(notice: Notice | None = None, examples_dir: Path | None = None) -> list[dict]:
    notice = notice or load_notice()
    entries = []
    for rule_ in RULES:
        finding = example_finding(rule_, notice, examples_dir)
        clauses = [rule_.clause] + ([finding.clause] if finding and finding.clause != rule_.clause else [])
        entries.append({
            "id": rule_.id,
            "anchor": rule_anchor(rule_.id),
            "severity": rule_.severity,
            "clauses": clauses,
            "field": rule_.field,
            "title_zh": rule_.title_zh,
            "title_en": rule_.title_en,
            "doc_zh": rule_.doc_zh,
            "doc_en": rule_.doc_en,
            "fix_zh": rule_.fix_zh,
            "fix_en": rule_.fix_en,
            "example": {
                "base": rule_.example_base,
                "input_json": json.dumps(rule_.example, ensure_ascii=False, indent=2, default=str),
                "message_zh": finding.message.zh if finding else "",
                "message_en": finding.message.en if finding else "",
            },
        })
    return entries
