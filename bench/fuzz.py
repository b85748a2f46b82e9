"""Hostile inputs through `check()`: it must return a report, whatever comes in.

Generates inputs from a seed (no hypothesis: a generator of our own, so that a run is
cheap, repeatable and the same on CPython and Pyodide): mutated example applications as
dicts and as JSON text, values of the wrong type, huge and tiny numbers in every form,
deep nesting, control characters, lone surrogates, long strings, random and mutated bytes,
other encodings, budgets of 0 to 1,200 lines. Each input is checked; a crash is any
exception, or a report whose JSON cannot be written as UTF-8 or whose verdict contradicts
its findings. Prints the number of inputs, the crashes (must be 0), the slowest input and
its time.

    python bench/fuzz.py                      # 100,000 inputs on CPython
    python bench/fuzz.py --count 2000 --seed 7
    python bench/fuzz.py --pyodide 3000       # and 3,000 of them on Pyodide (needs node)

The Pyodide run builds the engine the site ships (castform's wheel and the pinned ones,
as tests/test_parity.py does) and runs the inputs in one Node process through
sitebuild/run_pyodide.mjs, reading them with tests/node/parity_snippet.py's own decoder.
tests/test_fuzz_slice.py runs a small seeded slice of the CPython side in CI.
"""

from __future__ import annotations

import argparse
import base64
import copy
import datetime as dt
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from castform.check import check  # noqa: E402
from castform.examples import examples_dir  # noqa: E402
from castform.notice import load_notice  # noqa: E402
from castform.report import Report  # noqa: E402

PARITY_SNIPPET_DIR = ROOT / "tests" / "node"
RUNNER = ROOT / "sitebuild" / "run_pyodide.mjs"
PYODIDE_SNIPPET = Path(__file__).resolve().parent / "fuzz_pyodide.py"
DECIMAL_TAG = "$decimal"  # parity_snippet.untag() turns {"$decimal": "1.50"} back into a Decimal


class _SneakyDecimal(Decimal):
    """A Decimal subclass that lies about itself."""

    def is_finite(self):
        return True

    def adjusted(self):
        return 0

    def __str__(self):
        return "1"


class _SneakyStr(str):
    def strip(self, *args):
        return "1"


# --- the hostile values ---------------------------------------------------------------------

NUMBER_TEXTS = [
    "1e1000000",
    "1e9999999999999999999",
    "-1e9999999999999999999",
    "1e-9999999999999999999",
    "1E+999999999",
    "-0",
    "-0.00",
    "0e999999999999",
    "0E-5",
    "NaN",
    "-Infinity",
    "Infinity",
    "sNaN",
    "inf",
    "1_000",
    "１２３",
    "١٢٣",
    "1,500.50",
    "  12  ",
    "",
    " ",
    "999999999999.99",
    "1000000000000",
    "999999999999.995",
    "0.001",
    "1e-2",
    "+5",
    ".5",
    "5.",
    "0x10",
    "1e",
    "--1",
    "1.2.3",
    "12元",
    "一千",
    "1e30",
    "-5",
    "0",
    "0.01",
    "1E+2",
]
STRINGS = [
    "\x1b[2J\x1b[1A\x1b[32m可以报送\x1b[0m",
    "\x07\x07",
    "\x00",
    "a\x00b",
    "\u202egnp.exe",
    "\u2066x\u2069",
    "\x9b31m",
    "\ud800",
    "x\udfffy",
    "\ud83d\ude00",
    "😀" * 3,
    "\u2028\u2029",
    "\ufeff",
    "\r\n",
    "\t",
    " ",
    "<img src=x onerror=alert(1)>",
    "{{7*7}}",
    "${x}",
    "' OR 1=1 --",
    "中国科协农林水学会联合体",
    "中国农学会",
    "项目管理费",
    "秘书处在编人员工资",
    "不含项目管理费",
    "基建改造",
    "南非拆除",
    "捐赠",
    "工资",
    "装修",
    "𠀀" * 150,
    "x" * 201,
    "字" * 5001,
    "\u0301" * 50,
]
DATES = [
    "2021-02-30",
    "2021-6-7",
    "0001-01-01",
    "9999-12-31",
    "2021-06-08T00:00",
    "2021-06-08",
    "2021-06-09",
    "2021-05-01",
    "2020-12-31",
    "2021-13-01",
    "",
    "昨天",
    20210608,
]
CHOICES = [
    "brand",
    "infrastructure",
    "tech-economy",
    "think-tank",
    "international",
    "meeting",
    "travel",
    "labour",
    "management-fee",
    "other",
    "office",
    "1",
    "2",
    "3",
    "senior",
    "other",
    "castform-application/1",
    "cast-2021-52",
    "cast-2099-1",
    "Brand",
    "meetings",
]


