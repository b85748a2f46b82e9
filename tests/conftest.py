"""Fixtures shared by the tests at this level (the case tables live in casebook.py)."""

from __future__ import annotations

import pytest

from castform.notice import load_notice


@pytest.fixture(scope="session")
def notice():
    return load_notice()
