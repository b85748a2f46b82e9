"""The table-driven cases in tests/cases/ and the paths the tests share."""

from __future__ import annotations

import json
from pathlib import Path

from castform.examples import load_example, patched

ROOT = Path(__file__).resolve().parent.parent
CASES_DIR = Path(__file__).resolve().parent / "cases"
EXAMPLES_DIR = ROOT / "examples"


def load_cases() -> list[dict]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8")):
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