def _deep(rng: random.Random, depth: int):
    value: object = rng.choice([1, "x", None, [], {}])
    for _ in range(depth):
        value = [value] if rng.random() < 0.5 else {"a": value}
    return value


def hostile_value(rng: random.Random, *, python: bool = True):
    """One value from the pools; `python` allows values only a Python caller can pass."""
    roll = rng.random()
    if roll < 0.30:
        return rng.choice(NUMBER_TEXTS)
    if roll < 0.42:
        return rng.choice(STRINGS)
    if roll < 0.50:
        return rng.choice(DATES)
    if roll < 0.58:
        return rng.choice(CHOICES)
    if roll < 0.70:
        return rng.choice(
            [
                Decimal("1e1000000"),
                Decimal("NaN"),
                Decimal("sNaN"),
                Decimal("-0"),
                Decimal("-Infinity"),
                Decimal("999999999999.99"),
                Decimal("1E+999999999"),
                Decimal("0.001"),
                Decimal("5"),
            ]
        )
    if roll < 0.78:
        return rng.choice([0, -1, 1, 10**12, 10**30, -(10**50), 2**63, True, False, 1.5, float("nan"), float("inf"), -0.0, 1e308])
    if roll < 0.86:
        return rng.choice(
            [
                None,
                [],
                {},
                [1, 2],
                {"a": 1},
                [None],
                [{}],
                "".join(rng.choice("0123456789.eE-+") for _ in range(rng.randint(1, 30))),
            ]
        )
    if roll < 0.90:
        return _deep(rng, rng.choice([5, 30, 70, 300] + ([1500, 5000] if python else [])))
    if roll < 0.94:
        return "9" * rng.choice([13, 40, 41, 400, 5000]) if rng.random() < 0.5 else rng.choice(STRINGS) * rng.randint(2, 400)
    if python:
        return rng.choice(
            [
                _SneakyDecimal("1e1000000"),
                _SneakyDecimal("NaN"),
                _SneakyStr("1e99"),
                (1, 2),
                {1, 2},
                b"12",
                object(),
                Decimal("1e9999999"),
            ]
        )
    return rng.choice(NUMBER_TEXTS)


# --- mutating an application --------------------------------------------------------------------


def _containers(value, path=(), limit: int = 20_000):
    """(path, container) for the first `limit` dicts and lists in `value` (iteratively)."""
    stack = [(path, value)]
    out = []
    while stack and len(out) < limit:
        here, node = stack.pop()
        if isinstance(node, dict):
            out.append((here, node))
            stack.extend((here + (k,), v) for k, v in node.items())
        elif isinstance(node, list):
            out.append((here, node))
            stack.extend((here + (i,), v) for i, v in enumerate(node))
    return out


