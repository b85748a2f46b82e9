"""castform/browser.py on CPython: the three functions the checker page's worker calls.

tests/test_parity.py shows that Pyodide gives the same bytes as CPython; this module
shows that what CPython gives is right.
"""

from __future__ import annotations

import gc
import json
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from castform.browser import check_json, read_import, report_json
from castform.check import check
from castform.notice import load_notice

EXAMPLES_DIR = Path(__file__).resolve().parents[1] / "examples"
EXAMPLES = sorted(EXAMPLES_DIR.glob("*.json"))
CJK = re.compile(r"[\u4e00-\u9fff]")


def _text(name: str) -> str:
    return (EXAMPLES_DIR / f"{name}.json").read_text(encoding="utf-8")


def _figures(name: str, on: str | None = None) -> dict:
    return json.loads(check_json(_text(name), on))["figures"]


def _yuan(amount: Decimal) -> str:
    return f"{amount.quantize(Decimal('0.01')):,}"


# --- check_json and report_json -------------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_check_json_holds_the_same_report_as_check(path: Path):
    text = path.read_text(encoding="utf-8")
    report = check(text, load_notice()).model_dump_json()
    out = check_json(text)
    # The report is embedded byte for byte, not re-serialized.
    assert out.startswith('{"report":' + report + ',"figures":{') and out.endswith("}}")
    parsed = json.loads(out)
    assert set(parsed) == {"report", "figures", "view"}
    assert parsed["report"] == json.loads(report)
    assert report_json(text) == report


@pytest.mark.parametrize("text", ["[1, 2, 3]", '{"title": "缺右括号"', '{"name": "left-pad", "version": "1.3.0"}'])
def test_check_json_of_an_unreadable_file_gives_a_report_and_no_figures(text):
    parsed = json.loads(check_json(text))
    assert parsed["figures"] == {}
    assert parsed["report"] == json.loads(check(text).model_dump_json())
    assert [f["rule"] for f in parsed["report"]["findings"]] == ["input.unreadable"]


def test_figures_of_tech_economy_ready():
    figures = _figures("tech-economy-ready")
    lines = json.loads(_text("tech-economy-ready"))["budget"]["lines"]
    # Each line's unit price × quantity × times, to the fen, as the page shows it.
    expected = [
        _yuan(
            (Decimal(line["unit_price"]) * Decimal(line["quantity"]) * Decimal(line.get("times", "1"))).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP
            )
        )
        for line in lines
    ]
    assert figures["computed"] == expected
    assert expected == ["88,000.00", "30,000.00", "43,200.00", "60,000.00", "24,000.00", "36,000.00"]
    assert figures["lines_total"] == "281,200.00"
    assert figures["lines_total_wan"] == "28.12"
    assert figures["declared_total"] == "281,200.00"
    assert figures["declared_total_wan"] == "28.12"
    cap = load_notice().subproject("tech-economy").cap_yuan
    assert cap == Decimal("300000")
    assert (figures["limit_kind"], figures["cap"], figures["cap_wan"]) == ("cap", "300,000.00", "30")
    assert figures["within"] is True
    assert "low_wan" not in figures and "high_wan" not in figures


def test_figures_of_tech_economy_over_cap():
    figures = _figures("tech-economy-over-cap")
    assert figures["lines_total"] == "312,200.00" and figures["lines_total_wan"] == "31.22"
    assert figures["declared_total"] == "301,000.00" and figures["declared_total_wan"] == "30.1"
    assert (figures["limit_kind"], figures["cap"], figures["cap_wan"]) == ("cap", "300,000.00", "30")
    assert figures["within"] is False
    report = json.loads(check_json(_text("tech-economy-over-cap")))["report"]
    assert report["ready"] is False


def test_figures_of_infrastructure_ready_use_the_band():
    figures = _figures("infrastructure-ready")
    infra = load_notice().infrastructure
    assert figures["limit_kind"] == "band" and "cap" not in figures
    assert (figures["low_wan"], figures["high_wan"], figures["typical_wan"]) == ("40", "60", "50")
    assert infra.typical_yuan == Decimal("500000")
    assert figures["lines_total"] == figures["declared_total"] == "595,500.00"
    assert figures["within"] is True


def test_a_line_without_a_price_has_no_computed_amount():
    data = json.loads(_text("tech-economy-ready"))
    del data["budget"]["lines"][0]["unit_price"]
    data["budget"]["lines"][1]["unit_price"] = "三千元"  # wrong type: dropped, so no sum either
    figures = json.loads(check_json(json.dumps(data, ensure_ascii=False)))["figures"]
    assert figures["computed"][:3] == [None, None, "43,200.00"]
    assert figures["lines_total"] == "281,200.00", "the total adds the amounts as written"


@pytest.mark.parametrize("on", ["2021-13-45", "yesterday", "2021/06/20", "20-06-2021", "", None])
def test_check_json_ignores_a_malformed_date(on):
    text = _text("tech-economy-ready")
    assert check_json(text, on) == check_json(text)
    assert json.loads(check_json(text, on))["report"]["ready"] is True


