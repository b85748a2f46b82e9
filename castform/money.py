"""Money and counts as `Decimal`, never `float`, bounded where they are read.

JSON is read with its numbers as exact `Decimal` (see `intake.py`), so a number such as
1500.5 in a file arrives here as `Decimal("1500.5")`. Strings are accepted too ("1,500.50"
is not: a thousands separator is ambiguous across locales, so we ask for plain digits).

Every value that gets past this module is finite, smaller than `LIMIT` (10^12 yuan) in
size, has at most two decimal places and is a plain `Decimal` (never a subclass). That is
what makes the arithmetic of the rules exact under `CONTEXT`: a product unit price ×
quantity × times has at most 3 × 14 = 42 significant digits, a sum of the model's 1,000
such products at most 45, both far inside `CONTEXT`'s precision, and no value can come near
its exponent limits. `check()` runs every rule under `CONTEXT`.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, Context, Decimal, DivisionByZero, InvalidOperation, Overflow
from typing import Annotated

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

FEN = Decimal("0.01")
# Far above any budget here; it keeps arithmetic on hostile input cheap and exact.
LIMIT_DIGITS = 12
LIMIT = Decimal(10) ** LIMIT_DIGITS
_LIMIT_INT = 10**LIMIT_DIGITS
# A value's text longer than this is not an amount (the largest is 15 characters:
# 999999999999.99); reading it is not even attempted.
MAX_TEXT = 40

# The arithmetic context of every check: 60 digits hold any product or sum of bounded
# values exactly (see above); the exponent limits are the same on every platform (CPython
# on 64 bits, Pyodide on wasm32) and far beyond any bounded value. The three traps stay
# on: with bounded inputs they cannot fire, and if a bug ever made one fire it must be
# loud (a failed check), never a silent NaN that compares as "not over the cap".
PRECISION = 60
CONTEXT = Context(
    prec=PRECISION,
    rounding=ROUND_HALF_EVEN,
    Emin=-999_999,
    Emax=999_999,
    capitals=1,
    clamp=0,
    flags=[],
    traps=[InvalidOperation, DivisionByZero, Overflow],
)


# What a form sends: plain digits, under LIMIT, at most two places. Such text needs none
# of the checks below (a 200-line budget has 800 of them per check, on every keystroke).
# No sign: "-0" must become 0, and negative amounts are rare enough for the full path.
_PLAIN_DIGITS = re.compile(r"[0-9]{1,12}(?:\.[0-9]{1,2})?")
# The exponent at the end of a number, as Decimal reads it (digits of any script, "_").
_EXPONENT = re.compile(r"(?<=[\d.])[eE](?P<sign>[+-]?)(?P<digits>[\d_]+)$")  # \d: Decimal reads any Unicode digit


def _to_decimal(value: object, *, places: int, what: str) -> Decimal:
    if type(value) is str and places >= 2 and _PLAIN_DIGITS.fullmatch(value):
        return Decimal(value)
    return _to_decimal_checked(value, places=places, what=what)


def _to_decimal_checked(value: object, *, places: int, what: str) -> Decimal:
    """Any input → a plain Decimal within bounds, or ValueError. Uses no decimal context:
    nothing here rounds, so nothing can overflow or signal, whatever the caller's context."""
    if isinstance(value, (bool, float)):
        # bool is an int in Python; float is inexact. Neither is a sum of money.
        raise ValueError(f"{what} must be a number written in digits, not {type(value).__name__}")
    if isinstance(value, int):
        value = int.__int__(value)  # a subclass's own methods are never called
        if not -_LIMIT_INT < value < _LIMIT_INT:
            raise ValueError(f"{what} is too large")
        value = Decimal(value)
    elif isinstance(value, str):
        text = str.strip(value)
        if not text:
            raise ValueError(f"{what} is empty")
        if len(text) > MAX_TEXT:
            raise ValueError(f"{what} is too large (more than {MAX_TEXT} characters)")
        syntax = _EXPONENT.search(text)
        if syntax and len(syntax["digits"].replace("_", "").lstrip("0")) > 3:
            # An exponent beyond ±999 is judged from the text: Decimal's own limits differ
            # between CPython (64-bit) and Pyodide (wasm32), and so would the answer.
            if syntax["sign"] == "-":
                raise ValueError(f"{what} has more than {places} decimal places")
            raise ValueError(f"{what} is too large")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"{what} must be digits, e.g. 1500 or 1500.50") from None
    elif isinstance(value, Decimal):
        if type(value) is not Decimal:
            value = Decimal(value)  # exact copy as a plain Decimal; the subclass is not trusted
    else:
        raise ValueError(f"{what} must be a number")
    # Only context-free operations from here on (abs() would round, and overflow).
    if not value.is_finite():
        raise ValueError(f"{what} must be a finite number")
    exponent = value.as_tuple().exponent
    if value.is_zero():
        if exponent < -places:
            raise ValueError(f"{what} has more than {places} decimal places")
        return Decimal((0, (0,), min(exponent, 0)))  # -0 is 0; 0E+999999 is 0
    if value.adjusted() >= LIMIT_DIGITS:
        raise ValueError(f"{what} is too large")
    if exponent < -places:
        raise ValueError(f"{what} has more than {places} decimal places")
    return value


def _money(value: object) -> Decimal:
    return _to_decimal(value, places=2, what="amount")


def _count(value: object) -> Decimal:
    return _to_decimal(value, places=2, what="count")


_decimal_schema = WithJsonSchema({"type": ["string", "number"], "pattern": r"^-?\d+(\.\d{1,2})?$"})
_as_string = PlainSerializer(lambda d: format(d, "f"), return_type=str)

# Yuan, at most two decimals (fen).
Money = Annotated[Decimal, BeforeValidator(_money), _as_string, _decimal_schema]
# People, days, times: a count may be fractional (half a day) but has at most two places.
Count = Annotated[Decimal, BeforeValidator(_count), _as_string, _decimal_schema]


def yuan(amount: Decimal) -> str:
    """1234567.5 → '1,234,567.50' (for messages; the data keeps plain digits)."""
    return f"{amount.quantize(FEN):,}"


def wan(amount: Decimal) -> str:
    """300000 → '30'; 305000 → '30.5' (万元, as the notice writes caps)."""
    return format((amount / 10000).normalize(), "f")
