"""`check(application, notice) -> Report`: the one entry point of the rules.

Used as it is by the command line, the tests, the site build and the browser worker.
It never raises on bad input: whatever comes in, a report comes out.
"""

from __future__ import annotations

import datetime as dt

from . import rules  # noqa: F401  (registers every rule)
from .intake import UNREADABLE, read
from .notice import Notice, load_notice
from .registry import RULES, Context, Hit
from .report import Report, make_report

_ORDER = {r.id: i for i, r in enumerate(RULES)}


def check(application: object, notice: Notice | None = None, *, on: dt.date | None = None) -> Report:
    """Check an application given as bytes, JSON text, a dict or an `Application`.

    `on` is the date to judge the deadline against; without it, the application's own
    submission date is used. The clock is never read.
    """
    notice = notice or load_notice()
    if hasattr(application, "model_dump"):
        application = application.model_dump(mode="json", exclude_none=True)
    return check_read(*read(application), notice, on=on)


def check_read(app, findings: list, dropped: frozenset[str], notice: Notice, *, on: dt.date | None = None) -> Report:
    """The rules on an application already read by `intake.read` (whose findings come in)."""
    findings = list(findings)
    if app is None:
        return make_report(notice.id, findings, _ORDER)
    if app.notice and app.notice != notice.id:
        findings.append(UNREADABLE.finding(Hit(
            field="notice",
            zh=f"此文件是按通知“{app.notice}”填写的，不能按 {notice.id}（{notice.document_number}）检查。请使用对应通知的核查工具。",
            en=f"This file was written for notice “{app.notice}” and cannot be checked against {notice.id}. "
               "Check it with the checker of that notice.",
        )))
        return make_report(notice.id, findings, _ORDER)
    ctx = Context(app=app, notice=notice, judge_on=on, skip_fields=dropped)
    ctx.errors_so_far = sum(1 for f in findings if f.severity == "error")
    for rule_ in RULES:
        if rule_.check is None:
            continue
        for hit in rule_.check(ctx):
            finding = rule_.finding(hit)
            findings.append(finding)
            if finding.severity == "error":
                ctx.errors_so_far += 1
    return make_report(notice.id, findings, _ORDER)


def unreadable(zh: str, en: str, notice: Notice | None = None) -> Report:
    """The report for a file that could not even be opened (used by the command line)."""
    notice = notice or load_notice()
    return make_report(notice.id, [UNREADABLE.finding(Hit(field="", zh=zh, en=en))], _ORDER)
