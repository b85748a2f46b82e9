"""Fixtures shared by the tests at this level (the case tables live in casebook.py), and
the layer markers.

Every test is marked with its layer from where it lives, so a run can pick one:
`scripts/test -m core` (the rules, the CLI, the documents: seconds), `-m site` (the
MkDocs build), `-m engine` (the engine's files and CPython ↔ Pyodide parity, in Node),
`-m browser` (Chromium). Without -m, everything runs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from castform.notice import load_notice

LAYERS = {
    "core": "the rules, the intake, the CLI and the documents on CPython",
    "site": "the site build and its pages",
    "engine": "the engine's vendored files and CPython ↔ Pyodide parity (needs node)",
    "browser": "the site and the checker in headless Chromium",
}
# Top-level test modules that belong to a layer other than core.
_ENGINE_MODULES = {"test_engine_vendoring.py", "test_parity.py", "test_fuzz_pyodide.py"}


def pytest_configure(config):
    for name, what in LAYERS.items():
        config.addinivalue_line("markers", f"{name}: {what}")


def layer_of(path: Path) -> str:
    parts = path.parts
    if "browser" in parts:
        return "browser"
    if "site" in parts:
        return "site"
    if path.name in _ENGINE_MODULES or "node" in parts:
        return "engine"
    return "core"


def pytest_collection_modifyitems(config, items):
    for item in items:
        item.add_marker(getattr(pytest.mark, layer_of(Path(str(item.fspath)))))


@pytest.fixture(scope="session")
def notice():
    return load_notice()
