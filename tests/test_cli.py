"""The command line through its real entry point (a subprocess, as a secretariat runs it)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from casebook import EXAMPLES_DIR, ROOT


def run(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "castform", *args], capture_output=True, text=True, cwd=cwd,
                          encoding="utf-8")


def test_ready_file_exits_0_and_says_so():
    result = run("check", str(EXAMPLES_DIR / "tech-economy-ready.json"))
    assert result.returncode == 0, result.stderr
    assert "可以报送" in result.stdout and "骑缝章" in result.stdout


def test_file_with_errors_exits_1_in_english():
    result = run("check", "--lang", "en", str(EXAMPLES_DIR / "tech-economy-over-cap.json"))
    assert result.returncode == 1
    assert "not ready" in result.stdout and "exceeds the 300,000.00 yuan cap" in result.stdout
    assert "budget.cap" in result.stdout and "c-1-1-1" in result.stdout


def test_unreadable_file_exits_2(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    result = run("check", str(EXAMPLES_DIR / "tech-economy-ready.json"), str(broken))
    assert result.returncode == 2
    assert "不是有效的 JSON" in result.stdout


def test_missing_file_exits_2(tmp_path):
    result = run("check", str(tmp_path / "nope.json"))
    assert result.returncode == 2
    assert "无法打开文件" in result.stdout
    assert "Traceback" not in result.stderr


def test_ten_megabyte_file_is_refused_without_traceback(tmp_path):
    big = tmp_path / "big.json"
    big.write_bytes(b'{"title": "' + b"x" * 10_000_000 + b'"}')
    result = run("check", "--lang", "en", str(big))
    assert result.returncode == 2 and "too large" in result.stdout and not result.stderr


def test_summary_table_for_several_files():
    files = sorted(str(p) for p in EXAMPLES_DIR.glob("*.json"))
    result = run("check", *files)
    assert result.returncode == 1
    summary = result.stdout.split("汇总", 1)[1]
    assert summary.count("可以报送") == 4 and summary.count("尚不能报送") == len(files) - 4


def test_json_format_round_trips():
    result = run("check", "--format", "json", str(EXAMPLES_DIR / "think-tank-single-society.json"))
    payload = json.loads(result.stdout)
    assert payload["report"]["ready"] is False
    assert payload["report"]["counts"]["error"] == 4
    assert {f["rule"] for f in payload["report"]["findings"]} >= {"applicant.single-society", "applicant.participants"}


def test_on_date_judges_the_deadline():
    path = str(EXAMPLES_DIR / "tech-economy-ready.json")
    assert run("check", "--on", "2021-06-08", path).returncode == 0
    late = run("check", "--on", "2021-06-09", path)
    assert late.returncode == 1 and "deadline.late" in late.stdout
    bad = run("check", "--on", "June 9", path)
    assert bad.returncode == 2 and "not a date" in bad.stderr


def test_schema_is_json_schema():
    schema = json.loads(run("schema").stdout)
    assert schema["title"] == "Application"
    assert "budget" in schema["properties"] and "BudgetLine" in schema["$defs"]


def test_rules_lists_every_rule():
    from castform.registry import RULES

    text = run("rules").stdout
    assert all(rule_.id in text for rule_ in RULES)
    entries = json.loads(run("rules", "--format", "json").stdout)
    assert [e["id"] for e in entries] == [r.id for r in RULES]


# The script pip installs beside this interpreter (in the venv's bin/).
CONSOLE_SCRIPT = shutil.which("castform", path=str(Path(sys.executable).parent))


@pytest.mark.skipif(CONSOLE_SCRIPT is None, reason="castform is not installed in this interpreter's environment")
def test_console_script():
    result = subprocess.run([CONSOLE_SCRIPT, "check", str(EXAMPLES_DIR / "infrastructure-ready.json")],
                            capture_output=True, text=True)
    assert result.returncode == 0
