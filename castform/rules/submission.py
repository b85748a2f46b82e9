"""The submission checklist (一、(二) 3, 一、(四)): paper, seals, the secretariat, the
defence. None of it can be seen in a file, so it is shown as information once the
application has no errors left: the last thing to do before it goes out."""

from __future__ import annotations

from ..registry import Context, Hit, rule


@rule(
    id="submission.checklist", severity="info", clause="c-1-2-3", field="",
    title_zh="报送清单", title_en="Submission checklist",
    doc_zh="纸质版一式两份、加盖牵头单位公章和骑缝章、经所属学会联合体审核并由秘书处统一报送，以及答辩准备——这些无法从文件中检查，"
           "在没有错误时作为提示列出。基础建设及运行项目由秘书处填报，只提示截止时间和预算表。",
    doc_en="Two paper copies, the lead unit's official seal and a straddle seal, review by the consortium and forwarding "
           "by its secretariat, and preparing for the defence cannot be checked in a file; they are listed as "
           "information once there are no errors. For infrastructure projects, filed by the secretariat itself, "
           "only the deadline and the budget table are listed.",
    fix_zh="逐项完成清单后报送。", fix_en="Work through the list, then submit.",
    example={},
)
def checklist(ctx: Context):
    # Shown only when nothing else is wrong: this rule runs last (see check.py).
    if ctx.errors_so_far:
        return
    notice = ctx.notice
    if ctx.app.project == "infrastructure":
        yield Hit(
            field="", clause="c-2-2",
            zh=f"没有发现错误。请打印经费预算表（附件2），于 {notice.deadline.date} 前报送中国科协学会学术部改革发展处。",
            en=f"No errors found. Print the budget table (attachment 2) and send it to CAST by {notice.deadline.date}.",
            params={"deadline": notice.deadline.date},
        )
        return
    for step in notice.submission:
        yield Hit(field="", clause=step.clause, zh=step.text_zh + "。", en=step.text_en + ".", params={"step": step.code})