def mutate(rng: random.Random, data: dict, *, python: bool) -> dict:
    for _ in range(rng.randint(1, 6)):
        containers = _containers(data)
        _, node = rng.choice(containers)
        op = rng.random()
        if op < 0.55 and node:  # replace a value
            key = rng.choice(list(node)) if isinstance(node, dict) else rng.randrange(len(node))
            node[key] = hostile_value(rng, python=python)
        elif op < 0.65 and isinstance(node, dict) and node:  # remove a key
            node.pop(rng.choice(list(node)))
        elif op < 0.75 and isinstance(node, dict):  # an unknown key
            node[rng.choice(["ammount", "x", rng.choice(STRINGS)[:20], "lines", "budget"])] = hostile_value(rng, python=python)
        elif op < 0.85 and isinstance(node, list) and node:  # many copies of a row
            # Copies one level deep (a row's own values are shared): sharing whole subtrees
            # across lists of lists grew the input exponentially, not the check.
            item = rng.choice(node)
            count = rng.choice([1, 10, 200, 1100]) if len(node) < 2000 else 1
            node.extend(
                dict(item) if isinstance(item, dict) else list(item) if isinstance(item, list) else item for _ in range(count)
            )
        elif op < 0.92 and node:  # wrap a value in a list or an object
            key = rng.choice(list(node)) if isinstance(node, dict) else rng.randrange(len(node))
            node[key] = [node[key]] if rng.random() < 0.5 else {"value": node[key]}
        else:  # a budget field to a hostile value, where the rules read it
            lines = data.get("budget", {}).get("lines") if isinstance(data.get("budget"), dict) else None
            if isinstance(lines, list) and lines and isinstance(lines[0], dict):
                row = rng.choice(lines)
                if isinstance(row, dict):
                    row[
                        rng.choice(
                            [
                                "unit_price",
                                "quantity",
                                "times",
                                "amount",
                                "category",
                                "item",
                                "basis",
                                "meeting_class",
                                "expert_title",
                                "confirmation",
                            ]
                        )
                    ] = hostile_value(rng, python=python)
            elif isinstance(data.get("budget"), dict):
                data["budget"]["declared_total"] = hostile_value(rng, python=python)
    return data


# --- writing JSON text by hand (numbers as raw tokens) -------------------------------------------

MAX_TEXT = 8_000_000  # characters of JSON text a generated input may have (4 × the intake's limit)


class _Token(str):
    """Punctuation of the JSON being written (not a value)."""


def json_text(value, rng: random.Random) -> str:
    """JSON text with Decimals written as raw number tokens (as a file would hold them)."""
    parts: list[str] = []
    size = counted = 0
    stack = [value]
    while stack and size <= MAX_TEXT:  # shared subtrees can expand beyond any file: cut (the JSON breaks, as a file can)
        if len(parts) > counted:  # each step writes at most one part
            size, counted = size + len(parts[-1]), len(parts)
        node = stack.pop()
        if type(node) is _Token:
            parts.append(str.__str__(node))
        elif isinstance(node, dict):
            items = list(node.items())
            stack.append(_Token("}"))
            for i, (key, item) in enumerate(reversed(items)):
                stack.append(item)
                stack.append(_Token(json.dumps(str(key)) + ":"))
                if i < len(items) - 1:
                    stack.append(_Token(","))
            stack.append(_Token("{"))
        elif isinstance(node, (list, tuple)):
            stack.append(_Token("]"))
            for i, item in enumerate(reversed(node)):
                stack.append(item)
                if i < len(node) - 1:
                    stack.append(_Token(","))
            stack.append(_Token("["))
        elif isinstance(node, Decimal):
            parts.append(str(node) if node.is_finite() or rng.random() < 0.5 else "NaN")
        elif isinstance(node, bool) or node is None:
            parts.append(json.dumps(node))
        elif isinstance(node, int):
            parts.append(str(node) if abs(node) < 10**4000 else "1e4000")
        elif isinstance(node, float):
            parts.append(json.dumps(node))  # NaN and Infinity as Python writes them
        elif isinstance(node, str):
            parts.append(json.dumps(node, ensure_ascii=rng.random() < 0.5))
        else:
            parts.append(json.dumps(str(node)))
    return "".join(parts)


RAW_TOKENS = [
    "1e99999999",
    "1e9999999999999999999",
    "-1E-400",
    "-0",
    "1E400",
    "9" * 5000,
    "NaN",
    "Infinity",
    "-Infinity",
    "01",
    "1.",
    ".5",
    "-",
    "1e",
    "123456789012345678901234567890.123",
    "0." + "0" * 60 + "1",
]


def _replace_a_number(rng: random.Random, text: str) -> str:
    import re

    numbers = [m for m in re.finditer(r"(?<=[:\[,])\s*-?[0-9][0-9.eE+-]*", text)]
    if not numbers:
        return text.replace('"budget": {', '"budget": {"declared_total": ' + rng.choice(RAW_TOKENS) + ", ", 1)
    match = rng.choice(numbers)
    return text[: match.start()] + rng.choice(RAW_TOKENS) + text[match.end() :]


