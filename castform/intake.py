"""Reading an application: bytes, text or a parsed object in, (application, findings) out.

Nothing here raises on bad input. A file that cannot be read at all gives one
`input.unreadable` finding and no application; a value of the wrong type is reported
(`input.invalid`) and then dropped, so that every other field is still checked; an
unknown key is reported (`input.unknown-field`) and ignored.
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal

from pydantic import ValidationError

from .model import FORMAT, Application, describe
from .paths import format_path
from .registry import Hit, Rule, register

MAX_BYTES = 2_000_000  # a real application is a few kB; 2 MB leaves room for 1,000s of lines
MAX_ROUNDS = 8  # each round drops every bad value pydantic reported; nesting is shallow

UNREADABLE = register(Rule(
    id="input.unreadable", severity="error", clause="c-1-2-3", field="",
    title_zh="文件无法读取", title_en="File cannot be read",
    doc_zh="文件不是 UTF-8 编码的 JSON、过大（超过 {max_mb} MB）或不是 castform 申报文件时给出。此时不做其他检查。",
    doc_en="Given when the file is not UTF-8 JSON, is too large (over {max_mb} MB), or is not a castform application file. No other check runs.",
    fix_zh="请从核查页面“导出”得到的 JSON 文件，或按 README 中的格式说明编写。",
    fix_en="Use a JSON file exported from the checker page, or write one following the format in the README.",
    example={"format": "something-else/9"},
))

INVALID = register(Rule(
    id="input.invalid", severity="error", clause="c-1-2-3", field="",
    title_zh="填写格式不正确", title_en="Value in the wrong form",
    doc_zh="某一项的值类型或格式不对（如金额写成文字、日期格式错误、超过长度）。该项按未填写处理，其余各项照常检查。",
    doc_en="A value has the wrong type or form (an amount in words, a malformed date, text too long). That value is treated as missing and everything else is still checked.",
    fix_zh="按提示改正该项：金额只写数字（最多两位小数），日期写成 2021-06-01。",
    fix_en="Correct the value as the message says: amounts in digits (at most two decimals), dates as 2021-06-01.",
    example={"budget.lines[0].amount": "三千元"},
))

UNKNOWN_FIELD = register(Rule(
    id="input.unknown-field", severity="warning", clause="c-1-2-3", field="",
    title_zh="未知的填写项", title_en="Unknown field",
    doc_zh="文件中有本格式没有的项（常见于拼写错误），该项被忽略。给出警告而非错误：其余内容仍可完整检查。",
    doc_en="The file has a key this format does not know (often a typo); it is ignored. A warning, not an error: the rest can still be checked in full.",
    fix_zh="检查该项名称的拼写，或删除它。", fix_en="Check the key's spelling, or remove it.",
    example={"budget.lines[0].ammount": "1000"},
))

# Chinese wording for pydantic's error types; the English comes from pydantic itself.
_ZH = {
    "string_type": "应填写文字",
    "string_too_long": "内容过长",
    "date_type": "应为日期，格式如 2021-06-01",
    "date_parsing": "日期格式不正确，应写成 2021-06-01",
    "date_from_datetime_parsing": "日期格式不正确，应写成 2021-06-01",
    "date_from_datetime_inexact": "只填日期，不要带时间",
    "literal_error": "不是可选的值之一",
    "bool_type": "应为“是”或“否”",
    "bool_parsing": "应为“是”或“否”",
    "list_type": "应为列表",
    "too_long": "条目过多",
    "model_type": "应为一组填写项（对象）",
    "model_attributes_type": "应为一组填写项（对象）",
    "dict_type": "应为一组填写项（对象）",
}
_MONEY_ZH = {
    "not bool": "应填写数字",
    "not float": "金额请写成数字字符串或整数，如 \"1500.50\"",
    "is empty": "不能为空",
    "must be digits": "应为数字，如 1500 或 1500.50",
    "must be a number": "应为数字",
    "finite": "应为有限的数字",
    "too large": "数值过大",
    "decimal places": "最多两位小数",
}


def _zh_message(error: dict) -> str:
    if error["type"] == "value_error":
        for key, text in _MONEY_ZH.items():
            if key in error["msg"]:
                return text
        return "格式不正确"
    if error["type"] == "string_too_long":
        return f"内容过长（最多 {error['ctx']['max_length']} 字）"
    if error["type"] == "literal_error":
        return f"应为以下之一：{error['ctx']['expected']}"
    return _ZH.get(error["type"], "格式不正确")


_WHAT_TO_DO_ZH = "请使用核查页面“导出”的文件，或按格式说明改正后再试。"
_WHAT_TO_DO_EN = " Use a file exported from the checker page, or fix it following the format description and try again."


def _unreadable(zh: str, en: str) -> tuple[None, list]:
    return None, [UNREADABLE.finding(Hit(field="", zh=zh + _WHAT_TO_DO_ZH, en=en + _WHAT_TO_DO_EN))]


def _reject_constant(name: str):
    raise ValueError(name)


def parse_json(raw: bytes | str):
    """Text to Python objects, numbers as Decimal; raises ValueError with a message pair."""
    if isinstance(raw, bytes):
        if len(raw) > MAX_BYTES:
            raise _TooLarge(len(raw))
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _Unreadable("文件不是 UTF-8 编码的文本。", "The file is not UTF-8 text.") from None
    elif len(raw) > MAX_BYTES // 4 and len(raw.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        # The limit is in bytes of UTF-8, as the file on disk: a Chinese character is 3.
        raise _TooLarge(len(raw.encode("utf-8", "surrogatepass")))
    try:
        return json.loads(raw.lstrip("\ufeff"), parse_float=Decimal, parse_constant=_reject_constant)
    except json.JSONDecodeError as e:
        raise _Unreadable(
            f"文件不是有效的 JSON（第 {e.lineno} 行第 {e.colno} 列：{e.msg}）。",
            f"The file is not valid JSON (line {e.lineno}, column {e.colno}: {e.msg}).",
        ) from None
    except ValueError as e:
        raise _Unreadable(f"JSON 中不能出现 {e}。", f"JSON may not contain {e}.") from None
    except RecursionError:
        raise _Unreadable("JSON 嵌套过深。", "The JSON is nested too deeply.") from None


class _Unreadable(Exception):
    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.zh, self.en = zh, en


class _TooLarge(_Unreadable):
    def __init__(self, size: int):
        mb = MAX_BYTES // 1_000_000
        super().__init__(
            f"文件过大（{size:,} 字节，上限 {mb} MB），不像是申报文件。",
            f"The file is too large ({size:,} bytes, limit {mb} MB) to be an application file.",
        )


def read_raw(raw: object) -> tuple[dict | None, list]:
    """Anything in → (the application's raw object, []) or (None, [the unreadable finding])."""
    if isinstance(raw, (bytes, str)):
        try:
            raw = parse_json(raw)
        except _Unreadable as e:
            return _unreadable(e.zh, e.en)
    if not isinstance(raw, dict):
        return _unreadable("文件内容应为一个 JSON 对象（{…}），而不是列表或单个值。",
                           "The file must hold one JSON object ({…}), not a list or a single value.")
    declared = raw.get("format")
    if declared is not None and declared != FORMAT:
        return _unreadable(f"这不是 castform 申报文件（format 为 {str(declared)[:60]!r}，应为 {FORMAT!r}）。",
                           f"This is not a castform application file (format is {str(declared)[:60]!r}, expected {FORMAT!r}).")
    if declared is None and not (raw.keys() & Application.model_fields.keys()):
        return _unreadable("文件中没有任何申报书的填写项，不是 castform 申报文件。",
                           "The file has none of an application's fields: it is not a castform application file.")
    return raw, []


def read(raw: object) -> tuple[Application | None, list, frozenset[str]]:
    """Anything in → (application or None, findings, paths of values dropped as invalid)."""
    data, findings = read_raw(raw)
    if data is None:
        return None, findings, frozenset()
    return _validate(data)


def _validate(data: dict):
    try:
        return Application.model_validate(data), [], frozenset()
    except ValidationError:
        pass  # the slow path: copy (the caller's data is never changed), then prune
    data = copy.deepcopy(data)
    findings, dropped = [], set()
    for _ in range(MAX_ROUNDS):
        try:
            return Application.model_validate(data), findings, frozenset(dropped)
        except ValidationError as error:
            for item in error.errors(include_url=False):
                path = format_path(item["loc"])
                where_zh, where_en = describe(path)
                if item["type"] == "extra_forbidden":
                    findings.append(UNKNOWN_FIELD.finding(Hit(
                        field=path, zh=f"“{where_zh}”不是本格式的填写项，已忽略；请检查拼写。",
                        en=f"“{where_en}” is not a field of this format and was ignored; check its spelling.",
                        params={"key": item["loc"][-1]})))
                else:
                    dropped.add(path)
                    findings.append(INVALID.finding(Hit(
                        field=path, zh=f"{where_zh}：{_zh_message(item)}。请改正。",
                        en=f"{where_en}: {item['msg']}. Please correct it.",
                        params={"type": item["type"]})))
                _drop(data, item["loc"])
    # Unreachable in practice: each round removes what failed.
    return (*_unreadable("文件结构过于复杂，无法读取。", "The file's structure is too tangled to read."), frozenset())


def _drop(data, loc) -> None:
    """Remove the value at `loc` (a list item becomes None, keeping the others' indices)."""
    node = data
    for part in loc[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return
    if not loc:
        data.clear()
    elif isinstance(node, dict):
        node.pop(loc[-1], None)
    elif isinstance(node, list) and isinstance(loc[-1], int) and loc[-1] < len(node):
        node[loc[-1]] = None
