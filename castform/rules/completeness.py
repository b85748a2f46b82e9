"""Fields the notice needs and the file does not give yet ("needs input").

A missing value is not a failed requirement: "we cannot tell yet" is its own finding,
one per missing field, so the applicant gets a to-do list instead of a wrong verdict.
The rules that would judge a missing value simply skip it.
"""

from __future__ import annotations

from functools import lru_cache

from ..model import describe
from ..registry import Context, Hit, rule

# field → the clause that asks for it. Budget fields belong to c-1-2-4 (brand) / c-2-2.
_COMMON = {
    "project": "c-0",
    "title": "c-1-2-3",
    "consortium": "c-1-2-1",
    "lead_unit.name": "c-1-2-2",
    "lead_unit.contact.name": "c-1-2-3",
    "lead_unit.contact.phone": "c-1-2-3",
    "lead_unit.contact.email": "c-1-2-3",
    "submitted_on": "c-1-3",
    "budget.declared_total": "budget",
}
_BRAND = {
    "subproject": "c-1-1",
    "members_attested": "c-1-2-2",
    "period.start": "c-1-2-3",
    "period.end": "c-1-2-3",
    "summary": "c-1-1",
    "expected_outcomes": "c-1-1",
}
_LINE = ("category", "item", "unit_price", "quantity", "amount")


def _value(obj, path: str):
    for part in _split(path):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


@lru_cache(maxsize=64)
def _split(path: str) -> tuple[str, ...]:
    return tuple(path.split("."))


def missing_fields(ctx: Context):
    """(field path, clause) of every required value that is empty, in form order."""
    app = ctx.app
    budget_clause = "c-2-2" if app.project == "infrastructure" else "c-1-2-4"
    wanted = dict(_COMMON)
    if app.project == "infrastructure":
        wanted["submitted_on"] = "c-2-4"
    elif app.project == "brand":
        wanted |= _BRAND
    for path, clause in wanted.items():
        if path == "submitted_on" and ctx.judge_on is not None:
            continue  # the caller gave the date to judge
        value = _value(app, path)
        if value is None or value == "":
            yield path, budget_clause if clause == "budget" else clause
    if not app.budget.lines:
        yield "budget.lines", budget_clause
    for index, line in ctx.lines:
        if line.category and line.item and not (line.unit_price is None or line.quantity is None or line.amount is None):
            continue  # the usual case, checked in one step
        for name in _LINE:
            if getattr(line, name) in (None, ""):
                yield f"budget.lines[{index}].{name}", budget_clause


@rule(
    id="input.missing", severity="error", clause="c-1-2-3", field="",
    title_zh="尚未填写", title_en="Needs input",
    doc_zh="申报书或预算表中必须有、但尚未填写的项，每项一条。这不是“不符合条件”的判断，而是“还无法判断”："
           "相关规则会在填写后再检查。未填写时不能报送，所以列为错误。",
    doc_en="Each value the form or budget table must contain but does not yet, one finding each. This is not a "
           "verdict of ineligibility but \"cannot tell yet\": the rules concerned check the value once it is there. "
           "An application with gaps cannot be submitted, so this is an error.",
    fix_zh="填写所列各项。", fix_en="Fill in each field listed.",
    example={"title": None},
)
def needs_input(ctx: Context):
    for path, clause in missing_fields(ctx):
        if path in ctx.skip_fields:
            continue  # already reported as invalid; one message per problem
        zh, en = describe(path)
        yield Hit(field=path, clause=clause, zh=f"请填写“{zh}”。", en=f"Please fill in “{en}”.")
