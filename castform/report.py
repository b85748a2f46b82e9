"""Findings and the report that `check()` returns.

The report is plain data with a fixed field order, so its JSON is byte-for-byte the same on
CPython and on Pyodide and can be compared in tests.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
REPORT_FORMAT = "castform-report/1"


class Message(BaseModel):
    model_config = ConfigDict(frozen=True)
    zh: str
    en: str


class Finding(BaseModel):
    model_config = ConfigDict(frozen=True)
    rule: str
    severity: Severity
    clause: str
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
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    ordered = sorted(findings, key=lambda f: (rank[f.severity], rule_order.get(f.rule, 999)))
    counts = Counts(**{s: sum(1 for f in ordered if f.severity == s) for s in SEVERITIES})
    return Report(notice=notice_id, ready=counts.error == 0, counts=counts, findings=ordered)
