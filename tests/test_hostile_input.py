"""Hostile values where they are read: money bounded in castform/money.py, the decimal
context every check runs under, and (further down) the JSON text before it is parsed."""

from __future__ import annotations

import decimal
from decimal import ROUND_HALF_UP, Decimal

import pytest

from castform.money import CONTEXT, FEN, LIMIT, _count, _money

LARGEST = Decimal("999999999999.99")  # the largest amount and count the model accepts


@pytest.mark.parametrize(
    "text",
    [
        "1e1000000",
        "1E+1000000",
        "1e9999999999999999999",
        "-1e9999999999999999999",
        "1000000000000",
        "-1000000000000",
        "999999999999.999e1",
        "1" * 41,
        10**12,
        -(10**12),
        pytest.param(10**5000, id="10**5000"),
        Decimal("1e1000000"),
    ],
)
def test_money_at_or_over_the_limit_is_refused(text):
    with pytest.raises(ValueError, match="too large"):
        _money(text)


@pytest.mark.parametrize("text", ["1e-9999999999999999999", "1e-3", "0.001", "0e-5", "1.234"])
def test_money_with_more_than_two_places_is_refused(text):
    with pytest.raises(ValueError, match="decimal places"):
        _money(text)


@pytest.mark.parametrize(
    "text, want",
    [
        ("-0", "0"),
        ("-0.00", "0.00"),
        ("0E+99", "0"),
        ("-0E+5", "0"),
        (Decimal("-0"), "0"),
        ("1E+3", "1E+3"),
        ("999999999999.99", "999999999999.99"),
        (" 12 ", "12"),
        (-5, "-5"),
    ],
)
def test_money_read_exactly(text, want):
    got = _money(text)
    assert type(got) is Decimal and str(got) == want and not (got.is_zero() and got.is_signed())


def test_money_never_uses_the_callers_context():
    """Reading a value rounds nothing, so a tiny context changes nothing and never traps."""
    tiny = decimal.Context(prec=1, Emax=1, Emin=-1, traps=list(decimal.Context().traps))
    with decimal.localcontext(tiny):
        assert _money("999999999999.99") == LARGEST
        for hostile in ("1e1000000", "1e9999999999999999999", "-1e1000000"):
            with pytest.raises(ValueError):
                _money(hostile)


class _Lying(Decimal):
    def is_finite(self):
        return True

    def adjusted(self):
        return 0

    def as_tuple(self):
        return decimal.DecimalTuple(0, (1,), 0)


class _LyingInt(int):
    def __lt__(self, other):
        return True

    def __gt__(self, other):
        return True


class _LyingStr(str):
    def strip(self, *args):
        return "1"


def test_subclasses_are_read_as_what_they_hold():
    with pytest.raises(ValueError, match="finite"):
        _money(_Lying("NaN"))
    with pytest.raises(ValueError, match="too large"):
        _money(_Lying("1e1000000"))
    assert type(_money(_Lying("12.50"))) is Decimal
    with pytest.raises(ValueError, match="too large"):
        _money(_LyingInt(10**13))
    with pytest.raises(ValueError, match="too large"):
        _money(_LyingStr("1e99"))


@pytest.mark.parametrize("value", [True, 1.5, float("nan"), None, [], {}, b"12"])
def test_money_of_the_wrong_type_is_refused(value):
    with pytest.raises(ValueError):
        _money(value)


# --- the context ------------------------------------------------------------------------


def _exact_product_in_fen(*factors: Decimal) -> int:
    """unit price × quantity × times in fen, rounded half up, in integers only."""
    numerator = 1
    for factor in factors:
        numerator *= int(factor * 100)  # each factor has at most two places: exact
    denominator = 100 ** (len(factors) - 1)
    whole, rest = divmod(numerator, denominator)
    return whole + (1 if 2 * rest >= denominator else 0)