# --- the generator ---------------------------------------------------------------------------


@dataclass
class Case:
    kind: str
    value: object
    on: dt.date | None = None


def load_examples() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8"), parse_float=Decimal) for p in sorted(examples_dir().glob("*.json"))]


def _numbers_as_decimals(data):
    """Examples hold amounts as strings; half the time write them as JSON numbers instead."""
    for _, node in _containers(data):
        keys = list(node) if isinstance(node, dict) else range(len(node))
        for key in keys:
            item = node[key]
            if isinstance(item, str) and item.replace(".", "", 1).isdigit():
                node[key] = Decimal(item)
    return data


def generate(rng: random.Random, examples: list[dict], *, python: bool = True) -> Case:
    """One hostile input. `python=False`: only what JSON text, bytes or a JSON-able dict can
    carry (the Pyodide side), and nesting kept within Pyodide's smaller stack for the dicts."""
    base = copy.deepcopy(rng.choice(examples))
    if rng.random() < 0.5:
        base = _numbers_as_decimals(base)
    on = rng.choice([None, None, dt.date(2021, 6, 8), dt.date(2021, 6, 9), dt.date(1, 1, 1), dt.date(9999, 12, 31)])
    roll = rng.random()
    if roll < 0.35:
        return Case("mutated dict", mutate(rng, base, python=python), on)
    if roll < 0.65:
        text = json_text(mutate(rng, base, python=False), rng)
        if rng.random() < 0.4:
            text = _replace_a_number(rng, text)
        return Case("mutated JSON text", text, on)
    if roll < 0.72:
        raw = bytearray(json_text(base, rng).encode("utf-8"))
        for _ in range(rng.randint(1, 8)):
            at = rng.randrange(len(raw))
            edit = rng.random()
            if edit < 0.4:
                raw[at] = rng.randrange(256)
            elif edit < 0.7:
                del raw[at : at + rng.randint(1, 20)]
            else:
                raw[at:at] = rng.randbytes(rng.randint(1, 8))
        return Case("mutated bytes", bytes(raw), on)
    if roll < 0.76:
        return Case("random bytes", rng.randbytes(rng.choice([0, 1, 2, 10, 100, 1000])), on)
    if roll < 0.80:
        depth = rng.choice([63, 64, 65, 200, 700, 5000, 100_000])
        opener, closer = rng.choice([("[", "]"), ('{"a":', "}")])
        where = rng.choice(["title", "budget", "x"])
        return Case("deep JSON text", f'{{"{where}": ' + opener * depth + "1" + closer * depth + "}", on)
    if roll < 0.84:
        encoding = rng.choice(["utf-16", "utf-16-le", "utf-16-be", "utf-32", "gb18030", "latin-1", "utf-8-sig"])
        text = json.dumps(base, ensure_ascii=False, default=str)
        return Case(f"encoded {encoding}", text.encode(encoding, "replace"), on)
    if roll < 0.88:
        count = rng.choice([0, 1, 999, 1000, 1001, 1200])
        row = rng.choice(base["budget"]["lines"]) if base.get("budget", {}).get("lines") else {"amount": "1"}
        base.setdefault("budget", {})["lines"] = [dict(row) for _ in range(count)]
        return Case(f"{count} budget lines", base if rng.random() < 0.5 else json_text(base, rng), on)
    if roll < 0.92:
        return Case(
            "top-level value",
            rng.choice(
                [
                    None,
                    [],
                    "",
                    "{}",
                    "[]",
                    "null",
                    "1",
                    '"x"',
                    1,
                    Decimal(1),
                    [base],
                    "{" * 3,
                    '{"format": "other/1"}',
                    '{"format": ' + "[" * 60 + "]" * 60 + "}",
                    {"format": _deep(rng, 500 if python else 50)},
                ]
            ),
            on,
        )
    if roll < 0.96:
        base[rng.choice(["title", "summary", "consortium", "expected_outcomes"])] = rng.choice(STRINGS) * rng.randint(1, 3000)
        return Case("long strings", base if rng.random() < 0.5 else json_text(base, rng), on)
    value = {
        rng.choice(["title", "budget", "lead_unit", "participants", "period", "x"]): hostile_value(rng, python=python)
        for _ in range(rng.randint(1, 4))
    }
    return Case("few hostile fields", value if python or rng.random() < 0.5 else json_text(value, rng), on)


