"""A seeded slice of bench/fuzz.py on Pyodide (the engine the site ships, in Node): the
same generated hostile inputs must not crash check() there either. Engine layer: skipped
without node, like the parity tests."""

from __future__ import annotations

import shutil

import pytest
from test_fuzz_slice import fuzz


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed: cannot run the Pyodide engine")
def test_a_seeded_slice_of_hostile_inputs_never_crashes_check_on_pyodide():
    outcome = fuzz.run_pyodide(300, seed=12)
    crashes = "\n\n".join(f"{shown}\n{error}" for shown, error in outcome.crashes[:3])
    assert not outcome.crashes, f"{len(outcome.crashes)} of {outcome.count} inputs crashed check() on Pyodide:\n{crashes}"
    assert outcome.count + len(outcome.skipped) == 300 and outcome.count >= 280
    assert outcome.slowest[0] < 10, outcome.slowest
