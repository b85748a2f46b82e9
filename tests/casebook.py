"""The table-driven cases in tests/cases/ and the paths the tests share."""

from __future__ import annotations

import json
from pathlib import Path

from castform.examples import load_example, patched

ROOT = Path(__file__).resolve().parent.parent
CASES_DIR = Path(__file__).resolve().parent / "cases"
EXAMPLES_DIR = ROOT / "examples"


# The keys a case may have, and those of one expected finding: a misspelt key ("expcet",
# "feild") would otherwise make a case that checks nothing, so loading fails loudly (as
# OpenFisca's test runner does with an unknown key in a YAML test).
CASE_KEYS = {"name", "base", "patch", "raw", "raw_hex", "raw_base", "raw_replace", "on",
             "expect", "absent", "only", "ready"}
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


def load_cases() -> list[dict]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.json")):
        for number, case in enumerate(json.loads(path.read_text(encoding="utf-8")), 1):
            validate_case(case, f"{path.name} case {number} ({case.get('name', '?')})")
            case["file"] = path.stem
            cases.append(case)
    return cases


def case_input(case: dict):
    """What a case feeds to check(): raw text or bytes, or an example with a patch."""
    if "raw" in case:
        return case["raw"]
    if "raw_hex" in case:
        return bytes.fromhex(case["raw_hex"])
    if "raw_base" in case:
        text = (EXAMPLES_DIR / f"{case['raw_base']}.json").read_text(encoding="utf-8")
        old, new = case["raw_replace"]
        assert old in text, f"{case['name']}: {old!r} not in the example"
        return text.replace(old, new)
    return patched(load_example(case["base"], EXAMPLES_DIR), case.get("patch", {}))

