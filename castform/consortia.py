"""The unofficial list of known consortium names (see consortia.toml for its status)."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def known_consortia() -> tuple[str, ...]:
    text = (resources.files("castform") / "consortia.toml").read_text(encoding="utf-8")
    return tuple(tomllib.loads(text)["names"])
