"""Fields the notice needs and the file does not give yet ("needs input").

A missing value is not a failed requirement: "we cannot tell yet" is its own finding,
one per missing field, so the applicant gets a to-do list instead of a wrong verdict.
The rules that would judge a missing value simply skip it.
"""

from __future__ import annotations

from operator import attrgetter

from ..model import describe
from ..registry import FORM, Context, Hit, rule

# field → the requirement key of the notice's [cites] that needs it (None: only this site's
# form asks for it; the official 附件1 is not in the published notice). A key the notice
# gives for the application's project cites that clause; see Notice.cited.
_COMMON = {
    "project": None,
    "title": None,
    "consortium": "single-applicant",
    "lead_unit.name": "joint-application",
    "lead_unit.contact.name": None,
    "lead_unit.contact.phone": None,
    "lead_unit.contact.email": None,
    "submitted_on": "deadline",
    "budget.declared_total": None,
}
_BRAND = {
    "subproject": "subproject",
    "members_attested": "joint-application",
    "period.start": None,
    "period.end": None,
    "summary": None,
    "expected_outcomes": None,
}
# A line's item and figures are its calculation basis; the category list is the site's.
_LINE = {"category": None, "item": "budget", "unit_price": "budget", "quantity": "budget", "amount": "budget"}


# (path, its parts, requirement key) in form order, made once: the brand project asks for more.
_WANTED = {
    brand: tuple((path, tuple(path.split(".")), key) for path, key in ({**_COMMON, **_BRAND} if brand else _COMMON).items())
    for brand in (False, True)
}


def _value(obj, parts: tuple[str, ...]):
    for part in parts:
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


# Every wanted value in one call (for a brand project or not; with the date judged given or
# not): the usual application gives them all, and one look says so.
_ALL = {
    (brand, judged): attrgetter(*(path for path, _, _ in _WANTED[brand] if not (judged and path == "submitted_on")))
    for brand in (False, True)
    for judged in (False, True)
}


def missing_fields(ctx: Context):
    """(field path, requirement key) of every required value that is empty, in form order."""
    app = ctx.app
    judged = ctx.judge_on is not None
    brand = app.project == "brand"
    try:
        values = _ALL[brand, judged](app)
    except AttributeError:  # a part on the way is missing (lead_unit.contact.name without a lead unit)
        values = (None,)
    if None in values or "" in values:
        for path, parts, key in _WANTED[brand]:
            if judged and path == "submitted_on":
                continue  # the caller gave the date to judge
            value = _value(app, parts)
            if value is None or value == "":
                yield path, key
    if not app.budget.lines:
        yield "budget.lines", "budget"
    for index, line in ctx.irregular:  # a line with all of these is not irregular
        if line.category and line.item and not (line.unit_price is None or line.quantity is None or line.amount is None):
            continue  # the usual case, checked in one step
        for name, key in _LINE.items():
            if getattr(line, name) in (None, ""):
                yield f"budget.lines[{index}].{name}", key


@rule(
    id="input.missing",
    severity="error",
    cites=None,
    field="",
    title_zh="尚未填写",
    title_en="Needs input",
    doc_zh="申报书或预算表中必须有、但尚未填写的项，每项一条。这不是“不符合条件”的判断，而是“还无法判断”："
    "相关规则会在填写后再检查。未填写时不能报送，所以列为错误。每条注明要求的来源：通知的条款（如子项目、牵头单位、"
    "测算依据），或本站的表单（如项目名称、执行期、联系人：官方附件1不在公布的通知中，表单是本站整理的）。",
    doc_en="Each value the form or budget table must contain but does not yet, one finding each. This is not a "
    'verdict of ineligibility but "cannot tell yet": the rules concerned check the value once it is there. '
    "An application with gaps cannot be submitted, so this is an error. Each says where the need comes from: "
    "a clause of the notice (sub-project, lead unit, calculation basis …) or this site's form (title, period, "
    "contacts …: the official attachment 1 is not in the published notice, so the form is the site's).",
    fix_zh="填写所列各项。",
    fix_en="Fill in each field listed.",
    example={"title": None},
)
def needs_input(ctx: Context):
    for path, key in missing_fields(ctx):
        if path in ctx.skip_fields:
            continue  # already reported as invalid; one message per problem
        zh, en = describe(path)
        yield Hit(field=path, cites=key or FORM, zh=f"请填写“{zh}”。", en=f"Please fill in “{en}”.")
