"""The package does not depend on the repository's layout: the built wheel, installed into
a fresh virtual environment and run from elsewhere, lists its rules and checks a file
(issue 11: `castform rules` once read examples/ from outside the package)."""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from sitebuild.engine import build_castform_wheel

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    work = tmp_path_factory.mktemp("wheel")
    wheel = build_castform_wheel(work / "dist")  # as the site build makes it
    venv.create(work / "env", with_pip=False)
    python = work / "env" / "bin" / "python"
    target = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", target, str(wheel)], check=True)
    # pydantic from this environment, by path: a site dir's .pth files (castform's editable
    # install among them) are not read from PYTHONPATH, so only the wheel's castform is seen.
    env = {"PYTHONPATH": sysconfig.get_paths()["purelib"], "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    return python, env, work


def _run(installed, *args):
    python, env, work = installed
    return subprocess.run([str(python), "-m", "castform", *args], cwd=work, env=env, capture_output=True, text=True, timeout=120)


def test_the_wheel_is_what_runs(installed):
    python, env, work = installed
    where = subprocess.run(
        [str(python), "-c", "import castform; print(castform.__file__)"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(work / "env") in where and str(ROOT) not in where


def test_rules_from_the_wheel(installed):
    result = _run(installed, "rules", "--format", "json")
    assert result.returncode == 0, result.stderr
    entries = json.loads(result.stdout)
    assert {e["id"] for e in entries} >= {"budget.cap", "spending.forbidden-named"}
    assert all(e["example"]["message_zh"] for e in entries if e["id"] != "submission.checklist")


def test_check_from_the_wheel(installed, tmp_path):
    application = tmp_path / "app.json"
    application.write_text(json.dumps({"format": "castform-application/1", "project": "brand"}), encoding="utf-8")
    result = _run(installed, "check", "--format", "json", str(application))
    assert result.returncode == 1, result.stderr
    assert json.loads(result.stdout)["report"]["ready"] is False