@pytest.mark.parametrize(
    "factors",
    [
        (LARGEST, LARGEST, LARGEST),
        (LARGEST, Decimal("0.01"), LARGEST),
        (Decimal("0.01"), Decimal("0.01"), Decimal("0.01")),
        (Decimal("123456789012.35"), Decimal("987654321098.77"), Decimal("555555555555.55")),
        (Decimal("0.05"), Decimal("0.1"), Decimal("1")),
    ],
)
def test_products_are_exact_under_the_context(factors):
    """What budget.arithmetic and the totals box compute, at the model's extremes: exact
    (no rounding before the quantize to fen), and no signal."""
    with decimal.localcontext(CONTEXT) as ctx:
        product = factors[0] * factors[1] * factors[2]
        assert not ctx.flags[decimal.Inexact] and not ctx.flags[decimal.Rounded]
        in_fen = product.quantize(FEN, rounding=ROUND_HALF_UP)  # rounds, on purpose
        ctx.clear_flags()
        sum_of_1000 = sum([product] * 1000, Decimal(0))
        assert not ctx.flags[decimal.Inexact]
    # Compared in integers: outside the context, Python's 28 digits would round again.
    assert _scaled(in_fen, 2) == _exact_product_in_fen(*factors)
    assert _scaled(sum_of_1000, 6) == _scaled(product, 6) * 1000


def _scaled(value: Decimal, places: int) -> int:
    """value × 10^places as an int, from its digits (no context involved)."""
    sign, digits, exponent = value.as_tuple()
    assert exponent + places >= 0
    return (-1) ** sign * int("".join(map(str, digits))) * 10 ** (exponent + places)


def test_the_default_context_could_not_do_it():
    """Why the context exists: under Python's default 28 digits the same quantize fails."""
    with decimal.localcontext(decimal.Context()):
        with pytest.raises(decimal.InvalidOperation):
            (LARGEST * LARGEST * LARGEST).quantize(FEN)


def test_count_and_limit_agree():
    assert _count("999999999999.99") == LARGEST < LIMIT
    with pytest.raises(ValueError, match="too large"):
        _count(LIMIT)


# --- the JSON text, before it is parsed ------------------------------------------------------

import json  # noqa: E402
import time  # noqa: E402

from castform.check import check  # noqa: E402
from castform.examples import load_example  # noqa: E402
from castform.intake import MAX_DEPTH  # noqa: E402


def _only_finding(report):
    assert [f.rule for f in report.findings] == ["input.unreadable"], [(f.rule, f.field) for f in report.findings]
    return report.findings[0].message


@pytest.mark.parametrize(
    "number, path",
    [
        ("1e99999999", "budget.declared_total"),  # the 74-byte file that killed the tab
        ("1e9999999999999999999", "budget.declared_total"),  # InvalidOperation from the parser itself
        ("1e-9999999999999999999", "budget.declared_total"),
        ("-1E+1000000", "budget.declared_total"),
        ("9" * 5000, "budget.declared_total"),  # beyond int()'s 4,300 digits
        ("0." + "0" * 60 + "1", "budget.declared_total"),
    ],
)
def test_huge_numbers_are_refused_before_they_are_expanded(notice, number, path):
    text = '{"budget":{"declared_total":' + number + "}}"
    started = time.perf_counter()
    message = _only_finding(check(text, notice))
    assert time.perf_counter() - started < 0.5
    assert path in message.zh and path in message.en and "预算总额" in message.zh
    assert number[:12] in message.en and len(message.en) < 400


def test_a_refused_number_is_found_in_a_list_and_not_in_a_string(notice):
    text = '{"title": "1e999", "budget": {"lines": [{"amount": 1}, {"item": "a", "amount": 1e999}]}}'
    message = _only_finding(check(text, notice))
    assert "budget.lines[1].amount" in message.en and "第 2 行" in message.zh


def test_numbers_within_the_parser_bounds_are_judged_by_the_model(notice):
    report = check('{"budget":{"declared_total":1e30, "lines": []}}', notice)
    assert any(f.rule == "input.invalid" and f.field == "budget.declared_total" for f in report.findings)


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 700, 5000, 100_000])
@pytest.mark.parametrize("shape", ["[{}]", '{"a":{}}'])
def test_nesting_is_bounded_before_anything_recurses(notice, depth, shape):
    opener, closer = {"[{}]": ("[", "]"), '{"a":{}}': ('{"a":', "}")}[shape]
    text = '{"title": "t", "x": ' + opener * depth + "1" + closer * depth + "}"
    message = _only_finding(check(text, notice))
    assert "嵌套过深" in message.zh and "nested too deeply" in message.en


def test_nesting_up_to_the_limit_is_read(notice):
    depth = MAX_DEPTH - 2  # the outer object and the key's value
    report = check('{"title": "t", "x": ' + "[" * depth + "]" * depth + "}", notice)
    assert any(f.rule == "input.unknown-field" and f.field == "x" for f in report.findings)


