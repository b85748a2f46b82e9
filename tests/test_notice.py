"""The notice's data file: its figures, and that a second notice is data, not code."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from importlib import resources

import pytest
from casebook import EXAMPLES_DIR
from pydantic import ValidationError

from castform.check import check
from castform.examples import load_example
from castform.notice import parse_notice

TEXT = (resources.files("castform") / "notices" / "cast-2021-52.toml").read_text(encoding="utf-8")


def test_figures_as_the_notice_gives_them(notice):
    caps = {s.code: s.cap_yuan for s in notice.brand.subprojects}
    assert caps == {"tech-economy": Decimal(300000), "international": Decimal(350000), "think-tank": Decimal(300000)}
    assert [s.expected_items for s in notice.brand.subprojects] == [10, 2, 3]
    assert notice.infrastructure.items == 8 and notice.infrastructure.typical_yuan == Decimal(500000)
    assert notice.deadline.date == dt.date(2021, 6, 8) and notice.deadline.inclusive
    assert len(notice.forbidden) == 6
    assert notice.document_number == "科协学函改字〔2021〕52号"


def test_every_clause_text_is_in_both_languages(notice):
    for clause in notice.clauses:
        assert bool(clause.text_zh) == bool(clause.text_en), clause.id
        assert bool(clause.heading_zh) == bool(clause.heading_en), clause.id


def test_float_money_in_the_data_file_is_refused():
    with pytest.raises(ValidationError, match="never as a float"):
        parse_notice(TEXT.replace('cap_yuan = "350000"', "cap_yuan = 350000.0"))


def test_next_years_notice_is_a_new_data_file():
    # A changed cap and deadline change the verdicts without touching code.
    changed = parse_notice(
        TEXT.replace('id = "cast-2021-52"', 'id = "cast-2022-01"')
        .replace('cap_yuan = "300000"          # 每项不超过30万元 — "不超过" includes the cap itself', 'cap_yuan = "250000"')
        .replace("date = 2021-06-08", "date = 2022-06-30")
    )
    data = load_example("tech-economy-ready", EXAMPLES_DIR) | {"notice": "cast-2022-01", "submitted_on": "2022-06-20"}
    report = check(data, changed)
    assert [f.rule for f in report.findings if f.severity == "error"] == ["budget.cap"]
    assert report.of_rule("budget.cap")[0].params["cap"] == "250000"
