"""`check(application, notice) -> Report`: the one entry point of the rules.

Used as it is by the command line, the tests, the site build and the browser worker.
It never raises on bad input: whatever comes in, a report comes out. Every Decimal
operation of a check runs under `money.CONTEXT` (60 digits, fixed exponent limits): the
values the intake lets through are bounded, so every product and sum the rules compute is
exact and nothing can overflow, whatever context the caller has set.
"""

from __future__ import annotations

import datetime as dt
from decimal import localcontext

from . import rules  # noqa: F401  (registers every rule)
from .intake import UNREADABLE, read
from .money import CONTEXT
from .notice import Notice, load_notice
from .registry import RULES, Context, Hit
from .report import Report, make_report

_ORDER = {r.id: i for i, r in enumerate(RULES)}
_CHECKED = [(r, r.check, r.constant) for r in RULES if r.check is not None]  # every rule is registered on import


def check(application: object, notice: Notice | None = None, *, on: dt.date | None = None) -> Report:
    """Check an application given as bytes, JSON text, a dict or an `Application`.

    `on` is the date to judge the deadline against; without it, the application's own
    submission date is used. The clock is never read.
    """
    notice = notice or load_notice()
    with localcontext(CONTEXT):
        if hasattr(application, "model_dump"):
            application = application.model_dump(mode="json", exclude_none=True)
        return _encodable(_check_read(*read(application), notice, on=on))  # check_read, in this context


def check_read(
    app, findings: list, dropped: frozenset[str], notice: Notice, *, on: dt.date | None = None, keep: dict | None = None
) -> Report:
    """The rules on an application already read by `intake.read` (whose findings come in).
    With `keep`, keep["figures"] is the budget's figures the rules judged (the page shows
    the same ones, without a second pass over the lines)."""
    with localcontext(CONTEXT):
        return _encodable(_check_read(app, findings, dropped, notice, on=on, keep=keep))


def _check_read(
    app, findings: list, dropped: frozenset[str], notice: Notice, *, on: dt.date | None, keep: dict | None = None
) -> Report:
    findings = list(findings)
    if app is None:
        return make_report(notice.id, findings, _ORDER)
    if app.notice and app.notice != notice.id:
        findings.append(
            UNREADABLE.finding(
                notice=notice,
                hit=Hit(
                    field="notice",
                    zh=f"此文件是按通知“{app.notice}”填写的，不能按 {notice.id}（{notice.document_number}）检查。请使用对应通知的核查工具。",
                    en=f"This file was written for notice “{app.notice}” and cannot be checked against {notice.id}. "
                    "Check it with the checker of that notice.",
                ),
            )
        )
        return make_report(notice.id, findings, _ORDER)
    ctx = Context(app=app, notice=notice, judge_on=on, skip_fields=dropped)
    ctx.errors_so_far = sum(1 for f in findings if f.blocking)
    project, append = app.project, findings.append
    for rule_, check_fn, constant in _CHECKED:
        if constant:
            for finding in rule_.findings(ctx):
                append(finding)
                if finding.blocking:
                    ctx.errors_so_far += 1
            continue
        # Rule.findings, written out: most rules find nothing, and a generator around each
        # rule's own cost more than many of them.
        for hit in check_fn(ctx):
            finding = rule_.finding(hit, notice, project)
            append(finding)
            if finding.blocking:
                ctx.errors_so_far += 1
    if keep is not None:
        keep["figures"] = ctx.figures
    return make_report(notice.id, findings, _ORDER)


def _encodable(report: Report) -> Report:
    """The report with any lone surrogate (JSON text may write one as \\ud800) shown as
    that escape: such a string cannot be written as UTF-8, so the report's JSON, the page
    and the terminal would all fail on it. Free when there is none (one encode)."""
    texts = []
    for finding in report.findings:
        texts += (finding.field, finding.message.zh, finding.message.en, *finding.params.keys(), *finding.params.values())
    try:
        "".join(texts).encode("utf-8")
        return report
    except UnicodeEncodeError:
        pass

    def clean(text: str) -> str:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")

    findings = [
        finding.model_copy(
            update={
                "field": clean(finding.field),
                "message": finding.message.model_copy(update={"zh": clean(finding.message.zh), "en": clean(finding.message.en)}),
                "params": {clean(key): clean(value) for key, value in finding.params.items()},
            }
        )
        for finding in report.findings
    ]
    return report.model_copy(update={"findings": findings})


def unreadable(zh: str, en: str, notice: Notice | None = None) -> Report:
    """The report for a file that could not even be opened (used by the command line)."""
    notice = notice or load_notice()
    return make_report(notice.id, [UNREADABLE.finding(Hit(field="", zh=zh, en=en))], _ORDER)