def test_check_json_judges_on_a_good_date():
    text = _text("tech-economy-ready")
    late = json.loads(check_json(text, "2021-06-20"))["report"]
    assert late["ready"] is False
    assert any(f["rule"] == "deadline.late" for f in late["findings"])
    assert check_json(text, "2021-06-20") != check_json(text)


# --- read_import ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_read_import_gives_back_the_file(path: Path):
    text = path.read_text(encoding="utf-8")
    answer = json.loads(read_import(text))
    assert answer == {"ok": True, "data": json.loads(text), "attention": []}


def test_read_import_keeps_decimal_numbers_exactly_as_strings():
    text = (
        '{"format": "castform-application/1", "budget": {"declared_total": 281200.10, '
        '"lines": [{"amount": 0.50, "unit_price": 1500.00, "quantity": -0.0, "times": 12.345}]}}'
    )
    out = read_import(text)
    budget = json.loads(out)["data"]["budget"]
    assert budget["declared_total"] == "281200.10"
    assert budget["lines"] == [{"amount": "0.50", "unit_price": "1500.00", "quantity": "-0.0", "times": "12.345"}]
    assert '"281200.10"' in out


def test_read_import_puts_in_the_form_what_it_can_hold_and_lists_the_rest_with_the_cli_reasons():
    # Issue 9 §4: nothing is dropped silently. Text boxes hold any text (the checker then
    # flags it); what no control can hold is listed with its path, raw value and reason.
    data = json.loads(_text("tech-economy-ready"))
    data["budget"]["lines"][0]["amount"] = "八万八千元"
    data["budget"]["declared_total"] = True
    data["participants"] = "中国农业工程学会"
    data["submitted_on"] = "2021-6-7"
    data["period"] = {"start": "2021-02-30", "end": "2021-12-31"}
    data["budget"]["lines"][1]["ammount"] = "1000"
    data["budget"]["lines"][2] = "差旅费 43200"
    data["budget"]["lines"][3]["category"] = "meetings"
    data["members_attested"] = "yes"
    data["project"] = "Brand"
    text = json.dumps(data, ensure_ascii=False)
    answer = json.loads(read_import(text))
    assert answer["ok"] is True
    placed = answer["data"]
    assert placed["budget"]["lines"][0]["amount"] == "八万八千元"
    assert placed["submitted_on"] == "2021-6-7" and placed["period"]["start"] == "2021-02-30"
    assert placed["budget"]["lines"][2] == {}  # the row keeps its place, so later rows keep their numbers
    assert "ammount" not in placed["budget"]["lines"][1] and "category" not in placed["budget"]["lines"][3]
    attention = {item["path"]: item for item in answer["attention"]}
    assert set(attention) == {
        "budget.declared_total",
        "participants",
        "budget.lines[1].ammount",
        "budget.lines[2]",
        "budget.lines[3].category",
        "members_attested",
        "project",
    }
    assert attention["members_attested"]["raw"] == '"yes"'
    assert attention["budget.lines[2]"]["raw"] == '"差旅费 43200"'
    assert attention["budget.lines[3].category"]["where"]["zh"] == "预算明细第 4 行 › 支出科目"
    # the reasons are the command line's own findings wherever it gives one
    cli = {f.field: f.message.zh for f in check(text).findings if f.rule.startswith("input.")}
    for path in ("budget.lines[1].ammount", "participants", "budget.declared_total"):
        assert attention[path]["reason"]["zh"] == cli[path], path


def test_read_import_never_expands_a_number():
    # Issue 9 §3: 1e99999999 written out is 100 million digits (the tab died).
    for number in ("1e99999999", "1e999999999", "-1E-99999999", "123456789012345678901234567890123456789012345e3"):
        out = read_import('{"format": "castform-application/1", "budget": {"declared_total": %s}}' % number)
        assert len(out) < 2_000, number
        answer = json.loads(out)
        if answer["ok"]:
            assert len(answer["data"]["budget"]["declared_total"]) < 60, number
        else:
            assert answer["message"]["zh"] and "Traceback" not in answer["message"]["en"]


def test_read_import_refuses_more_rows_than_the_model_allows_and_names_the_limit():
    from castform.model import MAX_LINES

    line = {"item": "x"}
    text = json.dumps({"format": "castform-application/1", "budget": {"lines": [line] * (MAX_LINES * 5)}})
    answer = json.loads(read_import(text))
    assert answer["ok"] is False
    assert f"{MAX_LINES:,}" in answer["message"]["zh"] and f"{MAX_LINES:,}" in answer["message"]["en"]
    ok = json.loads(read_import(json.dumps({"format": "castform-application/1", "budget": {"lines": [line] * MAX_LINES}})))
    assert ok["ok"] is True and len(ok["data"]["budget"]["lines"]) == MAX_LINES


