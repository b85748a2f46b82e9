"""Every message says what to do, in both languages, and quotes user text as text."""

from __future__ import annotations

from casebook import EXAMPLES_DIR, case_input, load_cases

from castform.check import check
from castform.examples import load_example

# A message tells the applicant what to do: it carries one of these verbs.
ACTION_ZH = (
    "请",
    "改正",
    "填报",
    "核对",
    "删除",
    "填写",
    "核对",
    "选择",
    "添加",
    "压减",
    "写明",
    "勾选",
    "使用",
    "报送",
    "准备",
    "加盖",
    "纸质",
    "忽略",
)
ACTION_EN = (
    "correct",
    "delete",
    "fill",
    "check",
    "choose",
    "add",
    "reduce",
    "lower",
    "give",
    "state",
    "tick",
    "use",
    "send",
    "print",
    "prepare",
    "stamp",
    "two paper",
    "remove",
    "verify",
    "bring",
    "clear",
    "ignore",
    "reword",
    "fix",
    "cut",
    "explain",
    "justify",
    "file it",
    "to check",
    "hand it over",
    "name its",
)


def test_every_message_says_what_to_do(notice):
    for case in load_cases():
        for finding in check(case_input(case), notice).findings:
            zh, en = finding.message.zh, finding.message.en.lower()
            assert any(word in zh for word in ACTION_ZH), (finding.rule, zh)
            assert any(word in en for word in ACTION_EN), (finding.rule, en)


def test_report_json_has_a_fixed_shape_and_reads_back(notice):
    from castform.report import Report

    report = check(load_example("think-tank-single-society", EXAMPLES_DIR), notice)
    assert list(report.model_dump()) == ["format", "notice", "ready", "counts", "findings"]
    assert list(report.model_dump()["findings"][0]) == [
        "rule",
        "severity",
        "blocking",
        "source",
        "clause",
        "citation",
        "field",
        "message",
        "params",
    ]
    assert Report.model_validate_json(report.to_json()) == report


def test_findings_sorted_by_severity(notice):
    report = check(load_example("international-late-over-rates", EXAMPLES_DIR), notice)
    order = {"error": 0, "warning": 1, "info": 2}
    ranks = [order[f.severity] for f in report.findings]
    assert ranks == sorted(ranks)
    assert report.counts.error == sum(1 for f in report.findings if f.severity == "error")


def test_findings_built_without_validation_equal_validated_ones(notice):
    # report.built() skips pydantic's bookkeeping; a pydantic upgrade that changes what an
    # instance needs must show here, not in a page that cannot read a report.
    from castform.report import Finding, Report

    report = check(load_example("think-tank-single-society", EXAMPLES_DIR), notice)
    for finding in report.findings:
        again = Finding.model_validate(finding.model_dump())
        assert again == finding and again.model_dump_json() == finding.model_dump_json()
        assert finding.model_fields_set == set(Finding.model_fields)
    assert Report.model_validate_json(report.to_json()).model_dump_json() == report.model_dump_json()
