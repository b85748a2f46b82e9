"""The budget's figures for the checker page: each line's computed amount and the totals
against the cap, in 元 and 万元. Computed here, in Decimal, so the page's JavaScript never
does arithmetic on money."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from .money import FEN, wan, yuan
from .model import Application
from .notice import Notice


def budget_figures(app: Application | None, notice: Notice) -> dict:
    if app is None:
        return {}
    lines = []
    for line in app.budget.lines:
        computed = None
        if line is not None and None not in (line.unit_price, line.quantity):
            times = line.times if line.times is not None else Decimal(1)
            computed = (line.unit_price * line.quantity * times).quantize(FEN, rounding=ROUND_HALF_UP)
        lines.append({"computed": yuan(computed) if computed is not None else None})
    total = sum((line.amount for line in app.budget.lines if line is not None and line.amount is not None), Decimal(0))
    figures = {"lines": lines, "lines_total": yuan(total), "lines_total_wan": wan(total)}
    if app.budget.declared_total is not None:
        figures |= {"declared_total": yuan(app.budget.declared_total), "declared_total_wan": wan(app.budget.declared_total)}
    subproject = notice.subproject(app.subproject or "") if app.project == "brand" else None
    if subproject is not None:
        figures |= {"limit_kind": "cap", "cap": yuan(subproject.cap_yuan), "cap_wan": wan(subproject.cap_yuan),
                    "within": max(total, app.budget.declared_total or 0) <= subproject.cap_yuan}
    elif app.project == "infrastructure":
        infra = notice.infrastructure
        figures |= {"limit_kind": "band", "low_wan": wan(infra.low_yuan), "high_wan": wan(infra.high_yuan),
                    "typical_wan": wan(infra.typical_yuan),
                    "within": infra.low_yuan <= (app.budget.declared_total or total) <= infra.high_yuan}
    return figures
