"""Run on Pyodide by tests/test_parity.py (through sitebuild/run_pyodide.mjs).

    run_pyodide.mjs --mount HOST_TMP:/parity ENGINE_DIR parity_snippet.py /parity/jobs.json

Reads the jobs that tests/test_parity.py wrote on the CPython side, runs each one on the
castform wheel installed in this Pyodide, and prints one JSON line per job to stdout:

    {"id": "__env__", ...}                  first: where this runs (Python, platform, versions)
    {"id": JOB_ID, "out": TEXT}             the function's JSON text, unchanged
    {"id": JOB_ID, "error": TRACEBACK}      if the call raised (a check must never raise)
    {"id": "__done__", "jobs": N, "ms": T}  last: proof that the loop ran to the end

A job is {"id", "call", "input", "on"}: `call` is check, check_json or read_import;
`input` is {"text": str}, {"bytes_b64": str} or {"tagged": value} (a dict case with its
Python types kept: {"$decimal": "1.50"} is Decimal("1.50"), a JSON float is a float).
Lines are printed with ensure_ascii, so stdout is plain ASCII whatever the reports hold.
"""

import base64
import datetime as dt
import json
import platform
import sys
import time
import traceback
from decimal import Decimal
from pathlib import Path

DECIMAL_TAG = "$decimal"


def untag(value):
    if isinstance(value, dict):
        if set(value) == {DECIMAL_TAG}:
            return Decimal(value[DECIMAL_TAG])
        return {key: untag(item) for key, item in value.items()}
    if isinstance(value, list):
        return [untag(item) for item in value]
    return value


def decode(spec):
    ((kind, value),) = spec.items()
    if kind == "text":
        return value
    if kind == "bytes_b64":
        return base64.b64decode(value)
    if kind == "tagged":
        return untag(value)
    raise ValueError(f"unknown input kind {kind!r}")


def emit(record):
    sys.stdout.write(json.dumps(record, ensure_ascii=True) + "\n")


def environment():
    import pydantic
    import pydantic_core

    import castform

    try:
        import pyodide

        pyodide_version = getattr(pyodide, "__version__", "?")
    except ImportError:
        pyodide_version = None
    return {
        "id": "__env__",
        "python": list(sys.version_info[:3]),
        "implementation": sys.implementation.name,
        "platform": sys.platform,
        "system": platform.system(),
        "machine": platform.machine(),
        "pyodide": pyodide_version,
        "castform_file": castform.__file__,
        "pydantic": pydantic.VERSION,
        "pydantic_core": pydantic_core.__version__,
    }


def main(job_file):
    jobs = json.loads(Path(job_file).read_text(encoding="utf-8"))
    emit(environment())

    from castform.browser import check_json, read_import
    from castform.check import check
    from castform.notice import load_notice

    notice = load_notice()
    started = time.perf_counter()
    for job in jobs:
        try:
            value = decode(job["input"])
            on = job.get("on")
            if job["call"] == "check":
                out = check(value, notice, on=dt.date.fromisoformat(on) if on else None).model_dump_json()
            elif job["call"] == "check_json":
                out = check_json(value, on)
            elif job["call"] == "read_import":
                out = read_import(value)
            else:
                raise ValueError(f"unknown call {job['call']!r}")
            emit({"id": job["id"], "out": out})
        except Exception:
            emit({"id": job["id"], "error": traceback.format_exc()})
    emit({"id": "__done__", "jobs": len(jobs), "ms": round((time.perf_counter() - started) * 1000)})


if __name__ == "__main__":
    main(sys.argv[1])
