"""`castform export` and `castform summary` through the real entry point."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

from casebook import EXAMPLES_DIR, ROOT
from documentfiles import open_docx, open_xlsx

READY = str(EXAMPLES_DIR / "tech-economy-ready.json")
OVER = str(EXAMPLES_DIR / "tech-economy-over-cap.json")
INFRA = str(EXAMPLES_DIR / "infrastructure-ready.json")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "castform", *args], capture_output=True, text=True, cwd=ROOT, encoding="utf-8")


def test_export_writes_both_documents_per_file(tmp_path):
    out = tmp_path / "out"
    result = run("export", READY, INFRA, "--to", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "infrastructure-ready-经费预算表.docx",
        "infrastructure-ready-经费预算表.xlsx",
        "tech-economy-ready-申报书.docx",
        "tech-economy-ready-经费预算表.xlsx",
    ]
    assert "可以报送" in result.stdout and "tech-economy-ready-申报书.docx" in result.stdout
    doc = open_docx((out / "tech-economy-ready-申报书.docx").read_bytes())
    assert "“科创中国”县域智慧农业产学研协同创新行动" in doc.text and "未通过自查" not in doc.text
    book = open_xlsx((out / "infrastructure-ready-经费预算表.xlsx").read_bytes())
    assert book.raw[f"G{book.row_of('合计')}"][1] == "595500"


def test_export_with_errors_marks_the_documents_and_exits_1(tmp_path):
    result = run("export", "--lang", "en", OVER, "--to", str(tmp_path))
    assert result.returncode == 1, result.stderr
    assert "not ready" in result.stdout
    doc = open_docx((tmp_path / "tech-economy-over-cap-申报书.docx").read_bytes())
    assert "未通过自查" in doc.header


def test_export_of_an_unreadable_file_exits_2_and_still_writes_the_others(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    out = tmp_path / "out"
    result = run("export", str(broken), READY, str(tmp_path / "missing.json"), "--to", str(out))
    assert result.returncode == 2
    assert "broken.json" in result.stderr and "missing.json" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["tech-economy-ready-申报书.docx", "tech-economy-ready-经费预算表.xlsx"]


def test_export_keeps_two_inputs_of_the_same_name_apart(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "app.json").write_bytes((EXAMPLES_DIR / "tech-economy-ready.json").read_bytes())
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "app.json").write_bytes((EXAMPLES_DIR / "think-tank-ready.json").read_bytes())
    result = run("export", str(tmp_path / "a" / "app.json"), str(tmp_path / "b" / "app.json"), "--to", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "app-2-申报书.docx",
        "app-2-经费预算表.xlsx",
        "app-申报书.docx",
        "app-经费预算表.xlsx",
    ]


def test_export_into_a_folder_that_cannot_be_made_exits_2(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("export", READY, "--to", str(blocker / "sub"))
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_summary_prints_the_table_and_writes_csv_and_xlsx(tmp_path):
    files = sorted(str(p) for p in EXAMPLES_DIR.glob("*.json"))
    result = run("summary", *files, "--csv", str(tmp_path / "s.csv"), "--xlsx", str(tmp_path / "s.xlsx"))
    assert result.returncode == 1, result.stderr  # some examples have errors
    lines = result.stdout.splitlines()
    assert lines[0].split()[:4] == ["文件", "项目名称", "牵头单位", "子项目"]
    assert any("tech-economy-ready.json" in line and "281,200.00" in line and line.endswith("是") for line in lines)
    assert "跨文件核查" in result.stdout and "本批预算合计 3,112,200.00 元" in result.stdout
    rows = list(csv.reader(io.StringIO((tmp_path / "s.csv").read_bytes().decode("utf-8-sig"))))
    assert len(rows) == len(files) + 1
    book = open_xlsx((tmp_path / "s.xlsx").read_bytes())
    assert book.raw[f"E{len(files) + 2}"][1] == "3112200.00"


def test_summary_exit_codes_and_json(tmp_path):
    assert run("summary", READY, INFRA).returncode == 0
    result = run("summary", "--format", "json", READY, str(tmp_path / "missing.json"))
    assert result.returncode == 2
    data = json.loads(result.stdout)
    assert data["format"] == "castform-batch/1" and [r["status"] for r in data["rows"]] == ["ready", "unreadable"]
    english = run("summary", "--lang", "en", READY)
    assert english.stdout.splitlines()[0].split()[:2] == ["file", "title"]


def test_summary_says_severities_and_verdicts_in_the_words_check_uses():
    """One word per concept (castform/words): a note is a note in summary's checks too,
    and a file that cannot be read says so as check's heading does."""
    english = run("summary", "--lang", "en", READY, "missing.json")
    assert "  [note] " in english.stdout and "[info]" not in english.stdout
    assert any(line.endswith("cannot be read") for line in english.stdout.splitlines())
    chinese = run("summary", READY, "missing.json")
    assert "  [提示] " in chinese.stdout and any(line.endswith("无法读取") for line in chinese.stdout.splitlines())


def test_help_lists_the_new_commands():
    result = run("--help")
    assert "export" in result.stdout and "summary" in result.stdout
    result = run("export", "--lang", "en", "--help")
    assert result.returncode == 0 and "--to DIR" in result.stdout
