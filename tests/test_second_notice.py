"""The core on a second notice of another shape (tests/fixtures/demo-2023-07: fictional;
four sub-projects, no infrastructure project, a seventh kind of forbidden spending, a
deadline that excludes its own day, other clause numbering, two participants needed).

Nothing in castform names either notice: if a rule still typed a clause id, a cap or a
project of the 2021 notice, these cases would cite the wrong clause or miss the finding.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from casebook import assert_case, case_input, load_cases
from test_messages import ACTION_EN, ACTION_ZH

from castform.catalogue import wording
from castform.check import check
from castform.notice import load_notice

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "demo-2023-07"
SECOND = load_cases(FIXTURE)
CASES = load_cases()


@pytest.fixture(scope="module")
def second():
    return load_notice(str(FIXTURE / "notice.toml"))


@pytest.mark.parametrize("case", SECOND, ids=[c["name"] for c in SECOND])
def test_case(case, second):
    on = dt.date.fromisoformat(case["on"]) if case.get("on") else None
    assert_case(case, check(case_input(case, FIXTURE / "examples"), second, on=on))


def test_it_is_another_shape(second, notice):
    assert second.id != notice.id and second.infrastructure is None
    assert len(second.brand.subprojects) == 4 and len(second.forbidden) == 3
    assert {c.id for c in second.clauses} != {c.id for c in notice.clauses}


def _all_findings(second):
    for case in SECOND:
        yield from check(case_input(case, FIXTURE / "examples"), second).findings
    # The 2021 notice's inputs, judged against this notice: whatever they hold, a report.
    for case in CASES:
        yield from check(case_input(case), second).findings


def test_every_finding_cites_this_notice(second):
    ids = {c.id for c in second.clauses}
    for finding in _all_findings(second):
        assert finding.clause == "" or finding.clause in ids, (finding.rule, finding.clause)
        if finding.source == "notice":
            assert finding.citation.zh.startswith("通知"), finding.citation
        zh, en = finding.message.zh, finding.message.en.lower()
        assert any(word in zh for word in ACTION_ZH), (finding.rule, zh)
        assert any(word in en for word in ACTION_EN), (finding.rule, en)


def test_the_catalogue_wording_has_no_gap(second):
    values = wording(second)
    assert "15 万元" in values["caps_zh"] and "400,000 yuan" in values["caps_en"]
    assert values["deadline"] == "2023-09-15"


@pytest.mark.parametrize("which", ["second", "notice"])
def test_the_rule_catalogue_speaks_of_this_notice_only(which, request):
    """Rule texts name the notice's own projects and clauses; a passage about a part the
    notice lacks ([[…]]) is left out, and so is a rule that judges only that part."""
    from castform.catalogue import rule_entries

    notice = request.getfixturevalue(which)
    examples = FIXTURE / "examples" if which == "second" else None
    entries = rule_entries(notice, examples)
    texts = [e[k] for e in entries for k in ("title_zh", "title_en", "doc_zh", "doc_en", "fix_zh", "fix_en")]
    assert not [t for t in texts if "[[" in t or "]]" in t or "None" in t or "{" in t]
    listed = {e["id"] for e in entries}
    assert ("budget.infrastructure-band" in listed) == (notice.infrastructure is not None)
    sub = next(e for e in entries if e["id"] == "project.subproject")
    assert all(s.name_zh in sub["fix_zh"] for s in notice.brand.subprojects)
    assert (notice.infrastructure is not None) == any(notice.infrastructure and notice.infrastructure.name_zh in t for t in texts)


def test_the_command_line_takes_the_notice_by_path(tmp_path):
    import json
    import subprocess
    import sys

    def run(*args):
        return subprocess.run([sys.executable, "-m", "castform", *args], capture_output=True, text=True, timeout=120)

    notice = str(FIXTURE / "notice.toml")
    ready = str(FIXTURE / "examples" / "open-science-ready.json")
    checked = run("check", "--notice", notice, "--format", "json", ready)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert json.loads(checked.stdout)["report"]["notice"] == "demo-2023-07"
    rules = json.loads(run("rules", "--notice", notice, "--format", "json").stdout)
    cap = next(e for e in rules if e["id"] == "budget.cap")
    assert cap["clauses"][0] == "c-2-1" and "15 万元" in cap["doc_zh"]
    missing = run("check", "--notice", str(tmp_path / "none.toml"), ready)
    assert missing.returncode == 2 and "--notice" in missing.stderr
