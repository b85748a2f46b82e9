"""The deadline: 一、(三) and 二、(四). Rules never read the clock: the date judged is the
application's submission date, or the date the caller passes in (`check(..., on=)`).

`submitted_on` is the day the file reaches the consortium's secretariat, which must still
review the applications and forward them together (一、(二) 3) by the same deadline.
"""

from __future__ import annotations

from ..registry import Context, Hit, per_notice, rule


def _date(ctx: Context):
    return ctx.judge_on or ctx.app.submitted_on


@rule(
    id="deadline.late",
    severity="error",
    cites="deadline",
    field="submitted_on",
    title_zh="截止时间后报送",
    title_en="Submitted after the deadline",
    doc_zh="申报和预算填报的截止时间都是 {deadline}，当天仍在期限内。日期以申报文件的“报送日期”为准；命令行可用 --on 指定判断日期。",
    doc_en="Both the application and the infrastructure budget are due on {deadline}; that day is still within the "
    "deadline. The date judged is the file's submission date, or the date given with --on on the command line.",
    fix_zh="如日期填错，请改正报送日期；已过截止时间的，请与所属联合体秘书处联系。",
    fix_en="If the date is a typo, correct it; if the deadline has passed, contact your consortium's secretariat.",
    example={"submitted_on": "2021-06-09"},
)
def late(ctx: Context):
    deadline = ctx.notice.deadline
    when = _date(ctx)
    if when is None:
        return
    if when > deadline.last_day:
        days = (when - deadline.last_day).days
        yield Hit(
            field="submitted_on",
            zh=f"报送日期 {when} 已过通知规定的期限（{deadline.words('zh')}，晚 {days} 天）。如日期填错，请改正；"
            "否则请与所属联合体秘书处联系。",
            en=f"Submitted on {when}, {days} day(s) after {deadline.words('en')} set by the notice. If the date is "
            "wrong, correct it; otherwise contact your consortium's secretariat.",
            params={"date": when, "deadline": deadline.date, "days_late": days},
        )


@rule(
    id="deadline.secretariat-time",
    severity="warning",
    cites="routing",
    reading=True,
    field="submitted_on",
    title_zh="留给秘书处审核的时间",
    title_en="Time left for the secretariat's review",
    doc_zh="申报书先交所属学会联合体审核，再由秘书处统一报送，都要在截止时间 {deadline} 前完成。"
    "交到秘书处的日期离截止时间不足 {review_days} 天时提示：秘书处可能来不及审核和报送。天数是本站的估计，不是通知的规定。",
    doc_en="Applications go to the consortium for review and its secretariat forwards them together, all by the "
    "deadline of {deadline}. Handing a file over fewer than {review_days} days before the deadline is flagged: "
    "the secretariat may not have time to review and forward it. The number of days is the site's estimate, "
    "not the notice's.",
    fix_zh="尽早交给秘书处，并与秘书处确认其审核和报送安排。",
    fix_en="Hand it over earlier, and agree the review and forwarding dates with your secretariat.",
    example={"submitted_on": "2021-06-08"},
)
def secretariat_time(ctx: Context):
    routed = per_notice(ctx.notice, "deadline.routing", lambda n: {p: n.cite("routing", p) for p in n.projects})
    project = ctx.app.project
    if not (routed[project] if project in routed else ctx.notice.cite("routing", project)):
        return  # not handed to a secretariat first (the infrastructure budget is the secretariat's own)
    deadline = ctx.notice.deadline
    when = ctx.app.submitted_on  # the hand-over itself, not a date the caller judges on
    if when is None or when > deadline.last_day or when < ctx.notice.signed_on:
        return  # late or too early: the rules around this one say so
    left = (deadline.last_day - when).days
    if left < deadline.review_days:
        yield Hit(
            field="submitted_on",
            zh=f"报送日期 {when} 距期限（{deadline.words('zh')}）只有 {left} 天。申报书还要经所属联合体审核、由秘书处统一报送，"
            "请尽早交给秘书处，并确认秘书处来得及在截止前报送。",
            en=f"The file reaches the secretariat on {when}, {left} day(s) before {deadline.words('en')}. It "
            "still has to be reviewed by the consortium and forwarded by its secretariat: hand it over earlier and "
            "make sure the secretariat can forward it in time.",
            params={"date": when, "deadline": deadline.date, "days_left": left},
        )


@rule(
    id="deadline.before-notice",
    severity="warning",
    cites="deadline",
    field="submitted_on",
    title_zh="报送日期早于通知下发",
    title_en="Dated before the notice was issued",
    doc_zh="通知自下发之日（{signed_on}）起接受申报。更早的日期多半是填错了，故给出警告。",
    doc_en="Applications are accepted from the day the notice was issued ({signed_on}). An earlier date is most likely a typo: a warning.",
    fix_zh="核对并改正报送日期。",
    fix_en="Check and correct the submission date.",
    example={"submitted_on": "2021-05-01"},
)
def before_notice(ctx: Context):
    when = _date(ctx)
    signed = ctx.notice.signed_on
    if when is not None and when < signed:
        yield Hit(
            field="submitted_on",
            zh=f"报送日期 {when} 早于通知下发日期 {signed}，请核对。",
            en=f"The submission date {when} is before the notice was issued ({signed}); check it.",
            params={"date": when, "issued": signed},
        )
