"""Fixtures of the site tests: the built site, once per test session.

A pytest plugin, loaded by `pytest_plugins = ["sitefixtures"]` in each test module, not a
conftest.py: test modules elsewhere in tests/ import names `from conftest`, which a second
conftest module would shadow. (Helpers to read the pages: sitepages.py.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sitepages  # noqa: F401  (puts the repository root on sys.path)

from sitebuild.testing import build_site


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The site as `python build.py` builds it (strict mode: a warning fails here)."""
    site_dir = tmp_path_factory.mktemp("site")
    build_site(site_dir)
    return site_dir


@pytest.fixture(scope="session")
def site_notice():
    from castform.notice import load_notice

    return load_notice()
