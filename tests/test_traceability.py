"""Rules ↔ notice: every rule cites a real clause, every requirement is enforced or says
why not, and every rule's documented example really fails it (datasette-style doc tests)."""

from __future__ import annotations

from casebook import CASES_DIR, EXAMPLES_DIR, case_input, load_cases

from castform.catalogue import example_finding, rule_entries
from castform.check import check
from castform.registry import RULES


def _clause_ids(notice):
    return {c.id for c in notice.clauses}


# Where each rule's requirement comes from, decided clause by clause against the notice.
# "notice": a clause says it. "national": a national document. "site": this site's form
# (clause "") or its reading of a clause (a clause written for the other project, or a
# threshold the notice does not set). A finding may be "site" where its rule is "notice"
# when it applies a brand-project clause to the infrastructure project, or the reverse.
SOURCES = {
    "input.unreadable": {"site"},
    "input.invalid": {"site"},
    "input.unknown-field": {"site"},
    "input.missing": {"notice", "site"},
    "applicant.single-society": {"notice", "site"},
    "applicant.consortium-name": {"site"},
    "applicant.members-attested": {"notice"},
    "applicant.participants": {"notice"},
    "applicant.distinct-units": {"notice", "site"},
    "applicant.division-of-labour": {"notice"},
    "applicant.division-vague": {"site"},
    "applicant.contact-format": {"site"},
    "project.subproject": {"notice", "site"},
    "project.period": {"site"},
    "budget.cap": {"notice"},
    "budget.infrastructure-band": {"notice"},
    "budget.basis": {"notice"},
    "budget.line-arithmetic": {"site"},
    "budget.total": {"site"},
    "budget.positive": {"site"},
    "budget.category": {"site"},
    "budget.spending-unit": {"site"},
    "spending.forbidden-category": {"notice", "site"},
    "spending.forbidden-named": {"notice", "site"},
    "spending.forbidden-suggested": {"notice", "site"},
    "spending.answered": {"site"},
    "reference.meeting-rate": {"national"},
    "reference.expert-rate": {"national"},
    "reference.meeting-class": {"national"},
    "deadline.late": {"notice"},
    "deadline.secretariat-time": {"site"},
    "deadline.before-notice": {"notice"},
    "submission.checklist": {"notice"},
}


def _findings(notice):
    for case in load_cases():
        report = check(case_input(case), notice)
        yield from report.findings


def test_every_rule_has_its_source_decided(notice):
    assert set(SOURCES) == {r.id for r in RULES}
    for rule_ in RULES:
        assert rule_.cites is None or rule_.cites in notice.cites, f"{rule_.id} cites {rule_.cites!r}, not in [cites]"


def test_every_finding_says_where_its_requirement_comes_from(notice):
    ids = _clause_ids(notice)
    documents = {(r.document_zh, r.document_en) for r in (notice.reference.meeting, notice.reference.expert)}
    seen = set()
    for finding in _findings(notice):
        seen.add(finding.rule)
        assert finding.source in SOURCES[finding.rule], (finding.rule, finding.source)
        if finding.source == "notice":
            assert finding.clause in ids, (finding.rule, finding.clause)
            clause = notice.clause(finding.clause)
            assert clause.requirement, f"{finding.rule} cites {finding.clause}, which asks nothing of an applicant"
            assert finding.citation.zh.startswith("通知") and finding.citation.en.startswith("Notice"), finding.citation
        elif finding.source == "national":
            assert finding.clause == ""
            assert (finding.citation.zh, finding.citation.en) in documents, finding.citation
        else:
            assert finding.clause == "" or finding.clause in ids, (finding.rule, finding.clause)
            assert "本站" in finding.citation.zh and "site" in finding.citation.en, finding.citation
    assert seen == set(SOURCES), f"no case shows a finding of {set(SOURCES) - seen}"


def test_file_problems_cite_no_clause(notice):
    for raw in (b"", b"{", b"[]", '{"format": "x/1"}', '{"budget": {"lines": "many"}}'):
        for finding in check(raw, notice).findings:
            if finding.rule.startswith("input.") and finding.rule != "input.missing":
                assert (finding.source, finding.clause) == ("site", ""), finding


