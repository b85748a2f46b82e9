"""The checker's reader that reuses unchanged budget lines (castform/rereading.py) gives
exactly what `intake.read` gives: on sequences of edits as a user makes them in the form,
and on the hostile inputs of bench/fuzz.py, one Rereader kept across all of them."""

from __future__ import annotations

import json
import random

import pytest
from test_fuzz_slice import fuzz

from castform import browser
from castform.examples import load_example
from castform.intake import read
from castform.model import MAX_LINES, BudgetLine
from castform.rereading import Rereader

# What a user may leave in a budget line's box between two checks: right, wrong, odd.
_TYPED = {
    "unit_price": ["", "100", "100.5", "100.50", "100.505", " 12 ", "1e3", "1E+2", "-0", "abc", "１００", "9" * 13],
    "quantity": ["", "1", "2", "0", "1.25", "x"],
    "times": ["", "1", "3", "2.5"],
    "amount": ["", "200", "200.00", "200.0", "-5", "1e1000000", "0.001", "3000"],
    "category": ["", "meeting", "travel", "printing", "餐费", "management-fee", "x" * 201],
    "item": ["", "专家咨询", "  会场  ", "<script>alert(1)</script>"],
    "basis": ["", "550 元 × 40 人 × 2 天"],
    "meeting_class": ["", "1", "3", "5"],
    "expert_title": ["", "senior", "dean"],
}


def _same(fast, slow, what) -> None:
    fast_app, fast_findings, fast_dropped = fast
    slow_app, slow_findings, slow_dropped = slow
    assert (fast_app is None) == (slow_app is None), what
    if slow_app is not None:
        # JSON text and repr both: Decimal("1.0") == Decimal("1.00"), but they are written differently.
        assert fast_app.model_dump_json() == slow_app.model_dump_json(), what
        assert repr(fast_app.model_dump()) == repr(slow_app.model_dump()), what
    assert [f.model_dump() for f in fast_findings] == [f.model_dump() for f in slow_findings], what
    assert fast_dropped == slow_dropped, what


def _edit(rnd: random.Random, data: dict) -> None:
    """One change as the form makes it: a box retyped, a line added or removed, a top field."""
    lines = data["budget"].setdefault("lines", [])
    roll = rnd.random()
    if roll < 0.7 and lines:
        line = rnd.choice(lines)
        if isinstance(line, dict):
            key = rnd.choice(list(_TYPED))
            value = rnd.choice(_TYPED[key])
            if value:
                line[key] = value
            else:
                line.pop(key, None)
    elif roll < 0.8:
        lines.insert(rnd.randint(0, len(lines)), {"category": "meeting", "amount": str(rnd.randint(1, 9999))})
    elif roll < 0.87 and lines:
        del lines[rnd.randrange(len(lines))]
    elif roll < 0.9:
        lines.append(rnd.choice([None, {"amount": 5}, {"amount": "5", "ammount": "5"}, [], "line", {"item": True}]))
    elif roll < 0.95:
        data["budget"]["declared_total"] = rnd.choice(["", "300000", "3e5", "abc", "300000.001"])
    else:
        data[rnd.choice(["title", "submitted_on", "members_attested"])] = rnd.choice(["", "标题", "2021-06-08", "2021-6-7"])


@pytest.mark.parametrize("seed", range(6))
def test_edits_read_as_the_whole_reading_reads_them(seed):
    rnd = random.Random(seed)
    rereader = Rereader()
    data = load_example(rnd.choice(["tech-economy-ready", "infrastructure-ready", "tech-economy-over-cap"]))
    for step in range(250):
        _edit(rnd, data)
        text = json.dumps(data, ensure_ascii=False)
        _same(rereader.read(text), read(text), f"seed {seed} step {step}: {data['budget']}")


@pytest.mark.parametrize("seed", [11, 12])
def test_hostile_inputs_read_as_the_whole_reading_reads_them(seed, notice):
    """bench/fuzz.py's inputs, as JSON text where they can be written as JSON (the page's
    only kind of input) and as they are otherwise, through one Rereader in a row."""
    rnd = random.Random(seed)
    examples = fuzz.load_examples()
    rereader = Rereader()
    for _ in range(300):
        case = fuzz.generate(rnd, examples)
        _same(rereader.read(case.value), read(case.value), fuzz.describe(case))
        try:
            text = json.dumps(case.value, ensure_ascii=False, default=str)
        except (TypeError, ValueError, RecursionError):
            continue
        _same(rereader.read(text), read(text), fuzz.describe(case))


def test_an_edit_validates_only_the_line_it_changed():
    data = load_example("tech-economy-ready")
    rereader = Rereader()
    before, _, _ = rereader.read(json.dumps(data, ensure_ascii=False))
    data["budget"]["lines"][1]["amount"] = "1"
    after, _, _ = rereader.read(json.dumps(data, ensure_ascii=False))
    old, new = before.budget.lines, after.budget.lines
    assert new[1] is not old[1] and str(new[1].amount) == "1"
    assert all(new[i] is old[i] for i in range(len(old)) if i != 1)  # reused, not validated again


def test_lines_given_as_numbers_are_validated_every_time():
    """1 == True and Decimal("1.0") == Decimal("1.00"): only text is a safe key."""
    rereader = Rereader()
    first, _, _ = rereader.read('{"budget": {"lines": [{"amount": 1.0}]}}')
    second, findings, _ = rereader.read('{"budget": {"lines": [{"amount": 1.00}]}}')
    assert str(first.budget.lines[0].amount) == "1.0" and str(second.budget.lines[0].amount) == "1.00"
    _, findings, _ = rereader.read('{"budget": {"lines": [{"amount": true}]}}')
    assert [f.rule for f in findings] == ["input.invalid"]


def test_it_remembers_only_the_last_form():
    rereader = Rereader()
    rereader.read(json.dumps({"budget": {"lines": [{"item": str(i)} for i in range(MAX_LINES)]}}))
    rereader.read('{"budget": {"lines": [{"item": "a"}]}}')
    assert len(rereader._raw) == len(rereader._models) == 1


def test_a_line_cannot_be_changed_once_read():
    line = BudgetLine(amount="1")
    with pytest.raises(ValueError):
        line.amount = 2


def test_the_pages_check_after_each_edit_is_the_command_lines_check():
    """browser.check_json keeps one Rereader across calls, as the worker does."""
    rnd = random.Random(52)
    data = load_example("tech-economy-ready")
    for _ in range(60):
        _edit(rnd, data)
        text = json.dumps(data, ensure_ascii=False)
        assert json.loads(browser.check_json(text))["report"] == json.loads(browser.report_json(text))
