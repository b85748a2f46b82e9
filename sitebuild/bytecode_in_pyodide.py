"""Runs inside Pyodide (Node), started by sitebuild/bytecode.py: ship Python as bytecode.

Two commands:

    run_pyodide.mjs --env PYTHONHASHSEED=0 --mount DIR:/work node_modules/pyodide \
        bytecode_in_pyodide.py wheels /work/in /work/out NAME.whl...

rewrites each wheel with every module's source replaced by its bytecode (`x.py` →
`x.pyc`, read by Python's sourceless loader), as Pyodide does for its own packages.

    run_pyodide.mjs --env PYTHONHASHSEED=0 --mount DIR:/work ENGINE_DIR \
        bytecode_in_pyodide.py stdlib /work/examples /work/stdlib.zip

runs on the engine (every wheel loaded), imports castform's browser API and checks each
example, then writes a copy of the runtime's standard library zip (Pyodide ships it as
sources only) with every module that was imported so far — at boot and by the checker —
replaced by its bytecode, and every other module left as source.

Compiling those sources on every start was most of the checker's start-up in the
browser. The compiler must be the browser's own CPython 3.14 (bytecode is
version-specific), hence Pyodide; PYTHONHASHSEED=0 (set ordering in constants), sorted
entries and fixed zip dates keep the output byte-identical from one build to the next.
Standard library only.
"""

import base64
import hashlib
import py_compile
import site
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def is_module(name: str) -> bool:
    # Importable code only: not scripts or data under *.data/, nor anything in dist-info.
    top = name.split("/", 1)[0]
    return name.endswith(".py") and not top.endswith((".dist-info", ".data"))


def compile_source(source: bytes, installed_path: str) -> bytes:
    with tempfile.TemporaryDirectory() as scratch:
        source_file, pyc_file = Path(scratch, "module.py"), Path(scratch, "module.pyc")
        source_file.write_bytes(source)
        py_compile.compile(
            str(source_file), cfile=str(pyc_file),
            # co_filename: where the module lands once installed, as if imported from source.
            dfile=installed_path,
            # A hash-based header, never checked: no build date in it, no source to compare.
            invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
            doraise=True,
        )
        return pyc_file.read_bytes()


def rewrite(source_zip: Path, target_zip: Path, compile_as: Callable[[str], str | None]) -> None:
    """Copy a zip, compiling each module that compile_as names (its path once installed).

    A wheel's RECORD is written anew to list the compiled files with their hashes.
    """
    files: list[tuple[str, bytes]] = []
    record_name = None
    with zipfile.ZipFile(source_zip) as archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            # Directory entries stay: zipimport looks for them (namespace packages).
            name, data = info.filename, archive.read(info)
            if name.endswith(".dist-info/RECORD"):
                record_name = name
                continue
            installed_path = None if info.is_dir() else compile_as(name)
            if installed_path:
                name, data = name + "c", compile_source(data, installed_path)
            files.append((name, data))
    if record_name:
        listed = [record_line(n, d) for n, d in files if not n.endswith("/")]
        record = "\n".join([*listed, f"{record_name},,", ""])
        files.append((record_name, record.encode()))
    with zipfile.ZipFile(target_zip, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for name, data in files:
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.external_attr = (0o40755 << 16 | 0x10) if name.endswith("/") else 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(info, data)


def compile_wheels(source_dir: Path, target_dir: Path, names: list[str]) -> None:
    site_packages = site.getsitepackages()[0]
    for name in names:
        wheel = source_dir / name
        if not any(n.endswith(".dist-info/RECORD") for n in zipfile.ZipFile(wheel).namelist()):
            raise SystemExit(f"{name}: no RECORD, not a wheel")
        rewrite(wheel, target_dir / name, lambda n: f"{site_packages}/{n}" if is_module(n) else None)
        print(f"{name}: {sys.implementation.cache_tag} bytecode")


def compile_stdlib(examples_dir: Path, target_zip: Path) -> None:
    import castform.browser as api

    api.check_json('{"format": "castform-application/1"}')
    for example in sorted(examples_dir.glob("*.json")):
        text = example.read_text(encoding="utf-8")
        api.check_json(text)
        api.read_import(text)
    (stdlib_zip,) = [p for p in sys.path if p.endswith(".zip")]
    prefix = stdlib_zip + "/"
    used = {
        origin[len(prefix):]
        for module in list(sys.modules.values())
        if (origin := getattr(getattr(module, "__spec__", None), "origin", None) or "").startswith(prefix)
        and origin.endswith(".py")
    }
    rewrite(Path(stdlib_zip), target_zip, lambda n: f"{prefix}{n}" if n in used else None)
    print(f"{Path(stdlib_zip).name}: {len(used)} modules as {sys.implementation.cache_tag} bytecode")


def main(argv: list[str]) -> None:
    command, *args = argv
    if command == "wheels":
        source_dir, target_dir, *names = args
        compile_wheels(Path(source_dir), Path(target_dir), names)
    elif command == "stdlib":
        examples_dir, target_zip = args
        compile_stdlib(Path(examples_dir), Path(target_zip))
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main(sys.argv[1:])
