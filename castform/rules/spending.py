"""Spending the funds may not be used for: 二、(三) 1–6.

The notice lists the six kinds under the infrastructure project only. A brand budget must
follow 《中国科协财政项目管理办法（修订）》 (一、(二) 4), which the site has not seen; the site
applies the same six kinds to brand budgets as its own reading, and says so.

- A forbidden category (error): choosing "项目管理费" as a line's category declares it.
- A word that names a kind in the line's item or basis (error), unless a whole negating
  phrase denies it ("不含项目管理费"): see `castform/spending_text.py`.
- A word that only suggests a kind (warning): the line is not ready until the applicant
  rewords it or answers, on the line, why it is not that spending; the answer is kept in
  the file for the secretariat and shown as a note.
"""

from __future__ import annotations

from ..citation import clause_label
from ..notice import ForbiddenKind
from ..registry import Context, Hit, per_notice, rule
from ..spending_text import reader, strongest


def _why_zh(ctx: Context) -> str:
    """For a project the notice's list is not written for, the sentence that says whose
    reading this is (empty for the project it is written for)."""
    n, project = ctx.notice, ctx.app.project
    listed = n.cite("forbidden")
    if not listed or n.cite("forbidden", project):
        return ""
    for_whom = "、".join(n.project_name(code, "zh") for code, _ in n.cites["forbidden"])
    budget = n.cite("budget", project)
    rules = f"{clause_label(n, budget, 'zh')}要求预算符合{n.budget_rules(project, 'zh')}，本站未见该办法全文；" if budget else ""
    return (
        f"（通知{clause_label(n, listed, 'zh')}为{for_whom}列出这几类；{rules}"
        f"本站按自己的解读，对{n.project_name(project, 'zh')}同样适用。）"
    )


def _why_en(ctx: Context) -> str:
    n, project = ctx.notice, ctx.app.project
    listed = n.cite("forbidden")
    if not listed or n.cite("forbidden", project):
        return ""
    for_whom = ", ".join(n.project_name(code, "en").lower() for code, _ in n.cites["forbidden"])
    budget = n.cite("budget", project)
    rules = (
        f" {clause_label(n, budget, 'en')} makes the budget follow {n.budget_rules(project, 'en')}, which the site has not seen."
        if budget
        else ""
    )
    return (
        f" (Notice {clause_label(n, listed, 'en')} lists these kinds for the {for_whom}.{rules} Applying them to "
        f"the {n.project_name(project, 'en').lower()} is the site's reading.)"
    )


def _kind_zh(kind: ForbiddenKind) -> str:
    return kind.text_zh.rstrip("；。")


def _kind_en(kind: ForbiddenKind) -> str:
    text = kind.text_en.rstrip(";.")
    return text[0].lower() + text[1:]


def _forbidden_codes(notice) -> frozenset:
    """The categories that declare forbidden spending, as a line's category may be written
    (an empty one is looked up as "")."""
    codes = {c.code for c in notice.categories if c.forbidden is not None}
    return frozenset(codes | ({None} if "" in codes else set()))


@rule(
    id="spending.forbidden-category",
    severity="error",
    cites="forbidden",
    field="budget.lines[].category",
    title_zh="不得列支的支出科目",
    title_en="A category the funds may not pay for",
    doc_zh="{forbidden_categories_zh}是通知{forbidden_clause_zh}列明不得使用项目经费的支出；选了这些科目就是列支了它们，所以是错误。"
    "[[通知把这些支出写在{forbidden_elsewhere_zh}下；{brand_zh}按本站解读同样适用（见“编制预算”）。]]",
    doc_en="The categories {forbidden_categories_en} are kinds of spending the "
    "notice ({forbidden_clause_en}) says the funds may not be used for; choosing such a category declares that spending, so it "
    "is an error.[[ The notice lists these kinds for the {forbidden_elsewhere_en}; applying them to a {brand_en} "
    "is the site's reading (see “Preparing the budget”).]]",
    fix_zh="删除该行：这类支出应由单位自有资金负担。",
    fix_en="Delete the line: such costs must be borne by the unit's own funds.",
    example={"budget.lines[7].category": "management-fee", "budget.lines[7].item": "项目管理费"},
    example_base="infrastructure-ready",
)
def forbidden_category(ctx: Context):
    forbidden = per_notice(ctx.notice, "spending.categories", _forbidden_codes)
    if forbidden.isdisjoint(ctx.by_category):
        return  # the usual budget: no line's category is a forbidden one
    for index, line in ctx.lines:
        category = ctx.notice.category(line.category or "")
        if category is None or category.forbidden is None:
            continue
        kind = ctx.notice.forbidden_kind(category.forbidden)
        yield Hit(
            field=f"budget.lines[{index}].category",
            zh=f"第 {index + 1} 行列支“{category.name_zh}”：项目经费不得用于{_kind_zh(kind)}。请删除该行。{_why_zh(ctx)}",
            en=f"Row {index + 1} is “{category.name_en}”: project funds may not be used for {_kind_en(kind)}. "
            f"Delete the line.{_why_en(ctx)}",
            params={"kind": kind.code, "category": category.code},
            clause=kind.clause,
        )


