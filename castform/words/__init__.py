"""The interface's words, one catalogue per language (zh.toml, en.toml in this folder).

    words("zh")["severity"]["error"]   → "错误"
    word("en", "verdict.ready")        → "ready"

Every part of castform that labels something for a person — the command line and its help,
the rule catalogue, the batch review's table, the intake's translation of pydantic's errors,
the site's generated pages and the checker's form (section [form], which the page's scripts
read from the page config as `text`), the checker's print and download panel
([documents_page]), the batch review page ([batch_page], with [batch]'s and [severity]'s
words) and the site's "new version" banner ([offline], written into offline.js by the
build) — takes its words from here, so a concept has one word in each language wherever it
appears. Sections group the words by area; a key asked for
that the catalogue lacks raises KeyError (tests/test_words.py finds every key the code asks
for and checks it is in both languages).
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
    """One word by "section.name"; KeyError, naming the key, if the catalogue lacks it."""
    section, _, name = key.partition(".")
    try:
        return words(lang)[section][name]
    except KeyError:
        raise KeyError(f"no word {key!r} in castform/words/{lang}.toml") from None
