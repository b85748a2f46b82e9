"""What the checker page's Web Worker calls, JSON text in and JSON text out.

The worker moves strings only: the page never sees a Python object, and the same
functions can be called (and tested) on CPython.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from .check import check, check_read
from .figures import budget_figures
from .intake import read, read_raw
from .notice import load_notice


def prepare() -> None:
    """Ready the engine for typing: the worker calls this once, after importing us.

    One check of an empty application builds what the first check would otherwise build
    (the notice, lazy parts of the models), so the applicant's first check is as fast as
    the rest.
    """
    check_json('{"format": "castform-application/1"}')


def check_json(text: str, on: str | None = None) -> str:
    """{"report": the report, "figures": the budget's sums} for an application given as
    JSON text (what the form produces)."""
    judge_on = None
    if on:
        try:
            judge_on = dt.date.fromisoformat(on)
        except (TypeError, ValueError):
            judge_on = None  # the page only passes dates it made itself; ignore anything else
    notice = load_notice()
    app, findings, dropped = read(text)  # read once, for the rules and for the sums
    report = check_read(app, findings, dropped, notice, on=judge_on)
    figures = budget_figures(app, notice)
    return f'{{"report":{report.model_dump_json()},"figures":{json.dumps(figures, ensure_ascii=False)}}}'


def report_json(text: str) -> str:
    """Just the report, exactly as `castform check --format json` gives it (parity tests)."""
    return check(text, load_notice()).model_dump_json()


def read_import(text: str) -> str:
    """Read a file the user wants to import into the form.

    {"ok": true, "data": {...}} with every number as a string, exactly as typed in the file;
    or {"ok": false, "message": {"zh": ..., "en": ...}} when the file is not an application
    at all. Values of the wrong type are kept (the form shows them and the checker flags
    them): an import must not lose what the file holds.
    """
    data, findings = read_raw(text)
    if data is None:
        message = findings[0].message
        return json.dumps({"ok": False, "message": {"zh": message.zh, "en": message.en}}, ensure_ascii=False)
    return json.dumps({"ok": True, "data": _numbers_as_text(data)}, ensure_ascii=False)


def _numbers_as_text(value):
    """Every number as the digits the file holds: the page's JSON.parse would turn a large
    integer or 281200.10 into an inexact float."""
    if isinstance(value, dict):
        return {key: _numbers_as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_numbers_as_text(item) for item in value]
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


__all__ = ["check_json", "prepare", "read_import", "report_json"]
