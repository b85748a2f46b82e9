"""Ship the engine's Python as 3.14 bytecode, compiled by Pyodide itself at build time.

Why: Pyodide's npm package carries its standard library as sources only, and the wheels
on PyPI are sources too, so every start of the worker compiled ~250 modules before the
first check (about 1 s of a ~2.5 s start in Chromium; bench/checker_bench.py). Two
products, both cached in CACHE/bytecode/:

- each wheel with its modules as .pyc (same file name; keyed by the source wheel's
  sha256), without the parts no code of the engine can import (LEFT_OUT below) and
  without the long description in its METADATA;
- a copy of the runtime's python_stdlib.zip in which the modules the worker imports (at
  boot and while checking the examples) are .pyc, the other modules that the served
  wheels can reach stay sources, and the rest are left out (keyed by the engine's lock
  file, so by every wheel, and by the examples). The worker passes it to loadPyodide as
  stdLibURL; the runtime folder keeps Pyodide's own files unchanged.

Which standard library modules are "reachable" is found statically, inside Pyodide
(`reachable_stdlib`): every import statement in every served wheel's code and, from
there, in the standard library's own modules, function bodies (error paths) included,
to a fixed point; plus what the checker imported on the examples, the codecs (looked up
by name) and a short list of modules a future feature will want. A wheel added to the
lock later (XlsxWriter, say) brings its own imports into that set by itself.

Bytecode zips less well than source, so compiling costs bytes (wheels 2.1 → 2.6 MB);
leaving out what cannot run saves more (README "Engine bytes" has the figures).
sitebuild/bytecode_in_pyodide.py is the half that runs inside Pyodide.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from .wheelmeta import sha256_of

HERE = Path(__file__).resolve().parent
RUNNER = HERE / "run_pyodide.mjs"
COMPILER = HERE / "bytecode_in_pyodide.py"


# Files of a wheel the site does not serve: no module of the engine imports them.
# pydantic.v1 is the whole of pydantic 1 (~300 kB zipped), imported only to tell a
# pydantic-1 model apart when one is mixed in (castform has none: its models are built
# when castform is imported, so no input can get there); pydantic.mypy is mypy's plugin.
# pydantic.experimental is imported by no module of pydantic's, nor by castform.
# castform's command line (and `python -m castform`) never runs in the browser; leaving it
# out also leaves out argparse and what argparse reaches.
LEFT_OUT = {
    "pydantic": ["pydantic/v1/", "pydantic/mypy.py", "pydantic/experimental/"],
    # XlsxWriter's command-line script (vba_extract.py), which no module imports.
    "xlsxwriter": ["xlsxwriter-3.3.1.data/"],
    "castform": ["castform/cli.py", "castform/cli_documents.py", "castform/__main__.py"],
}
# Wheels whose bytecode keeps its docstrings: castform's own (a model's docstring may
# become a description in its JSON Schema). The others are compiled as `python -OO`
# would (docstrings only; asserts stay), which saves ~15 % of their bytes.
KEEP_DOCSTRINGS = ("castform",)


def _options_by_file(wheels: list[Path]) -> dict[str, dict]:
    options = {}
    for wheel in wheels:
        project = wheel.name.split("-", 1)[0].lower().replace("_", "-")
        options[wheel.name] = {"left_out": LEFT_OUT.get(project, []), "docstrings": project in KEEP_DOCSTRINGS}
    return options


def _step_key(*parts: str) -> str:
    step = hashlib.sha256(RUNNER.read_bytes() + COMPILER.read_bytes() + json.dumps([LEFT_OUT, KEEP_DOCSTRINGS]).encode())
    for part in parts:
        step.update(part.encode())
    return step.hexdigest()[:16]


def compile_wheels(wheels: list[Path], runtime_dir: Path, runtime_version: str, cache_dir: Path) -> dict[Path, Path]:
    """Map each source wheel to its bytecode twin (same file name), compiling only the new ones."""
    targets = {}
    for wheel in wheels:
        key = _step_key(runtime_version, sha256_of(wheel))
        targets[wheel] = Path(cache_dir) / "bytecode" / key / wheel.name
    missing = [w for w in wheels if not targets[w].exists()]
    if missing:
        with tempfile.TemporaryDirectory() as scratch:
            source, out = Path(scratch, "in"), Path(scratch, "out")
            source.mkdir()
            out.mkdir()
            for wheel in missing:
                shutil.copyfile(wheel, source / wheel.name)
            Path(scratch, "options.json").write_text(json.dumps(_options_by_file(missing)))
            # One Node process for all of them (booting Pyodide takes seconds).
            _run_in_pyodide(
                runtime_dir, scratch, "wheels", "/work/options.json", "/work/in", "/work/out", *(w.name for w in missing)
            )
            for wheel in missing:
                _put_in_cache(out / wheel.name, targets[wheel])
    return targets


def compile_stdlib(engine_dir: Path, lock_sha256: str, examples_dir: Path, cache_dir: Path) -> Path:
    """The runtime's standard library zip: the checker's modules as bytecode, the other
    reachable ones as source, nothing else.

    engine_dir is a vendored engine (manifest.json, runtime, our lock and wheels): the
    modules to compile are found by running the checker on it.
    """
    examples = sorted(Path(examples_dir).glob("*.json"))
    key = _step_key(lock_sha256, *(sha256_of(e) for e in examples))
    target = Path(cache_dir) / "bytecode" / key / "python_stdlib.zip"
    if not target.exists():
        with tempfile.TemporaryDirectory() as scratch:
            shutil.copytree(examples_dir, Path(scratch, "examples"))
            _run_in_pyodide(engine_dir, scratch, "stdlib", "/work/examples", "/work/stdlib.zip")
            _put_in_cache(Path(scratch, "stdlib.zip"), target)
    return target


def _run_in_pyodide(engine_or_runtime: Path, scratch: str, *args: str) -> None:
    # The scratch folder is mounted into Pyodide's file system at /work.
    command = [
        "node",
        str(RUNNER),
        "--env",
        "PYTHONHASHSEED=0",
        "--mount",
        f"{scratch}:/work",
        str(engine_or_runtime),
        str(COMPILER),
        *args,
    ]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"compiling to bytecode failed ({args[0]}):\n{result.stderr}")


def _put_in_cache(built: Path, target: Path) -> None:
    # Move into place last: a cache entry exists only once it is complete.
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    shutil.copyfile(built, partial)
    partial.replace(target)
