"""Vendor the browser engine: Pyodide's core runtime, the pinned wheels and castform's.

Layout written under the built site. Every folder and the worker are named by version or
by content, so a host may cache them for a year ("immutable") and a deploy can never mix
a new lock file with an old cached wheel:

    engine/pyodide-314.0.7/           the runtime, from the npm package
        pyodide.mjs  pyodide.asm.mjs  pyodide.asm.wasm  python_stdlib.zip
    engine/packages-<sha>/            <sha>: of the lock file, so of every wheel in it
        pyodide-lock.json             ours: only the wheels below
        *.whl                         the five pinned wheels + castform's, as bytecode
                                      (sitebuild/bytecode.py: same names, modules as .pyc),
                                      and the on-demand ones (XlsxWriter): in the lock and
                                      the worker's hash list, but loaded only on first use
    engine/python_stdlib-<sha>.zip    the runtime's standard library with the modules the
                                      worker imports as bytecode (sitebuild/bytecode.py);
                                      the worker loads it instead of the runtime's own
    engine/worker-<sha>.mjs           the checker's worker, its manifest written in (with
                                      every file's sha256, checked before use)
    engine/manifest.json              the same manifest, for tools and tests

The worker calls `loadPyodide({indexURL: runtime, lockFileURL: packages/pyodide-lock.json})`;
Pyodide (since 0.28) resolves wheel file names against the lock file's URL.

Left out of the npm package on purpose: pyodide.js (classic script; a module worker
imports pyodide.mjs), the *.map source maps and *.d.ts typings (never fetched by
loadPyodide), console*.html, and the upstream pyodide-lock.json (it lists ~350 packages
the site does not serve).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from packaging.utils import parse_wheel_filename

from . import pinned_wheels
from .bytecode import compile_stdlib, compile_wheels
from .pyodide_lock import build_lock, write_lock
from .wheelmeta import WheelMeta, read_wheel, sha256_of

PYODIDE_VERSION = "314.0.7"
ENGINE_ROOT = Path("engine")
ENGINE_DIR = ENGINE_ROOT / f"pyodide-{PYODIDE_VERSION}"
# What loadPyodide fetches or imports at run time in a browser (see pyodide.ts/compat.ts).
CORE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
LOCK_NAME = "pyodide-lock.json"
REPO_ROOT = pinned_wheels.REPO_ROOT
WORKER_SOURCE = REPO_ROOT / "site_src" / "checker" / "worker.mjs"
EXAMPLES_DIR = REPO_ROOT / "examples"  # what the checker runs on to find its stdlib modules
MANIFEST_MARK = "/*CASTFORM_MANIFEST*/"  # where the build writes the manifest into the worker
# Zip entries get this date instead of the files' mtimes, so the same source gives the
# same wheel bytes in every clone: same sha256 in the lock, browsers keep their cache.
WHEEL_EPOCH = "315532800"  # 1980-01-01, the earliest date a zip can hold


def build_castform_wheel(out_dir: Path, source_dir: Path = REPO_ROOT, notice_file: Path | None = None) -> Path:
    """Build castform's wheel into out_dir with the venv's pinned flit_core (no isolation).

    With notice_file, the wheel carries that notice as its only one (under its own id) in
    place of the checkout's: the browser's worker checks against the notice the site was
    built for, with no notice id of its own to choose.
    """
    if notice_file is not None:
        with tempfile.TemporaryDirectory() as staged:
            return build_castform_wheel(out_dir, _source_with_notice(Path(source_dir), Path(notice_file), Path(staged)))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", WHEEL_EPOCH)}
    with tempfile.TemporaryDirectory() as scratch:
        # pip, not PyPA's `build`: the repo's own build.py shadows `python -m build`
        # whenever the working directory is the repo root.
        command = [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            scratch,
            str(Path(source_dir).resolve()),
        ]
        subprocess.run(command, check=True, env=env, cwd=scratch)
        built = list(Path(scratch).glob("*.whl"))
        if len(built) != 1:
            raise RuntimeError(f"expected one wheel from {source_dir}, got {built}")
        return Path(shutil.move(built[0], out_dir / built[0].name))


def _source_with_notice(source_dir: Path, notice_file: Path, staged: Path) -> Path:
    """A copy of what the wheel is built from, its notices/ holding notice_file alone."""
    from castform.notice import load_notice

    notice_id = load_notice(str(notice_file)).id
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(source_dir / name, staged / name)
    shutil.copytree(source_dir / "castform", staged / "castform", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    notices = staged / "castform" / "notices"
    shutil.rmtree(notices)
    notices.mkdir()
    shutil.copy2(notice_file, notices / f"{notice_id}.toml")
    return staged


def vendor_engine(site_dir: Path, castform_wheel: Path, cache_dir: Path) -> dict:
    """Fill site_dir/engine/pyodide-314.0.7/ and describe what was put there.

    Fails (raises) when node_modules/pyodide is not the locked 314.0.7, a pinned wheel's
    sha256 or metadata differs from requirements/pyodide-wheels.toml, a wheel's
    dependency is not in the lock at a matching version, or compiling fails. The lock
    file's sha256 are those of the compiled wheels the site serves; each file's entry in
    the report also gives the sha256 of the wheel it was compiled from.
    """
    manifest = pinned_wheels.load_manifest()
    runtime_dir = REPO_ROOT / "node_modules" / "pyodide"
    runtime_info = check_runtime_package(runtime_dir, manifest)
    fetched = pinned_wheels.fetch_wheels(manifest, Path(cache_dir) / "pyodide-wheels")
    # The on-demand wheels, fetched and hash-checked the same way.
    on_demand = dataclasses.replace(manifest, wheels=manifest.on_demand, on_demand=())
    fetched |= pinned_wheels.fetch_wheels(on_demand, Path(cache_dir) / "pyodide-wheels")
    later = {pinned.name for pinned in manifest.on_demand}

    sources: list[tuple[WheelMeta, Path]] = []
    for pinned in (*manifest.wheels, *manifest.on_demand):
        path = fetched[pinned.name]
        meta = read_wheel(path)
        _check_matches_manifest(meta, pinned)
        sources.append((meta, path))
    _check_pure(Path(castform_wheel))
    sources.append((read_wheel(Path(castform_wheel)), Path(castform_wheel)))
    # What the site serves: the same wheels with bytecode in place of sources.
    compiled = compile_wheels([path for _meta, path in sources], runtime_dir, PYODIDE_VERSION, Path(cache_dir))
    wheels = [(meta, compiled[path], sha256_of(compiled[path])) for meta, path in sources]
    compiled_from = {meta.file_name: sha256_of(path) for meta, path in sources}

    lock = build_lock(runtime_info, [(meta, sha) for meta, _path, sha in wheels])

    root = Path(site_dir) / ENGINE_ROOT
    if root.exists():
        shutil.rmtree(root)  # no stale castform wheel or worker from an earlier build
    runtime = Path(site_dir) / ENGINE_DIR
    runtime.mkdir(parents=True)
    files = []
    for name in CORE_FILES:
        shutil.copyfile(runtime_dir / name, runtime / name)
        files.append(_describe(Path(site_dir), runtime / name, "runtime"))

    scratch_lock = root / LOCK_NAME
    write_lock(scratch_lock, lock)
    packages = root / f"packages-{sha256_of(scratch_lock)[:12]}"
    packages.mkdir()
    scratch_lock.rename(packages / LOCK_NAME)
    for meta, path, _sha in wheels:
        shutil.copyfile(path, packages / meta.file_name)
        described = _describe(Path(site_dir), packages / meta.file_name, "wheel-on-demand" if meta.name in later else "wheel")
        described["compiled_from_sha256"] = compiled_from[meta.file_name]
        files.append(described)
    files.append(_describe(Path(site_dir), packages / LOCK_NAME, "lock"))

    # The standard library as the worker loads it: found by running the checker on the
    # engine as it stands so far (runtime + packages), so written after them.
    manifest_so_far = {"runtime": f"{ENGINE_DIR.name}/", "packages": f"{packages.name}/"}
    (root / "manifest.json").write_text(json.dumps(manifest_so_far), encoding="utf-8")
    compiled_stdlib = compile_stdlib(root, sha256_of(packages / LOCK_NAME), EXAMPLES_DIR, Path(cache_dir))
    stdlib = root / f"python_stdlib-{sha256_of(compiled_stdlib)[:12]}.zip"
    shutil.copyfile(compiled_stdlib, stdlib)
    stdlib_entry = _describe(Path(site_dir), stdlib, "stdlib")
    files.append(stdlib_entry)

    # What the worker fetches: the runtime's files, but our standard library, not its own.
    fetched_runtime = [f for f in files if f["role"] == "runtime" and not f["path"].endswith("/python_stdlib.zip")]
    manifest_for_worker = {
        **manifest_so_far,
        "stdlib": stdlib.name,
        "load": ["castform"],
        # Loaded by the worker only when asked for (a download of an .xlsx), never at boot.
        "on_demand": sorted(later),
        "bytes": {
            "runtime": sum(f["bytes"] for f in [*fetched_runtime, stdlib_entry]),
            "packages": sum(f["bytes"] for f in files if f["role"] in ("wheel", "lock")),
            "on_demand": sum(f["bytes"] for f in files if f["role"] == "wheel-on-demand"),
        },
        # Every file the worker fetches or imports, by its path under engine/, with its
        # sha256: the worker checks each before use and names a damaged one as damaged.
        "files": {
            Path(f["path"]).relative_to(ENGINE_ROOT).as_posix(): f["sha256"]
            for f in [*fetched_runtime, stdlib_entry, *(f for f in files if f["role"] in ("wheel", "wheel-on-demand", "lock"))]
        },
    }
    worker = write_worker(root, manifest_for_worker)
    files.append(_describe(Path(site_dir), worker, "worker"))
    (root / "manifest.json").write_text(json.dumps(manifest_for_worker, indent=1) + "\n", encoding="utf-8")

    return {
        "pyodide_version": PYODIDE_VERSION,
        "index_url": ENGINE_DIR.as_posix() + "/",
        "stdlib": (ENGINE_ROOT / stdlib.name).as_posix(),
        "packages_url": (ENGINE_ROOT / packages.name).as_posix() + "/",
        "lock_file": (ENGINE_ROOT / packages.name / LOCK_NAME).as_posix(),
        "worker": (ENGINE_ROOT / worker.name).as_posix(),
        "packages": {
            name: {"version": entry["version"], "file_name": entry["file_name"]} for name, entry in lock["packages"].items()
        },
        "files": files,
        "total_bytes": sum(f["bytes"] for f in files),
    }


def write_worker(engine_root: Path, manifest: dict) -> Path:
    """site_src/checker/worker.mjs with the manifest written in, named by its content."""
    source = WORKER_SOURCE.read_text(encoding="utf-8")
    if MANIFEST_MARK not in source:
        raise RuntimeError(f"{WORKER_SOURCE} has no {MANIFEST_MARK} for the manifest")
    text = source.replace(MANIFEST_MARK, json.dumps(manifest, sort_keys=True))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    path = Path(engine_root) / f"worker-{digest}.mjs"
    path.write_text(text, encoding="utf-8")
    return path


def check_runtime_package(runtime_dir: Path, manifest: pinned_wheels.Manifest) -> dict:
    """Check node_modules/pyodide is the pinned, npm-verified release; return its lock info.

    `npm ci` checks the tarball against package-lock.json's integrity before unpacking
    and records it in node_modules/.package-lock.json; comparing the two catches a
    node_modules left over from another lock file or installed by hand.
    """
    package = _read_json(runtime_dir / "package.json")
    if package.get("version") != PYODIDE_VERSION or manifest.pyodide_version != PYODIDE_VERSION:
        raise RuntimeError(
            f"need pyodide {PYODIDE_VERSION}: node_modules has {package.get('version')}, "
            f"pyodide-wheels.toml says {manifest.pyodide_version}; run `npm ci`"
        )
    locked = _read_json(REPO_ROOT / "package-lock.json")["packages"]["node_modules/pyodide"]
    installed_lock = runtime_dir.parent / ".package-lock.json"
    installed = _read_json(installed_lock)["packages"].get("node_modules/pyodide", {})
    same_integrity = locked.get("integrity") == installed.get("integrity")
    if locked["version"] != PYODIDE_VERSION or not same_integrity:
        raise RuntimeError("node_modules/pyodide was not installed from package-lock.json; run `npm ci`")

    info = _read_json(runtime_dir / LOCK_NAME)["info"]
    expected_tag = f"pyemscripten_{info['abi_version']}_wasm32"
    if info["abi_version"] != manifest.abi_version or manifest.platform_tag != expected_tag:
        raise RuntimeError(
            f"Pyodide ABI is {info['abi_version']}; pyodide-wheels.toml pins {manifest.abi_version} / {manifest.platform_tag}"
        )
    if not info["python"].startswith(manifest.python_version + "."):
        raise RuntimeError(f"Pyodide runs Python {info['python']}, wheels are for {manifest.python_version}")
    return info


def _check_matches_manifest(meta: WheelMeta, pinned: pinned_wheels.PinnedWheel) -> None:
    recorded = (pinned.name, pinned.version, sorted(pinned.imports), sorted(pinned.depends))
    actual = (meta.name, meta.version, list(meta.imports), list(meta.depends))
    if recorded != actual:
        raise RuntimeError(f"{pinned.file_name}: pyodide-wheels.toml records {recorded}, the wheel says {actual}")


def _check_pure(wheel: Path) -> None:
    # castform must run unchanged on CPython and Pyodide: a pure-Python wheel only.
    _name, _version, _build, tags = parse_wheel_filename(wheel.name)
    if any(tag.platform != "any" or tag.abi != "none" for tag in tags):
        raise RuntimeError(f"{wheel.name} is not a pure-Python (none-any) wheel")


def _describe(site_dir: Path, path: Path, role: str) -> dict:
    return {"path": path.relative_to(site_dir).as_posix(), "role": role, "bytes": path.stat().st_size, "sha256": sha256_of(path)}


def _read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    """`python -m sitebuild.engine SITE_DIR [--wheel W] [--cache DIR]`: vendor, print the report."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("site_dir", type=Path)
    parser.add_argument("--wheel", type=Path, help="castform wheel (default: build one now)")
    parser.add_argument("--cache", type=Path, default=REPO_ROOT / ".build-cache")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        wheel = args.wheel or build_castform_wheel(Path(scratch))
        report = vendor_engine(args.site_dir, wheel, args.cache)
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
