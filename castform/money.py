"""Money and counts as `Decimal`, never `float`.

JSON is read with `parse_float=Decimal` (see `intake.py`), so a number such as 1500.5 in a
file arrives here as `Decimal("1500.5")`. Strings are accepted too ("1,500.50" is not: a
thousands separator is ambiguous across locales, so we ask for plain digits).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

FEN = Decimal("0.01")
# Far above any budget here; it keeps arithmetic on hostile input cheap and exact.
LIMIT = Decimal("1000000000000")


# What a form sends: plain digits, under LIMIT, at most two places. Such text needs none
# of the checks below (a 200-line budget has 800 of them per check, on every keystroke).
_PLAIN_DIGITS = re.compile(r"-?[0-9]{1,12}(?:\.[0-9]{1,2})?")


def _to_decimal(value: object, *, places: int, what: str) -> Decimal:
    if type(value) is str and places >= 2 and _PLAIN_DIGITS.fullmatch(value):
        return Decimal(value)
    return _to_decimal_checked(value, places=places, what=what)


def _to_decimal_checked(value: object, *, places: int, what: str) -> Decimal:
    if isinstance(value, bool) or isinstance(value, float):
        # bool is an int in Python; float is inexact. Neither is a sum of money.
        raise ValueError(f"{what} must be a number written in digits, not {type(value).__name__}")
    if isinstance(value, int):
        value = Decimal(value)
    elif isinstance(value, str):
        text = value.strip()
        if not text:
            raise ValueError(f"{what} is empty")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"{what} must be digits, e.g. 1500 or 1500.50") from None
    if not isinstance(value, Decimal):
        raise ValueError(f"{what} must be a number")
    if not value.is_finite():
        raise ValueError(f"{what} must be a finite number")
    if abs(value) >= LIMIT:
        raise ValueError(f"{what} is too large")
    if value.as_tuple().exponent < -places:
        raise ValueError(f"{what} has more than {places} decimal places")
    return value


def _money(value: object) -> Decimal:
    return _to_decimal(value, places=2, what="amount")


def _count(value: object) -> Decimal:
    return _to_decimal(value, places=2, what="count")


_decimal_schema = WithJsonSchema(
    {"type": ["string", "number"], "pattern": r"^-?\d+(\.\d{1,2})?$"}
)
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
