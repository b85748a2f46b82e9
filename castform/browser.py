"""What the checker page's Web Worker calls, JSON text in and JSON text out.

The worker moves strings only: the page never sees a Python object, and the same
functions can be called (and tested) on CPython.

Everything the page must know about paths, limits and the form's fields comes from here
or from the page's config (written by `sitebuild/checkerform.py` from the same functions):
the page's JavaScript holds no path grammar, no limit and no rule id of its own.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import re
from decimal import Decimal, localcontext

from .check import check, check_read
from .figures import budget_figures
from .intake import read, read_raw
from .model import FORMAT, BudgetLine, describe, json_schema
from .money import CONTEXT
from .notice import Notice, load_notice
from .paths import format_path, parse
from .rereading import Rereader

try:  # in the worker: a JavaScript typed array, as Pyodide hands it to Python
    from pyodide.ffi import JsBuffer as _JS_BUFFER
except ImportError:  # CPython: nothing is one
    _JS_BUFFER = ()

HIDDEN = ("format", "notice")  # constants the page writes itself, not fields of the form
LONG_TEXT = 200  # a string field allowing more than this is a textarea
ROW_PLACEHOLDER = "__i__"  # the index of a row not yet numbered, in the form's templates
RAW_SHOWN = 200  # characters of a value the page shows in the "needs your attention" panel
_PLAIN_DECIMAL = 40  # digits a number may have to be written out in full; beyond, as in the file
_REREADER = Rereader()  # the worker's one form, read again on every edit


def field_id(path: str) -> str:
    """budget.lines[3].amount → f-budget-lines-3-amount (a finding's field → the element's id).
    "[]" (a row not yet numbered, in a <template>) becomes the row placeholder."""
    return "f-" + re.sub(r"\[(\d*)\]", lambda m: "-" + (m.group(1) or ROW_PLACEHOLDER), path).replace(".", "-")


def targets(path: str) -> list[str]:
    """The element ids a finding on `path` can be shown at, the field's own first, then
    each enclosing part of the form: budget.lines[3].amount → its id, the row's, the list's."""
    # field_id(format_path(parts[:end])) for each end, built up in one pass: a part never
    # holds ".", "[" or "]", so each is "-" and the part (tests/test_browser_api.py).
    ids, current = [], "f-"
    for n, part in enumerate(parse(path)):
        current += part if n == 0 and type(part) is str else f"-{part}"
        ids.append(current)
    return ids[::-1]


# ---- the form's fields, from the model's JSON Schema --------------------------------------


def choice_codes(notice: Notice) -> dict[str, list[str]]:
    """The values each choice list of the form offers, by schema widget or field name."""
    return {
        "project": list(notice.projects),
        "subproject": [s.code for s in notice.brand.subprojects],
        "category": [c.code for c in notice.categories],
        "meeting_class": [c.code for c in notice.reference.meeting.classes],
        "expert_title": [t.code for t in notice.reference.expert.titles],
    }


def field_kind(name: str, prop: dict, choices: dict) -> str:
    """The control a schema property becomes: list, group, select, checkbox, date, decimal,
    textarea or text (the form generator and the import's placement share this)."""
    variants = [v for v in prop.get("anyOf", [prop]) if v.get("type") != "null"]
    inner = variants[0] if variants else prop
    widget = prop.get("widget") or name
    if prop.get("type") == "array":
        return "list"
    if "$ref" in inner:
        return "group"
    if widget in choices:
        return "select"
    if inner.get("type") == "boolean":
        return "checkbox"
    if inner.get("format") == "date":
        return "date"
    if inner.get("type") == ["string", "number"]:
        return "decimal"
    maxlength = inner.get("maxLength")
    return "textarea" if maxlength and maxlength > LONG_TEXT else "text"


def _ref(schema: dict, prop: dict) -> dict:
    for variant in [prop.get("items", {}), *prop.get("anyOf", []), *prop.get("items", {}).get("anyOf", []), prop]:
        if "$ref" in variant:
            return schema["$defs"][variant["$ref"].rsplit("/", 1)[-1]]
    raise KeyError("no $ref")


def form_fields(notice: Notice | None = None) -> dict[str, dict]:
    """Every field of the form by its path template (`budget.lines[].amount`):
    {"kind", "name", "prop", "choices" (select), "max_items" (list), "maxlength" (text)}."""
    notice = notice or load_notice()
    schema = json_schema()
    choices = choice_codes(notice)
    out: dict[str, dict] = {}

    def walk(props: dict, prefix: str) -> None:
        for name, prop in props.items():
            if not prefix and name in HIDDEN:
                continue
            path = f"{prefix}{name}"
            kind = field_kind(name, prop, choices)
            spec = {"kind": kind, "name": name, "prop": prop}
            if kind == "select":
                spec["choices"] = choices[prop.get("widget") or name]
            elif kind == "list":
                spec["max_items"] = prop.get("maxItems")
                walk(_ref(schema, prop)["properties"], f"{path}[].")
            elif kind == "group":
                walk(_ref(schema, prop)["properties"], f"{path}.")
            out[path] = spec

    walk(schema["properties"], "")
    return out


def list_limits(notice: Notice | None = None) -> dict[str, int]:
    """The most rows each list of the form may have (the model's limits)."""
    return {
        path: spec["max_items"] for path, spec in form_fields(notice).items() if spec["kind"] == "list" and spec.get("max_items")
    }


# ---- checking ---------------------------------------------------------------------------


def prepare() -> None:
    """Ready the engine for typing: the worker calls this once, after importing us.

    One check of an empty application builds what the first check would otherwise build
    (the notice, lazy parts of the models), so the applicant's first check is as fast as
    the rest. Then everything alive (modules, schemas, the notice: tens of thousands of
    objects that live as long as the worker) is moved out of the garbage collector's
    sight: a full collection would otherwise walk all of them every few hundred checks,
    and those were the slowest edits (in Pyodide, p95 of a 200-line check 9–13 ms → 6).
    """
    check_json('{"format": "castform-application/1"}')
    gc.collect()
    gc.freeze()


def check_json(text, on: str | None = None) -> str:
    """{"report": the report, "figures": the budget's sums, "view": where the page shows
    each finding} for an application given as JSON text (what the form produces): a str,
    or its UTF-8 bytes — from the worker a JavaScript Uint8Array, which crosses into
    Python as a copy of its bytes, several times cheaper than a 38 kB string of Chinese
    text converted character by character.

    view.targets: field → element ids to try, the field's own first; view.confirm: field →
    the id of the line's confirmation field, for findings a confirmation there answers."""
    judge_on = None
    if on:
        try:
            judge_on = dt.date.fromisoformat(on)
        except (TypeError, ValueError):
            judge_on = None  # the page only passes dates it made itself; ignore anything else
    if isinstance(text, _JS_BUFFER):
        text = text.to_bytes()
    notice = load_notice()
    # Read once, for the rules and for the sums; the lines an edit left alone are not
    # validated again (what the page sends on every keystroke is the whole form).
    app, findings, dropped = _REREADER.read(text)
    judged: dict = {}
    report = check_read(app, findings, dropped, notice, on=judge_on, keep=judged)
    with localcontext(CONTEXT):  # the sums as exact as the rules' (castform/money.py)
        # The figures the rules judged, shown; computed here only when no rule ran (a
        # file for another notice).
        figures = judged["figures"].for_page() if "figures" in judged else budget_figures(app, notice)
    view = {"targets": {}, "confirm": {}}
    for finding in report.findings:
        if finding.field and finding.field not in view["targets"]:
            view["targets"][finding.field] = targets(finding.field)
        confirm = _confirmation_field(finding)
        if confirm:
            view["confirm"][finding.field] = field_id(confirm)
    return (
        f'{{"report":{report.model_dump_json()},"figures":{json.dumps(figures, ensure_ascii=False)},'
        f'"view":{json.dumps(view, ensure_ascii=False)}}}'
    )


def _confirmation_field(finding) -> str:
    """The budget line's `confirmation` field, for a blocking warning about one line's
    kind of spending (answered by rewriting the line or confirming on it)."""
    if "confirmation" not in BudgetLine.model_fields:
        return ""
    if finding.severity == "error" or not getattr(finding, "blocking", False) or "kind" not in finding.params:
        return ""
    parts = parse(finding.field)
    if len(parts) >= 3 and parts[:2] == ["budget", "lines"] and isinstance(parts[2], int):
        confirmation = format_path([*parts[:3], "confirmation"])
        return "" if confirmation == finding.field else confirmation  # the link itself goes there
    return ""


def report_json(text: str) -> str:
    """Just the report, exactly as `castform check --format json` gives it (parity tests)."""
    return check(text, load_notice()).model_dump_json()


# ---- importing a file -------------------------------------------------------------------


def _message(zh: str, en: str) -> dict:
    return {"zh": zh, "en": en}


def read_import(text: str) -> str:
    """Read a file the user wants to import into the form.

    {"ok": true, "data": {...}, "attention": [...]}: `data` is what the form can hold, every
    number as the digits the file holds (never expanded: 1e99999999 stays that text);
    `attention` is every value the form cannot hold (an unknown key, a choice not in the
    list, "yes" for a checkbox, an object where a list belongs), each with its path, the
    path in words, the raw value and the reason (the same message `castform check` gives
    where it gives one). Or {"ok": false, "message": {"zh", "en"}} when the file is not an
    application at all or is over a limit of the model. Never raises.
    """
    try:
        return json.dumps(_read_import(text), ensure_ascii=False)
    except Exception as error:  # noqa: BLE001 — the page shows a message, never a traceback
        return json.dumps(
            {
                "ok": False,
                "internal": type(error).__name__,
                "message": _message(
                    "读取此文件时核查程序出错（内部错误），文件未导入，当前内容未改变。",
                    "The checker failed while reading this file (an internal error); nothing was imported or changed.",
                ),
            },
            ensure_ascii=False,
        )


def _read_import(text: str) -> dict:
    data, findings = read_raw(text)
    if data is None:
        message = findings[0].message
        return {"ok": False, "message": _message(message.zh, message.en)}
    notice = load_notice()
    fields = form_fields(notice)
    for path, limit in list_limits(notice).items():
        rows = _at(data, path.split("."))
        if isinstance(rows, list) and len(rows) > limit:
            where_zh, where_en = describe(path)
            return {
                "ok": False,
                "message": _message(
                    f"文件中“{where_zh}”有 {len(rows):,} 项，超过上限 {limit:,} 项，未导入；当前内容未改变。",
                    f"The file has {len(rows):,} items in “{where_en}”, over the limit of {limit:,}; "
                    "nothing was imported or changed.",
                ),
            }
    attention: list[dict] = []
    placed = _place(data, "", fields, attention)
    if attention:
        # The reasons `castform check` gives, where it gives one (read only when needed:
        # validating a 1,000-line file again would delay the first result).
        _, read_findings, _ = read(data)
        reasons = {f.field: {"zh": f.message.zh, "en": f.message.en} for f in read_findings}
        for item in attention:
            item["reason"] = reasons.get(item["path"]) or item["reason"]
    return {"ok": True, "data": placed, "attention": attention}


def _at(data, keys):
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


_REASONS = {
    "unknown": ("表单中没有这一项", "the form has no such field"),
    "choice": ("不是表单可选的值", "not one of the form's choices"),
    "checkbox": ("只能是 true 或 false", "must be true or false"),
    "group": ("应为一组填写项（对象）", "should be an object of fields"),
    "list": ("应为列表", "should be a list"),
    "row": ("应为一组填写项（对象）", "should be an object of fields"),
    "scalar": ("应为单个值，不能是对象或列表", "should be a single value, not an object or a list"),
    "text": ("应为文字或数字，不能是 true/false", "should be text or a number, not true/false"),
}


def _place(value: dict, prefix: str, fields: dict, attention: list) -> dict:
    """What of `value` (an object at `prefix`) the form can hold; the rest to `attention`."""
    out: dict = {}
    for key, item in value.items():
        path = f"{prefix}.{key}" if prefix else key
        template = re.sub(r"\[\d+\]", "[]", path)
        if not prefix and key in HIDDEN:
            out[key] = _as_text(item) if not isinstance(item, (dict, list)) else item
            continue
        spec = fields.get(template)
        if item is None:
            continue
        if spec is None:
            _attend(attention, path, item, "unknown")
        elif spec["kind"] == "group":
            if isinstance(item, dict):
                out[key] = _place(item, path, fields, attention)
            else:
                _attend(attention, path, item, "group")
        elif spec["kind"] == "list":
            if not isinstance(item, list):
                _attend(attention, path, item, "list")
                continue
            rows = []
            for i, row in enumerate(item):
                if isinstance(row, dict):
                    rows.append(_place(row, f"{path}[{i}]", fields, attention))
                else:
                    rows.append({})  # keep the other rows' numbers as in the file
                    if row is not None:
                        _attend(attention, f"{path}[{i}]", row, "row")
            out[key] = rows
        elif isinstance(item, (dict, list)):
            _attend(attention, path, item, "scalar")
        elif spec["kind"] == "checkbox":
            if isinstance(item, bool):
                out[key] = item
            else:
                _attend(attention, path, item, "checkbox")
        elif spec["kind"] == "select":
            if _as_text(item) in spec["choices"]:
                out[key] = _as_text(item)
            else:
                _attend(attention, path, item, "choice")
        elif isinstance(item, bool):
            _attend(attention, path, item, "text")
        else:  # text boxes hold any text: the checker then says what is wrong with it
            out[key] = _as_text(item)
    return out


def _attend(attention: list, path: str, raw, why: str) -> None:
    where_zh, where_en = describe(path)
    reason = _message(*_REASONS[why])
    text = _raw_text(raw)
    if len(text) > RAW_SHOWN:
        text = text[:RAW_SHOWN] + "…"
    attention.append({"path": path, "where": _message(where_zh, where_en), "raw": text, "reason": reason})


def _as_text(value) -> str | bool:
    """A number as the digits the file holds: the page's JSON.parse would turn a large
    integer or 281200.10 into an inexact float. Never expanded: a number with a huge
    exponent is kept as written in scientific form (the checker then refuses it)."""
    if isinstance(value, bool) or isinstance(value, str):
        return value
    if isinstance(value, Decimal):
        if (
            value.is_finite()
            and -_PLAIN_DECIMAL < value.adjusted() < _PLAIN_DECIMAL
            and -value.as_tuple().exponent < _PLAIN_DECIMAL
        ):
            return format(value, "f")
        return str(value)
    if isinstance(value, int):
        return str(value) if value.bit_length() < 200 else "(a very large integer)"
    return str(value)


def _raw_text(value) -> str:
    """A raw value for display: JSON, numbers as in the file, never expanded."""
    if isinstance(value, dict):
        inner = ", ".join(f"{json.dumps(k, ensure_ascii=False)}: {_raw_text(v)}" for k, v in list(value.items())[:20])
        return "{" + inner + (", …" if len(value) > 20 else "") + "}"
    if isinstance(value, list):
        inner = ", ".join(_raw_text(v) for v in value[:20])
        return "[" + inner + (", …" if len(value) > 20 else "") + "]"
    if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
        return str(_as_text(value))
    return json.dumps(value, ensure_ascii=False)


__all__ = ["FORMAT", "check_json", "field_id", "form_fields", "prepare", "read_import", "report_json", "targets"]
