"""The rule catalogue: every rule's documentation with a worked failing example, for the
site's rule page and for `castform rules`. The example's message is produced by running
the real rule on the example, so the catalogue cannot drift from the code."""

from __future__ import annotations

import json
import re
from pathlib import Path

from .check import check
from .citation import ancestors, clause_label
from .examples import load_example, patched
from .notice import Notice, load_notice
from .registry import RULES, Rule


def wording(notice: Notice) -> dict[str, str]:
    """The notice's figures that rule titles and docs quote, as `{name}` placeholders:
    the catalogue follows the data file like every other page."""
    from .intake import MAX_BYTES
    from .money import wan
    from .rules.budget import MIN_BASIS_CHARS

    infra, meeting, expert = notice.infrastructure, notice.reference.meeting, notice.reference.expert
    whole = lambda amount: f"{amount:,.0f}"  # noqa: E731  (300000 → 300,000)
    band = (
        {  # a notice without the infrastructure project has no band to quote
            "infra_typical_wan": wan(infra.typical_yuan),
            "infra_typical_yuan": whole(infra.typical_yuan),
            "infra_low_wan": wan(infra.low_yuan),
            "infra_high_wan": wan(infra.high_yuan),
            "infra_low_yuan": whole(infra.low_yuan),
            "infra_high_yuan": whole(infra.high_yuan),
            "tolerance": format(infra.tolerance_percent.normalize(), "f"),
        }
        if infra
        else dict.fromkeys(
            (
                "infra_typical_wan",
                "infra_typical_yuan",
                "infra_low_wan",
                "infra_high_wan",
                "infra_low_yuan",
                "infra_high_yuan",
                "tolerance",
            )
        )
    )
    return (
        band
        | _names(notice)
        | {
            "caps_zh": "，".join(f"{s.name_zh} {wan(s.cap_yuan)} 万元" for s in notice.brand.subprojects),
            "caps_en": "; ".join(f"{s.name_en}: {whole(s.cap_yuan)} yuan" for s in notice.brand.subprojects),
            "lead_units": str(notice.applicants.lead_units),
            "min_other_units": str(notice.applicants.min_other_units),
            "deadline": notice.deadline.date.isoformat(),
            "signed_on": notice.signed_on.isoformat(),
            "meeting_rates_zh": "、".join(f"{c.name_zh} {whole(c.max_yuan)} {meeting.unit_zh}" for c in meeting.classes),
            "meeting_rates_en": "; ".join(f"{c.name_en}: {whole(c.max_yuan)} {meeting.unit_en}" for c in meeting.classes),
            "expert_rates_zh": "，".join(
                f"{t.name_zh} {whole(t.min_yuan)}–{whole(t.max_yuan)} {expert.unit_zh}" for t in expert.titles
            ),
            "expert_rates_en": "; ".join(
                f"{t.name_en}: {whole(t.min_yuan)}–{whole(t.max_yuan)} {expert.unit_en}" for t in expert.titles
            ),
            "meeting_classes_zh": "；".join(f"{c.name_zh}是{c.held_by_zh}" for c in meeting.classes),
            "meeting_classes_en": "; ".join(f"{c.name_en.lower()}: {c.held_by_en}" for c in meeting.classes),
            "min_basis_chars": str(MIN_BASIS_CHARS),
            "consortium_marker": notice.applicants.consortium_marker,
            "division_min_chars": str(notice.applicants.division_min_chars),
            "review_days": str(notice.deadline.review_days),
            "min_answer_chars": str(notice.spending_text.min_answer_chars),
            "max_mb": str(MAX_BYTES // 1_000_000),
        }
    )


def _names(notice: Notice) -> dict[str, str | None]:
    """The notice's projects, sub-projects and clauses as rule texts name them; None for
    what the notice lacks (an [[optional passage]] naming it is then left out)."""
    infra, subprojects = notice.infrastructure, notice.brand.subprojects
    lower = lambda name: name[:1].lower() + name[1:]  # noqa: E731  (mid-sentence)
    names_zh = [s.name_zh for s in subprojects]
    forbidden = notice.cite("forbidden")
    # Where the notice lists the forbidden kinds under another project only, the rules
    # say that applying them to the brand project is the site's reading.
    elsewhere = next((code for code, _clause in notice.cites.get("forbidden", ()) if code != "brand"), None)
    elsewhere = elsewhere if notice.cite("forbidden", "brand") is None else None
    return {
        "brand_zh": notice.brand.name_zh,
        "brand_en": lower(notice.brand.name_en),
        "infra_zh": infra.name_zh if infra else None,
        "infra_en": lower(infra.name_en) if infra else None,
        "infra_part_zh": clause_label(notice, ancestors(notice, infra.clause)[0].id, "zh") if infra else None,
        "infra_part_en": clause_label(notice, ancestors(notice, infra.clause)[0].id, "en") if infra else None,
        "subproject_count": str(len(subprojects)),
        "subproject_names_zh": "或".join(filter(None, ["、".join(names_zh[:-1]), names_zh[-1]])) if names_zh else "",
        "forbidden_clause_zh": clause_label(notice, forbidden, "zh") if forbidden else None,
        "forbidden_clause_en": clause_label(notice, forbidden, "en") if forbidden else None,
        "forbidden_categories_zh": "、".join(c.name_zh for c in notice.categories if c.forbidden),
        "forbidden_categories_en": _and([f"“{c.name_en}”" for c in notice.categories if c.forbidden]),
        "forbidden_elsewhere_zh": notice.project_name(elsewhere, "zh") if elsewhere else None,
        "forbidden_elsewhere_en": lower(notice.project_name(elsewhere, "en")) if elsewhere else None,
    }


def _and(items: list[str]) -> str:
    return " and ".join(filter(None, [", ".join(items[:-1]), items[-1]])) if items else ""


_OPTIONAL = re.compile(r"\[\[(.*?)\]\]", re.S)
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill(text: str, values: dict[str, str | None]) -> str:
    """A rule text with the notice's values in; an [[optional passage]] is kept only when
    every placeholder in it has a value (a sentence about a project the notice lacks)."""
    kept = _OPTIONAL.sub(lambda m: m[1] if all(values.get(n) is not None for n in _PLACEHOLDER.findall(m[1])) else "", text)
    return kept.format_map(values)


def listed(rule_: Rule, notice: Notice) -> bool:
    """Whether the catalogue lists the rule for this notice: not a rule of a part the
    notice does not have (its `needs`, e.g. the infrastructure project's band)."""
    return not rule_.needs or getattr(notice, rule_.needs, None) is not None


def rule_anchor(rule_id: str) -> str:
    return rule_id.replace(".", "-")


def example_finding(rule_: Rule, notice: Notice, examples_dir: Path | None = None):
    """The first finding `rule_` gives on its own example, or None if it gives none (or
    the notice has no example file of that name: a rule's example is written for the
    notice whose examples it names)."""
    try:
        base = load_example(rule_.example_base, examples_dir)
    except FileNotFoundError:
        return None
    data = patched(base, rule_.example)
    if data.get("notice") not in (None, notice.id):
        return None
    found = check(data, notice).of_rule(rule_.id)
    return found[0] if found else None


def rule_entries(notice: Notice | None = None, examples_dir: Path | None = None) -> list[dict]:
    notice = notice or load_notice()
    values = wording(notice)
    entries = []
    for rule_ in filter(lambda r: listed(r, notice), RULES):
        finding = example_finding(rule_, notice, examples_dir)
        # The clauses the rule stands on (its own, and a more specific one its example
        # cites); none for a rule that only the site's form or a national rule sets.
        clauses = [c for c in dict.fromkeys([*rule_.clauses(notice), finding.clause if finding else ""]) if c]
        cited = finding.citation if finding else None
        entries.append(
            {
                "id": rule_.id,
                "anchor": rule_anchor(rule_.id),
                "severity": rule_.severity,
                "source": rule_.source,
                "citation_zh": cited.zh if cited else "",
                "citation_en": cited.en if cited else "",
                "clauses": clauses,
                "field": rule_.field,
                "title_zh": fill(rule_.title_zh, values),
                "title_en": fill(rule_.title_en, values),
                "doc_zh": fill(rule_.doc_zh, values),
                "doc_en": fill(rule_.doc_en, values),
                "fix_zh": fill(rule_.fix_zh, values),
                "fix_en": fill(rule_.fix_en, values),
                "example": {
                    "base": rule_.example_base,
                    "input_json": json.dumps(rule_.example, ensure_ascii=False, indent=2, default=str),
                    "message_zh": finding.message.zh if finding else "",
                    "message_en": finding.message.en if finding else "",
                },
            }
        )
    return entries
