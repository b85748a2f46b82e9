"""One computation of the budget's figures: what the rules judge is what the totals box
shows (issue 8 §3). An infrastructure file declaring 500,000 yuan whose lines sum to
252,000 once showed a green "within the band" box beside the band rule's warning."""

from __future__ import annotations

import pytest
from casebook import EXAMPLES_DIR, case_input, load_cases

from castform.check import check
from castform.examples import load_example, patched
from castform.figures import budget_figures
from castform.intake import read


def _box_and_report(data, notice):
    app, _, _ = read(data)
    return budget_figures(app, notice), check(data, notice)


def test_declared_total_in_band_but_lines_not(notice):
    data = load_example("infrastructure-ready", EXAMPLES_DIR)
    data = patched(data, {"budget.declared_total": "500000"})
    data["budget"]["lines"] = data["budget"]["lines"][:3]  # the lines now sum far below the band
    box, report = _box_and_report(data, notice)
    assert report.of_rule("budget.infrastructure-band")
    assert box["within"] is False and box["outside"] == ["lines_total"]


@pytest.mark.parametrize("case", [c for c in load_cases() if "base" in c], ids=lambda c: f"{c['file']}: {c['name']}")
def test_the_box_agrees_with_the_limit_rules(case, notice):
    data = case_input(case)
    box, report = _box_and_report(data, notice)
    flagged = bool(report.of_rule("budget.cap") or report.of_rule("budget.infrastructure-band"))
    if "within" in box:
        assert box["within"] is not flagged, (box, [f.message.en for f in report.findings])
    else:
        assert not flagged
