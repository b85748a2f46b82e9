"""The submission checklist (一、(二) 3, 一、(四)): paper, seals, the secretariat, the
defence. None of it can be seen in a file, so it is shown as information once the
application has no errors left: the last thing to do before it goes out."""

from __future__ import annotations

from ..registry import Context, Hit, rule


@rule(
    id="submission.checklist", severity="info", source="notice", clause="c-1-2-3", field="",
    title_zh="报送清单", title_en="Submission checklist",
    doc_zh="纸质版一式两份、加盖牵头单位公章和骑缝章、经所属学会联合体审核并由秘书处统一报送，以及答辩准备——这些无法从文件中检查，"
           "在没有错误时作为提示列出。基础建设及运行项目，通知二只要求按年度工作任务填报经费预算表（附件2）、详细说明预算支出情况并在截止时间前填报，清单只列这些。",
    doc_en="Two paper copies, the lead unit's official seal and a straddle seal, review by the consortium and forwarding "
           "by its secretariat, and preparing for the defence cannot be checked in a file; they are listed as "
           "information once there are no errors. For infrastructure projects, part II of the notice only asks for the "
           "budget table (attachment 2), filled in following the year's tasks with the spending explained in detail, by "
           "the deadline; the list says only that.",
    fix_zh="逐项完成清单后报送。", fix_en="Work through the list, then submit.",
    example={},
)
def checklist(ctx: Context):
    # Shown only when nothing else is wrong: this rule runs last (see check.py).
    if ctx.errors_so_far:
        return
    notice = ctx.notice
    if ctx.app.project == "infrastructure":
        infra = notice.infrastructure
        yield Hit(
            field="", clause=infra.budget_clause,
            zh=f"按年度工作任务及安排填报经费预算表（{_attachment(notice, 2, 'zh')}），并详细说明预算支出情况。",
            en=f"Fill in the budget table ({_attachment(notice, 2, 'en')}) following the year's tasks and plans, and "
               "explain the budgeted spending in detail.",
            params={"step": "budget-table"},
        )
        yield Hit(
            field="", clause=notice.deadline_clause(ctx.app.project),
            zh=f"请在截止时间 {notice.deadline.date} 前填报。",
            en=f"File it by the deadline, {notice.deadline.date}.",
            params={"step": "deadline", "deadline": notice.deadline.date},
        )
        return
    for step in notice.submission:
        yield Hit(field="", clause=step.clause, zh=step.text_zh + "。", en=step.text_en + ".", params={"step": step.code})


def _attachment(notice, number: int, lang: str) -> str:
    found = next((a for a in notice.attachments if a.number == number), None)
    if found is None:
        return f"附件{number}" if lang == "zh" else f"attachment {number}"
    return f"附件{number}：{found.name_zh}" if lang == "zh" else f"attachment {number}: {found.name_en}"
