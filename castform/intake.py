"""Reading an application: bytes, text or a parsed object in, (application, findings) out.

Nothing here raises on bad input. A file that cannot be read at all gives one
`input.unreadable` finding and no application; a value of the wrong type is reported
(`input.invalid`) and then dropped, so that every other field is still checked; an
unknown key is reported (`input.unknown-field`) and ignored.
"""

from __future__ import annotations

import json
import re
import reprlib
from decimal import Decimal
from itertools import accumulate

from pydantic import ValidationError

from .model import FORMAT, Application, describe
from .paths import format_path
from .registry import Hit, Rule, register
from .words import word, words

MAX_BYTES = 2_000_000  # a real application is a few kB; 2 MB leaves room for 1,000s of lines
MAX_ROUNDS = 8  # each round drops every bad value pydantic reported; nesting is shallow
# Findings listed one by one, per rule; beyond, one finding says how many more. A file of
# 2 MB can hold 150,000 unknown keys, and a finding each took half a minute to report.
# Invalid values are bounded by the model (1,000 lines), unknown keys only by the size.
MAX_LISTED = {"input.unknown-field": 100, "input.invalid": 1000}

UNREADABLE = register(
    Rule(
        id="input.unreadable",
        severity="error",
        cites=None,
        field="",
        title_zh="文件无法读取",
        title_en="File cannot be read",
        doc_zh="文件为空、不是 UTF-8 编码的 JSON（如 UTF-16，请另存为 UTF-8）、过大（超过 {max_mb} MB）、嵌套过深、含有过长或指数过大的数字（如 1e99999999），或不是 castform 申报文件时给出。此时不做其他检查。",
        doc_en="Given when the file is empty, is not UTF-8 JSON (UTF-16, for one: save it as UTF-8), is too large (over {max_mb} MB), is nested too deeply, holds a number too long or with too large an exponent (such as 1e99999999), or is not a castform application file. No other check runs.",
        fix_zh="请从核查页面“导出”得到的 JSON 文件，或按 README 中的格式说明编写。",
        fix_en="Use a JSON file exported from the checker page, or write one following the format in the README.",
        example={"format": "something-else/9"},
    )
)

INVALID = register(
    Rule(
        id="input.invalid",
        severity="error",
        cites=None,
        field="",
        title_zh="填写格式不正确",
        title_en="Value in the wrong form",
        doc_zh="某一项的值类型或格式不对（如金额写成文字、日期格式错误、超过长度）。该项按未填写处理，其余各项照常检查。",
        doc_en="A value has the wrong type or form (an amount in words, a malformed date, text too long). That value is treated as missing and everything else is still checked.",
        fix_zh="按提示改正该项：金额只写数字（最多两位小数），日期写成 2021-06-01。",
        fix_en="Correct the value as the message says: amounts in digits (at most two decimals), dates as 2021-06-01.",
        example={"budget.lines[0].amount": "三千元"},
    )
)

UNKNOWN_FIELD = register(
    Rule(
        id="input.unknown-field",
        severity="warning",
        cites=None,
        field="",
        title_zh="未知的填写项",
        title_en="Unknown field",
        doc_zh="文件中有本格式没有的项（常见于拼写错误），该项被忽略。给出警告而非错误：其余内容仍可完整检查。",
        doc_en="The file has a key this format does not know (often a typo); it is ignored. A warning, not an error: the rest can still be checked in full.",
        fix_zh="检查该项名称的拼写，或删除它。",
        fix_en="Check the key's spelling, or remove it.",
        example={"budget.lines[0].ammount": "1000"},
    )
)

# A value in the wrong form is told in the words of the catalogue's [invalid] section
# (castform/words), chosen by pydantic's error `type` and filled from its `ctx`. The English
# is pydantic's own message (en.toml holds its templates, which a test compares with
# pydantic's). Money and counts fail in castform/money.py with a ValueError (pydantic's
# `value_error`, the ValueError in ctx["error"]); which one is told by matching its text,
# whole, against money.py's messages in en.toml's money_* entries.