def test_read_import_never_raises():
    for text in ("", "\x00", '{"budget": {"lines": [[[[]]]]}}', '{"title": ' + "[" * 5000 + "]" * 5000 + "}"):
        answer = json.loads(read_import(text))
        assert answer["ok"] in (True, False)
        if not answer["ok"]:
            assert "Traceback" not in json.dumps(answer)


def test_check_json_says_where_each_finding_is_shown():
    out = json.loads(check_json(_text("tech-economy-ready").replace('"basis": "参照财行', '"basis_": "参照财行', 1)))
    targets = out["view"]["targets"]
    assert targets["budget.lines[0].basis"] == ["f-budget-lines-0-basis", "f-budget-lines-0", "f-budget-lines", "f-budget"]
    assert all(f["field"] in targets for f in out["report"]["findings"] if f["field"])


def test_read_import_takes_a_byte_order_mark():
    text = "\ufeff" + _text("think-tank-ready")
    assert json.loads(read_import(text)) == {"ok": True, "data": json.loads(_text("think-tank-ready")), "attention": []}


def test_read_import_gives_integers_as_strings_too():
    out = read_import('{"format": "castform-application/1", "budget": {"declared_total": 12345678901234567890}}')
    assert json.loads(out)["data"]["budget"]["declared_total"] == "12345678901234567890"


REFUSED = {
    "broken JSON": ('{"title": "缺右括号"', "not valid JSON", "不是有效的 JSON"),
    "a list": ("[1, 2, 3]", "one JSON object", "JSON 对象"),
    "a single number": ("42", "one JSON object", "JSON 对象"),
    "NaN": ('{"budget": {"declared_total": NaN}}', "NaN", "NaN"),
    "a foreign file": ('{"name": "left-pad", "version": "1.3.0"}', "not a castform application file", "不是 castform 申报文件"),
    "another format": ('{"format": "castform-report/1"}', "not a castform application file", "不是 castform 申报文件"),
    "a 3 MB file": ('{"title": "' + "x" * 3_000_000 + '"}', "too large", "过大"),
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_read_import_refuses_what_is_not_an_application_in_both_languages(name):
    text, en_part, zh_part = REFUSED[name]
    out = read_import(text)
    assert len(out) < 2000, "the refusal does not echo the file back"
    answer = json.loads(out)
    assert set(answer) == {"ok", "message"} and answer["ok"] is False
    message = answer["message"]
    assert set(message) == {"zh", "en"}
    assert zh_part in message["zh"] and CJK.search(message["zh"])
    assert en_part in message["en"] and not CJK.search(message["en"])
    # Both say what to do next, not only what is wrong.
    assert "导出" in message["zh"] and "export" in message["en"].lower()


def test_read_import_refusal_size_is_in_bytes():
    text = '{"title": "' + "中" * 1_000_000 + '"}'  # 1 M characters, 3 MB in UTF-8
    message = json.loads(read_import(text))["message"]
    assert "3,000,013" in message["en"] and "3,000,013" in message["zh"]


def test_prepare_loads_the_notice_and_checks_still_work():
    from castform.browser import prepare
    from castform.notice import load_notice

    load_notice.cache_clear()
    gc.unfreeze()
    prepare()
    frozen = gc.get_freeze_count()
    gc.unfreeze()  # this test process is not the worker: let its collector see everything again
    assert load_notice.cache_info().currsize == 1
    assert frozen > 10_000  # the engine's long-lived objects are out of the collector's way
    report = json.loads(check_json(_text("tech-economy-ready")))["report"]
    assert report["ready"] is True and report["counts"]["error"] == 0


def test_a_findings_targets_are_its_field_then_each_enclosing_part():
    """targets() builds the ids in one pass; here they are made the long way, from each
    prefix of the path, on generated paths with odd keys (digits, dashes, Chinese, a lone
    index first, "[]" and stray brackets a typo could leave)."""
    import random

    from castform.browser import field_id, targets
    from castform.paths import format_path, parse

    assert targets("budget.lines[3].amount") == ["f-budget-lines-3-amount", "f-budget-lines-3", "f-budget-lines", "f-budget"]
    rnd = random.Random(9)
    pieces = ["budget", "lines", "amount", "5", "a-b", "金额", "x_y", "[2]", "[]", "[", "]", ".", "[10]", " "]
    for _ in range(3000):
        path = "".join(rnd.choice(pieces) + rnd.choice(["", ".", ""]) for _ in range(rnd.randint(0, 6)))
        parts = parse(path)
        expected = [field_id(format_path(parts[:end])) for end in range(len(parts), 0, -1)]
        assert targets(path) == expected, path


def test_the_form_as_utf8_bytes_checks_as_the_text_does():
    """The worker hands the form over as UTF-8 bytes (a Uint8Array); CPython gives bytes."""
    for name in ("tech-economy-ready", "tech-economy-over-cap"):
        text = _text(name)
        assert check_json(text.encode("utf-8")) == check_json(text)
