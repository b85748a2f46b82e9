"""The budget's figures, computed once per check: each line's computed amount, the lines'
sum, the declared total and how they stand against the cap or the band.

The budget rules judge exactly these figures and the checker page's totals box shows
exactly these figures, so the two can never disagree. Everything is Decimal; the page's
JavaScript never does arithmetic on money.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .model import Application, BudgetLine
from .money import FEN, wan, yuan
from .notice import Notice


def line_amount(line: BudgetLine) -> Decimal | None:
    """Unit price × quantity × times (times left empty counts as 1), rounded half-up to the
    fen as a spreadsheet's ROUND(x, 2) does; None until price and quantity are given."""
    if line.unit_price is None or line.quantity is None:
        return None
    product = line.unit_price * line.quantity
    if line.times is not None:
        product *= line.times
    return product.quantize(FEN, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Judged:
    """One total that is judged against the limit: which figure it is, in words."""

    key: str  # "declared_total" or "lines_total"
    amount: Decimal
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class BudgetFigures:
    computed: list[Decimal | None]  # per line of the file (None for a line dropped as invalid)
    lines_total: Decimal | None  # the sum of the amounts given; None with no lines
    declared_total: Decimal | None
    limit_kind: str | None = None  # "cap" (brand sub-project) or "band" (infrastructure)
    cap: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    typical: Decimal | None = None
    judged: list[Judged] = field(default_factory=list)  # the declared total first

    @property
    def outside(self) -> list[Judged]:
        """The judged totals beyond the cap, or outside the band."""
        if self.limit_kind == "cap":
            return [j for j in self.judged if j.amount > self.cap]
        if self.limit_kind == "band":
            return [j for j in self.judged if not self.low <= j.amount <= self.high]
        return []

    @property
    def within(self) -> bool | None:
        """True when every judged total keeps to the limit; None when nothing can be judged."""
        if self.limit_kind is None or not self.judged:
            return None
        return not self.outside

    def for_page(self) -> dict:
        """What the checker page draws, every amount already written out."""
        figures = {"lines": [{"computed": yuan(c) if c is not None else None} for c in self.computed]}
        if self.lines_total is not None:
            figures |= {"lines_total": yuan(self.lines_total), "lines_total_wan": wan(self.lines_total)}
        if self.declared_total is not None:
            figures |= {"declared_total": yuan(self.declared_total), "declared_total_wan": wan(self.declared_total)}
        if self.limit_kind == "cap":
            figures |= {"limit_kind": "cap", "cap": yuan(self.cap), "cap_wan": wan(self.cap)}
        elif self.limit_kind == "band":
            figures |= {"limit_kind": "band", "low_wan": wan(self.low), "high_wan": wan(self.high),
                        "typical_wan": wan(self.typical)}
        if self.within is not None:
            figures |= {"within": self.within, "outside": [j.key for j in self.outside]}
        return figures


def compute(app: Application, notice: Notice) -> BudgetFigures:
    lines = app.budget.lines
    given = [line for line in lines if line is not None]
    lines_total = sum((line.amount for line in given if line.amount is not None), Decimal(0)) if given else None
    declared = app.budget.declared_total
    judged = []
    if declared is not None:
        judged.append(Judged("declared_total", declared, "预算总额", "declared total"))
    if lines_total is not None:
        judged.append(Judged("lines_total", lines_total, "各行合计", "sum of the budget lines"))
    limits: dict = {}
    subproject = notice.subproject(app.subproject or "") if app.project == "brand" else None
    if subproject is not None:
        limits = {"limit_kind": "cap", "cap": subproject.cap_yuan}
    elif app.project == "infrastructure" and notice.infrastructure is not None:
        infra = notice.infrastructure
        limits = {"limit_kind": "band", "low": infra.low_yuan, "high": infra.high_yuan, "typical": infra.typical_yuan}
    return BudgetFigures(
        computed=[line_amount(line) if line is not None else None for line in lines],
        lines_total=lines_total, declared_total=declared, judged=judged, **limits,
    )


def budget_figures(app: Application | None, notice: Notice) -> dict:
    """The figures for the checker page ({} before there is an application)."""
    return compute(app, notice).for_page() if app is not None else {}