# --- running ---------------------------------------------------------------------------------


def verify(report: object) -> None:
    """What a report must be, or AssertionError: the fault the fuzz counts."""
    if not isinstance(report, Report):
        raise AssertionError(f"check() returned {type(report).__name__}, not a Report")
    report.model_dump_json().encode("utf-8")
    counts = report.counts
    if counts.error + counts.warning + counts.info != len(report.findings):
        raise AssertionError("counts do not add up to the findings")
    blocking = any(getattr(f, "blocking", f.severity == "error") for f in report.findings)
    if report.ready == blocking:
        raise AssertionError(f"ready={report.ready} with blocking findings={blocking}")


def describe(case: Case, limit: int = 160) -> str:
    value = case.value
    if isinstance(value, (bytes, str)):
        shown = repr(value[:limit]) + (f"… ({len(value):,} in all)" if len(value) > limit else "")
    else:
        try:
            shown = json.dumps(value, ensure_ascii=True, default=repr)
        except (ValueError, RecursionError):
            shown = repr(type(value))
        shown = shown[:limit] + ("…" if len(shown) > limit else "")
    return f"[{case.kind}] {shown}"


@dataclass
class Outcome:
    count: int = 0
    crashes: list[tuple[str, str]] = field(default_factory=list)
    slowest: tuple[float, str] = (0.0, "")
    seconds: float = 0.0
    kinds: dict[str, int] = field(default_factory=dict)
    kind_seconds: dict[str, float] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # inputs the platform could not build

    def add(self, kind: str, seconds: float, shown) -> None:
        self.count += 1
        self.kinds[kind] = self.kinds.get(kind, 0) + 1
        self.kind_seconds[kind] = self.kind_seconds.get(kind, 0.0) + seconds
        if seconds > self.slowest[0]:
            self.slowest = (seconds, shown() if callable(shown) else shown)


def run(count: int, seed: int, notice=None, *, progress: bool = False) -> Outcome:
    notice = notice or load_notice()
    rng = random.Random(seed)
    examples = load_examples()
    outcome = Outcome()
    started = time.perf_counter()
    for n in range(count):
        case = generate(rng, examples)
        t0 = time.perf_counter()
        try:
            verify(check(case.value, notice, on=case.on))
        except Exception:  # noqa: BLE001 — what the fuzz is looking for
            outcome.crashes.append((describe(case), traceback.format_exc(limit=-6)))
        outcome.add(case.kind, time.perf_counter() - t0, lambda: describe(case))
        if progress and (n + 1) % 10_000 == 0:
            print(
                f"  {n + 1:,} inputs, {len(outcome.crashes)} crashes, {time.perf_counter() - started:.0f} s",
                file=sys.stderr,
                flush=True,
            )
    outcome.seconds = time.perf_counter() - started
    return outcome


# --- the same on Pyodide ------------------------------------------------------------------------