def _flagged(ctx: Context) -> list[tuple[int, object, list]]:
    """(index, line, mentions) of each line whose item or basis names or suggests a
    forbidden kind, one mention per kind, leaving out a kind its category already declares
    (said once, as a category error). Read once per check: three rules ask."""
    if "spending" not in ctx.shared:
        text_reader = reader(ctx.notice, ctx.app.project)
        texts = [f"{line.item or ''}\n{line.basis or ''}" for _, line in ctx.lines]
        flagged = []
        # The usual budget has no such word anywhere: one search says so for every line.
        lines = zip(ctx.lines, texts) if text_reader.may_mention(texts) else ()
        for (index, line), text in lines:
            found = text_reader.mentions(text)
            if not found:
                continue  # the usual line
            kinds = strongest(found)
            category = ctx.notice.category(line.category or "")
            if category is not None and category.forbidden:
                kinds.pop(category.forbidden, None)
            if kinds:
                flagged.append((index, line, list(kinds.values())))
        ctx.shared["spending"] = flagged
    return ctx.shared["spending"]


@rule(
    id="spending.forbidden-named",
    severity="error",
    cites="forbidden",
    field="budget.lines[].item",
    title_zh="写明了不得列支的支出",
    title_en="A line that names spending the funds may not pay for",
    doc_zh="支出内容或测算依据直接写出不得列支的支出（如“项目管理费”“在编人员工资”“捐赠”“基建”“还贷”），是错误，与所选科目无关。"
    "只有整个否定词组才算否认，如“不含”“不包括”“不属于”“非在编”“除……外”：“拆除”的“除”、“南非”的“非”都不算。"
    "各类的词表在通知数据文件中，可在“编制预算”页查看。",
    doc_en="A line whose item or basis names spending the funds may not pay for (project management fee, pay of "
    "established staff, a donation, capital construction, loan repayment …) is an error, whatever its category. "
    "Only a whole negating phrase denies it (不含 excluding, 不包括, 不属于, 非在编 non-established, 除…外): a "
    "single character inside another word never does. The word lists are in the notice's data file and on the "
    "budget guidance page.",
    fix_zh="删除该行；如果该行其实不是这类支出，请改写支出内容，不要使用这些词。",
    fix_en="Delete the line; if it is really something else, reword the item without these words.",
    example={"budget.lines[5].item": "秘书处在编人员工资"},
    example_base="infrastructure-ready",
)
def forbidden_named(ctx: Context):
    for index, line, mentions in _flagged(ctx):
        for mention in mentions:
            if not mention.names:
                continue
            kind = mention.kind
            yield Hit(
                field=f"budget.lines[{index}].item",
                zh=f"第 {index + 1} 行写的是“{mention.word}”，属于{_kind_zh(kind)}，项目经费不得列支。"
                f"请删除该行；如果不是这类支出，请改写支出内容。{_why_zh(ctx)}",
                en=f"Row {index + 1} says “{mention.word}”, which is {_kind_en(kind)}: the funds may not pay for it. "
                f"Delete the line, or reword it if it is really something else.{_why_en(ctx)}",
                params={"kind": kind.code, "word": mention.word},
                clause=kind.clause,
            )


