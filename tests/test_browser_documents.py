"""castform.browser_documents on CPython: what the worker hands the page is what
`castform export` and `castform summary` make from the same input."""

from __future__ import annotations

import json
from pathlib import Path

from castform import browser_documents as api
from castform.batch import review, table, to_csv
from castform.check import check_read
from castform.documents import export, file_names
from castform.intake import MAX_BYTES, read
from castform.notice import load_notice

EXAMPLES = Path(__file__).resolve().parents[1] / "castform" / "notices" / "cast-2021-52" / "examples"


def test_export_gives_both_documents_as_the_cli_makes_them():
    text = (EXAMPLES / "tech-economy-over-cap.json").read_text(encoding="utf-8")
    answer = api.export(text)
    assert answer["ok"] is True and answer["ready"] is False
    notice = load_notice()
    app, findings, dropped = read(text)
    made = export(app, notice, check_read(app, findings, dropped, notice))
    assert [f["kind"] for f in answer["files"]] == ["docx", "xlsx"]
    names = file_names(app, api._stem(app.title))
    for file in answer["files"]:
        assert file["name"] == names[file["kind"]]
        assert file["data"] == made[file["kind"]]
    assert answer["files"][0]["type"].endswith("wordprocessingml.document")


def test_export_of_no_application_says_why_and_a_stem_is_safe():
    answer = api.export("{")
    assert answer["ok"] is False and answer["message"]["zh"] and answer["message"]["en"]
    assert api._stem('a/b\\c:*?"<>| d') == "a-b-c-d"
    assert api._stem(None) == api._stem("   ") == "application"


def test_chart_is_svg_text_or_empty():
    assert api.chart((EXAMPLES / "infrastructure-ready.json").read_text(encoding="utf-8")).startswith("<svg ")
    assert api.chart("[]") == ""


def test_summary_is_castform_batch_review_with_the_cli_table_and_an_order_by_total():
    files = [(p.name, p.read_bytes()) for p in sorted(EXAMPLES.glob("*.json"))]
    files += [("broken.json", b"{"), ("big.json", b"x" * (MAX_BYTES + 10)), ("text.json", bytearray(b"[]"))]
    seen = []
    result = json.loads(api.summary(files, progress=lambda done, total: seen.append((done, total))))
    expected = review([(name, bytes(data)[: MAX_BYTES + 1]) for name, data in files])
    assert {k: result[k] for k in expected} == json.loads(json.dumps(expected, ensure_ascii=False))
    assert result["table"] == {"zh": table(expected, "zh"), "en": table(expected, "en")}
    assert seen[0] == (0, len(files)) and seen[-1] == (len(files), len(files))
    order = result["order"]["total"]
    assert sorted(order) == list(range(len(files)))
    by_place = [result["rows"][i]["total"] for i in sorted(range(len(files)), key=order.__getitem__)]
    blanks = by_place.count(None)
    assert by_place[:blanks] == [None] * blanks
    from decimal import Decimal

    assert [Decimal(t) for t in by_place[blanks:]] == sorted(Decimal(t) for t in by_place[blanks:])
    assert api.summary_file(json.dumps(result), "csv")["data"] == to_csv(expected)
    assert api.summary_file(json.dumps(result), "xlsx", "en")["name"] == "summary.xlsx"