def _tagged(value):
    """A dict as JSON-able data keeping its Decimals (parity_snippet.untag reads it back)."""
    if isinstance(value, dict):
        if set(value) == {DECIMAL_TAG}:
            return {"wrapped": _tagged(value[DECIMAL_TAG])}
        return {str(key): _tagged(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_tagged(item) for item in value]
    if isinstance(value, Decimal):
        return {DECIMAL_TAG: str(value)}
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**300:
        return str(value)
    return value


def pyodide_jobs(count: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    examples = load_examples()
    jobs = []
    for n in range(count):
        case = generate(rng, examples, python=False)
        value = case.value
        if isinstance(value, bytes):
            spec = {"bytes_b64": base64.b64encode(value).decode("ascii")}
        elif isinstance(value, str):
            spec = {"text": value}
        else:
            spec = {"tagged": _tagged(value)}
        jobs.append(
            {
                "id": f"{n}",
                "kind": case.kind,
                "describe": describe(case),
                "call": "check",
                "input": spec,
                "on": case.on.isoformat() if case.on else None,
            }
        )
    return jobs


def run_pyodide(count: int, seed: int) -> Outcome:
    if shutil.which("node") is None:
        raise SystemExit("node is not installed: cannot run Pyodide")
    from sitebuild.engine import build_castform_wheel, vendor_engine

    jobs = pyodide_jobs(count, seed)
    with tempfile.TemporaryDirectory(prefix="castform-fuzz-") as scratch_name:
        scratch = Path(scratch_name)
        wheel = build_castform_wheel(scratch / "dist")
        vendor_engine(scratch / "site", wheel, ROOT / ".build-cache")
        shared = scratch / "jobs"
        shared.mkdir()
        (shared / "jobs.json").write_text(
            json.dumps([{k: j[k] for k in ("id", "call", "input", "on")} for j in jobs], ensure_ascii=True), encoding="utf-8"
        )
        command = [
            "node",
            str(RUNNER),
            "--mount",
            f"{shared}:/fuzz",
            "--mount",
            f"{PARITY_SNIPPET_DIR}:/parity_snippet",
            "--mount",
            f"{PYODIDE_SNIPPET.parent}:/fuzz_snippet",
            str(scratch / "site" / "engine"),
            str(PYODIDE_SNIPPET),
            "/fuzz/jobs.json",
        ]
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, timeout=3600, cwd=ROOT)
        seconds = time.perf_counter() - started
    stderr = done.stderr.decode("utf-8", "replace")
    if done.returncode != 0:
        raise SystemExit(f"node exited with {done.returncode}:\n{stderr[-4000:]}")
    records = [json.loads(line) for line in done.stdout.decode("ascii").splitlines()]
    if not records or records[-1].get("id") != "__done__":
        raise SystemExit(f"the Pyodide run stopped early:\n{stderr[-4000:]}")
    by_id = {job["id"]: job for job in jobs}
    outcome = Outcome(seconds=seconds)
    for record in records:
        job = by_id.get(record["id"])
        if job is None:
            continue
        if "skipped" in record:
            outcome.skipped.append(f"{job['describe']}: {record['skipped']}")
            continue
        if "error" in record:
            outcome.crashes.append((job["describe"], record["error"]))
        outcome.add(job["kind"], record["ms"] / 1000, job["describe"])
    if outcome.count + len(outcome.skipped) != len(jobs):
        outcome.crashes.append(("(the run)", f"{len(jobs) - outcome.count - len(outcome.skipped)} inputs got no answer"))
    return outcome


def report(title: str, outcome: Outcome) -> None:
    print(f"{title}: {outcome.count:,} inputs in {outcome.seconds:.1f} s, crashes: {len(outcome.crashes)}")
    print(f"  slowest: {outcome.slowest[0] * 1000:.1f} ms  {outcome.slowest[1]}")
    if outcome.skipped:
        print(f"  skipped {len(outcome.skipped)} inputs this platform cannot build, e.g. {outcome.skipped[0][-120:]}")
    print(
        "  by kind (inputs, mean ms): "
        + ", ".join(
            f"{kind} {n:,} {outcome.kind_seconds[kind] / n * 1000:.1f}"
            for kind, n in sorted(outcome.kinds.items(), key=lambda kv: -kv[1])
        )
    )
    for shown, error in outcome.crashes[:10]:
        print(f"  CRASH {shown}\n    " + error.strip().replace("\n", "\n    "))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100_000, help="inputs on CPython (default 100,000)")
    parser.add_argument("--seed", type=int, default=20210608)
    parser.add_argument("--pyodide", type=int, default=0, metavar="N", help="also run N inputs on Pyodide")
    args = parser.parse_args(argv)
    crashes = 0
    if args.count:
        outcome = run(args.count, args.seed, progress=True)
        report(f"CPython {sys.version.split()[0]}, seed {args.seed}", outcome)
        crashes += len(outcome.crashes)
    if args.pyodide:
        outcome = run_pyodide(args.pyodide, args.seed + 1)
        report(f"Pyodide (node, all in), seed {args.seed + 1}", outcome)
        crashes += len(outcome.crashes)
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
