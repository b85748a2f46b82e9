"""The submission checklist (一、(二) 3, 一、(四)): paper, seals, the secretariat, the
defence. None of it can be seen in a file, so it is shown as information once the
application has no errors left: the last thing to do before it goes out."""

from __future__ import annotations

from ..registry import Context, Hit, rule


@rule(
    id="submission.checklist",
    severity="info",
    cites="routing",
    field="",
    constant=True,
    title_zh="报送清单",
    title_en="Submission checklist",
    doc_zh="纸质版一式两份、加盖牵头单位公章和骑缝章、经所属学会联合体审核并由秘书处统一报送，以及答辩准备——这些无法从文件中检查，"
    "在没有错误时作为提示列出。[[{infra_zh}，通知{infra_part_zh}只要求按年度工作任务填报经费预算表（附件2）、详细说明预算支出情况并在截止时间前填报，清单只列这些。]]",
    doc_en="Two paper copies, the lead unit's official seal and a straddle seal, review by the consortium and forwarding "
    "by its secretariat, and preparing for the defence cannot be checked in a file; they are listed as "
    "information once there are no errors.[[ For an {infra_en}, part {infra_part_en} of the notice only asks for the "
    "budget table (attachment 2), filled in following the year's tasks with the spending explained in detail, by "
    "the deadline; the list says only that.]]",
    fix_zh="逐项完成清单后报送。",
    fix_en="Work through the list, then submit.",
    example={},
)
def checklist(ctx: Context):
    # Shown only when nothing else is wrong: this rule runs last (see check.py).
    if ctx.errors_so_far:
        return
    notice = ctx.notice
    for step in notice.submission:
        if step.project == ctx.app.project:
            values = {"deadline": notice.deadline.date}
            yield Hit(
                field="",
                cites=step.cites,
                clause=step.clause,
                zh=step.text_zh.format_map(values) + "。",
                en=step.text_en.format_map(values) + ".",
                params={"step": step.code},
            )
