"""Whatever comes in, a report comes out: property tests with hypothesis, and the hostile
inputs the brief names (broken JSON, wrong types, a 10 MB file, markup in names)."""

from __future__ import annotations

import json
from decimal import Decimal

from casebook import EXAMPLES_DIR
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from castform.check import check
from castform.examples import load_example
from castform.model import Application
from castform.report import Report

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30)
json_like = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=25,
)
field_names = st.sampled_from(list(Application.model_fields) + ["lines", "amount", "name", "x"])
# Application-shaped values: real keys with arbitrary values, so the rules beyond intake run.
app_like = st.fixed_dictionaries(
    {},
    optional={
        "project": st.sampled_from(["brand", "infrastructure", "x"]) | json_scalars,
        "subproject": st.sampled_from(["tech-economy", "international", "think-tank"]) | json_scalars,
        "consortium": st.text(max_size=20) | json_like,
        "lead_unit": st.dictionaries(st.sampled_from(["name", "division", "contact"]), json_like, max_size=3),
        "participants": st.lists(st.dictionaries(st.sampled_from(["name", "division"]), json_like), max_size=3) | json_like,
        "submitted_on": st.dates().map(str) | json_scalars,
        "budget": st.fixed_dictionaries(
            {},
            optional={
                "lines": st.lists(
                    st.dictionaries(
                        st.sampled_from(
                            [
                                "category",
                                "item",
                                "unit_price",
                                "quantity",
                                "times",
                                "amount",
                                "basis",
                                "meeting_class",
                                "expert_title",
                                "spending_unit",
                            ]
                        ),
                        json_scalars | st.decimals(allow_nan=True, places=3).map(str),
                    ),
                    max_size=4,
                )
                | json_like,
                "declared_total": json_scalars | st.decimals(allow_nan=True).map(str),
            },
        ),
    },
)


def _is_report(report) -> None:
    assert isinstance(report, Report)
    json.loads(report.to_json())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=json_like)
def test_any_json_like_value_gives_a_report(value, notice):
    _is_report(check(value, notice))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=app_like)
def test_any_application_shaped_value_gives_a_report(value, notice):
    _is_report(check(value, notice))
    _is_report(check(json.dumps(value, default=str), notice))


@settings(max_examples=200, deadline=None)
@given(raw=st.binary(max_size=200))
def test_any_bytes_give_a_report(raw, notice):
    _is_report(check(raw, notice))


def test_ten_megabyte_file(notice):
    raw = b'{"title": "' + b"x" * 10_000_000 + b'"}'
    report = check(raw, notice)
    assert [f.rule for f in report.findings] == ["input.unreadable"]
    assert "2 MB" in report.findings[0].message.en


def test_deeply_nested_json(notice):
    report = check("[" * 100_000 + "]" * 100_000, notice)
    assert report.findings[0].rule == "input.unreadable"


def test_huge_exponent_is_refused_not_computed(notice):
    data = load_example("tech-economy-ready", EXAMPLES_DIR)
    data["budget"]["lines"][0]["unit_price"] = "1e999999"
    report = check(data, notice)
    assert any(f.rule == "input.invalid" and f.field == "budget.lines[0].unit_price" for f in report.findings)


def test_python_float_is_refused_as_money(notice):
    data = load_example("tech-economy-ready", EXAMPLES_DIR)
    data["budget"]["declared_total"] = 281200.0
    assert any(f.rule == "input.invalid" for f in check(data, notice).findings)


def test_json_numbers_are_exact_decimals(notice):
    data = load_example("tech-economy-ready", EXAMPLES_DIR)
    text = json.dumps(data, default=str).replace('"declared_total": "281200"', '"declared_total": 281200.10')
    report = check(text, notice)
    assert report.of_rule("budget.total")[0].params["declared_total"] == "281200.10"
    assert isinstance(Decimal(report.of_rule("budget.total")[0].params["declared_total"]), Decimal)


def test_markup_stays_text_in_messages(notice):
    data = load_example("tech-economy-ready", EXAMPLES_DIR)
    data["participants"][0]["name"] = '<img src=x onerror="alert(1)">'
    data["participants"][0]["division"] = ""
    report = check(data, notice)
    # The report carries the text verbatim; escaping is the renderer's job (the page
    # writes textContent). Nothing is lost or mangled on the way.
    assert any('<img src=x onerror="alert(1)">' in f.message.zh for f in report.findings)


def test_input_object_is_not_modified(notice):
    data = load_example("think-tank-draft", EXAMPLES_DIR)
    data["title"] = 5
    before = json.dumps(data, default=str, sort_keys=True)
    check(data, notice)
    assert json.dumps(data, default=str, sort_keys=True) == before


# The fast path for plain digits must say exactly what the full checks say: the same
# Decimal (same digits, same exponent) or, where it does not apply, nothing at all.
_MONEYISH = st.text(alphabet="0123456789.-+ eE,０١", max_size=16) | st.from_regex(r"-?[0-9]{1,13}(\.[0-9]{0,3})?", fullmatch=True)


@given(_MONEYISH)
@settings(max_examples=500)
def test_plain_digits_fast_path_agrees_with_the_full_checks(text):
    from castform.money import _to_decimal, _to_decimal_checked

    def outcome(convert):
        try:
            return ("ok", convert(text, places=2, what="amount").as_tuple())
        except ValueError as error:
            return ("refused", str(error))

    assert outcome(_to_decimal) == outcome(_to_decimal_checked)
