"""Batch review for a consortium secretariat: many application files in, one row per file
and the checks that only make sense across the files.

`review()` returns plain data (dicts, lists, strings, numbers, booleans; money as plain
digit strings), so that `castform summary`, the .csv and .xlsx writers and the browser's
worker all share it and its JSON is the same everywhere. Nothing here raises on a file:
a file that cannot be read is a row that says so, and an exception while checking one
file is that file's row ("failed"), never the batch's end.

The checks across files (the notice sets no rule on them, so they are warnings and notes
of the site, each naming the files):

- batch.same-lead: one lead unit leads two files of the same sub-project (or two
  infrastructure budgets) — often the same application sent twice;
- batch.other-consortium: a file names another consortium than most files do;
- batch.count: each sub-project's number of files against the number of items the notice
  expects to fund in all (一、(一): 10项左右 …); more files than that is a warning;
- batch.total: the consortium's total, overall and by sub-project.
"""

from __future__ import annotations

import csv
import io
import traceback
import unicodedata
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, localcontext

from .check import check_read
from .figures import compute
from .intake import read
from .money import CONTEXT, yuan
from .notice import Notice, load_notice
from .words import LANGS, word

FORMAT = "castform-batch/1"

COLUMNS = ["file", "title", "lead_unit", "subproject", "total", "errors", "warnings", "ready"]
# The table's words are the catalogue's (castform/words): a column's heading by its key,
# a row's status ("ready", "not-ready", "unreadable", "failed") in the ready column.
_HEADING = {
    "file": "cli.file",
    "title": "batch.title",
    "lead_unit": "batch.lead_unit",
    "subproject": "batch.subproject",
    "total": "batch.total",
    "errors": "count.error",
    "warnings": "count.warning",
    "ready": "verdict.ready",
}
_STATUS = {"ready": "batch.yes", "not-ready": "batch.no", "unreadable": "verdict.unreadable", "failed": "verdict.failed"}


def headings(lang: str) -> list[str]:
    """The table's column headings, in COLUMNS' order."""
    return [word(lang, _HEADING[column]) for column in COLUMNS]


def status_word(status: str, lang: str) -> str:
    """A row's status as the ready column shows it: yes, no, cannot be read, check failed."""
    return word(lang, _STATUS[status])


@dataclass(frozen=True)
class Unopened:
    """A file that could not even be opened (the CLI's missing path), with the reason."""

    zh: str
    en: str


def _key(name: str | None) -> str:
    """Names compared as the same: NFKC (full-width letters, brackets), no spaces."""
    return "".join(unicodedata.normalize("NFKC", name or "").split())


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else format(value.quantize(Decimal("0.01")), "f")


def _row(name: str, raw: object, notice: Notice, on) -> tuple[dict, Decimal | None]:
    row = {
        "file": name,
        "status": "unreadable",
        "ready": False,
        "title": "",
        "lead_unit": "",
        "consortium": "",
        "project": "",
        "subproject": "",
        "subproject_name": "",
        "total": None,
        "errors": 0,
        "warnings": 0,
        "infos": 0,
        "problem": None,
        "open": [],
    }
    if isinstance(raw, Unopened):
        row["problem"] = {"zh": raw.zh, "en": raw.en}
        return row, None
    try:
        app, findings, dropped = read(raw)
        report = check_read(app, findings, dropped, notice, on=on)
    except Exception as error:  # noqa: BLE001 — a fault in castform, reported on this file only
        where = traceback.extract_tb(error.__traceback__)
        at = f" ({where[-1].name}:{where[-1].lineno})" if where else ""
        text = f"{type(error).__name__}: {str(error)[:200]}{at}"
        row |= {"status": "failed", "problem": {lang: word(lang, "batch.internal").format(detail=text) for lang in LANGS}}
        return row, None
    row |= {"errors": report.counts.error, "warnings": report.counts.warning, "infos": report.counts.info}
    if app is None:
        messages = [f.message for f in report.findings if f.rule == "input.unreadable"]
        row["problem"] = {"zh": " ".join(m.zh for m in messages), "en": " ".join(m.en for m in messages)}
        return row, None
    with localcontext(CONTEXT):
        figures = compute(app, notice)
        written = any(line is not None and line.amount is not None for line in app.budget.lines)
        total = (
            app.budget.declared_total if app.budget.declared_total is not None else figures.lines_total if written else None
        )  # no figure at all is a blank, not 0.00
    sub = notice.subproject(app.subproject or "") if app.project == "brand" else None
    row |= {
        "status": "ready" if report.ready else "not-ready",
        "ready": report.ready,
        "title": app.title or "",
        "lead_unit": (app.lead_unit.name if app.lead_unit else None) or "",
        "consortium": app.consortium or "",
        "project": app.project or "",
        "subproject": (app.subproject or "") if app.project == "brand" else "",
        "subproject_name": sub.name_zh if sub else _group_name({"project": app.project, "subproject": ""}, notice)[1],
        "total": _amount(total),
        "open": [
            {"rule": f.rule, "severity": f.severity, "citation": f.citation.zh, "message": f.message.zh}
            for f in report.findings
            if f.blocking
        ],
    }
    return row, total


