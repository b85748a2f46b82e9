"""The budget as a small SVG picture: the total against the cap or the band, then the
budget by category and by spending unit. Text out, no library: the checker page, the
batch page and the command line draw the same picture from the same Decimal figures.

Every length is computed in Decimal and written with one decimal place; nothing here is a
float. Names from the file are escaped, and a long name is shortened with its full text
kept in a <title> (a tooltip).
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from xml.sax.saxutils import escape, quoteattr

from ..money import CONTEXT, wan, yuan
from .content import Content

WIDTH = 640
LABEL = 170  # the names' column
BAR = 300  # the longest bar
ROW = 22
PALETTE = (
    "#4472C4",
    "#ED7D31",
    "#A5A5A5",
    "#FFC000",
    "#5B9BD5",
    "#70AD47",
    "#264478",
    "#9E480E",
    "#636363",
    "#997300",
    "#255E91",
    "#43682B",
)
FONT = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif"
TENTH = Decimal("0.1")
NAME_CHARS = 12


def _px(value: Decimal) -> str:
    return format(value.quantize(TENTH), "f")


def _scaled(amount: Decimal, scale: Decimal, length: int) -> Decimal:
    """The length of a bar for `amount` when `scale` fills `length` pixels (never negative)."""
    if scale <= 0 or amount <= 0:
        return Decimal(0)
    return min(amount, scale) * length / scale


def _short(name: str) -> str:
    return name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1] + "…"


def _text(x, y, value: str, *, anchor: str = "start", size: int = 12, weight: str = "normal", fill: str = "#222") -> str:
    return (
        f'<text x="{x}" y="{y}" font-size="{size}" font-weight="{weight}" fill="{fill}" '
        f'text-anchor="{anchor}">{escape(value)}</text>'
    )


def budget_chart(content: Content) -> str:
    """The SVG text (an <svg> element with its own width and height)."""
    with localcontext(CONTEXT):
        return _chart(content)


def _chart(content: Content) -> str:
    figures = content.figures
    total = content.lines_total
    categories = content.by_category()
    colours = {name: PALETTE[i % len(PALETTE)] for i, (name, _) in enumerate(categories)}
    parts: list[str] = []
    y = 24
    heading = "预算总额与合理范围" if figures.limit_kind == "band" else "预算总额与额度"
    parts.append(_text(0, y, heading, size=14, weight="bold"))
    y += 12

    # The total as one bar, coloured by category, on a scale that also holds the limit.
    limit_high = figures.cap if figures.limit_kind == "cap" else figures.high if figures.limit_kind == "band" else None
    declared = content.declared_total
    scale = max([total, declared or Decimal(0), limit_high or Decimal(0)]) * Decimal("1.1")
    span = WIDTH - LABEL - 110
    x0 = Decimal(LABEL)
    if figures.limit_kind == "band":
        low = x0 + _scaled(figures.low, scale, span)
        high = x0 + _scaled(figures.high, scale, span)
        parts.append(
            f'<rect x="{_px(low)}" y="{y - 4}" width="{_px(high - low)}" height="{ROW + 8}" '
            'fill="#E2F0D9" stroke="#70AD47" stroke-dasharray="3 2"/>'
        )
    parts.append(_text(LABEL - 8, y + 15, "各行合计", anchor="end"))
    x = x0
    for name, amount in categories:
        length = _scaled(amount, scale, span)
        if length > 0:
            parts.append(
                f'<rect x="{_px(x)}" y="{y}" width="{_px(length)}" height="{ROW - 4}" fill="{colours[name]}">'
                f"<title>{escape(name)}：{yuan(amount)} 元</title></rect>"
            )
            x += length
    parts.append(_text(_px(x + 6), y + 14, f"{yuan(total)} 元", size=11))
    y += ROW
    if declared is not None and declared != total:
        length = _scaled(declared, scale, span)
        parts.append(_text(LABEL - 8, y + 15, "申报预算总额", anchor="end", fill="#C00000"))
        parts.append(
            f'<rect x="{LABEL}" y="{y + 2}" width="{_px(length)}" height="{ROW - 8}" fill="none" '
            'stroke="#C00000" stroke-width="1.5"/>'
        )
        parts.append(_text(_px(x0 + length + 6), y + 14, f"{yuan(declared)} 元（与合计不符）", size=11, fill="#C00000"))
        y += ROW
    if figures.limit_kind == "cap":
        cx = _px(x0 + _scaled(figures.cap, scale, span))
        parts.append(
            f'<line x1="{cx}" y1="{y - ROW * (2 if declared is not None and declared != total else 1) - 6}" '
            f'x2="{cx}" y2="{y + 2}" stroke="#C00000" stroke-width="2"/>'
        )
        parts.append(_text(cx, y + 16, f"额度 {wan(figures.cap)} 万元", anchor="middle", size=11, fill="#C00000"))
        y += ROW
    elif figures.limit_kind == "band":
        mid = _px(x0 + _scaled(figures.typical, scale, span))
        parts.append(
            _text(
                mid,
                y + 16,
                f"约 {wan(figures.typical)} 万元（{wan(figures.low)}–{wan(figures.high)} 万元）",
                anchor="middle",
                size=11,
                fill="#38761D",
            )
        )
        y += ROW
    within = figures.within
    if within is not None:
        verdict = "在额度以内" if figures.limit_kind == "cap" else "在合理范围内"
        if not within:
            verdict = "超过额度" if figures.limit_kind == "cap" else "超出合理范围"
        parts.append(_text(LABEL, y + 14, verdict, size=12, weight="bold", fill="#38761D" if within else "#C00000"))
        y += ROW

    for title, groups in (("按支出科目", categories), ("按使用单位", content.by_unit())):
        y += 24
        parts.append(_text(0, y, title, size=14, weight="bold"))
        y += 10
        if not groups:
            parts.append(_text(0, y + 14, "（尚无金额）", size=11, fill="#777"))
            y += ROW
            continue
        largest = max(amount for _, amount in groups)
        for index, (name, amount) in enumerate(groups):
            fill = colours.get(name, PALETTE[index % len(PALETTE)]) if title == "按支出科目" else "#4472C4"
            length = _scaled(amount, largest, BAR)
            share = f"{(amount * 100 / total).quantize(TENTH)}%" if total > 0 else ""
            parts.append(
                f"<g><title>{escape(name)}：{yuan(amount)} 元</title>"
                + _text(LABEL - 8, y + 15, _short(name), anchor="end")
                + f'<rect x="{LABEL}" y="{y + 3}" width="{_px(length)}" height="{ROW - 6}" fill="{fill}"/>'
                + _text(_px(Decimal(LABEL) + length + 6), y + 15, f"{yuan(amount)} 元 {share}", size=11)
                + "</g>"
            )
            y += ROW
    height = y + 10
    label = f"经费预算图：各行合计 {yuan(total)} 元"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label={quoteattr(label)} '
        f'font-family="{FONT}"><title>{escape(label)}</title>' + "".join(parts) + "</svg>"
    )
