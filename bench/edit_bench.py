"""An edit's check of a 200-line form, on CPython and on Pyodide (the engine the site ships,
run in Node): the Python half of checker_bench's "edit → DOM", without the browser's noise.

The edits are the ones checker_bench makes on the page — one line's amount, a wrong value
then the right one, line after line — as the whole form's JSON text, which is what the page
sends the worker on every keystroke. For each edit, side by side in one process:
`intake.read` (the whole reading), `Rereader.read` (castform/rereading.py: lines an edit
left alone are not validated again) and `browser.check_json` (what the worker calls: the
reading, every rule, the figures, the page's view). Prints p50 / p95 of each and the ratio
of the two readings.

    python bench/edit_bench.py [--lines 200] [--rounds 5] [--no-pyodide]

Inside Pyodide this same file runs with --inside, reading the edits from a mounted folder.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def edits(lines: int) -> list[str]:
    sys.path.insert(0, str(HERE))
    from checkerbench.workloads import big_application

    data = big_application(lines)
    texts = []
    for n in range(min(lines, 60)):
        line = data["budget"]["lines"][n * lines // 60]
        right = line["amount"]
        for amount in ("1", right):
            line["amount"] = amount
            texts.append(json.dumps(data, ensure_ascii=False))
    return texts


def measure(texts: list[str], rounds: int) -> dict[str, list[float]]:
    """ms per edit of each way, interleaved edit by edit."""
    from castform import browser
    from castform.intake import read
    from castform.rereading import Rereader

    browser.prepare()  # as the worker does once it is up
    rereader = Rereader()
    ways = {"intake.read": read, "Rereader.read": rereader.read, "browser.check_json": browser.check_json}
    for text in texts[:6]:  # warm: the first check of 200 lines validates them all
        for way in ways.values():
            way(text)
    times: dict[str, list[float]] = {name: [] for name in ways}
    for _ in range(rounds):
        for text in texts:
            for name, way in ways.items():
                started = time.perf_counter()
                way(text)
                times[name].append((time.perf_counter() - started) * 1000)
    return times


def summary(where: str, times: dict[str, list[float]]) -> None:
    def quantile(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(len(ordered) * q))]

    print(f"{where}: {len(next(iter(times.values())))} edits")
    for name, values in times.items():
        print(f"  {name:20s} p50 {quantile(values, 0.5):6.2f} ms   p95 {quantile(values, 0.95):6.2f} ms")
    whole, reread = times["intake.read"], times["Rereader.read"]
    print(f"  Rereader.read ÷ intake.read: p50 {quantile(reread, 0.5) / quantile(whole, 0.5):.2f}")


def on_pyodide(texts: list[str], rounds: int) -> dict[str, list[float]]:
    sys.path.insert(0, str(ROOT))
    from sitebuild.engine import build_castform_wheel, vendor_engine

    with tempfile.TemporaryDirectory(prefix="castform-edit-bench-") as scratch_name:
        scratch = Path(scratch_name)
        vendor_engine(scratch / "site", build_castform_wheel(scratch / "dist"), ROOT / ".build-cache")
        shared = scratch / "jobs"
        shared.mkdir()
        (shared / "texts.json").write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        command = [
            "node",
            str(ROOT / "sitebuild" / "run_pyodide.mjs"),
            "--mount",
            f"{shared}:/jobs",
            str(scratch / "site" / "engine"),
            str(HERE / "edit_bench.py"),
            "--inside",
            "/jobs/texts.json",
            str(rounds),
        ]
        done = subprocess.run(command, capture_output=True, timeout=1800, check=False)
    if done.returncode != 0:
        raise SystemExit(f"node exited with {done.returncode}:\n{done.stderr.decode('utf-8', 'replace')[-3000:]}")
    return json.loads(done.stdout.decode("utf-8").splitlines()[-1])


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--inside":  # in Pyodide: the edits, then JSON out
        texts = json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
        print(json.dumps(measure(texts, int(sys.argv[3]))))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-pyodide", action="store_true", help="CPython only")
    args = parser.parse_args()
    texts = edits(args.lines)
    sys.path.insert(0, str(ROOT))
    summary(f"CPython {sys.version.split()[0]}, {args.lines} lines", measure(texts, args.rounds))
    if not args.no_pyodide:
        summary(f"Pyodide (node), {args.lines} lines", on_pyodide(texts, args.rounds))


if __name__ == "__main__":
    main()
