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

from .citation import SOURCES, Source, citation
from .figures import BudgetFigures
from .figures import compute as compute_figures
from .model import Application, BudgetLine
from .notice import Notice
from .report import Finding, Message, Severity


@dataclass(frozen=True)
class Hit:
    field: str
    zh: str
    en: str
    params: dict[str, object] = field(default_factory=dict)
    # Where this finding's requirement comes from, when it differs from the rule's own:
    # a more specific clause (c-2-3-4 under c-2-3), another source ("site" for the site's
    # reading of a clause written for the other project), a national document (zh, en).
    clause: str | None = None
    source: Source | None = None
    document: tuple[str, str] | None = None
    blocking: bool | None = None  # None: errors block, warnings and notes do not


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
    def figures(self) -> BudgetFigures:
        """The budget's sums, the same ones the checker page shows (figures.py)."""
        return compute_figures(self.app, self.notice)


CheckFn = Callable[[Context], Iterator[Hit]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    # "notice": `clause` says it. "national": a national document the notice leads to.
    # "site": this site's form (clause "") or its reading of `clause`.
    source: Source
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

    def __post_init__(self):
        if self.source not in SOURCES:
            raise ValueError(f"{self.id}: unknown source {self.source!r}")
        if self.source == "notice" and not self.clause:
            raise ValueError(f"{self.id}: a requirement of the notice names its clause")

    def finding(self, hit: Hit, notice: Notice | None = None) -> Finding:
        """`notice` is needed only to name a clause (findings of the intake cite none)."""
        source = hit.source or self.source
        clause = self.clause if hit.clause is None else hit.clause
        zh, en = citation(notice, source, clause, hit.document)
        blocking = self.severity == "error" if hit.blocking is None else hit.blocking
        # model_construct: every value here is built by the rule code itself, already of
        # the right type, so validating it again would only cost time.
        return Finding.model_construct(
            rule=self.id,
            severity=self.severity,
            blocking=blocking,
            source=source,
            clause=clause,
            citation=Message.model_construct(zh=zh, en=en),
            field=hit.field,
            message=Message.model_construct(zh=hit.zh, en=hit.en),
            params={k: _param(v) for k, v in hit.params.items()},
        )

    def findings(self, ctx: Context) -> Iterator[Finding]:
        for hit in self.check(ctx):
            yield self.finding(hit, ctx.notice)


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
