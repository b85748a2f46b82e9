"""The Pyodide side of bench/fuzz.py, run by sitebuild/run_pyodide.mjs:

    run_pyodide.mjs --mount JOBS_DIR:/fuzz --mount tests/node:/parity_snippet \\
        --mount bench:/fuzz_snippet ENGINE_DIR bench/fuzz_pyodide.py /fuzz/jobs.json

The jobs are written as tests/test_parity.py writes them and read with
tests/node/parity_snippet.py's own decoder (imported, not copied). Prints one JSON line per
job, {"id", "ms"} and "error" (the traceback) when check() raised or its report is not
sound, or "skipped" when the input itself cannot be built here (Decimal("1E+999999999")
is beyond wasm32's exponent limit), then {"id": "__done__", "jobs": N}.
"""

import datetime as dt
import json
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, "/parity_snippet")

from parity_snippet import decode, emit  # noqa: E402


def main(job_file):
    jobs = json.loads(Path(job_file).read_text(encoding="utf-8"))
    from castform.check import check
    from castform.notice import load_notice

    notice = load_notice()
    for job in jobs:
        started = time.perf_counter()
        record = {"id": job["id"]}
        try:
            value = decode(job["input"])
        except Exception as error:  # a value this platform cannot even build (Decimal's limits on wasm32)
            record["skipped"] = f"{type(error).__name__}: {error}"
            emit(record)
            continue
        try:
            report = check(value, notice, on=dt.date.fromisoformat(job["on"]) if job["on"] else None)
            report.model_dump_json().encode("utf-8")
            counts = report.counts
            assert counts.error + counts.warning + counts.info == len(report.findings), "counts"
            assert report.ready != any(f.blocking for f in report.findings), "ready"
        except Exception:
            record["error"] = traceback.format_exc(limit=-6)
        record["ms"] = round((time.perf_counter() - started) * 1000, 2)
        emit(record)
    emit({"id": "__done__", "jobs": len(jobs)})


if __name__ == "__main__":
    main(sys.argv[1])
