"""What the worker calls for the documents and the batch review: the same Python as
`castform export` and `castform summary`, JSON text (or the files' bytes) in, plain data out.

Kept apart from `castform.browser` (the checker's per-keystroke functions): nothing here
runs while an applicant types, and the .xlsx writers import XlsxWriter, which the worker
loads only when the user first asks for a download.

- `export(text)`   → both documents of one application, as `castform export` writes them;
- `chart(text)`    → the budget picture (SVG text) beside the checker's totals;
- `summary(files)` → the batch review (`castform.batch.review`) and its table as JSON text;
- `summary_file(result, kind)` → that table as .csv or .xlsx, the CLI's own writers.

Every function here can be called on CPython (tests/test_browser_documents.py does).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

from .batch import review, table, to_csv
from .check import check_read
from .intake import MAX_BYTES, read
from .notice import load_notice

_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|\s]+')
STEM_CHARS = 40
CSV_TYPE = "text/csv;charset=utf-8"


def _date(on: str | None) -> dt.date | None:
    return dt.date.fromisoformat(on) if on else None


def _stem(title: object) -> str:
    """A download's name from the application's title (the CLI uses the input file's name)."""
    stem = _UNSAFE_NAME.sub("-", title if isinstance(title, str) else "").strip(".- ")[:STEM_CHARS]
    return stem or "application"


def _read(text: str, on: str | None):
    notice = load_notice()
    app, findings, dropped = read(text)
    report = check_read(app, findings, dropped, notice, on=_date(on))
    return notice, app, report


def export(text: str, on: str | None = None) -> dict:
    """Both documents: {"ok", "ready", "files": [{"kind", "name", "type", "data": bytes}]},
    .docx first; or {"ok": False, "message": {zh, en}} when the text is no application.
    With errors the documents are made all the same (they then say 未通过自查)."""
    from .documents import DOCX_TYPE, XLSX_TYPE, file_names
    from .documents import export as make

    notice, app, report = _read(text, on)
    if app is None:
        messages = [f.message for f in report.findings if f.severity == "error"]
        return {"ok": False, "message": {"zh": " ".join(m.zh for m in messages), "en": " ".join(m.en for m in messages)}}
    made = make(app, notice, report)
    names = file_names(app, _stem(app.title))
    types = {"docx": DOCX_TYPE, "xlsx": XLSX_TYPE}
    return {
        "ok": True,
        "ready": report.ready,
        "files": [{"kind": kind, "name": names[kind], "type": types[kind], "data": made[kind]} for kind in ("docx", "xlsx")],
    }


def chart(text: str, on: str | None = None) -> str:
    """The budget picture as SVG text, or "" when the text is no application."""
    from .documents import budget_chart

    notice, app, report = _read(text, on)
    return "" if app is None else budget_chart(app, notice, report)


def _bytes(data) -> bytes:
    """A file's bytes, from CPython (bytes) or from the worker (a JavaScript Uint8Array or
    ArrayBuffer, which Pyodide hands over with a to_bytes method)."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    if isinstance(data, str):
        return data.encode("utf-8")
    return data.to_bytes()


def summary(files, progress=None, on: str | None = None) -> str:
    """The batch review of (name, data) pairs as JSON text: `review()`'s result, plus
    "table" (the rows as the CLI prints them, headings first, zh and en) and "order"
    (each row's place when sorted by its total, blanks first: the page sorts by it and
    does no sums). progress(done, total) is called as each file is taken up, then once
    more at the end; each file is cut at the CLI's limit + 1 byte, as the CLI reads it."""
    items = list(files)
    count = len(items)

    def entries():
        for done, (name, data) in enumerate(items):
            if progress is not None:
                progress(done, count)
            yield str(name), _bytes(data)[: MAX_BYTES + 1]

    result = review(entries(), load_notice(), on=_date(on))
    if progress is not None:
        progress(count, count)
    ranked = sorted(
        range(len(result["rows"])),
        key=lambda i: (result["rows"][i]["total"] is not None, Decimal(result["rows"][i]["total"] or 0), i),
    )
    order = [0] * len(ranked)
    for place, index in enumerate(ranked):
        order[index] = place
    result["table"] = {"zh": table(result, "zh"), "en": table(result, "en")}
    result["order"] = {"total": order}
    return json.dumps(result, ensure_ascii=False)


def summary_file(result_json: str, kind: str, lang: str = "zh") -> dict:
    """The batch table as a download: {"name", "type", "data": bytes}; kind "csv" or "xlsx"."""
    result = json.loads(result_json)
    stem = "汇总表" if lang == "zh" else "summary"
    if kind == "csv":
        return {"name": f"{stem}.csv", "type": CSV_TYPE, "data": to_csv(result, lang)}
    if kind == "xlsx":
        from .documents import XLSX_TYPE
        from .documents.summary import summary_xlsx

        return {"name": f"{stem}.xlsx", "type": XLSX_TYPE, "data": summary_xlsx(result, lang)}
    raise ValueError(f"unknown kind {kind!r}")
