"""How the pages print numbers and dates taken from the notice's data.

Every value rendered from the data is wrapped in a machine-readable element — `<data
value="300000">30</data>` for numbers, `<time datetime="2021-06-08">` for dates — so the
site tests can find each one in the built HTML and check it against the data file. The
visible text is whatever reads best in the page's language.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from markupsafe import Markup, escape

_EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def plain(value: Decimal | int) -> str:
    """300000 → '300000', Decimal('1500.00') → '1500', Decimal('0.5') → '0.5'."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return format(value.normalize(), "f")


def grouped(value: Decimal | int, lang: str) -> str:
    """Digits as people write them: 300,000 in both languages; Chinese leaves numbers
    below 10,000 ungrouped (1500元), English groups them (1,500 yuan)."""
    text = plain(value)
    whole, _, fraction = text.partition(".")
    if lang == "zh" and abs(Decimal(value)) < 10000:
        return text
    grouped_whole = f"{int(whole):,}"
    return f"{grouped_whole}.{fraction}" if fraction else grouped_whole


def _data(value: Decimal | int, shown: str) -> Markup:
    return Markup('<data class="cf-value" value="{}">{}</data>').format(plain(value), shown)


def wan(value: Decimal | int) -> Markup:
    """Yuan shown in 万 (ten thousands): 300000 → '30'. The page writes 万元 after it."""
    return _data(value, plain(Decimal(value) / 10000))


def yuan(value: Decimal | int, lang: str) -> Markup:
    """Yuan shown in full: 300000 → '300,000'. The page writes 元 / yuan after it."""
    return _data(value, grouped(value, lang))


def count(value: int) -> Markup:
    return _data(value, str(value))


def long_date(day: dt.date, lang: str) -> Markup:
    if lang == "zh":
        shown = f"{day.year}年{day.month}月{day.day}日"
    else:
        shown = f"{day.day} {_EN_MONTHS[day.month - 1]} {day.year}"
    return Markup('<time class="cf-value" datetime="{}">{}</time>').format(day.isoformat(), shown)


def text(value: str) -> Markup:
    """Text from the data file, escaped for HTML (and so safe inside Markdown)."""
    return escape(value)
