"""sitebuild.engine: what the site serves as the browser engine, and how it is named.

The vendored engine goes into tmp folders. The pinned wheels come from the shared cache
`<repo>/.build-cache/pyodide-wheels` (fetched once, as the build does); the tests that
damage a cached wheel work on a private copy of that cache and never touch the shared one,
and they replace pip with a stand-in so that no test needs the network.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import importlib.util
import json
import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet

from sitebuild import engine, pinned_wheels
from sitebuild.bytecode import LEFT_OUT
from sitebuild.engine import (
    CORE_FILES,
    LOCK_NAME,
    MANIFEST_MARK,
    PYODIDE_VERSION,
    build_castform_wheel,
    vendor_engine,
    write_worker,
)
from sitebuild.pinned_wheels import HashMismatch, fetch_wheels, load_manifest
from sitebuild.wheelmeta import read_wheel, sha256_of

ROOT = Path(__file__).resolve().parents[1]
CACHE_DIR = ROOT / ".build-cache"
RUNTIME_SOURCE = ROOT / "node_modules" / "pyodide"
MANIFEST = load_manifest()
PINNED = {w.name: w for w in (*MANIFEST.wheels, *MANIFEST.on_demand)}
ON_DEMAND = {w.name for w in MANIFEST.on_demand}  # in the lock, loaded on first use only
OUR_PACKAGES = set(PINNED) | {"castform"}


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _packages_dir(site: Path) -> Path:
    (found,) = sorted((site / "engine").glob("packages-*"))
    return found


def _worker(site: Path) -> Path:
    (found,) = sorted((site / "engine").glob("worker-*.mjs"))
    return found


def _lock(site: Path) -> dict:
    return json.loads((_packages_dir(site) / LOCK_NAME).read_text(encoding="utf-8"))


def _changed_wheel(wheel: Path, out_dir: Path) -> Path:
    """The same castform wheel (same name, same metadata) with one source line added."""
    out_dir.mkdir(parents=True, exist_ok=True)
    changed = out_dir / wheel.name
    with zipfile.ZipFile(wheel) as source, zipfile.ZipFile(changed, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "castform/__init__.py":
                data += b"# changed\n"
            target.writestr(info, data)
    return changed


@pytest.fixture(scope="module")
def castform_wheel(tmp_path_factory) -> Path:
    return build_castform_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="module")
def vendored(tmp_path_factory, castform_wheel) -> tuple[Path, dict]:
    site = tmp_path_factory.mktemp("site")
    return site, vendor_engine(site, castform_wheel, CACHE_DIR)


@pytest.fixture(scope="module")
def good_wheels() -> dict[str, Path]:
    """The pinned wheels, the on-demand ones too, in the shared cache (fetched with pip only
    if not there yet)."""
    on_demand = dataclasses.replace(MANIFEST, wheels=MANIFEST.on_demand, on_demand=())
    return {**fetch_wheels(MANIFEST, CACHE_DIR / "pyodide-wheels"), **fetch_wheels(on_demand, CACHE_DIR / "pyodide-wheels")}


# --- layout -------------------------------------------------------------------------------


def test_engine_folder_holds_runtime_packages_worker_and_manifest(vendored):
    site, report = vendored
    entries = {p.name for p in (site / "engine").iterdir()}
    packages, worker = _packages_dir(site).name, _worker(site).name
    (stdlib,) = [e for e in entries if e.startswith("python_stdlib-")]
    assert entries == {f"pyodide-{PYODIDE_VERSION}", packages, stdlib, worker, "manifest.json"}
    assert re.fullmatch(r"python_stdlib-[0-9a-f]{12}\.zip", stdlib)
    assert re.fullmatch(r"packages-[0-9a-f]{12}", packages)
    assert re.fullmatch(r"worker-[0-9a-f]{12}\.mjs", worker)
    assert report["index_url"] == f"engine/pyodide-{PYODIDE_VERSION}/"
    assert report["packages_url"] == f"engine/{packages}/"
    assert report["lock_file"] == f"engine/{packages}/{LOCK_NAME}"
    assert report["worker"] == f"engine/{worker}"


def test_runtime_folder_holds_only_the_four_core_files_unchanged(vendored):
    site, _report = vendored
    runtime = site / "engine" / f"pyodide-{PYODIDE_VERSION}"
    names = sorted(p.name for p in runtime.iterdir())
    assert names == sorted(CORE_FILES) == sorted(["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"])
    assert not [n for n in names if n.endswith((".map", ".d.ts")) or n == LOCK_NAME or n == "pyodide.js"]
    for name in names:
        assert sha256_of(runtime / name) == sha256_of(RUNTIME_SOURCE / name), name


def test_report_describes_every_file_on_disk(vendored):
    site, report = vendored
    on_disk = {p.relative_to(site).as_posix() for p in (site / "engine").rglob("*") if p.is_file()}
    described = {f["path"]: f for f in report["files"]}
    assert set(described) == on_disk - {"engine/manifest.json"}
    for path, entry in described.items():
        assert entry["bytes"] == (site / path).stat().st_size, path
        assert entry["sha256"] == sha256_of(site / path), path
    assert report["total_bytes"] == sum(f["bytes"] for f in report["files"])
    assert {f["role"] for f in report["files"]} == {"runtime", "stdlib", "wheel", "wheel-on-demand", "lock", "worker"}


# --- the lock file ------------------------------------------------------------------------


def test_lock_info_is_the_runtimes(vendored):
    site, _report = vendored
    upstream = json.loads((RUNTIME_SOURCE / LOCK_NAME).read_text(encoding="utf-8"))["info"]
    info = _lock(site)["info"]
    assert info["abi_version"] == "2026_0" == MANIFEST.abi_version
    assert info == {key: upstream[key] for key in ("abi_version", "arch", "platform", "python")}
    assert info["python"].startswith("3.14.")


def test_lock_lists_only_our_six_packages_and_the_on_demand_ones(vendored):
    site, report = vendored
    packages = _lock(site)["packages"]
    assert ON_DEMAND == {"xlsxwriter"}
    assert set(packages) == OUR_PACKAGES and len(packages) == 6 + len(ON_DEMAND)
    assert set(report["packages"]) == OUR_PACKAGES
    for name, entry in packages.items():
        assert entry["name"] == name
        assert entry["install_dir"] == "site" and entry["package_type"] == "package"
        if name in PINNED:
            pinned = PINNED[name]
            assert (entry["version"], entry["file_name"]) == (pinned.version, pinned.file_name)
            assert sorted(entry["imports"]) == sorted(pinned.imports)
            # The site serves the pinned wheel compiled to bytecode: a sha256 of its own,
            # and the report says which pinned bytes it came from.
            (described,) = [f for f in report["files"] if f["path"].endswith("/" + pinned.file_name)]
            assert described["compiled_from_sha256"] == pinned.sha256
            assert entry["sha256"] == described["sha256"] != pinned.sha256
    assert packages["castform"]["imports"] == ["castform"]
    assert packages["castform"]["depends"] == ["pydantic"]
    assert packages["castform"]["file_name"].endswith("-py3-none-any.whl")


def test_every_lock_entry_is_a_file_beside_it_with_that_sha256(vendored):
    site, _report = vendored
    folder = _packages_dir(site)
    packages = _lock(site)["packages"]
    assert sorted(p.name for p in folder.iterdir()) == sorted([LOCK_NAME, *(e["file_name"] for e in packages.values())])
    for entry in packages.values():
        assert "/" not in entry["file_name"], "relative to the lock file, in the same folder"
        assert sha256_of(folder / entry["file_name"]) == entry["sha256"], entry["file_name"]


def test_depends_resolve_inside_the_lock_at_matching_versions(vendored):
    site, _report = vendored
    folder = _packages_dir(site)
    packages = _lock(site)["packages"]
    for name, entry in packages.items():
        assert set(entry["depends"]) <= set(packages), f"{name} depends on {entry['depends']}"
        # And the wheel's own Requires-Dist (for Pyodide's markers) is met by the lock.
        for dep, spec in read_wheel(folder / entry["file_name"]).requires:
            assert dep in entry["depends"], (name, dep)
            assert SpecifierSet(spec).contains(packages[dep]["version"], prereleases=True), (name, dep, spec)


# --- names by content ---------------------------------------------------------------------


def test_packages_folder_is_named_by_the_lock_files_sha256(vendored):
    site, _report = vendored
    folder = _packages_dir(site)
    assert folder.name == "packages-" + sha256_of(folder / LOCK_NAME)[:12]


def test_manifest_names_the_folders_and_sizes(vendored):
    site, report = vendored
    manifest = json.loads((site / "engine" / "manifest.json").read_text(encoding="utf-8"))
    by_role = lambda *roles: sum(f["bytes"] for f in report["files"] if f["role"] in roles)  # noqa: E731
    runtime_stdlib = (site / "engine" / f"pyodide-{PYODIDE_VERSION}" / "python_stdlib.zip").stat().st_size
    (stdlib,) = (site / "engine").glob("python_stdlib-*.zip")
    assert stdlib.name == f"python_stdlib-{sha256_of(stdlib)[:12]}.zip"
    assert manifest == {
        "runtime": f"pyodide-{PYODIDE_VERSION}/",
        "packages": _packages_dir(site).name + "/",
        "stdlib": stdlib.name,
        "load": ["castform"],
        "on_demand": sorted(ON_DEMAND),
        # What the worker fetches: the runtime's files but its stdlib, ours instead; the
        # on-demand wheels only when a download first needs them.
        "bytes": {
            "runtime": by_role("runtime", "stdlib") - runtime_stdlib,
            "packages": by_role("wheel", "lock"),
            "on_demand": by_role("wheel-on-demand"),
        },
        # Every file the worker loads, with the sha256 it checks before using it.
        "files": {
            f["path"].removeprefix("engine/"): f["sha256"]
            for f in report["files"]
            if f["role"] in ("runtime", "stdlib", "wheel", "wheel-on-demand", "lock")
            and not f["path"].endswith("/python_stdlib.zip")
        },
    }
    for path, sha in manifest["files"].items():
        assert sha256_of(site / "engine" / path) == sha, path


def test_worker_has_the_manifest_written_in_and_is_named_by_its_text(vendored):
    site, _report = vendored
    worker = _worker(site)
    text = worker.read_text(encoding="utf-8")
    assert MANIFEST_MARK not in text and "CASTFORM_MANIFEST" not in text
    manifest = json.loads((site / "engine" / "manifest.json").read_text(encoding="utf-8"))
    assert json.dumps(manifest, sort_keys=True) in text
    assert worker.name == f"worker-{_sha(text.encode('utf-8'))[:12]}.mjs"


def test_worker_name_changes_with_the_manifest(tmp_path):
    manifest = {
        "runtime": "pyodide-314.0.7/",
        "packages": "packages-000000000000/",
        "load": ["castform"],
        "bytes": {"runtime": 1, "packages": 2},
    }
    changes = [{}, {}, {"packages": "packages-111111111111/"}, {"bytes": {"runtime": 1, "packages": 3}}]
    workers = []
    for i, change in enumerate(changes):
        (tmp_path / str(i)).mkdir()
        workers.append(write_worker(tmp_path / str(i), {**manifest, **change}))
    same, again, *others = workers
    assert same.name == again.name and same.read_bytes() == again.read_bytes()
    assert len({w.name for w in workers}) == 3
    for worker in workers:
        assert MANIFEST_MARK not in worker.read_text(encoding="utf-8")


def test_a_changed_castform_wheel_renames_the_packages_folder_and_the_worker(vendored, castform_wheel, tmp_path):
    site, _report = vendored
    changed = _changed_wheel(castform_wheel, tmp_path / "changed")
    assert changed.name == castform_wheel.name and sha256_of(changed) != sha256_of(castform_wheel)
    other = tmp_path / "site"
    report = vendor_engine(other, changed, CACHE_DIR)
    assert _packages_dir(other).name != _packages_dir(site).name
    assert _worker(other).name != _worker(site).name
    before, after = _lock(site), _lock(other)
    (served,) = [f for f in report["files"] if f["path"].endswith("/" + changed.name)]
    assert served["compiled_from_sha256"] == sha256_of(changed)
    assert after["packages"]["castform"]["sha256"] == served["sha256"] != before["packages"]["castform"]["sha256"]
    # Nothing else in the lock moved: only castform's sha256.
    after["packages"]["castform"]["sha256"] = before["packages"]["castform"]["sha256"]
    assert after == before


def test_vendoring_is_repeatable_and_leaves_nothing_stale(vendored, castform_wheel, tmp_path):
    site, _report = vendored
    again = tmp_path / "site"
    vendor_engine(again, castform_wheel, CACHE_DIR)

    def tree(root):
        return {p.relative_to(root).as_posix(): sha256_of(p) for p in (root / "engine").rglob("*") if p.is_file()}

    assert tree(again) == tree(site), "same inputs, same engine (same names, same bytes)"
    # Vendoring another wheel over it removes the old packages folder and worker.
    vendor_engine(again, _changed_wheel(castform_wheel, tmp_path / "changed"), CACHE_DIR)
    assert len(list((again / "engine").glob("packages-*"))) == 1
    assert len(list((again / "engine").glob("worker-*.mjs"))) == 1
    assert _packages_dir(again).name != _packages_dir(site).name


def test_no_outside_host_in_the_worker_lock_or_manifest(vendored):
    site, _report = vendored
    for path in (_worker(site), _packages_dir(site) / LOCK_NAME, site / "engine" / "manifest.json"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\bhttps?:", text, re.I), f"{path.name} names a URL"
        assert not re.search(r"(?<![:\w])//[\w.-]+\.\w", text), f"{path.name}: protocol-relative URL"


# --- bytecode ------------------------------------------------------------------------------


def _wheel_files(wheel: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(wheel) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def test_served_wheels_hold_bytecode_in_place_of_every_module_source(vendored, good_wheels, castform_wheel):
    site, _report = vendored
    sources = {**{p.name: p for p in good_wheels.values()}, castform_wheel.name: castform_wheel}
    for entry in _lock(site)["packages"].values():
        served = _wheel_files(_packages_dir(site) / entry["file_name"])
        source = _wheel_files(sources[entry["file_name"]])
        modules = {n for n in source if n.endswith(".py") and ".dist-info/" not in n}
        assert modules, entry["file_name"]
        assert not [n for n in served if n.endswith(".py")], "no source left"
        left_out = tuple(LEFT_OUT.get(entry["name"], ()))
        modules = {n for n in modules if not n.startswith(left_out)} if left_out else modules
        assert {n + "c" for n in modules} <= set(served)
        assert not [n for n in served if left_out and n.startswith(left_out)], "left out"
        # Everything else (typed markers, the .so, castform's TOML) is unchanged; METADATA
        # keeps its headers, without the long description.
        for name, data in source.items():
            if left_out and name.startswith(left_out):
                continue
            if name.endswith(".dist-info/METADATA"):
                assert served[name] == data.partition(b"\n\n")[0] + b"\n", name
            elif name not in modules and not name.endswith((".dist-info/RECORD", "/")):
                assert served[name] == data, name
        for name in modules:
            pyc = served[name + "c"]
            # PEP 552 header: flags 0b01 = hash-based, never checked against a source.
            # (The hash itself is keyed by 3.14's magic number, so CPython 3.11 cannot
            # recompute it; the parity tests import every module on Pyodide.)
            assert int.from_bytes(pyc[4:8], "little") == 0b01, name
            assert pyc[:4] != importlib.util.MAGIC_NUMBER, "not this host Python's bytecode"


def test_served_wheels_record_lists_every_file_with_its_hash(vendored):
    site, _report = vendored
    for entry in _lock(site)["packages"].values():
        files = _wheel_files(_packages_dir(site) / entry["file_name"])
        (record_name,) = [n for n in files if n.endswith(".dist-info/RECORD")]
        expected = sorted(_record_line(n, d) for n, d in files.items() if n != record_name)
        lines = files[record_name].decode().splitlines()
        assert lines[-1] == f"{record_name},,"
        assert sorted(lines[:-1]) == expected


def test_stdlib_is_the_runtimes_reachable_modules_with_the_checkers_as_bytecode(vendored):
    """Reachable: sitebuild/bytecode_in_pyodide.py reachable_stdlib."""
    site, report = vendored
    manifest = json.loads((site / "engine" / "manifest.json").read_text(encoding="utf-8"))
    served = _wheel_files(site / "engine" / manifest["stdlib"])
    original = _wheel_files(RUNTIME_SOURCE / "python_stdlib.zip")
    compiled = {n[:-1] for n in served if n.endswith(".pyc")}
    sources = {n for n in served if not n.endswith(".pyc")}
    # What the worker imports to check an application is bytecode ...
    for module in ("decimal.py", "dataclasses.py", "tomllib/_parser.py", "json/decoder.py", "typing.py"):
        assert module in compiled, module
    # ... what the rules lean on, on any input, and what XlsxWriter will need is there ...
    for module in (
        "_pydatetime.py",
        "traceback.py",
        "importlib/resources/__init__.py",
        "zipfile/__init__.py",
        "tempfile.py",
        "fractions.py",
        "encodings/utf_16.py",
        "encodings/gb18030.py",
        "json/__init__.py",
        "re/__init__.py",
    ):
        assert module in compiled or module in sources, module
    # ... what no code path of the engine can import is not: prompts, debuggers, test
    # runners, processes, Tk, codec tables nobody names.
    for module in (
        "pdb.py",
        "doctest.py",
        "pydoc.py",
        "unittest/__init__.py",
        "_pyrepl/__init__.py",
        "multiprocessing/__init__.py",
        "tkinter/__init__.py",
        "turtle.py",
        "smtplib.py",
        "encodings/mac_roman.py",
        "encodings/cp1140.py",
    ):
        assert module not in compiled and module not in sources, module
    # Nothing is added, and what stays source is the runtime's file without its comments
    # and docstrings, every line where it was (the parity tests import each on Pyodide).
    assert compiled | sources <= set(original)
    leaner = 0
    for name in sources:
        if name.endswith(".py"):
            assert served[name].count(b"\n") == original[name].count(b"\n"), name
            assert len(served[name]) <= len(original[name]), name
            leaner += len(served[name]) < len(original[name])
        else:
            assert served[name] == original[name], name
    assert leaner > len([n for n in sources if n.endswith(".py")]) * 0.9
    assert 100 < len(compiled) < len(compiled | sources) < len(original) * 0.7
    # The worker loads this copy: manifest and size for the progress bar count it.
    assert report["stdlib"] == f"engine/{manifest['stdlib']}"
    runtime_fetched = sum(
        f["bytes"] for f in report["files"] if f["role"] in ("runtime", "stdlib") and not f["path"].endswith("/python_stdlib.zip")
    )
    assert manifest["bytes"]["runtime"] == runtime_fetched
    assert "stdLibURL: new URL(manifest.stdlib, here)" in _worker(site).read_text(encoding="utf-8")


def test_castform_is_served_without_its_command_line_which_no_served_module_imports(vendored, castform_wheel):
    import ast as ast_module

    site, _report = vendored
    left_out = tuple(LEFT_OUT["castform"])
    served = _wheel_files(_packages_dir(site) / castform_wheel.name)
    assert not [n for n in served if n.startswith(left_out)]
    assert "castform/browser.pyc" in served and "castform/check.pyc" in served
    gone = {p.removesuffix(".py").replace("/", ".") for p in left_out}
    for name, data in _wheel_files(castform_wheel).items():
        if not name.endswith(".py") or name.startswith(left_out):
            continue
        for node in ast_module.walk(ast_module.parse(data)):
            if isinstance(node, ast_module.ImportFrom):
                targets = {f"castform.{node.module}" if node.level else node.module or ""}
                targets |= {f"castform.{a.name}" for a in node.names if node.level and not node.module}
            elif isinstance(node, ast_module.Import):
                targets = {a.name for a in node.names}
            else:
                continue
            assert not targets & gone, (name, targets & gone)


def test_pydantic_is_served_without_v1_mypy_and_experimental_which_nothing_kept_imports(vendored, good_wheels):
    """The parts left out of pydantic's wheel are imported by no module that is served,
    but for the one place pydantic looks for a pydantic-1 model: a type with
    __get_validators__, which castform's models (built when castform is imported, so the
    same for every input) do not have — the parity tests import them on Pyodide."""
    import ast as ast_module

    site, _report = vendored
    left_out = tuple(LEFT_OUT["pydantic"])
    assert {"pydantic/v1/", "pydantic/mypy.py"} <= set(left_out)
    served = _wheel_files(_packages_dir(site) / good_wheels["pydantic"].name)
    assert not [n for n in served if n.startswith(left_out)]
    gone = {p.removesuffix("/").removesuffix(".py").replace("/", ".") for p in left_out}
    source = _wheel_files(good_wheels["pydantic"])
    references = []
    for name, data in source.items():
        if not name.endswith(".py") or name.startswith(left_out):
            continue
        package = name.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
        package = package if name.endswith("__init__.py") else package.rpartition(".")[0]
        for node in ast_module.walk(ast_module.parse(data)):
            if isinstance(node, ast_module.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
                targets = [base] + [f"{base}.{a.name}" for a in node.names]
            elif isinstance(node, ast_module.Import):
                targets = [a.name for a in node.names]
            else:
                continue
            if any(t == g or t.startswith(g + ".") for t in targets for g in gone):
                references.append(name)
    assert references == ["pydantic/_internal/_generate_schema.py"]


def test_bytecode_is_byte_identical_from_two_fresh_caches(castform_wheel, tmp_path):
    """Same source wheel, same runtime → same compiled bytes (stable sha256 in the lock)."""
    from sitebuild.bytecode import compile_wheels

    runs = [
        compile_wheels([castform_wheel], RUNTIME_SOURCE, PYODIDE_VERSION, tmp_path / name)[castform_wheel]
        for name in ("one", "two")
    ]
    assert runs[0] != runs[1] and runs[0].read_bytes() == runs[1].read_bytes()


# --- the pinned wheels' cache ---------------------------------------------------------------


def _private_cache(tmp_path: Path, good_wheels: dict[str, Path]) -> Path:
    cache = tmp_path / "cache"
    (cache / "pyodide-wheels").mkdir(parents=True)
    for path in good_wheels.values():
        shutil.copyfile(path, cache / "pyodide-wheels" / path.name)
    return cache


def test_a_tampered_cached_wheel_is_fetched_again(good_wheels, castform_wheel, tmp_path, monkeypatch):
    """fetch_wheels throws away a cached file with the wrong bytes and downloads it again."""
    cache = _private_cache(tmp_path, good_wheels)
    victim = PINNED["pydantic-core"]
    tampered = cache / "pyodide-wheels" / victim.file_name
    tampered.write_bytes(tampered.read_bytes() + b"\0")

    downloads = []

    def fake_download(manifest, wheels, cache_dir):  # pip, minus the network
        downloads.append(sorted(w.name for w in wheels))
        for wheel in wheels:
            shutil.copyfile(good_wheels[wheel.name], cache_dir / wheel.file_name)

    monkeypatch.setattr(pinned_wheels, "_download", fake_download)
    site = tmp_path / "site"
    report = vendor_engine(site, castform_wheel, cache)
    assert downloads == [["pydantic-core"]], "only the damaged wheel is fetched again"
    assert sha256_of(tampered) == victim.sha256
    (served,) = [f for f in report["files"] if f["path"].endswith("/" + victim.file_name)]
    assert served["compiled_from_sha256"] == victim.sha256


def test_a_download_with_the_wrong_bytes_fails_loudly(castform_wheel, tmp_path, monkeypatch):
    """A freshly fetched wheel that is not the pinned one raises; nothing is cached or vendored."""

    def fake_pip(command, check):  # writes a wrong wheel for every requested file
        dest = Path(command[command.index("--dest") + 1])
        for wheel in MANIFEST.wheels:
            if f"{wheel.name}=={wheel.version}" in command:
                (dest / wheel.file_name).write_bytes(b"not the pinned wheel")

    monkeypatch.setattr(pinned_wheels.subprocess, "run", fake_pip)
    cache = tmp_path / "cache"
    site = tmp_path / "site"
    with pytest.raises(HashMismatch, match="pinned"):
        vendor_engine(site, castform_wheel, cache)
    assert not any((cache / "pyodide-wheels").rglob("*.whl")), "a bad wheel must not stay in the cache"
    assert not (site / "engine").exists()


# --- castform's own wheel -------------------------------------------------------------------


def test_castform_wheel_builds_byte_identical_twice(tmp_path, monkeypatch):
    """Same source, same wheel bytes, whatever the files' mtimes (SOURCE_DATE_EPOCH)."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)  # the build's own default applies
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copyfile(ROOT / name, source / name)
    shutil.copytree(ROOT / "castform", source / "castform", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))

    first = build_castform_wheel(tmp_path / "one", source_dir=source)
    for path in source.rglob("*"):
        os.utime(path, (1_700_000_000, 1_700_000_000))  # a different day in every file
    second = build_castform_wheel(tmp_path / "two", source_dir=source)

    assert first.name == second.name and first.name.endswith("-py3-none-any.whl")
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        names = archive.namelist()
    assert "castform/browser.py" in names
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def test_engine_module_reads_the_pinned_versions():
    # The constants the tests above rely on agree with the pin file and package.json.
    assert engine.PYODIDE_VERSION == MANIFEST.pyodide_version == "314.0.7"
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    assert package["dependencies"]["pyodide"] == PYODIDE_VERSION