def _template(text: str) -> re.Pattern:
    """A pattern for a message written from `text`: each {name} stands for any text."""
    parts = re.split(r"\{\w+\}", text)
    return re.compile("(.+?)".join(re.escape(part) for part in parts))


_MONEY = [(key, _template(text)) for key, text in words("en")["invalid"].items() if key.startswith("money_")]


def _zh_message(error: dict) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "value_error":
        said = str(ctx.get("error", ""))
        key = next((key for key, pattern in _MONEY if pattern.fullmatch(said)), "other")
    else:
        key = kind if kind in words("zh")["invalid"] else "other"
    return word("zh", f"invalid.{key}").format_map(_Values(ctx))


class _Values(dict):
    """ctx values for a template; a name pydantic did not give stays as written."""

    def __missing__(self, name: str) -> str:
        return "{" + name + "}"


_WHAT_TO_DO_ZH = "请使用核查页面“导出”的文件，或按格式说明改正后再试。"
_WHAT_TO_DO_EN = " Use a file exported from the checker page, or fix it following the format description and try again."


def _unreadable(zh: str, en: str) -> tuple[None, list]:
    return None, [UNREADABLE.finding(Hit(field="", zh=zh + _WHAT_TO_DO_ZH, en=en + _WHAT_TO_DO_EN))]


def _reject_constant(name: str):
    raise ValueError(name)


# JSON numbers are read from their text, before any is expanded: a number longer than
# this, or with an exponent beyond ±MAX_EXPONENT, is not a value of an application (the
# largest amount, 999999999999.99, has 15 characters). Decimal("1e99999999") costs
# nothing, but writing it out in digits (the import, a message) would take 100 MB, and
# 1e9999999999999999999 is beyond what Decimal can hold at all.
MAX_NUMBER_TEXT = 40
MAX_EXPONENT = 40
# Nesting: an application is 4 levels deep (budget › lines › [i] › amount). The text is
# scanned before json.loads, which recurses, as everything after it may.
MAX_DEPTH = 64

_EXPONENT = re.compile(r"[eE]([+-]?[0-9]+)")
_ALL_BUT_STRUCTURE = bytes(b for b in range(256) if b not in b'[]{}"')  # bytes.translate deletes these
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}  # by byte
# The tokens that make a path (used only to say where a refused number is).
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{},:]|-?[0-9][0-9.eE+-]*', re.S)


class _BadNumber(Exception):
    def __init__(self, text: str):
        super().__init__(text)
        self.text = text


def _number(text: str) -> Decimal:
    """A JSON number with a fraction or an exponent → its exact Decimal, or _BadNumber."""
    if len(text) > MAX_NUMBER_TEXT:
        raise _BadNumber(text)
    exponent = _EXPONENT.search(text)
    if exponent and abs(int(exponent[1])) > MAX_EXPONENT:
        raise _BadNumber(text)
    return Decimal(text)


def _integer(text: str) -> int:
    if len(text) > MAX_NUMBER_TEXT:  # also keeps int() far from its 4,300-digit limit
        raise _BadNumber(text)
    return int(text)