def test_every_requirement_is_enforced_or_says_why_not(notice):
    cited = {c for r in RULES if r.source == "notice" for c in r.clauses(notice)}
    # Findings can cite a more specific clause than their rule (c-2-3-4 under c-2-3).
    for rule_ in RULES:
        finding = example_finding(rule_, notice, EXAMPLES_DIR)
        if finding and finding.source == "notice":
            cited.add(finding.clause)
    cited |= {f.clause for f in _findings(notice) if f.source == "notice"}
    for clause in notice.clauses:
        if clause.requirement:
            assert clause.id in cited or (clause.unchecked_zh and clause.unchecked_en), (
                f"clause {clause.id} sets a requirement that no rule enforces and no note explains"
            )


def test_data_clause_references_exist(notice):
    ids = _clause_ids(notice)
    refs = [
        notice.brand.clause,
        notice.infrastructure.clause,
        notice.contact.clause,
        notice.reference.meeting.clause,
        notice.reference.expert.clause,
    ]
    refs += [clause for pairs in notice.cites.values() for _, clause in pairs]
    refs += [s.clause for s in notice.brand.subprojects] + [s.clause for s in notice.submission]
    refs += [f.clause for f in notice.forbidden] + [a.clause for a in notice.attachments]
    assert set(refs) <= ids


def test_forbidden_categories_point_at_real_kinds(notice):
    kinds = {f.code for f in notice.forbidden}
    for category in notice.categories:
        assert category.forbidden is None or category.forbidden in kinds
    for kind in notice.forbidden:
        assert set(kind.categories) <= {c.code for c in notice.categories}
        assert all(notice.category(c).forbidden == kind.code for c in kind.categories)


def test_each_rule_documents_itself_in_both_languages():
    for rule_ in RULES:
        for text in (rule_.title_zh, rule_.title_en, rule_.doc_zh, rule_.doc_en, rule_.fix_zh, rule_.fix_en):
            assert text.strip(), rule_.id
        assert rule_.severity in ("error", "warning", "info")


def test_every_rule_example_fails_that_rule(notice):
    for rule_ in RULES:
        assert example_finding(rule_, notice, EXAMPLES_DIR) is not None, f"{rule_.id}: its example does not fire it"


def test_catalogue_entries_are_complete(notice):
    entries = rule_entries(notice, EXAMPLES_DIR)
    assert [e["id"] for e in entries] == [r.id for r in RULES]
    assert len({e["anchor"] for e in entries}) == len(entries)
    for entry in entries:
        assert entry["example"]["message_zh"] and entry["example"]["message_en"], entry["id"]


def test_rule_ids_are_stable_and_unique():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    for rule_id in ids:
        assert rule_id == rule_id.lower() and "." in rule_id and " " not in rule_id


def test_every_rule_family_has_its_case_file():
    # budget.* in budget.json, spending.* in spending.json …; the submission checklist is
    # shown on the ready examples (examples.json).
    home = {"submission": "examples"}
    for case_file in {home.get(r.id.split(".")[0], r.id.split(".")[0]) for r in RULES}:
        path = CASES_DIR / f"{case_file}.json"
        assert path.exists(), path
        named = {w["rule"] for c in load_cases() if c["file"] == case_file for w in c.get("expect", [])}
        assert any(rule_id.split(".")[0] in (case_file, "submission") for rule_id in named), path


def test_a_misspelt_case_fails_loudly():
    import pytest
    from casebook import BadCase, validate_case

    for bad in (
        {"name": "x", "base": "b", "expcet": []},
        {"name": "x", "base": "b"},
        {"name": "x", "raw": "{}", "base": "b", "ready": True},
        {"name": "x", "base": "b", "expect": [{"rule": "r", "feild": "f"}]},
    ):
        with pytest.raises(BadCase):
            validate_case(bad, "test")


def test_catalogue_wording_comes_from_the_data(notice):
    # Placeholders all resolve, and the figures quoted are the data's.
    entries = {e["id"]: e for e in rule_entries(notice, EXAMPLES_DIR)}
    for entry in entries.values():
        for key in ("title_zh", "title_en", "doc_zh", "doc_en", "fix_zh", "fix_en"):
            assert "{" not in entry[key] and "}" not in entry[key], (entry["id"], key)
    assert "35 万元" in entries["budget.cap"]["doc_zh"] and "350,000 yuan" in entries["budget.cap"]["doc_en"]
    assert "760" in entries["reference.meeting-rate"]["doc_zh"]
    assert notice.deadline.date.isoformat() in entries["deadline.late"]["doc_en"]
