"""Findings and the report that `check()` returns.

The report is plain data with a fixed field order, so its JSON is byte-for-byte the same on
CPython and on Pyodide and can be compared in tests.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from .citation import Source

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
REPORT_FORMAT = "castform-report/1"


_set = object.__setattr__
# pydantic's models have no __new__ of their own: object's, called as such, costs half of
# looking it up on the model class and calling that (tests/test_fast_paths.py checks it).
_new = object.__new__


def built(cls: type[BaseModel], **values) -> BaseModel:
    """An instance of `cls` from values the code made itself, already of the right types:
    what `model_construct` does, without its per-call bookkeeping (a check builds a few
    findings per application and `model_construct` cost more than the rules that made
    them). Every field must be given. Tests compare the JSON of such instances with
    validated ones, so a pydantic upgrade that changes the internals shows at once."""
    obj = _new(cls)
    _set(obj, "__dict__", values)
    _set(obj, "__pydantic_fields_set__", set(values))
    _set(obj, "__pydantic_extra__", None)
    _set(obj, "__pydantic_private__", None)
    return obj


class Message(BaseModel):
    model_config = ConfigDict(frozen=True)
    zh: str
    en: str


class Finding(BaseModel):
    """One problem or note. `source` says where its requirement comes from: the notice
    (`clause` is the clause that says it), a national rule (`citation` names the
    document) or this site's form or reading (`clause` is "" or the clause the site
    reads). `blocking` findings keep the application from being ready: every error, and
    a warning that needs an answer from the applicant before it can go out."""

    model_config = ConfigDict(frozen=True)
    rule: str
    severity: Severity
    blocking: bool
    source: Source
    clause: str
    citation: Message
    field: str
    message: Message
    params: dict[str, str] = {}


class Counts(BaseModel):
    error: int = 0
    warning: int = 0
    info: int = 0


class Report(BaseModel):
    format: str = REPORT_FORMAT
    notice: str
    ready: bool
    counts: Counts
    findings: list[Finding]

    def of_rule(self, rule_id: str) -> list[Finding]:
        return [f for f in self.findings if f.rule == rule_id]

    def to_json(self) -> str:
        return self.model_dump_json(indent=2)


def make_report(notice_id: str, findings: list[Finding], rule_order: dict[str, int]) -> Report:
    """Sort by severity, then by the catalogue's rule order; a rule's own findings keep
    the order it gave them (field order), since Python's sort is stable."""
    rank = _RANK
    ordered = sorted(findings, key=lambda f: (rank[f.severity], rule_order.get(f.rule, 999)))
    tally = dict.fromkeys(SEVERITIES, 0)
    for finding in ordered:
        tally[finding.severity] += 1
    counts = built(Counts, **tally)
    ready = not any(finding.blocking for finding in ordered)
    # built: the findings are already Finding objects built by the rules.
    return built(Report, format=REPORT_FORMAT, notice=notice_id, ready=ready, counts=counts, findings=ordered)


_RANK = {s: i for i, s in enumerate(SEVERITIES)}
