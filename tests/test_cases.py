"""The rules, table-driven: each case in tests/cases/*.json gives an input and the findings
it must (`expect`, `only`) and must not (`absent`) produce."""

from __future__ import annotations

import datetime as dt

import pytest

from castform.check import check
from castform.registry import RULES
from casebook import case_input, load_cases

CASES = load_cases()


def _matches(finding, want: dict) -> bool:
    for key in ("rule", "field", "clause", "severity", "source", "blocking"):
        if key in want and getattr(finding, key) != want[key]:
            return False
    return all(finding.params.get(k) == v for k, v in want.get("params", {}).items())


@pytest.mark.parametrize("case", CASES, ids=[f"{c['file']}: {c['name']}" for c in CASES])
def test_case(case, notice):
    on = dt.date.fromisoformat(case["on"]) if case.get("on") else None
    report = check(case_input(case), notice, on=on)
    fired = {f.rule for f in report.findings}
    for want in case.get("expect", []):
        assert any(_matches(f, want) for f in report.findings), (
            f"expected {want}, got {[(f.rule, f.field, f.clause, f.params) for f in report.findings]}")
    for rule_id in case.get("absent", []):
        assert rule_id not in fired, f"{rule_id} fired: {[f.message.en for f in report.of_rule(rule_id)]}"
    if "only" in case:
        assert fired == set(case["only"])
    if "ready" in case:
        assert report.ready is case["ready"], [f.message.en for f in report.findings if f.severity == "error"]


def test_every_rule_has_a_failing_and_a_passing_case():
    known = {r.id for r in RULES}
    fails, passes = set(), set()
    for case in CASES:
        fails |= {w["rule"] for w in case.get("expect", [])} | set(case.get("only", []))
        passes |= set(case.get("absent", []))
        if "only" in case:
            passes |= known - set(case["only"])
    assert known - fails == set(), "rules no case makes fire"
    assert known - passes == set(), "rules no case shows passing"
    assert (fails | passes) <= known, "cases name rules that do not exist"
