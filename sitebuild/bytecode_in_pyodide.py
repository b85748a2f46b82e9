"""Runs inside Pyodide (Node), started by sitebuild/bytecode.py: ship Python as bytecode.

Two commands:

    run_pyodide.mjs --env PYTHONHASHSEED=0 --mount DIR:/work node_modules/pyodide \
        bytecode_in_pyodide.py wheels /work/options.json /work/in /work/out NAME.whl...

rewrites each wheel with every module's source replaced by its bytecode (`x.py` →
`x.pyc`, read by Python's sourceless loader), as Pyodide does for its own packages,
without the files options.json leaves out for it (sitebuild/bytecode.py: LEFT_OUT),
without its docstrings unless options.json keeps them, and without the long
description in its METADATA.

    run_pyodide.mjs --env PYTHONHASHSEED=0 --mount DIR:/work ENGINE_DIR \
        bytecode_in_pyodide.py stdlib /work/examples /work/stdlib.zip

runs on the engine (every wheel loaded), imports castform's browser API and checks each
example, then writes a copy of the runtime's standard library zip (Pyodide ships it as
sources only) with every module that was imported so far — at boot and by the checker —
replaced by its bytecode, the other modules that any served wheel can reach left as
source, and the rest left out (see `reachable_stdlib`).

Compiling those sources on every start was most of the checker's start-up in the
browser. The compiler must be the browser's own CPython 3.14 (bytecode is
version-specific), hence Pyodide; PYTHONHASHSEED=0 (set ordering in constants), sorted
entries and fixed zip dates keep the output byte-identical from one build to the next.
Standard library only.
"""

import ast
import base64
import dis
import hashlib
import json
import marshal
import site
import sys
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


def compile_source(source: bytes, installed_path: str, docstrings: bool = True) -> bytes:
    """A module's bytecode, as a hash-based .pyc that is never checked against a source
    (there is none beside it, and no build date goes into it). Without its docstrings
    when docstrings is false, as `python -OO` would leave them (asserts stay)."""
    from importlib._bootstrap_external import _code_to_hash_pyc
    from importlib.util import source_hash

    tree = ast.parse(source, installed_path)
    if not docstrings:
        _strip_docstrings(tree)
    # co_filename: where the module lands once installed, as if imported from source.
    code = compile(tree, installed_path, "exec", dont_inherit=True)
    return bytes(_code_to_hash_pyc(code, source_hash(source), checked=False))


