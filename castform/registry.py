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

from .citation import Source, citation
from .figures import walk as walk_lines
from .model import Application
from .notice import Notice
from .report import Finding, Message, Severity, built


@dataclass(slots=True)
class Hit:
    # Not frozen: a frozen dataclass sets each field through object.__setattr__, which made
    # a hit cost more than the check that found it. Nothing changes a hit once made.
    field: str
    zh: str
    en: str
    params: dict[str, object] = field(default_factory=dict)
    # Where this finding's requirement comes from, when it differs from the rule's own:
    # another requirement key of the notice's [cites] (FORM: only the site's form asks
    # for it), a more specific clause of the same requirement (c-2-3-4 under c-2-3), or a
    # national document (zh, en).
    cites: str | None = None
    clause: str | None = None
    document: tuple[str, str] | None = None
    blocking: bool | None = None  # None: errors block, warnings and notes do not


FORM = ""  # Hit(cites=FORM): only this site's form asks for it


class _FromWalk:
    """A Context value taken from the one walk over the budget's lines. The first one read
    walks the lines and leaves all of them in the context's own dict, where every later
    read finds them as plain attributes: the budget rules read them some twenty times per
    check, and a property (or functools.cached_property, which takes a lock) each time cost
    more than some of the rules."""

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, ctx, owner=None):
        if ctx is None:
            return self
        walk = walk_lines(ctx.app, ctx.notice)
        ctx.__dict__.update(
            walk=walk, lines=walk.given, figures=walk.figures, by_category=walk.by_category, irregular=walk.irregular
        )
        return ctx.__dict__[self.name]


@dataclass
class Context:
    app: Application
    notice: Notice
    judge_on: dt.date | None  # the date to judge the deadline against; never the clock
    skip_fields: frozenset[str] = frozenset()  # fields already reported as invalid
    errors_so_far: int = 0  # blocking findings before this rule (for the checklist)
    # What one rule works out and the next can reuse within this check (keys name the rule
    # module, e.g. "spending.mentions"), so a line's text is read once, not once per rule.
    shared: dict = field(default_factory=dict)

    # Computed once per check, in one pass over the lines (figures.walk), on first use, and
    # shared by the budget rules (see _FromWalk):
    # - walk: the LineWalk itself;
    # - lines: (index, line) for each budget line given (a line dropped as invalid is None);
    # - figures: the budget's sums, the same ones the checker page shows (figures.py);
    # - by_category: the lines grouped by their category as written, each group in line
    #   order, so a rule about meetings reads the meeting lines, not all of them;
    # - irregular: the lines that lack a figure, an item or a category, have a figure not
    #   above zero, or an amount other than the computed one (see figures.LineWalk).
    # (Not annotated: they are not dataclass fields.)
    walk = _FromWalk()  # LineWalk
    lines = _FromWalk()  # list[tuple[int, BudgetLine]]
    figures = _FromWalk()  # BudgetFigures
    by_category = _FromWalk()  # dict[str | None, list[tuple[int, BudgetLine]]]
    irregular = _FromWalk()  # list[tuple[int, BudgetLine]]


CheckFn = Callable[[Context], Iterator[Hit]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    # What the requirement stands on: a key of the notice's [cites] (the notice's clause
    # for the application's project, or the site's reading of one written for the other),
    # None for the site's own form; `national` rules name a national document instead.
    cites: str | None
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
    national: bool = False
    # The site's own reading of the cited clause (a threshold or inference the notice
    # does not state), even for the project the clause is written for.
    reading: bool = False
    # The rule's findings depend only on the notice, the project and whether anything
    # blocks so far (the submission checklist): made once and shared, findings being frozen.
    constant: bool = False
    # A part of the notice the rule judges (an attribute of Notice, e.g. "infrastructure"):
    # the catalogue leaves the rule out for a notice without it.
    needs: str = ""

    @property
    def source(self) -> Source:
        """The rule's kind of source, as the catalogue shows it."""
        return "national" if self.national else "notice" if self.cites and not self.reading else "site"

    def clauses(self, notice: Notice) -> list[str]:
        """Every clause the rule stands on in `notice`, for any project."""
        return [clause for _, clause in notice.cites.get(self.cites or "", ())]

    def finding(self, hit: Hit, notice: Notice | None = None, project: str | None = None) -> Finding:
        """`notice` is needed only to name a clause (findings of the intake cite none)."""
        if self.national:
            source, clause = "national", ""
        else:
            key = self.cites if hit.cites is None else hit.cites or None
            source, clause = _cited(notice, key, project) if key else ("site", "")
            if hit.clause and clause:
                clause = hit.clause  # the same requirement, more precisely
            if self.reading:
                source = "site"
        cited = _cited_message(notice, source, clause, hit.document)
        blocking = self.severity == "error" if hit.blocking is None else hit.blocking
        # Every value here is built by the rule code itself, already of the right type, so
        # validating it again would only cost time (see report.built).
        return built(
            Finding,
            rule=self.id,
            severity=self.severity,
            blocking=blocking,
            source=source,
            clause=clause,
            citation=cited,
            field=hit.field,
            message=built(Message, zh=hit.zh, en=hit.en),
            params={k: format(v, "f") if isinstance(v, Decimal) else str(v) for k, v in hit.params.items()},  # _param
        )

    def findings(self, ctx: Context) -> Iterator[Finding]:
        if self.constant:
            key = (self.id, id(ctx.notice), ctx.app.project, ctx.errors_so_far == 0)
            if key not in _CONSTANT:
                made = [self.finding(hit, ctx.notice, ctx.app.project) for hit in self.check(ctx)]
                _CONSTANT[key] = (ctx.notice, made)  # holding the notice keeps its id unique
            yield from _CONSTANT[key][1]
            return
        for hit in self.check(ctx):
            yield self.finding(hit, ctx.notice, ctx.app.project)


_CONSTANT: dict[tuple, tuple[Notice, list[Finding]]] = {}

_CITED: dict[tuple, tuple[Notice, tuple[str, str]]] = {}


def _cited(notice: Notice, key: str, project: str | None) -> tuple[str, str]:
    """notice.cited(key, project), worked out once per notice (which rebuilds a dict of the
    requirement's clauses on every call); holding the notice keeps its id unique."""
    found = _CITED.get((id(notice), key, project))
    if found is None:
        found = _CITED[(id(notice), key, project)] = (notice, notice.cited(key, project))
    return found[1]


_PER_NOTICE: dict[tuple, tuple[Notice, object]] = {}


def per_notice(notice: Notice, name: str, make: Callable[[Notice], object]):
    """What `make(notice)` returns, made once per notice object and kept: look-ups a rule
    builds from the notice's data (never from an application). Cached by the notice's
    identity, as hashing a whole notice costs more than the look-up; holding it keeps the
    id unique."""
    found = _PER_NOTICE.get((id(notice), name))
    if found is None:
        found = _PER_NOTICE[(id(notice), name)] = (notice, make(notice))
    return found[1]


_MESSAGES: dict[tuple, tuple[Notice | None, Message]] = {}


def _cited_message(notice: Notice | None, source: str, clause: str, document) -> Message:
    """The citation as a Message, one object per notice, source and clause (findings are
    frozen, so they can share it; building it for each finding cost more than the rule)."""
    key = (id(notice), source, clause, document)
    if key not in _MESSAGES:
        zh, en = citation(notice, source, clause, document)
        _MESSAGES[key] = (notice, Message.model_construct(zh=zh, en=en))  # holding it keeps its id unique
    return _MESSAGES[key][1]


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