def _too_deep(text: str) -> bool:
    """Whether arrays and objects nest deeper than MAX_DEPTH, brackets in strings aside.
    Iterative and in C but for the final count of the brackets left; a small file skips it
    on the first line.

    The text is cut down to its skeleton, brackets and quotes (a 38 kB form → a few
    hundred characters), once the escapes that could hide a quote (\\\\ and \\") are
    gone; strings are then told by splitting at the quotes: every other piece is outside a
    string, an unterminated string's tail included. Two adjacent quotes are dropped first:
    they hold an empty piece, inside or outside a string, and keep the others' parity (most
    strings hold no bracket, so most skeletons have no quote left to split at). Escapes
    pair left to right inside strings as JSON reads them; a backslash outside a string is an
    error json.loads stops at before recursing past it. A form is checked on every
    keystroke, so this runs often: splitting the whole text at its quotes cost five times
    as much in Pyodide."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return False
    if "\\" in text:
        text = text.replace("\\\\", "").replace('\\"', "")
    # In UTF-8 no byte of a multi-byte character is ASCII, so the skeleton's bytes are the
    # text's brackets and quotes, in order.
    skeleton = text.encode("utf-8", "surrogatepass").translate(None, _ALL_BUT_STRUCTURE).replace(b'""', b"")
    if b'"' in skeleton:
        skeleton = b"".join(skeleton.split(b'"')[::2])
    if len(skeleton) <= MAX_DEPTH:
        return False
    return max(accumulate(map(_STEP.__getitem__, skeleton)), default=0) > MAX_DEPTH


def _path_of_number(text: str, number: str) -> str:
    """The path of the first JSON number written as `number` ("budget.declared_total"), or ""
    if it cannot be told. Only run to explain a refusal."""
    frames: list[list] = []  # [container kind, key or index, whether a key comes next]
    for match in _TOKEN.finditer(text):
        token = match[0]
        top = frames[-1] if frames else None
        if token in "[{":
            frames.append(["list", 0, False] if token == "[" else ["dict", None, True])
        elif token in "]}":
            if frames:
                frames.pop()
        elif token == ",":
            if top and top[0] == "list":
                top[1] += 1
            elif top:
                top[2] = True
        elif token == ":":
            pass
        elif token.startswith('"'):
            if top and top[0] == "dict" and top[2]:
                try:
                    top[1] = json.loads(token)
                except ValueError:
                    return ""
                top[2] = False
        elif token == number:
            return format_path(frame[1] for frame in frames if frame[1] is not None)
    return ""


def parse_json(raw: bytes | str):
    """Text to Python objects, numbers as Decimal; raises _Unreadable with a message pair."""
    if isinstance(raw, (bytes, bytearray)):
        if len(raw) > MAX_BYTES:
            raise _TooLarge(len(raw))
        if raw[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
            raise _NotUtf8("UTF-32")
        if raw[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in raw[:64]:
            raise _NotUtf8("UTF-16")
        try:
            raw = bytes(raw).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _NotUtf8("") from None
    else:
        if str.__len__(raw) > MAX_BYTES:  # every character is at least a byte: no need to count them
            raise _TooLarge(str.__len__(raw), at_least=True)
        raw = str.__str__(raw)  # a subclass's own __str__ is never called
        if len(raw) > MAX_BYTES // 4:
            # The limit is in bytes of UTF-8, as the file on disk: a Chinese character is 3.
            size = len(raw.encode("utf-8", "surrogatepass"))
            if size > MAX_BYTES:
                raise _TooLarge(size)
        if "\x00" in raw[:64]:  # UTF-16 bytes read as if they were UTF-8 or Latin-1
            raise _NotUtf8("UTF-16")
    text = raw.lstrip("\ufeff")
    if not text.strip():
        raise _Unreadable("文件为空。", "The file is empty.")
    if _too_deep(text):
        raise _Unreadable(
            f"文件中的数据嵌套过深（超过 {MAX_DEPTH} 层），不是申报文件。",
            f"The data in the file is nested too deeply (more than {MAX_DEPTH} levels) to be an application.",
        )
    try:
        return json.loads(text, parse_float=_number, parse_int=_integer, parse_constant=_reject_constant)
    except json.JSONDecodeError as e:
        raise _Unreadable(
            f"文件不是有效的 JSON（第 {e.lineno} 行第 {e.colno} 列：{e.msg}）。",
            f"The file is not valid JSON (line {e.lineno}, column {e.colno}: {e.msg}).",
        ) from None
    except _BadNumber as e:
        path = _path_of_number(text, e.text)
        shown = e.text if len(e.text) <= 24 else f"{e.text[:12]}…{e.text[-8:]}（{len(e.text)} 个字符）"
        shown_en = e.text if len(e.text) <= 24 else f"{e.text[:12]}…{e.text[-8:]} ({len(e.text)} characters)"
        where_zh, where_en = describe(path) if path else ("", "")
        at_zh = f"“{where_zh}”（{path}）的" if path else ""
        at_en = f" at “{where_en}” ({path})" if path else ""
        raise _Unreadable(
            f"文件中{at_zh}数字 {shown} 过长或指数过大，不可能是申报书中的值（金额须小于 1 万亿元）。",
            f"The number {shown_en}{at_en} is too long or its exponent too large to be a value of an "
            "application (amounts must be under 10^12 yuan).",
        ) from None
    except ValueError as e:  # NaN, Infinity (parse_constant)
        raise _Unreadable(f"JSON 中不能出现 {e}。", f"JSON may not contain {e}.") from None
    except RecursionError:  # cannot happen after _too_deep; kept as a last guard
        raise _Unreadable("文件中的数据嵌套过深。", "The data in the file is nested too deeply.") from None


class _Unreadable(Exception):
    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.zh, self.en = zh, en


class _NotUtf8(_Unreadable):
    def __init__(self, encoding: str):
        if encoding:
            super().__init__(
                f"文件是 {encoding} 编码的，本工具只读 UTF-8。请在编辑器中把它另存为 UTF-8 编码后再试。",
                f"The file is in {encoding}; only UTF-8 is read. Save it as UTF-8 in your editor and try again.",
            )
        else:
            super().__init__(
                "文件不是 UTF-8 编码的文本。请在编辑器中把它另存为 UTF-8 编码后再试。",
                "The file is not UTF-8 text. Save it as UTF-8 in your editor and try again.",
            )


class _TooLarge(_Unreadable):
    def __init__(self, size: int, *, at_least: bool = False):
        mb = MAX_BYTES // 1_000_000
        zh, en = ("至少 ", "at least ") if at_least else ("", "")
        super().__init__(
            f"文件过大（{zh}{size:,} 字节，上限 {mb} MB），不像是申报文件。",
            f"The file is too large ({en}{size:,} bytes, limit {mb} MB) to be an application file.",
        )


def read_raw(raw: object) -> tuple[dict | None, list]:
    """Anything in → (the application's raw object, []) or (None, [the unreadable finding])."""
    if isinstance(raw, (bytes, bytearray, str)):
        try:
            raw = parse_json(raw)
        except _Unreadable as e:
            return _unreadable(e.zh, e.en)
    if not isinstance(raw, dict):
        return _unreadable(
            "文件内容应为一个 JSON 对象（{…}），而不是列表或单个值。",
            "The file must hold one JSON object ({…}), not a list or a single value.",
        )
    declared = raw.get("format")
    if declared is not None and declared != FORMAT:
        shown = _short(declared)
        return _unreadable(
            f"这不是 castform 申报文件（format 为 {shown}，应为 {FORMAT!r}）。",
            f"This is not a castform application file (format is {shown}, expected {FORMAT!r}).",
        )
    if declared is None and not (raw.keys() & Application.model_fields.keys()):
        return _unreadable(
            "文件中没有任何申报书的填写项，不是 castform 申报文件。",
            "The file has none of an application's fields: it is not a castform application file.",
        )
    return raw, []


def read(raw: object) -> tuple[Application | None, list, frozenset[str]]:
    """Anything in → (application or None, findings, paths of values dropped as invalid)."""
    data, findings = read_raw(raw)
    if data is None:
        return None, findings, frozenset()
    return _validate(data)


def _short(value: object) -> str:
    """A value for a message: its first characters, without writing out a huge or deep one."""
    if isinstance(value, str):
        return repr(str.__str__(value)[:60])
    return reprlib.repr(value)[:60]  # reprlib stops at a few levels and items


def _validate(data: dict):
    try:
        return Application.model_validate(data), [], frozenset()
    except ValidationError:
        pass  # the slow path: prune a copy (the caller's data is never changed)
    # Copy on write: only the containers on the way to a value that is dropped are copied,
    # one level at a time, so nothing here recurses into the data (a deepcopy did).
    data = dict(data)
    copies: dict[int, object] = {id(data): data}  # holding each copy keeps its id unique
    findings, dropped = [], set()
    listed, unlisted = dict.fromkeys(MAX_LISTED, 0), dict.fromkeys(MAX_LISTED, 0)
    for _ in range(MAX_ROUNDS):
        try:
            app = Application.model_validate(data)
        except ValidationError as error:
            for item in error.errors(include_url=False):
                unknown = item["type"] == "extra_forbidden"
                rule_ = UNKNOWN_FIELD if unknown else INVALID
                path = format_path(item["loc"])
                if not unknown:
                    dropped.add(path)
                _drop(data, item["loc"], copies)
                if listed[rule_.id] >= MAX_LISTED[rule_.id]:
                    unlisted[rule_.id] += 1
                    continue
                listed[rule_.id] += 1
                where_zh, where_en = describe(path)
                if unknown:
                    findings.append(
                        UNKNOWN_FIELD.finding(
                            Hit(
                                field=path,
                                zh=f"“{where_zh}”不是本格式的填写项，已忽略；请检查拼写。",
                                en=f"“{where_en}” is not a field of this format and was ignored; check its spelling.",
                                params={"key": item["loc"][-1]},
                            )
                        )
                    )
                else:
                    findings.append(
                        INVALID.finding(
                            Hit(
                                field=path,
                                zh=f"{where_zh}：{_zh_message(item)}。请改正。",
                                en=f"{where_en}: {item['msg']}. Please correct it.",
                                params={"type": item["type"]},
                            )
                        )
                    )
            continue
        if unlisted["input.unknown-field"]:
            more = unlisted["input.unknown-field"]
            findings.append(
                UNKNOWN_FIELD.finding(
                    Hit(
                        field="",
                        zh=f"另有 {more} 个未知的填写项未逐一列出，均已忽略。请确认文件是本格式的申报文件。",
                        en=f"{more} more unknown fields are not listed one by one; all were ignored. "
                        "Check that the file is an application in this format.",
                        params={"more": more},
                    )
                )
            )
        if unlisted["input.invalid"]:
            more = unlisted["input.invalid"]
            findings.append(
                INVALID.finding(
                    Hit(
                        field="",
                        zh=f"另有 {more} 项填写格式不正确，未逐一列出，均按未填写处理。请改正后再检查。",
                        en=f"{more} more values in the wrong form are not listed one by one; each is treated as missing. "
                        "Correct them and check again.",
                        params={"more": more},
                    )
                )
            )
        return app, findings, frozenset(dropped)
    # Unreachable in practice: each round removes what failed.
    return (*_unreadable("文件结构过于复杂，无法读取。", "The file's structure is too tangled to read."), frozenset())


def _own(node, key, copies: dict[int, object]):
    """node[key], replaced in node by a shallow copy of itself unless it is one already."""
    child = node[key]
    if id(child) in copies:
        return child
    if isinstance(child, dict):
        child = dict(child)
    elif isinstance(child, (list, tuple)):
        child = list(child)
    else:
        return child
    copies[id(child)] = child
    node[key] = child
    return child


def _drop(data: dict, loc, copies: dict[int, object]) -> None:
    """Remove the value at `loc` from our copy (a list item becomes None, keeping the
    others' indices), copying the containers on the way first."""
    node = data
    for part in loc[:-1]:
        try:
            node = _own(node, part, copies)
        except (KeyError, IndexError, TypeError):
            return
    if not loc:
        data.clear()
    elif isinstance(node, dict):
        node.pop(loc[-1], None)
    elif isinstance(node, list) and isinstance(loc[-1], int) and loc[-1] < len(node):
        node[loc[-1]] = None
