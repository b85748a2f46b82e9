"""Hostile values where they are read: money bounded in castform/money.py, the decimal
context every check runs under, and (further down) the JSON text before it is parsed."""

from __future__ import annotations

import decimal
from decimal import ROUND_HALF_UP, Decimal

import pytest

from castform.money import CONTEXT, FEN, LIMIT, _count, _money

LARGEST = Decimal("999999999999.99")  # the largest amount and count the model accepts


@pytest.mark.parametrize("text", [
    "1e1000000", "1E+1000000", "1e9999999999999999999", "-1e9999999999999999999", "1000000000000",
    "-1000000000000", "999999999999.999e1", "1" * 41, 10**12, -(10**12), pytest.param(10**5000, id="10**5000"), Decimal("1e1000000"),
])
def test_money_at_or_over_the_limit_is_refused(text):
    with pytest.raises(ValueError, match="too large"):
        _money(text)


@pytest.mark.parametrize("text", ["1e-9999999999999999999", "1e-3", "0.001", "0e-5", "1.234"])
def test_money_with_more_than_two_places_is_refused(text):
    with pytest.raises(ValueError, match="decimal places"):
        _money(text)


@pytest.mark.parametrize("text, want", [
    ("-0", "0"), ("-0.00", "0.00"), ("0e999999999999", "0"), ("-0E+5", "0"), (Decimal("-0"), "0"),
    ("1E+3", "1E+3"), ("999999999999.99", "999999999999.99"), (" 12 ", "12"), (-5, "-5"),
])
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


@pytest.mark.parametrize("factors", [
    (LARGEST, LARGEST, LARGEST),
    (LARGEST, Decimal("0.01"), LARGEST),
    (Decimal("0.01"), Decimal("0.01"), Decimal("0.01")),
    (Decimal("123456789012.35"), Decimal("987654321098.77"), Decimal("555555555555.55")),
    (Decimal("0.05"), Decimal("0.1"), Decimal("1")),
])
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
