"""The interface's words, one catalogue per language (zh.toml, en.toml in this folder).

    words("zh")["severity"]["error"]   → "错误"
    word("en", "verdict.ready")        → "ready"

Every part of castform that labels something for a person — the command line, the rule
catalogue, the site's generated pages — takes its words from here, so a concept has one
word in each language wherever it appears.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources

LANGS = ("zh", "en")


@lru_cache(maxsize=len(LANGS))
def words(lang: str) -> dict[str, dict[str, str]]:
    if lang not in LANGS:
        raise ValueError(f"no words for language {lang!r}")
    return tomllib.loads((resources.files("castform") / "words" / f"{lang}.toml").read_text(encoding="utf-8"))


def word(lang: str, key: str) -> str:
    section, name = key.split(".", 1)
    return words(lang)[section][name]
