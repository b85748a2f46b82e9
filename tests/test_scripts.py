"""The README's commands work alone, first, on a fresh clone: `scripts/test` sets the
environment up when it is not (no .venv, no node_modules, or pins changed since), and
does not set up again when it is.

Run on a copy of scripts/ with a stand-in scripts/setup (which records that it ran and
creates a .venv whose "python" records its arguments), so that no test installs anything.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

STAND_IN_SETUP = """#!/usr/bin/env bash
set -euo pipefail
cd "$(dirname "$0")/.."
echo setup >> calls.log
mkdir -p .venv/bin node_modules/pyodide
printf '#!/usr/bin/env bash\\necho "python $*" >> calls.log\\n' > .venv/bin/python
chmod +x .venv/bin/python
bash scripts/setup-stamp > .venv/.setup-stamp
"""


def fresh_clone(tmp_path: Path) -> Path:
    clone = tmp_path / "clone"
    shutil.copytree(ROOT / "scripts", clone / "scripts")
    for name in ("requirements/bootstrap.txt", "requirements/dev.txt", "package-lock.json", "pyproject.toml"):
        (clone / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / name, clone / name)
    (clone / "scripts" / "setup").write_text(STAND_IN_SETUP, encoding="utf-8")
    return clone


def run_test_script(clone: Path, *args: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    subprocess.run(
        ["bash", str(clone / "scripts" / "test"), *args], cwd=clone, env=env, check=True, capture_output=True, timeout=60
    )
    return (clone / "calls.log").read_text(encoding="utf-8").splitlines()


def test_scripts_test_sets_up_a_fresh_clone_first_then_runs_pytest(tmp_path):
    clone = fresh_clone(tmp_path)
    assert not (clone / ".venv").exists()
    assert run_test_script(clone, "-k", "x") == ["setup", "python -m pytest -q -k x"]


def test_scripts_test_does_not_set_up_again_while_the_pins_stand(tmp_path):
    clone = fresh_clone(tmp_path)
    run_test_script(clone)
    calls = run_test_script(clone)
    assert calls.count("setup") == 1 and calls[-1] == "python -m pytest -q"


def test_scripts_test_sets_up_again_when_a_pin_changes(tmp_path):
    clone = fresh_clone(tmp_path)
    run_test_script(clone)
    with (clone / "package-lock.json").open("a", encoding="utf-8") as lock:
        lock.write("\n")
    calls = run_test_script(clone)
    assert calls.count("setup") == 2
