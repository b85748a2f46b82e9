"""The table-driven cases in tests/cases/ and the paths the tests share."""

from __future__ import annotations

import json
from pathlib import Path

from castform.examples import examples_dir, load_example, patched

ROOT = Path(__file__).resolve().parent.parent
CASES_DIR = Path(__file__).resolve().parent / "cases"
EXAMPLES_DIR = examples_dir()  # the 2021 notice's, inside the package


# The keys a case may have, and those of one expected finding: a misspelt key ("expcet",
# "feild") would otherwise make a case that checks nothing, so loading fails loudly (as
# OpenFisca's test runner does with an unknown key in a YAML test).
CASE_KEYS = {"name", "base", "patch", "raw", "raw_hex", "raw_base", "raw_replace", "on", "expect", "absent", "only", "ready"}
EXPECT_KEYS = {"rule", "field", "clause", "severity", "source", "blocking", "params"}
INPUT_KEYS = ({"base"}, {"raw"}, {"raw_hex"}, {"raw_base", "raw_replace"})


class BadCase(ValueError):
    pass


def validate_case(case: dict, where: str) -> None:
    unknown = set(case) - CASE_KEYS
    if unknown:
        raise BadCase(f"{where}: unknown keys {sorted(unknown)}")
    if "name" not in case:
        raise BadCase(f"{where}: a case needs a name")
    given = [keys for keys in INPUT_KEYS if keys <= set(case)]
    if len(given) != 1:
        raise BadCase(f"{where}: give exactly one input (base, raw, raw_hex or raw_base + raw_replace)")
    if "patch" in case and "base" not in case:
        raise BadCase(f"{where}: a patch needs a base")
    if not ({"expect", "absent", "only", "ready"} & set(case)):
        raise BadCase(f"{where}: the case expects nothing")
    for want in case.get("expect", []):
        if not isinstance(want, dict) or "rule" not in want or set(want) - EXPECT_KEYS:
            raise BadCase(f"{where}: each expected finding names its rule and only {sorted(EXPECT_KEYS)}: {want}")


def load_cases(cases_dir: Path = CASES_DIR) -> list[dict]:
    cases = []
    for path in sorted(cases_dir.glob("*.json")):
        for number, case in enumerate(json.loads(path.read_text(encoding="utf-8")), 1):
            validate_case(case, f"{path.name} case {number} ({case.get('name', '?')})")
            case["file"] = path.stem
            cases.append(case)
    return cases


def case_input(case: dict, examples_dir: Path = EXAMPLES_DIR):
    """What a case feeds to check(): raw text or bytes, or an example with a patch."""
    if "raw" in case:
        return case["raw"]
    if "raw_hex" in case:
        return bytes.fromhex(case["raw_hex"])
    if "raw_base" in case:
        text = (examples_dir / f"{case['raw_base']}.json").read_text(encoding="utf-8")
        old, new = case["raw_replace"]
        assert old in text, f"{case['name']}: {old!r} not in the example"
        return text.replace(old, new)
    return patched(load_example(case["base"], examples_dir), case.get("patch", {}))


def _matches(finding, want: dict) -> bool:
    for key in ("rule", "field", "clause", "severity", "source", "blocking"):
        if key in want and getattr(finding, key) != want[key]:
            return False
    return all(finding.params.get(k) == v for k, v in want.get("params", {}).items())


def assert_case(case: dict, report) -> None:
    """The report gives every finding the case expects, none it says are absent, exactly
    the rules of `only`, and the verdict of `ready`."""
    fired = {f.rule for f in report.findings}
    for want in case.get("expect", []):
        assert any(_matches(f, want) for f in report.findings), (
            f"expected {want}, got {[(f.rule, f.field, f.source, f.clause, f.params) for f in report.findings]}"
        )
    for rule_id in case.get("absent", []):
        assert rule_id not in fired, f"{rule_id} fired: {[f.message.en for f in report.of_rule(rule_id)]}"
    if "only" in case:
        assert fired == set(case["only"])
    if "ready" in case:
        assert report.ready is case["ready"], [f.message.en for f in report.findings if f.blocking]
