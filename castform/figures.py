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

_ZERO = Decimal(0)


def line_amount(line: BudgetLine) -> Decimal | None:
    """Unit price × quantity × times (times left empty counts as 1), rounded half-up to the
    fen as a spreadsheet's ROUND(x, 2) does; None until price and quantity are given."""
    price, quantity, times = line.unit_price, line.quantity, line.times
    if price is None or quantity is None:
        return None
    product = price * quantity if times is None else price * quantity * times
    # Positional: the keyword form of quantize cost three times the multiplications.
    return product.quantize(FEN, ROUND_HALF_UP)


@dataclass(frozen=True)
class Judged:
    """One total that is judged against the limit: which figure it is, in words."""

    key: str  # "declared_total" or "lines_total"
    amount: Decimal
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class BudgetFigures:
    # Per line of the file (None for a line dropped as invalid, or without price or quantity):
    # price × quantity × times rounded to the fen. Compare it by value: for a line whose
    # amount is right it is that amount, as written in the file.
    computed: list[Decimal | None]
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
        """What the checker page draws, every amount already written out. "computed" is each
        line's computed amount, by line (a list of texts: 200 objects of one key each cost
        a check as much again as the texts themselves)."""
        figures = {"computed": [yuan(c) if c is not None else None for c in self.computed]}
        if self.lines_total is not None:
            figures |= {"lines_total": yuan(self.lines_total), "lines_total_wan": wan(self.lines_total)}
        if self.declared_total is not None:
            figures |= {"declared_total": yuan(self.declared_total), "declared_total_wan": wan(self.declared_total)}
        if self.limit_kind == "cap":
            figures |= {"limit_kind": "cap", "cap": yuan(self.cap), "cap_wan": wan(self.cap)}
        elif self.limit_kind == "band":
            figures |= {
                "limit_kind": "band",
                "low_wan": wan(self.low),
                "high_wan": wan(self.high),
                "typical_wan": wan(self.typical),
            }
        if self.within is not None:
            figures |= {"within": self.within, "outside": [j.key for j in self.outside]}
        return figures


@dataclass(frozen=True)
class LineWalk:
    """What one pass over the budget's lines gives the rules besides the figures, so that no
    rule walks every line again for what this pass has already read (registry.Context)."""

    figures: BudgetFigures
    given: list[tuple[int, BudgetLine]]  # (index, line) of each line given (not dropped as invalid)
    # The lines given, grouped by their category as written, each group in line order.
    by_category: dict[str | None, list[tuple[int, BudgetLine]]]
    # The lines given that are not plainly complete and consistent: a category, an item, a
    # price, a quantity and an amount, every figure above zero, and the amount equal to the
    # computed one. A rule about those things needs to look at these lines only.
    irregular: list[tuple[int, BudgetLine]]


def compute(app: Application, notice: Notice) -> BudgetFigures:
    return walk(app, notice).figures


def walk(app: Application, notice: Notice) -> LineWalk:
    lines = app.budget.lines
    computed: list[Decimal | None] = []
    given: list[tuple[int, BudgetLine]] = []
    by_category: dict[str | None, list[tuple[int, BudgetLine]]] = {}
    irregular: list[tuple[int, BudgetLine]] = []
    lines_total = _ZERO
    zero = _ZERO  # comparing with a Decimal, not the int 0, spares a conversion each time
    for index, line in enumerate(lines):
        if line is None:
            computed.append(None)
            continue
        pair = (index, line)
        given.append(pair)
        category = line.category
        if category in by_category:
            by_category[category].append(pair)
        else:
            by_category[category] = [pair]
        # line_amount, written out: this runs for every line of every check.
        price, quantity, times, amount = line.unit_price, line.quantity, line.times, line.amount
        if price is None or quantity is None:
            computed.append(None)
            irregular.append(pair)
        else:
            product = price * quantity if times is None else price * quantity * times
            if amount is not None and product == amount:
                # The usual line. Its product has at most two places, so rounding it to the
                # fen would change how it is written, not its value: the amount is that value.
                computed.append(amount)
                right = True
            else:
                expected = product.quantize(FEN, ROUND_HALF_UP)
                computed.append(expected)
                right = amount is not None and expected == amount
            # With the amount right and above zero, the product is too; with price and
            # quantity above zero as well, so are the times (when given).
            if not right or not amount > zero or not price > zero or not quantity > zero or not category or not line.item:
                irregular.append(pair)
        if amount is not None:
            lines_total += amount
    declared = app.budget.declared_total
    figures = _figures(app, notice, computed, lines_total if given else None, declared)
    return LineWalk(figures=figures, given=given, by_category=by_category, irregular=irregular)


def _figures(
    app: Application, notice: Notice, computed: list[Decimal | None], lines_total: Decimal | None, declared: Decimal | None
) -> BudgetFigures:
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
    return BudgetFigures(computed=computed, lines_total=lines_total, declared_total=declared, judged=judged, **limits)


def budget_figures(app: Application | None, notice: Notice) -> dict:
    """The figures for the checker page ({} before there is an application)."""
    return compute(app, notice).for_page() if app is not None else {}
