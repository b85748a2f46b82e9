"""The browser engine's pinned wheels: read the manifest, fetch once, check every hash."""

from __future__ import annotations

import importlib.metadata
import shutil
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .wheelmeta import sha256_of

REPO_ROOT = Path(__file__).resolve().parents[1]
MANIFEST = REPO_ROOT / "requirements" / "pyodide-wheels.toml"


class HashMismatch(RuntimeError):
    """A wheel's bytes are not the pinned ones: never ship it."""


@dataclass(frozen=True)
class PinnedWheel:
    name: str
    version: str
    file_name: str
    sha256: str
    imports: tuple[str, ...]
    depends: tuple[str, ...]


@dataclass(frozen=True)
class Manifest:
    pyodide_version: str
    abi_version: str
    python_version: str
    platform_tag: str
    wheels: tuple[PinnedWheel, ...]
    # [[on_demand]]: served beside the others, in the lock, but loaded by the worker only
    # when the user asks for what needs them (XlsxWriter: a download of an .xlsx).
    on_demand: tuple[PinnedWheel, ...] = ()


def load_manifest(path: Path = MANIFEST) -> Manifest:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    head = data["pyodide"]

    def pinned(w: dict) -> PinnedWheel:
        return PinnedWheel(
            name=w["name"],
            version=w["version"],
            file_name=w["file_name"],
            sha256=w["sha256"].lower(),
            imports=tuple(w["imports"]),
            depends=tuple(w["depends"]),
        )

    wheels = tuple(pinned(w) for w in data["wheel"])
    return Manifest(
        pyodide_version=head["version"],
        abi_version=head["abi_version"],
        python_version=head["python_version"],
        platform_tag=head["platform_tag"],
        wheels=wheels,
        on_demand=tuple(pinned(w) for w in data.get("on_demand", [])),
    )


def fetch_wheels(manifest: Manifest, cache_dir: Path) -> dict[str, Path]:
    """Path of each pinned wheel in cache_dir, downloading only those not there yet.

    A cached file with the wrong bytes is thrown away and fetched again; a freshly
    downloaded file with the wrong bytes raises HashMismatch.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    missing = []
    for wheel in manifest.wheels:
        cached = cache_dir / wheel.file_name
        if cached.exists() and sha256_of(cached) != wheel.sha256:
            cached.unlink()
        if not cached.exists():
            missing.append(wheel)
    if missing:
        _download(manifest, missing, cache_dir)
    for wheel in manifest.wheels:
        actual = sha256_of(cache_dir / wheel.file_name)
        if actual != wheel.sha256:
            raise HashMismatch(f"{wheel.file_name}: sha256 {actual}, pinned {wheel.sha256}")
    return {w.name: cache_dir / w.file_name for w in manifest.wheels}


def _download(manifest: Manifest, wheels: list[PinnedWheel], cache_dir: Path) -> None:
    # One pip run for all of them. The platform flags pick the WebAssembly build of
    # pydantic-core (pip 25 or newer knows the pyemscripten tag); pure wheels match too.
    _require_new_pip()
    major, minor = manifest.python_version.split(".")
    with tempfile.TemporaryDirectory(dir=cache_dir) as scratch:
        command = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--only-binary=:all:",
            "--platform",
            manifest.platform_tag,
            "--python-version",
            manifest.python_version,
            "--implementation",
            "cp",
            "--abi",
            f"cp{major}{minor}",
            "--dest",
            scratch,
            *(f"{w.name}=={w.version}" for w in wheels),
        ]
        subprocess.run(command, check=True)
        for wheel in wheels:
            got = Path(scratch) / wheel.file_name
            if not got.exists():
                found = sorted(p.name for p in Path(scratch).iterdir())
                raise FileNotFoundError(f"pip did not fetch {wheel.file_name}; got {found}")
            if sha256_of(got) != wheel.sha256:
                raise HashMismatch(f"{wheel.file_name}: downloaded sha256 {sha256_of(got)}, pinned {wheel.sha256}")
            shutil.move(got, cache_dir / wheel.file_name)


def _require_new_pip() -> None:
    # An older pip does not know the pyemscripten platform tag and only says
    # "no matching distribution", which hides the real cause.
    pip_version = importlib.metadata.version("pip")
    if int(pip_version.split(".")[0]) < 25:
        raise RuntimeError(
            f"pip {pip_version} cannot fetch pyemscripten wheels; install requirements/bootstrap.txt (pip 25 or newer) first"
        )
