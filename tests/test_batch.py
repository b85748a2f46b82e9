"""Batch review: a row per file and the checks across files, as plain data; its CSV and
.xlsx read back."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from casebook import EXAMPLES_DIR
from documentfiles import open_xlsx

import castform.batch as batch
from castform.batch import Unopened, review, table, to_csv
from castform.documents.summary import summary_xlsx


def _example(name: str, **changes) -> tuple[str, bytes]:
    data = json.loads((EXAMPLES_DIR / f"{name}.json").read_text(encoding="utf-8"))
    data.update(changes)
    return f"{name}.json", json.dumps(data, ensure_ascii=False).encode()


def _ids(result: dict) -> list[str]:
    return [check["id"] for check in result["checks"]]


@pytest.fixture(scope="module")
def everything(notice):
    files = [(path.name, path.read_bytes()) for path in sorted(EXAMPLES_DIR.glob("*.json"))]
    files += [("missing.json", Unopened("文件不存在", "no such file")), ("broken.json", b"{not json")]
    return review(files, notice)


def test_one_row_per_file_with_its_figures(everything, notice):
    rows = {row["file"]: row for row in everything["rows"]}
    assert len(everything["rows"]) == 11
    ready = rows["tech-economy-ready.json"]
    assert ready | {"open": []} == ready  # nothing open
    assert {
        k: ready[k]
        for k in ("status", "ready", "title", "lead_unit", "subproject", "subproject_name", "total", "errors", "warnings")
    } == {
        "status": "ready",
        "ready": True,
        "title": "“科创中国”县域智慧农业产学研协同创新行动",
        "lead_unit": "中国农学会",
        "subproject": "tech-economy",
        "subproject_name": "科技经济融合发展",
        "total": "281200.00",
        "errors": 0,
        "warnings": 0,
    }
    over = rows["tech-economy-over-cap.json"]
    assert over["status"] == "not-ready" and over["errors"] == 3 and over["total"] == "301000.00"
    assert {item["rule"] for item in over["open"]} == {"budget.cap", "budget.line-arithmetic", "budget.total"}
    assert rows["infrastructure-ready.json"]["subproject_name"] == notice.infrastructure.name_zh
    assert rows["think-tank-draft.json"]["total"] is None  # no amount written anywhere: a blank, not 0.00
    assert rows["missing.json"]["status"] == "unreadable" and rows["missing.json"]["problem"]["en"] == "no such file"
    assert rows["broken.json"]["status"] == "unreadable" and rows["broken.json"]["problem"]["zh"]
    assert everything["counts"] == {"ready": 4, "not-ready": 5, "unreadable": 2, "failed": 0}
    json.dumps(everything)  # plain data all the way down


def test_a_lead_unit_twice_in_one_subproject(notice):
    result = review(
        [
            _example("tech-economy-ready"),
            _example("tech-economy-over-cap"),
            _example("think-tank-ready", lead_unit={"name": "中国农学会"}),
        ],
        notice,
    )
    same = [c for c in result["checks"] if c["id"] == "batch.same-lead"]
    assert len(same) == 1 and same[0]["files"] == ["tech-economy-ready.json", "tech-economy-over-cap.json"]
    assert "中国农学会" in same[0]["message"]["zh"] and "科技经济融合发展" in same[0]["message"]["zh"]
    # Full-width letters and spaces do not hide a repeat.
    result = review(
        [_example("tech-economy-ready", lead_unit={"name": "中国 农学会"}), _example("tech-economy-over-cap")], notice
    )
    assert "batch.same-lead" in _ids(result)


def test_another_consortium_than_most_files(notice):
    result = review(
        [
            _example("tech-economy-ready"),
            _example("tech-economy-over-cap"),
            _example("think-tank-ready", consortium="中国科协农林水学会联合体"),
            _example("international-ready"),
        ],
        notice,
    )
    other = [c for c in result["checks"] if c["id"] == "batch.other-consortium"]
    assert [c["files"] for c in other] == [["international-ready.json"]]
    assert "中国科协先进材料学会联合体" in other[0]["message"]["zh"] and "中国科协农林水学会联合体" in other[0]["message"]["zh"]


def test_files_per_subproject_against_the_notice(notice):
    expected = notice.subproject("international").expected_items
    files = [_example("international-ready", title=f"国际项目 {i}", lead_unit={"name": f"学会{i}"}) for i in range(expected + 1)]
    files = [(f"{i}-{name}", raw) for i, (name, raw) in enumerate(files)]
    result = review(files, notice)
    count = next(c for c in result["checks"] if c["id"] == "batch.count")
    assert (count["group"], count["count"], count["expected"], count["severity"]) == (
        "international",
        expected + 1,
        expected,
        "warning",
    )
    result = review(files[:expected], notice)
    count = next(c for c in result["checks"] if c["id"] == "batch.count")
    assert count["severity"] == "info" and f"约 {expected} 项" in count["message"]["zh"]


def test_the_consortium_total_is_the_sum_of_the_files_totals(everything):
    total = next(c for c in everything["checks"] if c["id"] == "batch.total")
    figures = [Decimal(row["total"]) for row in everything["rows"] if row["total"] is not None]
    assert Decimal(total["total"]) == sum(figures) == Decimal(everything["totals"]["all"])
    by_group = everything["totals"]["by_group"]
    assert sum(Decimal(v) for v in by_group.values()) == sum(figures)
    assert by_group["infrastructure"] == "1349000.00"
    assert "3,112,200.00 元" in total["message"]["zh"]


def test_an_exception_in_one_file_is_that_files_row(notice, monkeypatch):
    real = batch.check_read

    def flaky(app, *args, **kwargs):
        if app is not None and app.title and "草稿" in app.title:
            raise RuntimeError("boom")
        return real(app, *args, **kwargs)

    monkeypatch.setattr(batch, "check_read", flaky)
    result = review([_example("think-tank-draft"), _example("think-tank-ready")], notice)
    assert [row["status"] for row in result["rows"]] == ["failed", "ready"]
    assert "RuntimeError: boom" in result["rows"][0]["problem"]["en"]
    # the table says it in the verdict's words, as `castform check` does
    assert table(result, "en")[1][-1] == "check failed (internal error)"
    assert table(result, "zh")[1][-1] == "检查失败（内部错误）"


def test_no_files_and_only_broken_files(notice):
    assert review([], notice)["rows"] == [] and review([], notice)["checks"] == []
    result = review([("a.json", b""), ("b.json", b"[]")], notice)
    assert [row["status"] for row in result["rows"]] == ["unreadable", "unreadable"] and result["checks"] == []


def test_csv_is_the_table_with_bom_and_no_formulas(notice):
    result = review(
        [_example("tech-economy-ready", title="=1+2"), _example("infrastructure-ready", lead_unit={"name": "@SUM(A1)"})], notice
    )
    data = to_csv(result)
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["文件", "项目名称", "牵头单位", "子项目", "预算总额（元）", "错误", "警告", "可以报送"]
    assert rows[1] == ["tech-economy-ready.json", "'=1+2", "中国农学会", "科技经济融合发展", "281200.00", "0", "0", "是"]
    assert rows[2][2] == "'@SUM(A1)" and rows[2][4] == "595500.00"
    english = list(csv.reader(io.StringIO(to_csv(result, "en").decode("utf-8-sig"))))
    assert english[0][0] == "file" and english[1][7] == "yes"


def test_xlsx_summary_reads_back_as_the_table(everything):
    book = open_xlsx(summary_xlsx(everything))
    shown = table(everything)
    for index, expected in enumerate(shown[1:], start=2):
        got = [c.value for c in book.values[index]]
        assert [value or "" for value in got[:4]] == expected[:4]
        row = everything["rows"][index - 2]
        text = book.raw[f"E{index}"][1]
        assert (Decimal(text) if text is not None else None) == (Decimal(row["total"]) if row["total"] else None)
        assert got[5:8] == [row["errors"], row["warnings"], expected[7]]
    total_row = len(shown) + 1
    formula, text = book.raw[f"E{total_row}"]
    assert formula == f"SUM(E2:E{total_row - 1})" and Decimal(text) == Decimal(everything["totals"]["all"])
    texts = book.texts()
    for check in everything["checks"]:
        assert check["message"]["zh"] in texts


def test_a_notice_without_an_infrastructure_project():
    from pathlib import Path

    from castform.notice import load_notice

    fixture = Path(__file__).resolve().parent / "fixtures" / "demo-2023-07"
    second = load_notice(str(fixture / "notice.toml"))
    files = [(p.name, p.read_bytes()) for p in sorted((fixture / "examples").glob("*.json"))]
    files.append(_example("infrastructure-ready"))
    result = review(files, second)
    assert [row["status"] for row in result["rows"]][-1] == "not-ready"
    assert all(check["group"] != "infrastructure" for check in result["checks"] if check["id"] == "batch.count")
    json.dumps(result)
