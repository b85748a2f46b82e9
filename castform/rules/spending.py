"""Spending the funds may not be used for: 二、(三) 1–6.

The notice lists the six kinds under the infrastructure project. The brand-building
budget must follow CAST's fiscal-project rules (一、(二) 4), which exclude the same kinds
of cost, so both rules apply to both projects and cite the clause that fits the project.

- By category (error): choosing "项目管理费" as a line's category *is* declaring that
  spending; there is nothing to interpret.
- By words in the free text (warning): "工资" or "管理费" can also appear in "不含管理费" or
  "专家劳务（非在编人员，不含工资）". A hint asks the applicant to look, it does not judge.
"""

from __future__ import annotations

import re

from ..notice import Notice
from ..registry import Context, Hit, rule


def _clause(ctx: Context, kind) -> str:
    return kind.clause if ctx.app.project == "infrastructure" else "c-1-2-4"


@rule(
    id="spending.forbidden-category", severity="error", clause="c-2-3", field="budget.lines[].category",
    title_zh="不得列支的支出科目", title_en="A category the funds may not pay for",
    doc_zh="在编人员工资福利、基本建设支出、项目管理费是通知列明不得使用项目经费的支出；选了这些科目就是列支了它们，所以是错误。",
    doc_en="Pay of established staff, capital construction and project management fees are kinds of spending the "
           "notice says the funds may not be used for; choosing such a category declares that spending, so it is an error.",
    fix_zh="删除该行：这类支出应由单位自有资金负担。",
    fix_en="Delete the line: such costs must be borne by the unit's own funds.",
    example={"budget.lines[7].category": "management-fee", "budget.lines[7].item": "项目管理费"},
    example_base="infrastructure-ready",
)
def forbidden_category(ctx: Context):
    for index, line in ctx.lines:
        category = ctx.notice.category(line.category or "")
        if category is None or category.forbidden is None:
            continue
        kind = ctx.notice.forbidden_kind(category.forbidden)
        yield Hit(
            field=f"budget.lines[{index}].category",
            clause=_clause(ctx, kind),
            zh=f"第 {index + 1} 行列支“{category.name_zh}”：项目经费不得用于{kind.text_zh.rstrip('；。')}。请删除该行。",
            en=f"Row {index + 1} is “{category.name_en}”: project funds may not be used for {kind.text_en.rstrip(';.').lower()}. "
               "Delete the line.",
            params={"kind": kind.code, "category": category.code},
        )


_HINT_INDEX: dict[int, tuple[Notice, re.Pattern, dict]] = {}


def _hint_index(notice: Notice) -> tuple[re.Pattern, dict]:
    """One regular expression for every hint of every kind (longest first), and which kind
    each hint word belongs to: a line's text is scanned once. Cached per notice object
    (by identity: hashing the whole notice on every call would cost more than the scan)."""
    if id(notice) not in _HINT_INDEX:
        kind_of = {hint: kind for kind in notice.forbidden for hint in kind.hints}
        pattern = re.compile("|".join(re.escape(h) for h in sorted(kind_of, key=len, reverse=True)))
        _HINT_INDEX[id(notice)] = (notice, pattern, kind_of)  # holding `notice` keeps its id unique
    return _HINT_INDEX[id(notice)][1:]


# A hint right after one of these is a denial, not the thing itself: "非在编人员",
# "不含管理费", "无赞助". Anything subtler is left to the applicant (hence a warning).
_NEGATIONS = ("非", "不含", "不包括", "不涉及", "无", "除")


def _hints(pattern: re.Pattern, text: str):
    """Each hint word in `text` that is not negated, in order of appearance."""
    for found in pattern.finditer(text):
        if not text[: found.start()].endswith(_NEGATIONS):
            yield found.group()


@rule(
    id="spending.forbidden-hint", severity="warning", clause="c-2-3", field="budget.lines[].item",
    title_zh="疑似不得列支的支出", title_en="Looks like spending the funds may not pay for",
    doc_zh="支出内容或测算依据中出现“工资”“社保”“罚款”“捐赠”“赞助”“还贷”“基建”“装修”“管理费”“礼品”等字样时提示。"
           "紧跟在“非”“不含”“无”等否定词后的不提示（如“非在编人员”）；其他否定说法难以穷举，所以只给警告，请申报人自己核对。",
    doc_en="Flags words such as wages, social insurance, fines, donations, sponsorship, loan repayment, construction, "
           "renovation, management fee or gifts in a line's item or basis. The text may be a denial (\"excluding "
           "management fees\"), so this is a warning for the applicant to check.",
    fix_zh="确属不得列支的支出请删除；如不是，请改写支出内容，避免歧义。",
    fix_en="If it is such spending, delete the line; if not, reword the item so that it is unambiguous.",
    example={"budget.lines[1].item": "联合体门户网站运维（含办公室装修）"},
    example_base="infrastructure-ready",
)
def forbidden_hint(ctx: Context):
    pattern, kind_of = _hint_index(ctx.notice)
    for index, line in ctx.lines:
        text = f"{line.item or ''}\n{line.basis or ''}"
        if pattern.search(text) is None:
            continue  # the usual case: no hint word at all
        category = ctx.notice.category(line.category or "")
        said = {category.forbidden} if category and category.forbidden else set()  # already an error: say it once
        for word in _hints(pattern, text):
            kind = kind_of[word]
            if kind.code not in said:
                said.add(kind.code)
                yield Hit(
                    field=f"budget.lines[{index}].item",
                    clause=_clause(ctx, kind),
                    zh=f"第 {index + 1} 行出现“{word}”，疑似{kind.text_zh.rstrip('；。')}，项目经费不得列支。"
                       "确属此类请删除该行；不是的话请改写，避免歧义。",
                    en=f"Row {index + 1} mentions “{word}”, which looks like {kind.text_en.rstrip(';.').lower()}: "
                       "the funds may not pay for that. Delete the line if it is; otherwise reword it.",
                    params={"kind": kind.code, "word": word},
                )