def test_brackets_inside_strings_are_not_nesting(notice):
    report = check('{"title": "' + "[{" * 5000 + '\\"' + '", "summary": "]]]"}', notice)
    assert not report.of_rule("input.unreadable")


def test_the_depth_check_reads_strings_as_a_json_parser_does():
    """intake._too_deep tells strings by splitting at quotes once escapes are gone; it must
    agree with a regex that reads every JSON string, escapes and all (and an unterminated
    one to the end), on texts whose strings hold brackets, quotes and backslashes, whole
    and cut short."""
    import json
    import random
    import re
    from itertools import accumulate

    from castform import intake

    string = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?', re.S)
    step = {"[": 1, "{": 1, "]": -1, "}": -1}

    def depth(text: str) -> int:
        brackets = re.sub(r"[^\[\]{}]+", "", string.sub("", text))
        return max(accumulate(map(step.__getitem__, brackets)), default=0)

    rng = random.Random(20261201)
    pieces = ["[", "]", "{", "}", '"', "\\", "a", "\n", '\\"', "]]", "{{", "é"]

    def words() -> str:
        return "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))

    def value(levels: int):
        """A chain `levels` deep (around the limit), strings and short lists beside it."""
        if levels == 0:
            return words()
        inner, beside = value(levels - 1), [words() for _ in range(rng.randint(0, 2))]
        if rng.random() < 0.5:
            return [*beside, inner]
        return {words() + str(i): item for i, item in enumerate([*beside, inner])}

    for _ in range(3_000):
        text = json.dumps(value(rng.randint(MAX_DEPTH - 8, MAX_DEPTH + 8)), ensure_ascii=rng.random() < 0.5)
        if rng.random() < 0.3:
            text = text[: rng.randint(0, len(text))]
        assert intake._too_deep(text) == (depth(text) > MAX_DEPTH), text[:200]


def test_deep_python_values_do_not_recurse_in_the_intake(notice):
    """A dict from Python is not scanned as text; its deep value must still never be copied
    recursively (copy.deepcopy raised RecursionError on the slow path)."""
    data = load_example("tech-economy-ready")
    data["title"] = 5  # the slow path: something to drop
    deep: list = []
    for _ in range(50_000):
        deep = [deep]
    data["x"] = deep
    data["format"] = deep
    report = check(data, notice)
    assert report.of_rule("input.unreadable")  # format is not castform's
    del data["format"]
    report = check(data, notice)
    assert {(f.rule, f.field) for f in report.findings} >= {("input.invalid", "title"), ("input.unknown-field", "x")}
    assert data["title"] == 5 and data["x"] is deep  # the caller's data is untouched


def test_pruning_copies_only_what_it_changes(notice):
    data = load_example("tech-economy-ready")
    data["budget"]["lines"][1]["amount"] = "三千"
    data["lead_unit"]["contact"]["phone"] = 5
    before = json.dumps(data, sort_keys=True, ensure_ascii=False)
    report = check(data, notice)
    assert {f.field for f in report.of_rule("input.invalid")} == {"budget.lines[1].amount", "lead_unit.contact.phone"}
    assert json.dumps(data, sort_keys=True, ensure_ascii=False) == before


@pytest.mark.parametrize("raw", [b"", b"   \n\t ", "", "\ufeff", b"\xef\xbb\xbf  "])
def test_an_empty_file_says_so(notice, raw):
    message = _only_finding(check(raw, notice))
    assert message.zh.startswith("文件为空") and message.en.startswith("The file is empty")
    assert "Expecting value" not in message.en


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_files_are_refused_with_what_to_do(notice, encoding):
    raw = json.dumps(load_example("tech-economy-ready"), ensure_ascii=False).encode(encoding)
    message = _only_finding(check(raw, notice))
    assert "另存为 UTF-8" in message.zh and "Save it as UTF-8" in message.en
    assert "UTF-16" in message.en or "UTF-32" in message.en


def test_utf16_read_as_text_is_refused_too(notice):
    """What a page gets if it decodes a UTF-16 file as UTF-8 or Latin-1: NULs between letters."""
    raw = '{"title": "x"}'.encode("utf-16-le").decode("latin-1")
    assert "UTF-16" in _only_finding(check(raw, notice)).en


def test_other_encodings_are_told_to_save_as_utf8(notice):
    message = _only_finding(check('{"title": "项目"}'.encode("gb18030"), notice))
    assert "另存为 UTF-8" in message.zh and "Save it as UTF-8" in message.en