def _answered(ctx: Context, line) -> bool:
    return len((line.confirmation or "").strip()) >= ctx.notice.spending_text.min_answer_chars


@rule(
    id="spending.forbidden-suggested",
    severity="warning",
    cites="forbidden",
    field="budget.lines[].confirmation",
    title_zh="疑似不得列支的支出，须改写或说明",
    title_en="Looks like forbidden spending: reword or explain",
    doc_zh="支出内容或测算依据中出现只是“像”不得列支支出的词（如单独的“工资”“福利”“利息”“装修”“管理费”“礼品”），"
    "本站无法判断，给出警告，并且在申报人改写该行或在该行“说明”中写明为何不属于此类之前，不显示“可以报送”。"
    "说明随申报文件保存，秘书处审核时可见。",
    doc_en="A word that only suggests forbidden spending (wages alone, benefits, interest, renovation, management fee, "
    "gifts …) cannot be judged by the site: it is a warning, and the application is not shown as ready until "
    "the line is reworded or its “Note” says why it is not such spending. The note stays in the file for the "
    "secretariat's review.",
    fix_zh="确属不得列支的支出请删除；如不是，请改写支出内容，或在该行“说明”中写明理由（至少 {min_answer_chars} 个字）。",
    fix_en="If it is such spending, delete the line; if not, reword it, or say why in the line's “Note” "
    "(at least {min_answer_chars} characters).",
    example={"budget.lines[1].item": "联合体门户网站运维（含办公室装修）"},
    example_base="infrastructure-ready",
)
def forbidden_suggested(ctx: Context):
    for index, line, mentions in _flagged(ctx):
        if _answered(ctx, line):
            continue  # spending.answered shows the applicant's note instead
        for mention in mentions:
            if mention.names:
                continue
            kind = mention.kind
            yield Hit(
                field=f"budget.lines[{index}].confirmation",
                zh=f"第 {index + 1} 行出现“{mention.word}”，可能属于{_kind_zh(kind)}，项目经费不得列支。"
                f"确属此类请删除该行；不是的话请改写，或在该行“说明”中写明理由，之后才能报送。{_why_zh(ctx)}",
                en=f"Row {index + 1} mentions “{mention.word}”, which may be {_kind_en(kind)}: the funds may not pay "
                "for that. Delete the line if it is; otherwise reword it or say why in the line's “Note” before "
                f"the application can go out.{_why_en(ctx)}",
                params={"kind": kind.code, "word": mention.word},
                blocking=True,
                clause=kind.clause,
            )


@rule(
    id="spending.answered",
    severity="info",
    cites=None,
    field="budget.lines[].confirmation",
    title_zh="申报人已说明不属于不得列支的支出",
    title_en="The applicant explained why a line is not forbidden spending",
    doc_zh="某行疑似不得列支、申报人已在该行“说明”中写明理由时，作为提示列出，供秘书处审核时查看。",
    doc_en="When a line looked like forbidden spending and the applicant explained it in the line's “Note”, the note is "
    "listed for the secretariat's review.",
    fix_zh="无需处理；秘书处审核时请核对说明是否成立。",
    fix_en="Nothing to do; the secretariat checks that the note holds.",
    example={
        "budget.lines[1].item": "联合体门户网站运维（含办公室装修）",
        "budget.lines[1].confirmation": "装修指网站页面改版，不涉及房屋",
    },
    example_base="infrastructure-ready",
)
def answered(ctx: Context):
    for index, line, mentions in _flagged(ctx):
        if not _answered(ctx, line):
            continue
        words = [m.word for m in mentions if not m.names]
        if words:
            yield Hit(
                field=f"budget.lines[{index}].confirmation",
                zh=f"第 {index + 1} 行出现“{'、'.join(words)}”，申报人说明：{line.confirmation.strip()}（请秘书处审核时核对）",
                en=f"Row {index + 1} mentions “{', '.join(words)}”; the applicant's note: {line.confirmation.strip()} "
                "(for the secretariat to check when it reviews the file)",
                params={"words": "、".join(words)},
            )
