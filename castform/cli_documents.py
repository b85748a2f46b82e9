"""`castform export` and `castform summary`: the documents and the batch review on the
command line. `cli.parser()` adds these commands through `add_commands`; the exit codes are
`check`'s: 0 every file is ready, 1 some file is not, 2 some file (or the output folder)
cannot be read or written, 3 an internal failure.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys

from . import cli
from .batch import Unopened, review, table, to_csv
from .check import check_read
from .intake import read
from .notice import load_notice
from .words import word, words

# Help and messages: the catalogue's [cli_help], [cli] and [batch] (castform/words).
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')


def add_commands(sub, lang: str, common) -> None:
    """Add `export` and `summary` to the top-level parser's subparsers."""
    h = words(lang)["cli_help"]
    p = sub.add_parser("export", lang=lang, help=h["export"], description=h["export"], epilog=h["check_epilog"])
    p.add_argument("files", nargs="+", metavar="FILE", help=h["files"])
    p.add_argument("--to", required=True, metavar="DIR", help=h["to"])
    common(p, formats=False)
    p.add_argument("--on", metavar="YYYY-MM-DD", help=h["on"])
    p.set_defaults(run=cmd_export)

    p = sub.add_parser("summary", lang=lang, help=h["summary"], description=h["summary"], epilog=h["check_epilog"])
    p.add_argument("files", nargs="+", metavar="FILE", help=h["files"])
    p.add_argument("--xlsx", metavar="OUT", help=h["xlsx"])
    p.add_argument("--csv", metavar="OUT", help=h["csv"])
    common(p)
    p.add_argument("--on", metavar="YYYY-MM-DD", help=h["on"])
    p.set_defaults(run=cmd_summary)


def _stem(path: str) -> str:
    stem = os.path.splitext(os.path.basename(path))[0]
    return _UNSAFE_NAME.sub("_", stem).strip(". ") or "application"


def _write(path: str, data: bytes, lang: str) -> bool:
    try:
        with open(path, "wb") as handle:
            handle.write(data)
        return True
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or type(error).__name__
        print(f"castform: {word(lang, 'cli.cannot_write').format(path=cli.safe(path), reason=reason)}", file=sys.stderr)
        return False


def cmd_export(args) -> int:
    from .documents import export, file_names

    lang = args.lang
    colon = word(lang, "punctuation.colon")
    notice = load_notice(args.notice)
    on = dt.date.fromisoformat(args.on) if args.on else None
    try:
        os.makedirs(args.to, exist_ok=True)
    except OSError as error:
        print(
            f"castform: {word(lang, 'cli.cannot_write').format(path=cli.safe(args.to), reason=error.strerror)}", file=sys.stderr
        )
        return cli.EXIT_UNREADABLE
    codes, used = [], set()
    for path in args.files:
        raw = cli._read_file(path, lang)
        if isinstance(raw, str):
            print(
                f"castform: {cli.safe(path)}{colon}{word(lang, 'verdict.unreadable')}{colon}"
                f"{cli.safe(word(lang, 'cli.open').format(reason=raw))}",
                file=sys.stderr,
            )
            codes.append(cli.EXIT_UNREADABLE)
            continue
        try:
            app, findings, dropped = read(raw)
            report = check_read(app, findings, dropped, notice, on=on)
            if app is None:
                result = cli.Result(path, report)
                print(cli.problems(result, lang), file=sys.stderr)
                codes.append(cli.EXIT_UNREADABLE)
                continue
            files = export(app, notice, report)
        except ImportError:
            print(f"castform: {word(lang, 'cli.needs_xlsxwriter')}", file=sys.stderr)
            return cli.EXIT_INTERNAL
        except Exception as error:  # noqa: BLE001 — a fault in castform; the other files go on
            print(
                f"castform: {cli.safe(path)}{colon}{word(lang, 'cli.internal')}{colon}{cli.safe(cli._describe_failure(error))}",
                file=sys.stderr,
            )
            codes.append(cli.EXIT_INTERNAL)
            continue
        stem = _stem(path)
        while stem in used:  # two inputs of the same name from different folders
            stem += "-2"
        used.add(stem)
        written = []
        for kind, name in file_names(app, stem).items():
            target = os.path.join(args.to, name)
            if not _write(target, files[kind], lang):
                codes.append(cli.EXIT_UNREADABLE)
                break
            written.append(target)
        else:
            status = word(lang, "verdict.ready") if report.ready else word(lang, "verdict.not_ready")
            print(
                f"{cli.safe(path)}: {status} — {word(lang, 'cli.wrote')} " + ", ".join(cli.safe(name) for name in written),
                flush=True,
            )
            codes.append(cli.EXIT_READY if report.ready else cli.EXIT_NOT_READY)
    return max(codes)


def _entries(paths: list[str]):
    """(path, bytes), or (path, Unopened) with the reason in both languages."""
    for path in paths:
        raw = cli._read_file(path, "zh")
        if isinstance(raw, str):
            en = cli._read_file(path, "en")
            yield (
                path,
                Unopened(
                    word("zh", "cli.open").format(reason=raw),
                    word("en", "cli.open").format(reason=en if isinstance(en, str) else raw),
                ),
            )
        else:
            yield path, raw


def cmd_summary(args) -> int:
    lang = args.lang
    notice = load_notice(args.notice)
    on = dt.date.fromisoformat(args.on) if args.on else None
    result = review(_entries(args.files), notice, on=on)
    for row in result["rows"]:
        if row["problem"]:
            print(
                f"castform: {cli.safe(row['file'])}{word(lang, 'punctuation.colon')}{cli.safe(row['problem'][lang])}",
                file=sys.stderr,
            )
    if args.format == "json":
        print(cli._safe_json(json.dumps(result, ensure_ascii=False, indent=2)))
    else:
        print(render(result, lang))
    code = max((_exit(row) for row in result["rows"]), default=cli.EXIT_READY)
    if args.csv and not _write(args.csv, to_csv(result, lang), lang):
        code = max(code, cli.EXIT_UNREADABLE)
    if args.xlsx:
        try:
            from .documents.summary import summary_xlsx

            data = summary_xlsx(result, lang)
        except ImportError:
            print(f"castform: {word(lang, 'cli.needs_xlsxwriter')}", file=sys.stderr)
            return cli.EXIT_INTERNAL
        if not _write(args.xlsx, data, lang):
            code = max(code, cli.EXIT_UNREADABLE)
    return code


def _exit(row: dict) -> int:
    return {
        "ready": cli.EXIT_READY,
        "not-ready": cli.EXIT_NOT_READY,
        "unreadable": cli.EXIT_UNREADABLE,
        "failed": cli.EXIT_INTERNAL,
    }[row["status"]]


def render(result: dict, lang: str) -> str:
    """The table, aligned for a terminal (CJK counts two columns), then the checks."""
    rows = [[cli.safe(cell) for cell in row] for row in table(result, lang)]
    widths = [max(cli._width(row[i]) for row in rows) for i in range(len(rows[0]))]
    numeric = {4, 5, 6}
    lines = []
    for row in rows:
        cells = [
            (" " * (w - cli._width(cell)) + cell) if i in numeric else (cell + " " * (w - cli._width(cell)))
            for i, (cell, w) in enumerate(zip(row, widths))
        ]
        lines.append("  ".join(cells).rstrip())
    if result["checks"]:
        lines.append("")
        lines.append(word(lang, "batch.checks"))
        for check in result["checks"]:
            lines.append(f"  [{word(lang, 'severity.' + check['severity'])}] {cli.safe(check['message'][lang])}")
    return "\n".join(lines)