def lean_source(source: bytes, name: str) -> bytes:
    """A module's source without its comments and with its docstrings emptied, every
    line where it was (tracebacks and line numbers stay right): for the modules that stay
    source in the standard library zip, which the engine can reach but the checker does
    not import on the examples. A docstring keeps its place as a triple-quoted string of
    as many newlines as it had lines, so a body that was only a docstring stays valid."""
    import io
    import tokenize

    lines = source.decode("utf-8").splitlines(keepends=True)
    # Comments first: each runs to the end of its line (tokenize never sees one in a string).
    for token in tokenize.tokenize(io.BytesIO(source).readline):
        if token.type == tokenize.COMMENT:
            row, col = token.start
            line = lines[row - 1]
            ending = "\n" if line.endswith("\n") else ""
            lines[row - 1] = line[:col].rstrip() + ending
    # Then the docstrings, from the last up, so that earlier positions stay valid.
    docs = []
    for node in ast.walk(ast.parse(source, name)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                docs.append(body[0].value)
    for doc in sorted(docs, key=lambda d: (d.lineno, d.col_offset), reverse=True):
        first, last = doc.lineno - 1, doc.end_lineno - 1
        # AST columns count UTF-8 bytes; the lines are text.
        start = len(lines[first].encode("utf-8")[: doc.col_offset].decode("utf-8"))
        end = len(lines[last].encode("utf-8")[: doc.end_col_offset].decode("utf-8"))
        emptied = '"""' + "\n" * (last - first) + '"""'
        lines[first : last + 1] = [lines[first][:start] + emptied + lines[last][end:]]
    lean = "".join(lines).encode("utf-8")
    compile(lean, name, "exec", dont_inherit=True)  # still Python
    return lean


def _strip_docstrings(tree: ast.Module) -> None:
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        body = node.body
        if (
            body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            docstring = body.pop(0)
            if not body:  # a function that was only its docstring
                body.append(ast.copy_location(ast.Pass(), docstring))


def rewrite(
    source_zip: Path,
    target_zip: Path,
    compile_as: Callable[[str], str | None],
    keep: Callable[[str], bool] = lambda name: True,
    transform: Callable[[str, bytes], bytes] = lambda name, data: data,
    docstrings: bool = True,
    lean: bool = False,
) -> None:
    """Copy a zip, compiling each module that compile_as names (its path once installed)
    and leaving out each entry that keep refuses.

    A wheel's RECORD is written anew to list the compiled files with their hashes.
    """
    files: list[tuple[str, bytes]] = []
    record_name = None
    with zipfile.ZipFile(source_zip) as archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            # Directory entries stay: zipimport looks for them (namespace packages).
            name, data = info.filename, archive.read(info)
            if not keep(name):
                continue
            data = transform(name, data)
            if name.endswith(".dist-info/RECORD"):
                record_name = name
                continue
            installed_path = None if info.is_dir() else compile_as(name)
            if installed_path:
                name, data = name + "c", compile_source(data, installed_path, docstrings)
            elif lean and name.endswith(".py"):
                data = lean_source(data, name)
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


def compile_wheels(source_dir: Path, target_dir: Path, names: list[str], options: dict[str, dict]) -> None:
    """options: wheel file name → {"left_out": path prefixes of files the site does not
    serve, "docstrings": whether its bytecode keeps its docstrings}."""
    site_packages = site.getsitepackages()[0]
    for name in names:
        wheel = source_dir / name
        if not any(n.endswith(".dist-info/RECORD") for n in zipfile.ZipFile(wheel).namelist()):
            raise SystemExit(f"{name}: no RECORD, not a wheel")
        prefixes = tuple(options[name]["left_out"])
        docstrings = options[name]["docstrings"]
        rewrite(
            wheel,
            target_dir / name,
            lambda n: f"{site_packages}/{n}" if is_module(n) else None,
            keep=lambda n: not (prefixes and n.startswith(prefixes)),
            transform=short_metadata,
            docstrings=docstrings,
        )
        print(
            f"{name}: {sys.implementation.cache_tag} bytecode"
            + ("" if docstrings else " without docstrings")
            + (f", without {', '.join(prefixes)}" if prefixes else "")
        )


def short_metadata(name: str, data: bytes) -> bytes:
    """A wheel's METADATA without its long description (the project's README, 26 kB for
    pydantic): only the headers are ever read at run time (importlib.metadata)."""
    if not name.endswith(".dist-info/METADATA"):
        return data
    headers, _blank, _description = data.partition(b"\n\n")
    return headers + b"\n"


# --- which modules of the standard library the engine can ever import -----------------

# The runtime's own packages: JavaScript calls into them by name.
WHOLE_PACKAGES = ("pyodide", "_pyodide")
# Codecs are looked up by name, so no import statement shows them. The engine decodes
# and encodes Unicode (JSON, TOML, the notice's text); the legacy Chinese ones are kept
# for a file saved as GBK or GB 18030 (they are small: the tables are built in).
CODECS = (
    "aliases",
    "utf_8",
    "utf_8_sig",
    "utf_16",
    "utf_16_le",
    "utf_16_be",
    "utf_32",
    "utf_32_le",
    "utf_32_be",
    "ascii",
    "latin_1",
    "charmap",
    "raw_unicode_escape",
    "unicode_escape",
    "idna",
    "punycode",
    "undefined",
    "base64_codec",
    "hex_codec",
    "gbk",
    "gb2312",
    "gb18030",
    "hz",
    "big5",
    "cp936",
    "cp437",
    "cp1252",
)
# Entered only by a person at a prompt or a test runner — an interactive console, a
# debugger, help(), doctest and unittest — or needing processes, which WebAssembly has
# not. The static search below reaches them (heapq's `python -m heapq` runs doctest,
# site's interactive hook imports _pyrepl) but no code path of the engine calls them.
NEVER = (
    "_pyrepl",
    "pyodide.console",
    "pdb",
    "pydoc",
    "pydoc_data",
    "doctest",
    "unittest",
    "code",
    "codeop",
    "rlcompleter",
    "idlelib",
    "tkinter",
    "turtle",
    "turtledemo",
    "ensurepip",
    "venv",
    "multiprocessing",
    "concurrent.futures.process",
    "profile",
    "cProfile",
    "pstats",
    "trace",
    "timeit",
    "tabnanny",
    "webbrowser",
    "http.server",
    "xmlrpc",
    "wsgiref",
    "lib2to3",
    "test",
    # Python's own network clients of the runtime: the engine fetches nothing from Python,
    # and its worker refuses any host but the site's.
    "pyodide.http",
    "pyodide._nodesock_transport",
)
# Kept even if no import statement of a served wheel named them: what castform's rules
# lean on (datetime's pure-Python half too, and what formats an error),
# and what the XlsxWriter that a later feature will load on demand imports (zipfile,
# tempfile, struct, fractions …). Every import statement of every served wheel, error
# paths included, is followed anyway (reachable_stdlib).
ALWAYS = (
    "decimal",
    "json",
    "re",
    "datetime",
    "_pydatetime",
    "tomllib",
    "unicodedata",
    "importlib.resources",
    "importlib.metadata",
    "traceback",
    "linecache",
    "warnings",
    "zipfile",
    "io",
    "struct",
    "tempfile",
    "shutil",
    "copy",
    "fractions",
    "hashlib",
    "time",
    "os",
    "codecs",
    "string",
    "collections",
    "functools",
    "operator",
)


def imports_in(code, package: str) -> set[str]:
    """Every module an import statement anywhere in code (functions included) can load."""
    found: set[str] = set()
    stack = [code]
    while stack:
        current = stack.pop()
        consts = []
        for instruction in dis.get_instructions(current):
            if instruction.opname in ("LOAD_CONST", "LOAD_SMALL_INT"):
                consts.append(instruction.argval)
            elif instruction.opname == "IMPORT_NAME":
                level, fromlist = (consts[-2], consts[-1]) if len(consts) >= 2 else (0, None)
                name = instruction.argval
                if isinstance(level, int) and level > 0:
                    base = package.rsplit(".", level - 1)[0] if level > 1 else package
                    name = f"{base}.{name}" if name else base
                found.add(name)
                for item in fromlist or ():
                    if isinstance(item, str) and item != "*":
                        found.add(f"{name}.{item}")
        stack.extend(c for c in current.co_consts if hasattr(c, "co_code"))
    with_parents = set()
    for name in found:
        parts = name.split(".")
        with_parents.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
    return with_parents


def _module_name(entry: str) -> tuple[str, bool] | None:
    """(module name, is a package) of a zip entry that holds Python code."""
    for suffix in (".py", ".pyc"):
        if entry.endswith(suffix):
            stem = entry[: -len(suffix)]
            if stem.endswith("/__init__"):
                return stem[: -len("/__init__")].replace("/", "."), True
            return stem.replace("/", "."), False
    return None


def _code_of(name: str, data: bytes):
    if name.endswith(".pyc"):
        return marshal.loads(data[16:])
    return compile(_without_main_block(data, name), name, "exec", dont_inherit=True)


# The standard library's convention for what `python -m module` runs: a module-level
# main()/_test() called from the module's `__main__` block or its package's __main__.py
# (zipfile.main imports argparse, random._test imports statistics). No library code
# calls them.
COMMAND_LINE_ENTRIES = {"main", "_main", "_test", "test", "_demo"}


def _without_main_block(source: bytes, name: str) -> ast.Module:
    """The module as library code sees it, for finding its imports: without its
    `if __name__ == "__main__":` block and its command-line entry points."""
    tree = ast.parse(source, name)
    tree.body = [
        node
        for node in tree.body
        if not (
            isinstance(node, ast.If)
            and isinstance(node.test, ast.Compare)
            and isinstance(node.test.left, ast.Name)
            and node.test.left.id == "__name__"
        )
        and not (isinstance(node, ast.FunctionDef) and node.name in COMMAND_LINE_ENTRIES)
    ]
    return tree


def _never(name: str) -> bool:
    return any(name == n or name.startswith(n + ".") for n in NEVER)


def reachable_stdlib(stdlib_zip: Path, imported: set[str], site_packages: Path) -> set[str]:
    """The standard library modules the engine can import: those imported while checking
    the examples, WHOLE_PACKAGES, CODECS, ALWAYS, every module an import statement of a
    served wheel names, and so on through the standard library's own import statements
    (those inside functions too: error paths; not a module's `__main__` block), to a
    fixed point, never into NEVER."""
    modules: dict[str, tuple[str, bool]] = {}
    with zipfile.ZipFile(stdlib_zip) as archive:
        for entry in archive.namelist():
            if (named := _module_name(entry)) and not entry.startswith("site-packages/"):
                modules[named[0]] = (entry, named[1])
        wanted = set(imported) | set(ALWAYS) | {f"encodings.{codec}" for codec in CODECS}
        wanted |= {m for m in modules if m.split(".")[0] in WHOLE_PACKAGES}
        for path in sorted(site_packages.rglob("*.py*")):
            relative = path.relative_to(site_packages).as_posix()
            named = _module_name(relative)
            if named and ".dist-info/" not in relative and "__pycache__" not in relative:
                package = named[0] if named[1] else named[0].rpartition(".")[0]
                wanted |= imports_in(_code_of(relative, path.read_bytes()), package)
        seen: set[str] = set()
        # What the engine imported is kept whatever NEVER says.
        todo = sorted(m for m in wanted if m in modules and (m in imported or not _never(m)))
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            entry, is_package = modules[name]
            package = name if is_package else name.rpartition(".")[0]
            parts = name.split(".")
            found = imports_in(_code_of(entry, archive.read(entry)), package)
            found |= {".".join(parts[:i]) for i in range(1, len(parts))}
            todo.extend(m for m in found if m in modules and m not in seen and not _never(m))
    return seen


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
        origin[len(prefix) :]
        for module in list(sys.modules.values())
        if (origin := getattr(getattr(module, "__spec__", None), "origin", None) or "").startswith(prefix)
        and origin.endswith(".py")
    }
    imported = {
        name
        for name, module in list(sys.modules.items())
        if (getattr(getattr(module, "__spec__", None), "origin", None) or "").startswith(prefix)
    }
    reachable = reachable_stdlib(Path(stdlib_zip), imported, Path(site.getsitepackages()[0]))
    kept_dirs = {name.replace(".", "/") + "/" for name in reachable}

    def keep(entry: str) -> bool:
        named = _module_name(entry)
        if named:
            return named[0] in reachable
        # Directories and data files: those of a package that is kept.
        folder = entry if entry.endswith("/") else entry.rpartition("/")[0] + "/"
        return folder in kept_dirs

    # The standard library is made to run under `python -OO`: its bytecode goes without
    # docstrings (15 % of it), and the modules left as source without comments and
    # docstrings (lean_source: a third of them).
    rewrite(Path(stdlib_zip), target_zip, lambda n: f"{prefix}{n}" if n in used else None, keep=keep, docstrings=False, lean=True)
    (target_zip.parent / "stdlib-modules.json").write_text(json.dumps(sorted(reachable)))
    print(
        f"{Path(stdlib_zip).name}: {len(reachable)} modules kept, {len(used)} of them as {sys.implementation.cache_tag} bytecode"
    )


def main(argv: list[str]) -> None:
    command, *args = argv
    if command == "wheels":
        options_file, source_dir, target_dir, *names = args
        options = json.loads(Path(options_file).read_text(encoding="utf-8"))
        compile_wheels(Path(source_dir), Path(target_dir), names, options)
    elif command == "stdlib":
        examples_dir, target_zip = args
        compile_stdlib(Path(examples_dir), Path(target_zip))
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main(sys.argv[1:])
