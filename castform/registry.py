"""The rule registry: every rule's identity, clause, severity and documentation.

A rule is a small generator function decorated with `@rule(...)`. It receives a
`Context` (the validated application, the notice, the date to judge) and yields `Hit`s:
the field it points at, the message in Chinese and English, and the parameters used. The
decorator turns hits into `Finding`s carrying the rule's id, severity and clause.
Rules that find problems while the file is read (`input.*`) are registered with no
function: `intake.py` raises their findings through the same `Rule` object.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from .model import Application, BudgetLine
from .notice import Notice
from .report import Finding, Message, Severity


@dataclass(frozen=True)
class Hit:
    field: str
    zh: str
    en: str
    params: dict[str, object] = field(default_factory=dict)
    clause: str | None = None  # a more specific clause than the rule's own, e.g. c-2-3-4


@dataclass
class Context:
    app: Application
    notice: Notice
    judge_on: dt.date | None  # the date to judge the deadline against; never the clock
    skip_fields: frozenset[str] = frozenset()  # fields already reported as invalid
    errors_so_far: int = 0  # errors found by the rules before this one (for the checklist)

    # Computed once per check and shared by the budget rules.
    @cached_property
    def lines(self) -> list[tuple[int, BudgetLine]]:
        """(index, line) for each budget line given; a line dropped as invalid is None."""
        return [(i, line) for i, line in enumerate(self.app.budget.lines) if line is not None]

    @cached_property
    def lines_total(self) -> Decimal:
        return sum((line.amount for _, line in self.lines if line.amount is not None), Decimal(0))


CheckFn = Callable[[Context], Iterator[Hit]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    clause: str
    field: str
    title_zh: str
    title_en: str
    doc_zh: str
    doc_en: str
    fix_zh: str
    fix_en: str
    # A change to a ready example application that makes this rule fire: dotted paths to
    # values (None deletes). Used by the tests and shown in the rule catalogue.
    example: dict[str, object]
    example_base: str = "tech-economy-ready"
    check: CheckFn | None = None

    def finding(self, hit: Hit) -> Finding:
        # model_construct: every value here is built by the rule code itself, already of
        # the right type, so validating it again would only cost time.
        return Finding.model_construct(
            rule=self.id,
            severity=self.severity,
            clause=hit.clause or self.clause,
            field=hit.field,
            message=Message.model_construct(zh=hit.zh, en=hit.en),
            params={k: _param(v) for k, v in hit.params.items()},
        )


def _param(value: object) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


RULES: list[Rule] = []


def register(rule_: Rule) -> Rule:
    if any(r.id == rule_.id for r in RULES):
        raise ValueError(f"duplicate rule id {rule_.id}")
    RULES.append(rule_)
    return rule_


def rule(**meta) -> Callable[[CheckFn], Rule]:
    def decorate(fn: CheckFn) -> Rule:
        return register(Rule(check=fn, **meta))

    return decorate


def rule_by_id(rule_id: str) -> Rule:
    return next(r for r in RULES if r.id == rule_id)