def test_lone_surrogates_are_reported_and_the_report_is_utf8(notice):
    report = check('{"consortium": "\\ud800", "title": "\\udfff x", "lead_unit": {"\\ud83d": 1}}', notice)
    report.to_json().encode("utf-8")
    assert {f.field for f in report.of_rule("input.invalid")} >= {"consortium", "title"}


# --- the context, through check() -------------------------------------------------------------


def _extreme_application(lines: int) -> dict:
    data = load_example("tech-economy-ready")
    row = dict(
        data["budget"]["lines"][0], unit_price=str(LARGEST), quantity=str(LARGEST), times=str(LARGEST), amount=str(LARGEST)
    )
    data["budget"]["lines"] = [dict(row) for _ in range(lines)]
    data["budget"]["declared_total"] = str(LARGEST)
    return data


@pytest.mark.parametrize("callers_context", [decimal.Context(), decimal.Context(prec=3, Emax=20, Emin=-20)])
def test_check_is_exact_at_the_models_extremes_whatever_the_callers_context(notice, callers_context):
    with decimal.localcontext(callers_context):
        report = check(_extreme_application(1000), notice)
        report.to_json()
    arithmetic = report.of_rule("budget.line-arithmetic")
    assert len(arithmetic) == 1000
    assert all(
        _scaled(Decimal(f.params["expected"]), 2) == _exact_product_in_fen(LARGEST, LARGEST, LARGEST) for f in arithmetic[:3]
    )


def test_the_checker_pages_sums_are_computed_under_the_context_too(notice):
    """castform.browser.check_json computes the totals box after the rules: at the model's
    extremes its quantize raised InvalidOperation under Python's default context."""
    from castform.browser import check_json

    result = json.loads(check_json(json.dumps(_extreme_application(3))))
    assert result["report"]["ready"] is False and result["figures"]


def test_a_flood_of_unknown_keys_is_summed_up_not_listed(notice):
    """150,000 unknown keys (1.7 MB) took half a minute, a finding each; now the first 100
    are listed and one finding says how many more."""
    from castform.intake import MAX_LISTED

    text = '{"title": "x", ' + ",".join(f'"k{i}": 1' for i in range(150_000)) + "}"
    started = time.perf_counter()
    report = check(text, notice)
    assert time.perf_counter() - started < 15
    unknown = report.of_rule("input.unknown-field")
    assert len(unknown) == MAX_LISTED["input.unknown-field"] + 1
    assert unknown[-1].field == "" and unknown[-1].params["more"] == str(150_000 - 100)
    assert "149900" in unknown[-1].message.zh and "149900 more unknown fields" in unknown[-1].message.en


def test_invalid_values_beyond_the_listed_ones_are_counted_and_still_dropped(notice):
    text = '{"budget": {"lines": [' + ",".join('{"amount": "x", "quantity": "y"}' for _ in range(1000)) + "]}}"
    report = check(text, notice)
    invalid = report.of_rule("input.invalid")
    assert len(invalid) == 1001 and invalid[-1].params["more"] == "1000"
    assert not any(f.rule == "budget.line-arithmetic" for f in report.findings)  # every bad value was dropped


@pytest.mark.parametrize(
    "text, refusal",
    [
        ("0e999999999", "too large"),  # a Decimal on CPython, beyond wasm32's exponent limit on Pyodide
        ("0E+1000", "too large"),
        ("1e1_000", "too large"),
        ("1e１０００", "too large"),
        ("0E-1000", "decimal places"),
        ("5e-999999999", "decimal places"),
        ("e99999", "digits"),
    ],
)
def test_an_exponent_beyond_999_is_judged_from_the_text_alike_on_every_platform(text, refusal):
    with pytest.raises(ValueError, match=refusal):
        _money(text)


def test_a_huge_text_is_refused_by_its_length_alone(notice):
    """Text longer than the limit in characters is too large whatever its bytes: counting
    them (encoding a 3.4 GB string a generated input built) took 35 s."""
    text = '{"title": "' + "字" * 2_000_001 + '"}'
    started = time.perf_counter()
    message = _only_finding(check(text, notice))
    assert "at least 2,000,014 bytes" in message.en and "至少" in message.zh
    assert time.perf_counter() - started < 1
    message = _only_finding(check('{"title": "' + "字" * 700_000 + '"}', notice))  # 2.1 MB of UTF-8
    assert "2,100,013 bytes" in message.en and "at least" not in message.en
