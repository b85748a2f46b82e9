"""`castform check | schema | rules`: the command line for secretariats and maintainers.

Exit codes of `check`: 0 every file is ready, 1 some file has errors, 2 some file could
not be read at all (missing, unreadable, not an application).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from .catalogue import rule_entries
from .check import check, unreadable
from .intake import MAX_BYTES
from .model import describe, json_schema
from .notice import load_notice
from .report import Report

_SEVERITY = {"zh": {"error": "错误", "warning": "警告", "info": "提示"},
             "en": {"error": "error", "warning": "warning", "info": "info"}}
_TEXT = {
    "zh": {"ready": "可以报送", "not_ready": "尚不能报送", "file": "文件", "status": "状态",
           "errors": "错误", "warnings": "警告", "infos": "提示", "clause": "条款", "unreadable": "无法读取",
           "summary": "汇总"},
    "en": {"ready": "ready", "not_ready": "not ready", "file": "file", "status": "status",
           "errors": "errors", "warnings": "warnings", "infos": "info", "clause": "clause", "unreadable": "unreadable",
           "summary": "Summary"},
}


def _read_file(path: str) -> bytes | None:
    """The file's bytes, or None when it cannot be opened. Reads one byte past the limit so
    that a huge file is reported as too large without loading all of it."""
    try:
        with open(path, "rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError:
        return None


def _unreadable(report: Report) -> bool:
    return any(f.rule == "input.unreadable" for f in report.findings)


def _render(path: str, report: Report, lang: str) -> str:
    t = _TEXT[lang]
    counts = report.counts
    status = t["ready"] if report.ready else t["not_ready"]
    lines = [f"{path}: {status} — {t['errors']} {counts.error}, {t['warnings']} {counts.warning}, {t['infos']} {counts.info}"]
    for finding in report.findings:
        where = describe(finding.field)[0 if lang == "zh" else 1] if finding.field else ""
        lines.append(
            f"  [{_SEVERITY[lang][finding.severity]}] {getattr(finding.message, lang)}"
            f"  ({finding.rule}; {t['clause']} {finding.clause}{'; ' + where if where else ''})"
        )
    return "\n".join(lines)


def _summary(results: list[tuple[str, Report]], lang: str) -> str:
    t = _TEXT[lang]
    rows = [(t["file"], t["status"], t["errors"], t["warnings"], t["infos"])]
    for path, report in results:
        status = t["unreadable"] if _unreadable(report) else t["ready"] if report.ready else t["not_ready"]
        rows.append((path, status, str(report.counts.error), str(report.counts.warning), str(report.counts.info)))
    widths = [max(_width(row[i]) for row in rows) for i in range(5)]
    out = [t["summary"]]
    for row in rows:
        out.append("  ".join(cell + " " * (width - _width(cell)) for cell, width in zip(row, widths)).rstrip())
    return "\n".join(out)


def _width(text: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def cmd_check(args) -> int:
    notice = load_notice()
    on = dt.date.fromisoformat(args.on) if args.on else None
    results: list[tuple[str, Report]] = []
    missing: set[str] = set()
    for path in args.files:
        raw = _read_file(path)
        if raw is None:
            missing.add(path)
            report = unreadable(f"无法打开文件 {path}，请检查路径和权限。",
                                f"Cannot open the file {path}; check the path and permissions.", notice)
        else:
            report = check(raw, notice, on=on)
        results.append((path, report))
    if args.format == "json":
        payload = [{"file": path, "report": report.model_dump(mode="json")} for path, report in results]
        print(json.dumps(payload if len(payload) > 1 else payload[0], ensure_ascii=False, indent=2))
    else:
        print("\n\n".join(_render(path, report, args.lang) for path, report in results))
        if len(results) > 1:
            print("\n" + _summary(results, args.lang))
    if missing or any(_unreadable(r) for _, r in results):
        return 2
    return 0 if all(r.ready for _, r in results) else 1


def cmd_schema(args) -> int:
    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return 0


def cmd_rules(args) -> int:
    if args.format == "json":
        print(json.dumps(rule_entries(load_notice()), ensure_ascii=False, indent=2))
        return 0
    for entry in rule_entries(load_notice()):
        title = entry["title_zh"] if args.lang == "zh" else entry["title_en"]
        print(f"{entry['id']:32} {_SEVERITY[args.lang][entry['severity']]:8} {entry['clauses'][0]:8} {title}")
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="castform", description="Check applications against CAST notice 科协学函改字〔2021〕52号.")
    sub = top.add_subparsers(dest="command", required=True)

    p = sub.add_parser("check", help="check application files")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--on", metavar="YYYY-MM-DD", help="judge the deadline as of this date instead of each file's submission date")
    p.set_defaults(run=cmd_check)

    p = sub.add_parser("schema", help="print the JSON Schema of the application file")
    p.set_defaults(run=cmd_schema)

    p = sub.add_parser("rules", help="list the rule catalogue")
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(run=cmd_rules)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if getattr(args, "on", None):
        try:
            dt.date.fromisoformat(args.on)
        except ValueError:
            parser().error(f"--on: not a date: {args.on!r} (use YYYY-MM-DD)")
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
