"""Fields the notice needs and the file does not give yet ("needs input").

A missing value is not a failed requirement: "we cannot tell yet" is its own finding,
one per missing field, so the applicant gets a to-do list instead of a wrong verdict.
The rules that would judge a missing value simply skip it.
"""

from __future__ import annotations

from functools import lru_cache

from ..model import describe
from ..registry import Context, Hit, rule

# field → where the need for it comes from: ("notice", clause) when the notice asks for it
# (or needs it to judge a clause), ("site", "") when only this site's form asks for it: the
# official 附件1 is not in the published notice. "budget" is the project's budget clause.
_SITE = ("site", "")
_COMMON = {
    "project": _SITE,
    "title": _SITE,
    "consortium": _SITE,
    "lead_unit.name": _SITE,
    "lead_unit.contact.name": _SITE,
    "lead_unit.contact.phone": _SITE,
    "lead_unit.contact.email": _SITE,
    "submitted_on": ("notice", "deadline"),
    "budget.declared_total": _SITE,
}
_BRAND = {
    "subproject": ("notice", "c-1-1"),
    "consortium": ("notice", "c-1-2-1"),
    "lead_unit.name": ("notice", "c-1-2-2"),
    "members_attested": ("notice", "c-1-2-2"),
    "period.start": _SITE,
    "period.end": _SITE,
    "summary": _SITE,
    "expected_outcomes": _SITE,
}
# A line's item and figures are its calculation basis (详列测算依据 / 详细说明预算支出情况);
# the category list is the site's.
_LINE = {"category": _SITE, "item": ("notice", "budget"), "unit_price": ("notice", "budget"),
         "quantity": ("notice", "budget"), "amount": ("notice", "budget")}


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
    """(field path, source, clause) of every required value that is empty, in form order."""
    app, notice = ctx.app, ctx.notice
    named = {
        "budget": notice.budget_clause(app.project),
        "deadline": notice.deadline_clause(app.project),
    }

    def where(source_clause):
        source, clause = source_clause
        return source, named.get(clause, clause)

    wanted = dict(_COMMON)
    if app.project == "brand":
        wanted |= _BRAND
    for path, source_clause in wanted.items():
        if path == "submitted_on" and ctx.judge_on is not None:
            continue  # the caller gave the date to judge
        value = _value(app, path)
        if value is None or value == "":
            yield path, *where(source_clause)
    if not app.budget.lines:
        yield "budget.lines", *where(("notice", "budget"))
    for index, line in ctx.lines:
        if line.category and line.item and not (line.unit_price is None or line.quantity is None or line.amount is None):
            continue  # the usual case, checked in one step
        for name, source_clause in _LINE.items():
            if getattr(line, name) in (None, ""):
                yield f"budget.lines[{index}].{name}", *where(source_clause)


@rule(
    id="input.missing", severity="error", source="site", clause="", field="",
    title_zh="尚未填写", title_en="Needs input",
    doc_zh="申报书或预算表中必须有、但尚未填写的项，每项一条。这不是“不符合条件”的判断，而是“还无法判断”："
           "相关规则会在填写后再检查。未填写时不能报送，所以列为错误。每条注明要求的来源：通知的条款（如子项目、牵头单位、"
           "测算依据），或本站的表单（如项目名称、执行期、联系人：官方附件1不在公布的通知中，表单是本站整理的）。",
    doc_en="Each value the form or budget table must contain but does not yet, one finding each. This is not a "
           "verdict of ineligibility but \"cannot tell yet\": the rules concerned check the value once it is there. "
           "An application with gaps cannot be submitted, so this is an error. Each says where the need comes from: "
           "a clause of the notice (sub-project, lead unit, calculation basis …) or this site's form (title, period, "
           "contacts …: the official attachment 1 is not in the published notice, so the form is the site's).",
    fix_zh="填写所列各项。", fix_en="Fill in each field listed.",
    example={"title": None},
)
def needs_input(ctx: Context):
    for path, source, clause in missing_fields(ctx):
        if path in ctx.skip_fields:
            continue  # already reported as invalid; one message per problem
        zh, en = describe(path)
        yield Hit(field=path, source=source, clause=clause, zh=f"请填写“{zh}”。", en=f"Please fill in “{en}”.")
