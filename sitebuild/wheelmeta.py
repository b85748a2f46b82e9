"""Read what a Pyodide lock file needs to know about a wheel, from the wheel itself."""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from email.parser import HeaderParser
from pathlib import Path, PurePosixPath

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename

# Marker values for Pyodide 314 (CPython 3.14 on Emscripten), so that a dependency that
# only applies to other Pythons or platforms is left out of `depends`.
PYODIDE_MARKERS = {
    "implementation_name": "cpython",
    "platform_python_implementation": "CPython",
    "platform_system": "Emscripten",
    "platform_machine": "wasm32",
    "sys_platform": "emscripten",
    "os_name": "posix",
    "python_version": "3.14",
    "python_full_version": "3.14.2",
    "implementation_version": "3.14.2",
    "extra": "",
}


@dataclass(frozen=True)
class WheelMeta:
    name: str  # canonical: lower case, runs of -_. as one "-"
    version: str
    file_name: str
    imports: tuple[str, ...]
    # Requirements that apply on Pyodide: (canonical name, version specifier) pairs.
    requires: tuple[tuple[str, str], ...]

    @property
    def depends(self) -> tuple[str, ...]:
        return tuple(name for name, _spec in self.requires)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_wheel(path: Path, markers: dict[str, str] | None = None) -> WheelMeta:
    """Name, version, top-level imports and runtime dependencies of a wheel file."""
    name, version, _build, _tags = parse_wheel_filename(path.name)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        metadata = _metadata_text(archive, names)
    headers = HeaderParser().parsestr(metadata)
    if canonicalize_name(headers["Name"]) != name or headers["Version"] != str(version):
        raise ValueError(f"{path.name}: file name disagrees with its METADATA")
    return WheelMeta(
        name=str(name),
        version=str(version),
        file_name=path.name,
        imports=_top_level_imports(names),
        requires=_runtime_requires(headers.get_all("Requires-Dist") or [], markers),
    )


def _metadata_text(archive: zipfile.ZipFile, names: list[str]) -> str:
    found = [n for n in names if n.count("/") == 1 and n.endswith(".dist-info/METADATA")]
    if len(found) != 1:
        raise ValueError(f"expected one .dist-info/METADATA, found {found}")
    return archive.read(found[0]).decode("utf-8")


def _top_level_imports(names: list[str]) -> tuple[str, ...]:
    # Pyodide maps import names to packages with this list (to say which package a
    # missing module lives in), so list what `import X` can name at the top level.
    found: set[str] = set()
    for entry in names:
        parts = PurePosixPath(entry).parts
        top = parts[0]
        if top.endswith((".dist-info", ".data")):
            continue
        if len(parts) == 1:
            if top.endswith(".py"):
                found.add(top[: -len(".py")])
            elif top.endswith(".so"):
                found.add(top.split(".", 1)[0])
        elif len(parts) == 2 and parts[1] == "__init__.py":
            found.add(top)
    return tuple(sorted(found))


def _runtime_requires(lines: list[str], markers: dict[str, str] | None) -> tuple[tuple[str, str], ...]:
    environment = {**default_environment(), **(markers or PYODIDE_MARKERS)}
    found: dict[str, str] = {}
    for line in lines:
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate(environment):
            name = canonicalize_name(requirement.name)
            specs = [found.get(name, ""), str(requirement.specifier)]
            found[name] = ",".join(spec for spec in specs if spec)
    return tuple(sorted(found.items()))
