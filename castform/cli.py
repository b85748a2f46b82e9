"""`castform check | schema | rules`: the command line for secretariats and maintainers.

Exit codes of `check` (the highest that applies):

    0  every file is ready
    1  some file is not ready yet (it has errors, or a warning that needs an answer)
    2  some file could not be read (missing, empty, not UTF-8 JSON, over 2 MB, nested too
       deeply, not an application file), or the command line itself is wrong
    3  an internal failure: checking some file raised an exception, which is a fault in
       castform, not in the file; every other file is still checked and reported

Each file gets its report whatever happens to the others. Values from the files are
printed with control characters (ESC, BEL, C0, C1, bidi overrides) escaped, so a file can
neither move the cursor nor fake a verdict. Help and messages are in Chinese unless
`--lang en` is given, anywhere on the command line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import os
import re
import sys
import traceback
from dataclasses import dataclass

from .catalogue import rule_entries
from .check import check, unreadable
from .examples import examples_near
from .intake import MAX_BYTES
from .model import describe, json_schema
from .notice import load_notice
from .report import Report
from .words import word, words

LANGS = ("zh", "en")
EXIT_READY, EXIT_NOT_READY, EXIT_UNREADABLE, EXIT_INTERNAL = 0, 1, 2, 3

# Every word of the command line — its help, messages, severities, verdicts and table
# headings — is in the interface's catalogue (castform/words), shared with the site.


def _argparse_zh(message: str) -> str:
    """argparse's own English message in Chinese, where the catalogue's [argparse] has it
    (en.toml holds argparse's words, {0} {1} … standing for what it fills in); any other
    message stays as argparse says it. The first match wins: the generic one is last."""
    for key, english in words("en")["argparse"].items():
        parts = [re.escape(part) for part in re.split(r"\{\d+\}", english)]
        # every filled-in part as short as it can be but the last: "argument (.*?): (.*)"
        pattern = parts[0] + "".join(("(.*)" if i == len(parts) - 1 else "(.*?)") + part for i, part in enumerate(parts[1:], 1))
        if match := re.fullmatch(pattern, message):
            return word("zh", f"argparse.{key}").format(*match.groups())
    return message


# --- what may reach a terminal ---------------------------------------------------------------


def _escape_table(json_escapes: bool) -> dict[int, str]:
    codes = [
        *range(0x00, 0x20),
        0x7F,
        *range(0x80, 0xA0),  # C0, DEL, C1
        0x061C,
        0x200E,
        0x200F,
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),  # bidi marks and overrides
        0x2028,
        0x2029,
        *range(0xD800, 0xE000),
    ]  # line/paragraph separators, lone surrogates
    if json_escapes:  # json.dumps already escapes C0 inside strings; the rest as \uXXXX, still valid JSON
        return {code: f"\\u{code:04x}" for code in codes if code >= 0x7F}
    return {code: f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" for code in codes}


_TEXT_ESCAPES = _escape_table(json_escapes=False)
_JSON_ESCAPES = _escape_table(json_escapes=True)


def safe(text: object) -> str:
    """Text from a file as it may be shown on a terminal: every control character, bidi
    override and lone surrogate written out (\\x1b, \\u202e), never acted on."""
    return str(text).translate(_TEXT_ESCAPES)


def _safe_json(text: str) -> str:
    return text.translate(_JSON_ESCAPES)


# --- reading and checking one file ---------------------------------------------------------


@dataclass
class Result:
    path: str
    report: Report | None = None  # None when the check itself failed
    failure: str = ""  # the internal error, for the message

    @property
    def unreadable(self) -> bool:
        return self.report is not None and any(f.rule == "input.unreadable" for f in self.report.findings)

    @property
    def exit_code(self) -> int:
        if self.report is None:
            return EXIT_INTERNAL
        if self.unreadable:
            return EXIT_UNREADABLE
        return EXIT_READY if self.report.ready else EXIT_NOT_READY


def _read_file(path: str, lang: str) -> bytes | str:
    """The file's bytes, or why it cannot be opened. Reads one byte past the limit so that a
    huge file is reported as too large without loading all of it."""
    try:
        with open(path, "rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return word(lang, "cli.not_found")
    except PermissionError:
        return word(lang, "cli.no_permission")
    except IsADirectoryError:
        return word(lang, "cli.is_dir")
    except OSError as error:
        return error.strerror or type(error).__name__
    except ValueError:  # a path with a NUL byte
        return word(lang, "cli.not_found")


def check_file(path: str, notice, on: dt.date | None, lang: str) -> Result:
    """One file's result. Never raises: an exception in the check is an internal failure
    of this file only."""
    try:
        raw = _read_file(path, lang)
        if isinstance(raw, str):
            reason = {lang_: word(lang_, "cli.open").format(reason=raw) for lang_ in LANGS}
            return Result(path, unreadable(reason["zh"], reason["en"], notice))
        return Result(path, check(raw, notice, on=on))
    except Exception as error:  # noqa: BLE001 — a fault in castform; the other files go on
        return Result(path, failure=_describe_failure(error))


def _describe_failure(error: BaseException) -> str:
    where = traceback.extract_tb(error.__traceback__)
    at = f" ({os.path.basename(where[-1].filename)}:{where[-1].lineno})" if where else ""
    return f"{type(error).__name__}: {str(error)[:300]}{at}"


# --- the text report -------------------------------------------------------------------------


def _small(text: str) -> str:
    """Small print: dimmed on a terminal that shows colour, in parentheses everywhere."""
    if sys.stdout.isatty() and not os.environ.get("NO_COLOR"):
        return f"\x1b[2m({text})\x1b[0m"
    return f"({text})"


def _citation(finding, lang: str) -> str:
    """The human reference: 通知一（二）3 / Notice I (2) 3, or this site's form. Before
    findings carried a citation, the clause id stood in for it."""
    citation = getattr(finding, "citation", None)
    if citation is not None:
        return getattr(citation, lang, "")
    return f"{word(lang, 'cli.clause')} {finding.clause}" if finding.clause else ""


def _status(result: Result, lang: str) -> str:
    """The file's verdict in words: ready, not ready, cannot be read, check failed."""
    if result.report is None:
        return word(lang, "verdict.failed")
    if result.unreadable:
        return word(lang, "verdict.unreadable")
    return word(lang, "verdict.ready") if result.report.ready else word(lang, "verdict.not_ready")


def _heading(result: Result, lang: str) -> str:
    if result.report is None or result.unreadable:
        return f"{safe(result.path)}: {_status(result, lang)}"
    counts, count, sep = result.report.counts, words(lang)["count"], word(lang, "punctuation.comma")
    return (
        f"{safe(result.path)}: {_status(result, lang)} — {count['error']} {counts.error}{sep}"
        f"{count['warning']} {counts.warning}{sep}{count['info']} {counts.info}"
    )


def render(result: Result, lang: str) -> str:
    """A file's report as text: a heading, then a line per finding — severity, message, the
    citation and the field in words, and in small print the rule id and the clause id."""
    lines = [_heading(result, lang)]
    if result.report is None or result.unreadable:
        return lines[0]  # the reason goes to stderr (see problems())
    for finding in result.report.findings:
        where = describe(finding.field)[LANGS.index(lang)] if finding.field else ""
        human = " · ".join(part for part in (_citation(finding, lang), where) if part)
        ids = ", ".join(part for part in (finding.rule, finding.clause) if part)
        label = words(lang)["severity"][finding.severity]
        if finding.severity != "error" and getattr(finding, "blocking", False):
            label += word(lang, "cli.must_answer")  # a warning that keeps the file from being ready
        lines.append(
            f"  [{label}] {safe(getattr(finding.message, lang))}{' — ' + safe(human) if human else ''}  {_small(safe(ids))}"
        )
    return "\n".join(lines)


def problems(result: Result, lang: str) -> str | None:
    """What goes to stderr for a file that could not be read or checked."""
    colon = word(lang, "punctuation.colon")
    if result.report is None:
        return f"castform: {safe(result.path)}{colon}{word(lang, 'cli.internal')}{colon}{safe(result.failure)}"
    if result.unreadable:
        messages = " ".join(getattr(f.message, lang) for f in result.report.of_rule("input.unreadable"))
        return f"castform: {safe(result.path)}{colon}{word(lang, 'verdict.unreadable')}{colon}{safe(messages)}"
    return None


def summary(results: list[Result], lang: str) -> str:
    count = words(lang)["count"]
    rows = [(word(lang, "cli.file"), word(lang, "cli.status"), count["error"], count["warning"], count["info"])]
    for result in results:
        if result.report is None:
            rows.append((safe(result.path), _status(result, lang), "", "", ""))
            continue
        counts = result.report.counts
        rows.append((safe(result.path), _status(result, lang), str(counts.error), str(counts.warning), str(counts.info)))
    widths = [max(_width(row[i]) for row in rows) for i in range(5)]
    out = [word(lang, "cli.summary")]
    for row in rows:
        out.append("  ".join(cell + " " * (width - _width(cell)) for cell, width in zip(row, widths)).rstrip())
    return "\n".join(out)


def _width(text: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _json_entry(result: Result) -> dict:
    if result.report is None:
        return {
            "file": result.path,
            "error": {lang: f"{word(lang, 'cli.internal')}{word(lang, 'punctuation.colon')}{result.failure}" for lang in LANGS},
        }
    return {"file": result.path, "report": result.report.model_dump(mode="json")}


# --- the commands ----------------------------------------------------------------------------


def _notice(args):
    """The notice named with --notice (an id or a file), or the one the package ships."""
    return load_notice(args.notice)


def cmd_check(args) -> int:
    notice = _notice(args)
    on = dt.date.fromisoformat(args.on) if args.on else None
    results: list[Result] = []
    for index, path in enumerate(args.files):
        result = check_file(path, notice, on, args.lang)
        results.append(result)
        if problem := problems(result, args.lang):
            print(problem, file=sys.stderr, flush=True)
        if args.format == "text":
            # Printed as each file is done: a later file can never take an earlier report with it.
            print(("\n" if index else "") + render(result, args.lang), flush=True)
    if args.format == "json":
        payload = [_json_entry(result) for result in results]
        print(_safe_json(json.dumps(payload if len(payload) > 1 else payload[0], ensure_ascii=False, indent=2)))
    elif len(results) > 1:
        print("\n" + summary(results, args.lang))
    return max(result.exit_code for result in results)


def cmd_schema(args) -> int:
    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return 0


def cmd_rules(args) -> int:
    notice = _notice(args)
    entries = rule_entries(notice, examples_near(args.notice))
    if args.format == "json":
        print(json.dumps(entries, ensure_ascii=False, indent=2))
        return 0
    for entry in entries:
        title = entry["title_zh"] if args.lang == "zh" else entry["title_en"]
        clause = (entry.get("clauses") or [""])[0]
        print(f"{entry['id']:32} {word(args.lang, 'severity.' + entry['severity']):8} {clause:8} {title}")
    return 0


# --- the parser --------------------------------------------------------------------------------


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog, *, usage_prefix: str, **kwargs):
        super().__init__(prog, **kwargs)
        self._usage_prefix = usage_prefix

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, self._usage_prefix if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that speaks `lang`: its headings, help and error messages."""

    def __init__(self, *args, lang: str = "zh", **kwargs):
        h = words(lang)["cli_help"]
        kwargs.setdefault("formatter_class", functools.partial(_Formatter, usage_prefix=h["usage"]))
        super().__init__(*args, add_help=False, **kwargs)
        self.lang = lang
        self._positionals.title = h["positionals"]
        self._optionals.title = h["optionals"]
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=h["help"])

    def error(self, message: str):
        if self.lang == "zh":
            message = _argparse_zh(message)
        self.print_usage(sys.stderr)
        label = f"{word(self.lang, 'severity.error')}{word(self.lang, 'punctuation.colon')}"
        self.exit(EXIT_UNREADABLE, f"{self.prog}: {label}{message}\n")


def _lang_of(argv: list[str]) -> str:
    """--lang wherever it is (castform --lang en --help, castform check --help --lang en)."""
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        value = argv[index + 1] if arg == "--lang" and index + 1 < len(argv) else arg.removeprefix("--lang=")
        if (arg == "--lang" or arg.startswith("--lang=")) and value in LANGS:
            return value
    return "zh"


def _shipped_notice() -> str:
    try:
        return load_notice().document_number
    except (LookupError, OSError, ValueError):
        return "—"


def parser(lang: str = "zh") -> argparse.ArgumentParser:
    """The command line in `lang`. A new command is one more `sub.add_parser(...)` block:
    give it `lang=lang`, help from the catalogue's [cli_help] and `_common()` for --lang
    and --format."""
    h = words(lang)["cli_help"]
    top = Parser(prog="castform", lang=lang, description=h["description"].format(notice=_shipped_notice()), epilog=h["epilog"])
    top.add_argument("--lang", choices=LANGS, default="zh", help=h["lang"])
    sub = top.add_subparsers(dest="command", title=h["commands"], metavar="{check,schema,rules,export,summary}")

    def _common(p: argparse.ArgumentParser, *, formats: bool = True) -> None:
        # SUPPRESS: the subcommand's --lang overrides the top-level one only when given.
        p.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS, help=h["lang"])
        p.add_argument("--notice", metavar="ID_OR_FILE", default=None, help=h["notice"])
        if formats:
            p.add_argument("--format", choices=("text", "json"), default="text", help=h["format"])

    p = sub.add_parser("check", lang=lang, help=h["check"], description=h["check"], epilog=h["check_epilog"])
    p.add_argument("files", nargs="+", metavar="FILE", help=h["files"])
    _common(p)
    p.add_argument("--on", metavar="YYYY-MM-DD", help=h["on"])
    p.set_defaults(run=cmd_check)

    p = sub.add_parser("schema", lang=lang, help=h["schema"], description=h["schema"])
    _common(p, formats=False)
    p.set_defaults(run=cmd_schema)

    p = sub.add_parser("rules", lang=lang, help=h["rules"], description=h["rules"])
    _common(p)
    p.set_defaults(run=cmd_rules)

    from .cli_documents import add_commands  # export, summary (castform/cli_documents.py)

    add_commands(sub, lang, _common)
    return top


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")  # a narrow terminal encoding never crashes
    lang = _lang_of(argv)
    top = parser(lang)
    args = top.parse_args(argv)
    if getattr(args, "run", None) is None:  # `castform` alone: the help, in the chosen language
        top.print_help()
        return EXIT_UNREADABLE
    if getattr(args, "on", None):
        try:
            dt.date.fromisoformat(args.on)
        except ValueError:
            top.error(word(args.lang, "cli.not_a_date").format(value=repr(args.on)))
    try:
        if getattr(args, "notice", None):
            load_notice(args.notice)  # a notice that cannot be read is a usage error, not an internal one
    except (OSError, ValueError, LookupError) as error:
        top.error(f"--notice {safe(args.notice)}{word(args.lang, 'punctuation.colon')}{safe(str(error).splitlines()[0])}")
    try:
        return args.run(args)
    except BrokenPipeError:  # castform check … | head
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141  # as a shell reports a process ended by SIGPIPE
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # noqa: BLE001 — outside any one file (the notice, the output)
        print(
            f"castform: {word(args.lang, 'cli.internal')}{word(args.lang, 'punctuation.colon')}{safe(_describe_failure(error))}",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
