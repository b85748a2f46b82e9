"""Rules ↔ notice: every rule cites a real clause, every requirement is enforced or says
why not, and every rule's documented example really fails it (datasette-style doc tests)."""

from __future__ import annotations

from castform.catalogue import example_finding, rule_entries
from castform.check import check
from castform.examples import load_example
from castform.registry import RULES
from casebook import CASES_DIR, EXAMPLES_DIR, load_cases


def _clause_ids(notice):
    return {c.id for c in notice.clauses}


def test_every_rule_cites_a_clause_of_the_notice(notice):
    for rule_ in RULES:
        assert rule_.clause in _clause_ids(notice), rule_.id


def test_every_finding_cites_a_clause_of_the_notice(notice):
    ids = _clause_ids(notice)
    for case in load_cases():
        if "base" in case:
            for finding in check(load_example(case["base"], EXAMPLES_DIR), notice).findings:
                assert finding.clause in ids, (finding.rule, finding.clause)


def test_every_requirement_is_enforced_or_says_why_not(notice):
    cited = {r.clause for r in RULES}
    # Findings can cite a more specific clause than their rule (c-2-3-4 under c-2-3).
    for rule_ in RULES:
        finding = example_finding(rule_, notice, EXAMPLES_DIR)
        if finding:
            cited.add(finding.clause)
    for case in load_cases():
        cited |= {w["clause"] for w in case.get("expect", []) if "clause" in w}
    for clause in notice.clauses:
        if clause.requirement:
            assert clause.id in cited or (clause.unchecked_zh and clause.unchecked_en), (
                f"clause {clause.id} sets a requirement that no rule enforces and no note explains")


def test_data_clause_references_exist(notice):
    ids = _clause_ids(notice)
    refs = [notice.brand.clause, notice.infrastructure.clause, notice.deadline.clause, notice.deadline.also_clause,
            notice.applicants.clause, notice.contact.clause, notice.reference.meeting.clause, notice.reference.expert.clause]
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


def test_cases_folder_has_a_file_per_topic():
    assert len(list(CASES_DIR.glob("*.json"))) >= 6


def test_catalogue_wording_comes_from_the_data(notice):
    # Placeholders all resolve, and the figures quoted are the data's.
    entries = {e["id"]: e for e in rule_entries(notice, EXAMPLES_DIR)}
    for entry in entries.values():
        for key in ("title_zh", "title_en", "doc_zh", "doc_en", "fix_zh", "fix_en"):
            assert "{" not in entry[key] and "}" not in entry[key], (entry["id"], key)
    assert "35 万元" in entries["budget.cap"]["doc_zh"] and "350,000 yuan" in entries["budget.cap"]["doc_en"]
    assert "760" in entries["reference.meeting-rate"]["doc_zh"]
    assert notice.deadline.date.isoformat() in entries["deadline.late"]["doc_en"]
