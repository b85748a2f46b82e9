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
    return subprocess.run([sys.executable, "-m", "castform", *args], capture_output=True, text=True, cwd=cwd, encoding="utf-8")


def test_ready_file_exits_0_and_says_so():
    result = run("check", str(EXAMPLES_DIR / "tech-economy-ready.json"))
    assert result.returncode == 0, result.stderr
    assert "可以报送" in result.stdout and "骑缝章" in result.stdout


def test_file_with_errors_exits_1_in_english():
    result = run("check", "--lang", "en", str(EXAMPLES_DIR / "tech-economy-over-cap.json"))
    assert result.returncode == 1
    assert "not ready" in result.stdout and "exceeds the 300,000.00 yuan cap" in result.stdout
    # The citation in words first; rule id and clause id in small print at the end.
    line = next(line for line in result.stdout.splitlines() if "exceeds the 300,000.00 yuan cap" in line)
    assert line.endswith("(budget.cap, c-1-1-1)")


def test_unreadable_file_says_so_in_its_heading_and_its_reason_on_stderr(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    result = run("check", str(EXAMPLES_DIR / "tech-economy-ready.json"), str(broken))
    assert result.returncode == 2
    heading = next(line for line in result.stdout.splitlines() if line.startswith(str(broken)))
    assert heading == f"{broken}: 无法读取"
    assert "不是有效的 JSON" in result.stderr and "不是有效的 JSON" not in result.stdout
    assert "c-1-2-3" not in result.stderr + heading  # a file problem cites no clause
    assert "可以报送" in result.stdout  # the other file still has its report


def test_missing_file_exits_2(tmp_path):
    result = run("check", str(tmp_path / "nope.json"))
    assert result.returncode == 2
    assert "无法读取" in result.stdout
    assert "无法打开文件（文件不存在）" in result.stderr
    assert "Traceback" not in result.stderr


def test_ten_megabyte_file_is_refused_without_traceback(tmp_path):
    big = tmp_path / "big.json"
    big.write_bytes(b'{"title": "' + b"x" * 10_000_000 + b'"}')
    result = run("check", "--lang", "en", str(big))
    assert result.returncode == 2 and "cannot be read" in result.stdout
    assert "too large" in result.stderr and "Traceback" not in result.stderr


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
    assert bad.returncode == 2 and "不是日期" in bad.stderr
    bad = run("check", "--lang", "en", "--on", "June 9", path)
    assert bad.returncode == 2 and "not a date" in bad.stderr


def test_schema_is_json_schema():
    schema = json.loads(run("schema").stdout)
    assert schema["title"] == "Application"
    assert "budget" in schema["properties"] and "BudgetLine" in schema["$defs"]


def test_rules_lists_every_rule():
    import castform.check  # noqa: F401  (registers the rules in this process too)
    from castform.registry import RULES

    text = run("rules").stdout
    assert all(rule_.id in text for rule_ in RULES)
    entries = json.loads(run("rules", "--format", "json").stdout)
    assert [e["id"] for e in entries] == [r.id for r in RULES]


# The script pip installs beside this interpreter (in the venv's bin/).
CONSOLE_SCRIPT = shutil.which("castform", path=str(Path(sys.executable).parent))


@pytest.mark.skipif(CONSOLE_SCRIPT is None, reason="castform is not installed in this interpreter's environment")
def test_console_script():
    result = subprocess.run(
        [CONSOLE_SCRIPT, "check", str(EXAMPLES_DIR / "infrastructure-ready.json")], capture_output=True, text=True
    )
    assert result.returncode == 0


# --- every file its report, whatever the others do ----------------------------------------


def test_an_internal_failure_is_exit_3_naming_the_file_and_the_others_are_still_reported(monkeypatch, capsys):
    import castform.cli as cli

    real_check = cli.check
    bad = str(EXAMPLES_DIR / "think-tank-ready.json")

    def failing(raw, notice, on=None):
        if b"think-tank" in raw:
            raise RuntimeError("a fault in a rule")
        return real_check(raw, notice, on=on)

    monkeypatch.setattr(cli, "check", failing)
    files = [str(EXAMPLES_DIR / "tech-economy-ready.json"), bad, str(EXAMPLES_DIR / "tech-economy-over-cap.json")]
    assert cli.main(["check", *files]) == 3
    out, err = capsys.readouterr()
    assert f"{bad}: 检查失败（内部错误）" in out
    assert bad in err and "RuntimeError: a fault in a rule" in err and "castform 的缺陷" in err
    assert out.count("可以报送") >= 2 and "尚不能报送" in out  # the files before and after it
    assert "检查失败" in out.split("汇总", 1)[1]

    assert cli.main(["check", "--format", "json", *files]) == 3
    payload = json.loads(capsys.readouterr().out)
    assert [("report" in entry, "error" in entry) for entry in payload] == [(True, False), (False, True), (True, False)]


def test_exit_codes_take_the_highest(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("[]", encoding="utf-8")
    ready, not_ready = str(EXAMPLES_DIR / "tech-economy-ready.json"), str(EXAMPLES_DIR / "tech-economy-over-cap.json")
    assert run("check", ready).returncode == 0
    assert run("check", ready, not_ready).returncode == 1
    assert run("check", str(broken), not_ready, ready).returncode == 2


# --- nothing in a file can act on the terminal ---------------------------------------------

HOSTILE = "\x1b[2J\x1b[1A\x1b[32m可以报送\x1b[0m\x07\x9b31m\u202etxt.exe\u2066\r"


def test_control_characters_in_values_keys_and_names_are_shown_escaped(tmp_path):
    data = json.loads((EXAMPLES_DIR / "tech-economy-ready.json").read_text(encoding="utf-8"))
    data["consortium"] = HOSTILE
    data["title"] = ""  # so that the consortium's name is quoted in a message
    data["lead_unit"]["name"] = HOSTILE
    data[HOSTILE] = 1  # an unknown key, named in its warning
    path = tmp_path / "evil\x1b[2Jname.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run("check", str(path))
    for stream in (result.stdout, result.stderr):
        assert not any(ch in stream for ch in "\x1b\x07\x9b\u202e\u2066\r"), repr(stream[:400])
    assert "\\x1b[2J" in result.stdout and "\\u202e" in result.stdout and "\\x07" in result.stdout
    assert "evil\\x1b[2Jname.json" in result.stdout

    as_json = run("check", "--format", "json", str(path))
    assert not any(ch in as_json.stdout for ch in "\x1b\x07\x9b\u202e\u2066\r")
    report = json.loads(as_json.stdout)["report"]  # the values themselves, unchanged
    assert any("\x1b[2J\x1b[1A\x1b[32m可以报送" in f["message"]["zh"] for f in report["findings"])


def test_lone_surrogates_neither_crash_nor_reach_the_terminal(tmp_path):
    path = tmp_path / "surrogate.json"
    path.write_text('{"consortium": "\\ud800", "title": "\\udfff x", "\\ud83d": 1}', encoding="utf-8")
    for fmt in ("text", "json"):
        result = run("check", "--format", fmt, str(path))
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr


# --- help in the user's language -------------------------------------------------------------


def test_no_arguments_gives_the_help_in_chinese():
    result = run()
    assert result.returncode == 2
    assert "用法：castform" in result.stdout and "检查申报文件" in result.stdout and "--lang en" in result.stdout


@pytest.mark.parametrize("args", [("--help",), ("-h",)])
def test_help_is_chinese_by_default(args):
    result = run(*args)
    assert result.returncode == 0 and "用法：" in result.stdout and "显示此帮助并退出" in result.stdout


@pytest.mark.parametrize("args", [("--lang", "en", "--help"), ("--help", "--lang", "en"), ("--lang=en", "-h")])
def test_help_in_english(args):
    result = run(*args)
    assert result.returncode == 0 and "usage: castform" in result.stdout and "check application files" in result.stdout
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in result.stdout.replace("科协学函改字〔2021〕52号", ""))


@pytest.mark.parametrize(
    "args, exit_codes",
    [
        (("check", "--help"), "退出码"),
        (("check", "--help", "--lang", "en"), "Exit codes"),
        (("--lang", "en", "check", "--help"), "Exit codes"),
    ],
)
def test_check_help_documents_the_exit_codes(args, exit_codes):
    result = run(*args)
    assert result.returncode == 0 and exit_codes in result.stdout
    assert all(f"  {code}  " in result.stdout for code in "0123")


def test_usage_errors_in_the_chosen_language():
    zh = run("check")
    assert zh.returncode == 2 and "缺少参数" in zh.stderr
    en = run("check", "--lang", "en")
    assert en.returncode == 2 and "the following arguments are required" in en.stderr


@pytest.mark.parametrize(
    "content, zh, en",
    [
        (b"", "文件为空", "The file is empty"),
        (b"  \n", "文件为空", "The file is empty"),
        ('{"title": "x"}'.encode("utf-16"), "另存为 UTF-8", "Save it as UTF-8"),
        (b'{"budget": {"declared_total": 1e99999999}}', "budget.declared_total", "budget.declared_total"),
        (b'{"x": ' + b"[" * 5000 + b"]" * 5000 + b"}", "嵌套过深", "nested too deeply"),
    ],
)
def test_file_problems_in_plain_words(tmp_path, content, zh, en):
    path = tmp_path / "file.json"
    path.write_bytes(content)
    for lang, words, heading in (("zh", zh, "无法读取"), ("en", en, "cannot be read")):
        result = run("check", "--lang", lang, str(path))
        assert result.returncode == 2 and result.stdout.strip() == f"{path}: {heading}"
        assert words in result.stderr and "Expecting value" not in result.stderr and "Traceback" not in result.stderr


def test_a_warning_that_blocks_says_it_must_be_answered(tmp_path):
    data = json.loads((EXAMPLES_DIR / "infrastructure-ready.json").read_text(encoding="utf-8"))
    data["budget"]["lines"][1]["item"] = "联合体门户网站运维（含办公室装修）"  # 装修 only suggests forbidden spending
    path = tmp_path / "suggested.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run("check", str(path))
    assert result.returncode == 1 and "尚不能报送 — 错误 0" in result.stdout
    assert "[警告，须处理]" in result.stdout
    assert "[warning, must be answered]" in run("check", "--lang", "en", str(path)).stdout