def review(files, notice: Notice | None = None, *, on=None) -> dict:
    """Check every (name, raw) pair (raw: bytes, text, a parsed dict or `Unopened`) and
    look across them. Returns {"format", "rows", "checks", "totals", "counts"}."""
    notice = notice or load_notice()
    rows, totals = [], []
    for name, raw in files:
        row, total = _row(name, raw, notice, on)
        rows.append(row)
        totals.append(total)
    checked = [(row, total) for row, total in zip(rows, totals) if row["status"] in ("ready", "not-ready")]
    with localcontext(CONTEXT):
        checks = _same_lead(checked, notice) + _other_consortium(checked) + _counts(checked, notice)
        total_checks, sums = _totals(checked, notice)
    counts = Counter(row["status"] for row in rows)
    return {
        "format": FORMAT,
        "notice": notice.id,
        "rows": rows,
        "checks": checks + total_checks,
        "totals": sums,
        "counts": {status: counts.get(status, 0) for status in ("ready", "not-ready", "unreadable", "failed")},
    }


def _group_name(row: dict, notice: Notice) -> tuple[str, str, str]:
    """(key, Chinese name, English name) of the row's sub-project, or of the infrastructure project."""
    if row["project"] == "infrastructure":
        infra = notice.infrastructure
        return ("infrastructure", infra.name_zh, infra.name_en) if infra is not None else ("", "", "")
    sub = notice.subproject(row["subproject"])
    if sub is None:
        return "", "", ""
    return sub.code, sub.name_zh, sub.name_en


def _same_lead(checked, notice: Notice) -> list[dict]:
    groups: dict[tuple[str, str], list[dict]] = {}
    for row, _ in checked:
        key, _, _ = _group_name(row, notice)
        if key and _key(row["lead_unit"]):
            groups.setdefault((key, _key(row["lead_unit"])), []).append(row)
    out = []
    for (key, _), same in groups.items():
        if len(same) < 2:
            continue
        _, zh, en = _group_name(same[0], notice)
        files = [row["file"] for row in same]
        lead = same[0]["lead_unit"]
        out.append(
            {
                "id": "batch.same-lead",
                "severity": "warning",
                "files": files,
                "message": {
                    "zh": f"牵头单位“{lead}”在“{zh}”下有 {len(same)} 份申报文件（{'、'.join(files)}）。请确认不是同一申报重复报送。",
                    "en": f"The lead unit “{lead}” has {len(same)} files under “{en}” ({', '.join(files)}). "
                    "Make sure they are not the same application sent twice.",
                },
            }
        )
    return out


def _other_consortium(checked) -> list[dict]:
    named = [(row, _key(row["consortium"])) for row, _ in checked if _key(row["consortium"])]
    if not named:
        return []
    tally = Counter(key for _, key in named)
    majority_key, _ = tally.most_common(1)[0]  # on a tie, the one met first
    majority = next(row["consortium"] for row, key in named if key == majority_key)
    out = []
    for row, key in named:
        if key != majority_key:
            out.append(
                {
                    "id": "batch.other-consortium",
                    "severity": "warning",
                    "files": [row["file"]],
                    "message": {
                        "zh": f"“{row['file']}”写的学会联合体是“{row['consortium']}”，本批多数文件写的是“{majority}”。"
                        "请确认文件属于本联合体，或改正联合体名称。",
                        "en": f"“{row['file']}” names the consortium “{row['consortium']}”; most files here name "
                        f"“{majority}”. Check that the file belongs to this consortium, or correct the name.",
                    },
                }
            )
    return out


