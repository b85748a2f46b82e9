"""Ship the engine's wheels as Python 3.14 bytecode, compiled by Pyodide itself at build time.

Why: in the browser, compiling pydantic's and castform's sources on import was ~0.3 s of
the checker's ~0.55 s of Python start-up (bench/checker_bench.py; sitebuild/
bytecode_in_pyodide.py has the details). The cost: the wheels grow from 2.1 to 2.6 MB
(bytecode zips less well than source), which a first visit downloads once.

Compiled wheels are cached in CACHE/bytecode/<key>/, the key being the source wheel's
sha256, the runtime's version and this step's own code, so a warm build does not start
Node at all.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
from pathlib import Path

from .wheelmeta import sha256_of

HERE = Path(__file__).resolve().parent
RUNNER = HERE / "run_pyodide.mjs"
COMPILER = HERE / "bytecode_in_pyodide.py"


def compile_wheels(wheels: list[Path], runtime_dir: Path, runtime_version: str, cache_dir: Path) -> dict[Path, Path]:
    """Map each source wheel to its bytecode twin (same file name), compiling only the new ones."""
    step = hashlib.sha256(RUNNER.read_bytes() + COMPILER.read_bytes() + runtime_version.encode())
    targets = {}
    missing = []
    for wheel in wheels:
        key = hashlib.sha256((sha256_of(wheel) + step.hexdigest()).encode()).hexdigest()[:16]
        target = Path(cache_dir) / "bytecode" / key / wheel.name
        targets[wheel] = target
        if not target.exists():
            missing.append(wheel)
    if missing:
        _compile(missing, {w: targets[w] for w in missing}, runtime_dir)
    return targets


def _compile(wheels: list[Path], targets: dict[Path, Path], runtime_dir: Path) -> None:
    # One Node process for all of them (booting Pyodide is ~2 s); the host folder is
    # mounted into Pyodide's file system at /work.
    with tempfile.TemporaryDirectory() as scratch:
        source, out = Path(scratch, "in"), Path(scratch, "out")
        source.mkdir()
        out.mkdir()
        for wheel in wheels:
            shutil.copyfile(wheel, source / wheel.name)
        command = [
            "node", str(RUNNER), "--env", "PYTHONHASHSEED=0", "--mount", f"{scratch}:/work",
            str(runtime_dir), str(COMPILER), "/work/in", "/work/out", *(w.name for w in wheels),
        ]
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"compiling wheels to bytecode failed:\n{result.stderr}")
        for wheel in wheels:
            target = targets[wheel]
            target.parent.mkdir(parents=True, exist_ok=True)
            # Move into place last: a cache entry exists only once it is complete.
            partial = target.with_suffix(".partial")
            shutil.copyfile(out / wheel.name, partial)
            partial.replace(target)
