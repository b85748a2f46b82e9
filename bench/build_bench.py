"""How long the site takes to build.

Times, side by side in one run:
  - a full `python build.py` cold: fresh cache folder, fresh output folder;
  - the same warm: the cache and the output from a previous run (median of --rounds);
  - a bare `mkdocs build` of the same mkdocs.yml and docs (median of --rounds), i.e. the
    MkDocs part alone, without build.py's other steps.
Each run is a fresh process, as a maintainer or CI runs it. Target: warm full build ≤ 15 s.

    python bench/build_bench.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_WARM_S = 15.0


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stdout}\n{result.stderr}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="castform-bench-") as scratch:
        scratch = Path(scratch)
        full = [sys.executable, "build.py", "--site-dir", str(scratch / "site"), "--cache-dir", str(scratch / "cache")]
        bare = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(scratch / "bare")]

        cold = timed(full)
        warm, plain = [], []
        for _ in range(args.rounds):  # alternate, so both see the same machine state
            warm.append(timed(full))
            plain.append(timed(bare))

    warm_s, plain_s = statistics.median(warm), statistics.median(plain)
    print(f"{'build':<34}{'seconds':>9}")
    print(f"{'build.py, cold (fresh cache)':<34}{cold:>9.2f}")
    print(f"{'build.py, warm (median of ' + str(args.rounds) + ')':<34}{warm_s:>9.2f}")
    print(f"{'mkdocs build, bare (median of ' + str(args.rounds) + ')':<34}{plain_s:>9.2f}")
    print(
        f"warm full build {'within' if warm_s <= TARGET_WARM_S else 'OVER'} the {TARGET_WARM_S:.0f} s target; "
        f"build.py adds {warm_s - plain_s:+.2f} s to MkDocs"
    )
    return 0 if warm_s <= TARGET_WARM_S else 1


if __name__ == "__main__":
    sys.exit(main())