def _counts(checked, notice: Notice) -> list[dict]:
    expected = [(s.code, s.name_zh, s.name_en, s.expected_items, s.clause) for s in notice.brand.subprojects]
    infra = notice.infrastructure
    if infra is not None:  # a notice may have no infrastructure project
        expected.append(("infrastructure", infra.name_zh, infra.name_en, infra.items, infra.clause))
    out = []
    for code, zh, en, items, clause in expected:
        files = [row["file"] for row, _ in checked if _group_name(row, notice)[0] == code]
        if not files:
            continue
        over = len(files) > items
        out.append(
            {
                "id": "batch.count",
                "severity": "warning" if over else "info",
                "files": files,
                "clause": clause,
                "count": len(files),
                "expected": items,
                "group": code,
                "message": {
                    "zh": f"“{zh}”：本批 {len(files)} 份；通知计划全国共支持约 {items} 项。"
                    + ("本批多于全国计划数，请确认是否都要报送。" if over else ""),
                    "en": f"“{en}”: {len(files)} files here; the notice plans about {items} items nationwide."
                    + (" More than that here: check that all of them should go." if over else ""),
                },
            }
        )
    return out


def _totals(checked, notice: Notice) -> tuple[list[dict], dict]:
    by_group: dict[str, Decimal] = {}
    overall = Decimal(0)
    for row, total in checked:
        if total is None:
            continue
        key = _group_name(row, notice)[0] or "unknown"
        by_group[key] = by_group.get(key, Decimal(0)) + total
        overall += total
    if not checked:
        return [], {"all": None, "by_group": {}}
    names = {s.code: (s.name_zh, s.name_en) for s in notice.brand.subprojects}
    names["infrastructure"] = (notice.project_name("infrastructure", "zh"), notice.project_name("infrastructure", "en"))
    names["unknown"] = (word("zh", "batch.no_subproject"), word("en", "batch.no_subproject"))
    parts = "；".join(f"{names.get(key, (key, key))[0]} {yuan(amount)} 元" for key, amount in by_group.items())
    parts_en = "; ".join(f"{names.get(key, (key, key))[1]} {yuan(amount)} yuan" for key, amount in by_group.items())
    check = {
        "id": "batch.total",
        "severity": "info",
        "files": [row["file"] for row, total in checked if total is not None],
        "total": _amount(overall),
        "message": {
            "zh": f"本批预算合计 {yuan(overall)} 元" + (f"（{parts}）" if parts else "") + "。",
            "en": f"The files' budgets add up to {yuan(overall)} yuan" + (f" ({parts_en})" if parts_en else "") + ".",
        },
    }
    return [check], {"all": _amount(overall), "by_group": {key: _amount(value) for key, value in by_group.items()}}


# ---- the table, as the CLI, the .csv and the .xlsx show it --------------------------------------


def table(result: dict, lang: str = "zh") -> list[list[str]]:
    """The review as rows of text, headings first (money as 1,234.50)."""
    out = [headings(lang)]
    for row in result["rows"]:
        total = yuan(Decimal(row["total"])) if row["total"] is not None else ""
        out.append(
            [
                row["file"],
                row["title"],
                row["lead_unit"],
                row["subproject_name"],
                total,
                str(row["errors"]),
                str(row["warnings"]),
                status_word(row["status"], lang),
            ]
        )
    return out


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: str) -> str:
    """A text cell that a spreadsheet would read as a formula gets a leading apostrophe:
    titles and names come from the files, and a CSV is opened by double-clicking it."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def to_csv(result: dict, lang: str = "zh") -> bytes:
    """The table as CSV, UTF-8 with a byte-order mark (so spreadsheets read the Chinese).
    Money is plain digits (1234.50), a number for any spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headings(lang))
    for row in result["rows"]:
        writer.writerow(
            [
                _csv_cell(row["file"]),
                _csv_cell(row["title"]),
                _csv_cell(row["lead_unit"]),
                _csv_cell(row["subproject_name"]),
                row["total"] or "",
                row["errors"],
                row["warnings"],
                status_word(row["status"], lang),
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
