"""CPython and Pyodide give the same bytes: every example and every test case is checked
on both, and the JSON texts must be identical.

The Pyodide side is the engine the site ships: the castform wheel is built from this
source tree and vendored with sitebuild.engine.vendor_engine (the pinned wheels and the
npm runtime), then ONE node process (sitebuild/run_pyodide.mjs) runs
tests/node/parity_snippet.py over all the jobs, which this module writes into a folder
mounted into Pyodide. Node's start-up (~3 s) is paid once.

Skipped only when `node` is not installed. A wheel that does not build or an engine that
does not vendor is a failure, not a skip.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import shutil
import subprocess
import time
from decimal import Decimal
from pathlib import Path

import pydantic
import pydantic_core
import pytest
from casebook import EXAMPLES_DIR, ROOT, case_input, load_cases

from castform.browser import check_json, read_import
from castform.check import check
from sitebuild.engine import PYODIDE_VERSION, build_castform_wheel, vendor_engine

RUNNER = ROOT / "sitebuild" / "run_pyodide.mjs"
SNIPPET = ROOT / "tests" / "node" / "parity_snippet.py"
CACHE_DIR = ROOT / ".build-cache"
GUEST_DIR = "/parity"
DECIMAL_TAG = "$decimal"  # the snippet's untag() turns {"$decimal": "1.50"} back into Decimal


# --- the jobs: built at collection time, so each one is its own test -------------------


def _tagged(value):
    """A case's dict as JSON-able data that keeps its Python types (see parity_snippet.untag)."""
    if isinstance(value, dict):
        assert set(value) != {DECIMAL_TAG}, "a case's data collides with the Decimal tag"
        return {key: _tagged(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_tagged(item) for item in value]
    if isinstance(value, Decimal):
        return {DECIMAL_TAG: str(value)}
    assert value is None or isinstance(value, (str, int, float, bool)), type(value)
    return value


def _json_text(value) -> str:
    """The dict as the JSON text a file would hold: Decimals written as JSON numbers."""
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(k, ensure_ascii=False)}:{_json_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_json_text(item) for item in value) + "]"
    if isinstance(value, Decimal):
        assert value.is_finite(), value
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _jobs() -> list[dict]:
    """Each job: an id, the call, the input on the CPython side and as sent, the date."""
    jobs = []

    def add(label, call, python_input, sent, on=None):
        jobs.append({"id": f"{label} [{call}]", "call": call, "python": python_input, "input": sent, "on": on})

    for path in sorted(EXAMPLES_DIR.glob("*.json")):
        text = path.read_text(encoding="utf-8")
        label = f"examples/{path.name}"
        for call in ("check", "check_json", "read_import"):
            add(label, call, text, {"text": text})

    for case in load_cases():
        label = f"cases/{case['file']}: {case['name']}"
        value = case_input(case)
        on = case.get("on")
        if isinstance(value, bytes):
            add(label, "check", value, {"bytes_b64": base64.b64encode(value).decode("ascii")}, on)
            continue
        if isinstance(value, dict):
            # The dict itself (what tests/test_cases.py checks), then the JSON text of it
            # (what the page's worker gets).
            add(label, "check", value, {"tagged": _tagged(value)}, on)
            label, value = f"{label} (as JSON text)", _json_text(value)
        assert isinstance(value, str), type(value)
        for call in ("check", "check_json", "read_import"):
            add(label, call, value, {"text": value}, on)
    ids = [job["id"] for job in jobs]
    assert len(ids) == len(set(ids)), "two cases share a file and a name"
    return jobs


JOBS = _jobs()
JOBS_BY_ID = {job["id"]: job for job in JOBS}


def _on_cpython(job: dict) -> str:
    on = job["on"]
    if job["call"] == "check":
        return check(job["python"], on=dt.date.fromisoformat(on) if on else None).model_dump_json()
    if job["call"] == "check_json":
        return check_json(job["python"], on)
    if job["call"] == "read_import":
        return read_import(job["python"])
    raise AssertionError(job["call"])


# --- the Pyodide side: one engine, one node process -------------------------------------


@pytest.fixture(scope="session")
def vendored_engine(tmp_path_factory) -> Path:
    """engine/ built from this source tree: castform's wheel and the pinned ones."""
    if shutil.which("node") is None:
        pytest.skip("node is not installed: cannot run the Pyodide engine (CPython-vs-Pyodide parity untested)")
    scratch = tmp_path_factory.mktemp("parity-engine")
    wheel = build_castform_wheel(scratch / "dist")
    vendor_engine(scratch / "site", wheel, CACHE_DIR)
    return scratch / "site" / "engine"


@pytest.fixture(scope="session")
def pyodide_run(vendored_engine, tmp_path_factory) -> dict:
    """Every job run once on Pyodide: {"env": ..., "done": ..., "results": {id: record}}."""
    shared = tmp_path_factory.mktemp("parity-jobs")
    sent = [{"id": j["id"], "call": j["call"], "input": j["input"], "on": j["on"]} for j in JOBS]
    (shared / "jobs.json").write_text(json.dumps(sent, ensure_ascii=True), encoding="utf-8")
    command = [
        "node",
        str(RUNNER),
        "--timings",
        "--mount",
        f"{shared}:{GUEST_DIR}",
        str(vendored_engine),
        str(SNIPPET),
        f"{GUEST_DIR}/jobs.json",
    ]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, timeout=900, cwd=ROOT)
    seconds = time.perf_counter() - started
    stderr = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 0, f"node exited with {done.returncode}:\n{stderr[-4000:]}"
    records = [json.loads(line) for line in done.stdout.decode("ascii").splitlines()]
    assert records and records[0]["id"] == "__env__", f"no environment line first: {records[:1]}\n{stderr[-2000:]}"
    assert records[-1]["id"] == "__done__", f"the snippet stopped early:\n{stderr[-4000:]}"
    results = {r["id"]: r for r in records[1:-1]}
    assert len(results) == len(records) - 2, "a job id was answered twice"
    print(f"\nparity: {len(JOBS)} jobs on Pyodide in {seconds:.1f} s (node, all in); {stderr.strip()}")
    return {"env": records[0], "done": records[-1], "results": results, "seconds": seconds}


