"""Write the engine's own pyodide-lock.json, listing only the wheels the site serves.

Why not the `pyodide-lock` tool from PyPI (`pyodide lockfile add-wheels`): its current
release (0.2.x) needs Python 3.12 or newer, while the project's venv is 3.11, and it
refuses `pydantic_core-2.50.5-cp314-cp314-pyemscripten_2026_0_wasm32.whl` ("Package tags
... don't match Python version in lockfile ... emscripten_5_0_3_wasm32"): it still
expects the older `emscripten_X_Y_Z_wasm32` platform tag, not the `pyemscripten_2026_0`
tag that Pyodide 314 uses. The file format is small, so it is written here.

What Pyodide 314's loader reads (pyodide.asm.mjs, `initializePackageIndex` and the
`PackageManager`): `packages` must exist; `info.abi_version` must equal the runtime's
ABI ("2026_0"); packages are looked up by canonical name (lower case, "-"); a relative
`file_name` is resolved against the lock file's own URL (so the wheels sit beside it);
in a browser each wheel is fetched with `integrity: "sha256-" + base64(sha256)`, so a
wrong hash fails the load; `imports` feeds "module not found, load package X" hints;
`install_dir` "site" unpacks into site-packages. The entry shape copies the runtime's
own lock file (the extra keys `unvendored_tests` and `tool` included).
"""

from __future__ import annotations

import json
from pathlib import Path

from packaging.specifiers import SpecifierSet

from .wheelmeta import WheelMeta

INFO_KEYS = ("abi_version", "arch", "platform", "python")


def lock_entry(meta: WheelMeta, sha256: str) -> dict:
    return {
        "name": meta.name,
        "version": meta.version,
        "file_name": meta.file_name,
        "install_dir": "site",
        "sha256": sha256,
        "package_type": "package",
        "imports": list(meta.imports),
        "depends": list(meta.depends),
        "unvendored_tests": False,
        "tool": {},
    }


def build_lock(runtime_info: dict, wheels: list[tuple[WheelMeta, str]]) -> dict:
    """The lock file's content; raises if a dependency is missing or of the wrong version."""
    info = {key: runtime_info[key] for key in INFO_KEYS}
    by_name = {meta.name: meta for meta, _sha in wheels}
    problems = []
    for meta, _sha in wheels:
        for name, spec in meta.requires:
            locked = by_name.get(name)
            if locked is None:
                problems.append(f"{meta.name} needs {name}, which is not in the lock")
            elif not SpecifierSet(spec).contains(locked.version, prereleases=True):
                problems.append(f"{meta.name} needs {name}{spec}, lock has {locked.version}")
    if problems:
        raise ValueError("engine lock file is incomplete: " + "; ".join(problems))
    packages = {meta.name: lock_entry(meta, sha) for meta, sha in sorted(wheels, key=_name)}
    return {"info": info, "packages": packages}


def write_lock(path: Path, lock: dict) -> None:
    # Stable key order and a final newline so rebuilds give identical bytes.
    path.write_text(json.dumps(lock, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _name(item: tuple[WheelMeta, str]) -> str:
    return item[0].name
