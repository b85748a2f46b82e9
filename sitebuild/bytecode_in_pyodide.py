"""Runs inside Pyodide (Node), started by sitebuild/bytecode.py: compile wheels to bytecode.

    run_pyodide.mjs --env PYTHONHASHSEED=0 --mount DIR:/work node_modules/pyodide \
        bytecode_in_pyodide.py /work/in /work/out NAME.whl...

Each wheel is rewritten with every module's source replaced by its bytecode (`x.py` →
`x.pyc`, read by Python's sourceless loader), as Pyodide does for its own packages.
Compiling pydantic's and castform's sources was about half of the checker's Python
start-up in the browser. The compiler must be the browser's own CPython 3.14 (bytecode
is version-specific), hence Pyodide; PYTHONHASHSEED=0 and fixed zip dates keep the output
byte-identical from one build to the next. Standard library only.
"""

import base64
import hashlib
import py_compile
import site
import sys
import tempfile
import zipfile
from pathlib import Path

ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def is_module(name: str) -> bool:
    # Importable code only: not scripts or data under *.data/, nor anything in dist-info.
    top = name.split("/", 1)[0]
    return name.endswith(".py") and not top.endswith((".dist-info", ".data"))


def compile_source(name: str, source: bytes, site_packages: str) -> bytes:
    with tempfile.TemporaryDirectory() as scratch:
        source_file, pyc_file = Path(scratch, "module.py"), Path(scratch, "module.pyc")
        source_file.write_bytes(source)
        py_compile.compile(
            str(source_file), cfile=str(pyc_file),
            # co_filename: where the module lands once installed, as if imported from source.
            dfile=f"{site_packages}/{name}",
            # A hash-based header, never checked: no build date in it, no source to compare.
            invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
            doraise=True,
        )
        return pyc_file.read_bytes()


def rewrite(source_wheel: Path, target_wheel: Path, site_packages: str) -> None:
    files: list[tuple[str, bytes]] = []
    record_name = None
    with zipfile.ZipFile(source_wheel) as wheel:
        for info in sorted(wheel.infolist(), key=lambda i: i.filename):
            if info.is_dir():
                continue
            name, data = info.filename, wheel.read(info)
            if name.endswith(".dist-info/RECORD"):
                record_name = name
                continue
            if is_module(name):
                name, data = name + "c", compile_source(name, data, site_packages)
            files.append((name, data))
    if record_name is None:
        raise SystemExit(f"{source_wheel.name}: no RECORD")
    record = "\n".join([*(record_line(n, d) for n, d in files), f"{record_name},,", ""])
    files.append((record_name, record.encode()))
    with zipfile.ZipFile(target_wheel, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for name, data in files:
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(info, data)


def main(argv: list[str]) -> None:
    source_dir, target_dir, *names = (Path(a) for a in argv)
    site_packages = site.getsitepackages()[0]
    for name in names:
        rewrite(source_dir / name, target_dir / name.name, site_packages)
        print(f"{name.name}: {sys.implementation.cache_tag} bytecode")


if __name__ == "__main__":
    main(sys.argv[1:])