# --- the tests ---------------------------------------------------------------------------


def test_snippet_runs_on_pyodide(pyodide_run):
    """Not CPython by mistake: Python 3.14 on Emscripten, the castform from the wheel."""
    env = pyodide_run["env"]
    assert env["python"][:2] == [3, 14], env
    assert env["platform"] == "emscripten", env
    assert env["system"] == "Emscripten" and env["machine"] == "wasm32", env
    assert env["pyodide"] == PYODIDE_VERSION, env
    # Imported from the installed wheel (site-packages inside Pyodide), not a mounted tree.
    assert env["castform_file"].startswith("/lib/python3.14/site-packages/castform/"), env
    # Same validation code on both sides (requirements/dev.txt vs pyodide-wheels.toml):
    # otherwise a difference below would be a version skew, not a castform bug.
    assert (env["pydantic"], env["pydantic_core"]) == (pydantic.VERSION, pydantic_core.__version__), env


def test_every_job_answered(pyodide_run):
    assert pyodide_run["done"]["jobs"] == len(JOBS)
    assert set(pyodide_run["results"]) == set(JOBS_BY_ID)
    examples = list(EXAMPLES_DIR.glob("*.json"))
    assert examples and len(load_cases()) > 50, "nothing much to compare"


@pytest.mark.parametrize("job_id", list(JOBS_BY_ID))
def test_same_bytes_on_pyodide(job_id, pyodide_run):
    job = JOBS_BY_ID[job_id]
    got = pyodide_run["results"].get(job_id)
    assert got is not None, f"Pyodide gave no answer for {job_id}"
    assert "error" not in got, f"raised on Pyodide:\n{got['error']}"
    want = _on_cpython(job)
    json.loads(want)  # both sides give JSON text
    if got["out"] != want:
        # Show the first place they differ, in context, rather than two long lines.
        at = next((i for i, (a, b) in enumerate(zip(got["out"], want)) if a != b), min(len(got["out"]), len(want)))
        pytest.fail(
            f"{job_id}: Pyodide and CPython differ at character {at}:\n"
            f"  pyodide: …{got['out'][max(0, at - 120) : at + 120]}…\n"
            f"  cpython: …{want[max(0, at - 120) : at + 120]}…"
        )


# --- the standard library the engine ships: trimmed to what can be reached ---------------

IMPORT_SNIPPET = ROOT / "tests" / "node" / "import_every_module.py"


def _stdlib_modules(zip_path: Path) -> list[str]:
    import zipfile

    names = set()
    for entry in zipfile.ZipFile(zip_path).namelist():
        if entry.startswith("site-packages/") or not entry.endswith((".py", ".pyc")):
            continue
        stem = entry.rsplit(".", 1)[0].removesuffix("/__init__")
        names.add(stem.replace("/", "."))
    # Modules that act when imported (print, open a browser, start a REPL) are left alone.
    return sorted(n for n in names if n.split(".")[0] not in {"this", "antigravity", "__phello__", "__hello__"})


def _run_snippet(engine: Path, mount: Path, *args: str) -> dict:
    command = ["node", str(RUNNER), "--mount", f"{mount}:{GUEST_DIR}", str(engine), str(IMPORT_SNIPPET), *args]
    done = subprocess.run(command, capture_output=True, timeout=600, cwd=ROOT)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-4000:]
    return json.loads(done.stdout.decode("utf-8").splitlines()[-1])


def test_every_module_of_the_served_stdlib_imports_as_on_the_full_one(vendored_engine, tmp_path):
    """A module the trimmed standard library keeps never misses one it left out: each
    imports on the served engine exactly as it does with Pyodide's whole library."""
    manifest = json.loads((vendored_engine / "manifest.json").read_text(encoding="utf-8"))
    served = _stdlib_modules(vendored_engine / manifest["stdlib"])
    (tmp_path / "modules.json").write_text(json.dumps(served), encoding="utf-8")
    trimmed = _run_snippet(vendored_engine, tmp_path, f"{GUEST_DIR}/modules.json")
    # The same engine with the runtime's own, whole standard library.
    full_engine = tmp_path / "full-engine"
    shutil.copytree(vendored_engine, full_engine, ignore=shutil.ignore_patterns("python_stdlib-*.zip"))
    full_manifest = {**manifest, "stdlib": manifest["runtime"] + "python_stdlib.zip"}
    (full_engine / "manifest.json").write_text(json.dumps(full_manifest), encoding="utf-8")
    full = _run_snippet(full_engine, tmp_path, f"{GUEST_DIR}/modules.json")
    differ = {name: (trimmed[name], full[name]) for name in served if trimmed[name] != full[name]}
    assert not differ
    assert sum(error is None for error in trimmed.values()) > 250


def test_error_paths_of_the_rules_run_on_the_served_stdlib(vendored_engine, tmp_path):
    """What the rules lean on for hostile input (decimal's signals, JSON and TOML errors,
    deep nesting, impossible dates, codecs, tracebacks) and what XlsxWriter will need."""
    results = _run_snippet(vendored_engine, tmp_path, "--error-paths")
    assert results and all(outcome == "ok" for outcome in results.values()), results
