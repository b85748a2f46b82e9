"""The deadline: 一、(三) and 二、(四). Rules never read the clock: the date judged is the
application's submission date, or the date the caller passes in (`check(..., on=)`)."""

from __future__ import annotations

from ..registry import Context, Hit, rule


def _date(ctx: Context):
    return ctx.judge_on or ctx.app.submitted_on


def _deadline_clause(ctx: Context) -> str:
    d = ctx.notice.deadline
    return d.also_clause if ctx.app.project == "infrastructure" and d.also_clause else d.clause


@rule(
    id="deadline.late", severity="error", clause="c-1-3", field="submitted_on",
    title_zh="截止时间后报送", title_en="Submitted after the deadline",
    doc_zh="申报和预算填报的截止时间都是 {deadline}，当天报送仍然有效。日期以申报文件的“报送日期”为准；命令行可用 --on 指定判断日期。",
    doc_en="Both the application and the infrastructure budget are due on {deadline}; that day still counts. The "
           "date judged is the file's submission date, or the date given with --on on the command line.",
    fix_zh="截止后的申报不再受理；如日期填错，请改正报送日期。",
    fix_en="Late applications are not accepted; if the date is a typo, correct it.",
    example={"submitted_on": "2021-06-09"},
)
def late(ctx: Context):
    deadline = ctx.notice.deadline
    when = _date(ctx)
    if when is None:
        return
    too_late = when > deadline.date if deadline.inclusive else when >= deadline.date
    if too_late:
        days = (when - deadline.date).days
        yield Hit(
            field="submitted_on",
            clause=_deadline_clause(ctx),
            zh=f"报送日期 {when} 晚于截止时间 {deadline.date}（{days} 天）。通知规定截止时间为 {deadline.date}，逾期不再受理。如日期填错，请改正。",
            en=f"Submitted on {when}, {days} day(s) after the deadline of {deadline.date}. Late applications are not accepted; if the date is wrong, correct it.",
            params={"date": when, "deadline": deadline.date, "days_late": days},
        )


@rule(
    id="deadline.before-notice", severity="warning", clause="c-1-3", field="submitted_on",
    title_zh="报送日期早于通知下发", title_en="Dated before the notice was issued",
    doc_zh="通知自下发之日（{signed_on}）起接受申报。更早的日期多半是填错了，故给出警告。",
    doc_en="Applications are accepted from the day the notice was issued ({signed_on}). An earlier date is most likely a typo: a warning.",
    fix_zh="核对并改正报送日期。", fix_en="Check and correct the submission date.",
    example={"submitted_on": "2021-05-01"},
)
def before_notice(ctx: Context):
    when = _date(ctx)
    signed = ctx.notice.signed_on
    if when is not None and when < signed:
        yield Hit(
            field="submitted_on",
            clause=_deadline_clause(ctx),
            zh=f"报送日期 {when} 早于通知下发日期 {signed}，请核对。",
            en=f"The submission date {when} is before the notice was issued ({signed}); check it.",
            params={"date": when, "issued": signed},
        )
