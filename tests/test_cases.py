"""The rules, table-driven: each case in tests/cases/*.json gives an input and the findings
it must (`expect`, `only`) and must not (`absent`) produce."""

from __future__ import annotations

import datetime as dt

import pytest
from casebook import assert_case, case_input, load_cases

from castform.check import check
from castform.registry import RULES

CASES = load_cases()


@pytest.mark.parametrize("case", CASES, ids=[f"{c['file']}: {c['name']}" for c in CASES])
def test_case(case, notice):
    on = dt.date.fromisoformat(case["on"]) if case.get("on") else None
    assert_case(case, check(case_input(case), notice, on=on))


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
