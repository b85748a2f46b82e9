"""A seeded slice of bench/fuzz.py on CPython: generated hostile inputs through check(),
none may crash (an exception, a report that cannot be written as UTF-8, a verdict that
contradicts its findings). The full run is `python bench/fuzz.py` (100,000 inputs)."""

from __future__ import annotations

import importlib.util
import random
import sys

import pytest
from casebook import ROOT


def _fuzz():
    spec = importlib.util.spec_from_file_location("castform_bench_fuzz", ROOT / "bench" / "fuzz.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


fuzz = _fuzz()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_seeded_slice_of_hostile_inputs_never_crashes_check(seed, notice):
    outcome = fuzz.run(250, seed, notice)
    crashes = "\n\n".join(f"{shown}\n{error}" for shown, error in outcome.crashes[:3])
    assert not outcome.crashes, f"{len(outcome.crashes)} of {outcome.count} inputs crashed check():\n{crashes}"
    assert outcome.count == 250 and len(outcome.kinds) >= 8  # the generator still reaches every kind of input
    # No input, however hostile, is slow: 1,200-line budgets are the slowest, well under this.
    assert outcome.slowest[0] < 5, outcome.slowest


@pytest.mark.parametrize(
    "raw",
    [
        '{"budget": {"lines": [null], "declared_total": "100"}}',  # found by the fuzz: a budget whose only line was dropped
        '{"budget": {"lines": [[{"amount": "1"}]], "declared_total": "1"}}',
    ],
)
def test_inputs_the_fuzz_found(raw, notice):
    fuzz.verify(fuzz.check(raw, notice))


def test_the_generator_is_repeatable():
    def three(seed):
        rng, examples = random.Random(seed), fuzz.load_examples()
        return [fuzz.describe(fuzz.generate(rng, examples)) for _ in range(3)]

    assert three(5) == three(5) != three(6)
