"""One catalogue of interface words per language: the same keys in both, no empty word."""

from __future__ import annotations

from castform.words import LANGS, word, words


def _keys(lang):
    return {(section, key) for section, table in words(lang).items() for key in table}


def test_every_key_is_in_both_languages():
    zh, en = (_keys(lang) for lang in LANGS)
    assert zh - en == set(), "missing in en.toml"
    assert en - zh == set(), "missing in zh.toml"


def test_no_word_is_empty_and_placeholders_match():
    import re

    for section, key in _keys("zh"):
        texts = [word(lang, f"{section}.{key}") for lang in LANGS]
        assert all(t.strip() or key in ("colon",) for t in texts), (section, key)
        slots = [set(re.findall(r"\{(\w+)\}", t)) for t in texts]
        assert slots[0] == slots[1], (section, key, slots)


def test_every_rule_family_and_severity_has_its_word():
    from castform.registry import RULES

    for lang in LANGS:
        assert {r.id.split(".")[0] for r in RULES} <= set(words(lang)["family"])
        assert {r.severity for r in RULES} <= set(words(lang)["severity"])
        assert {r.source for r in RULES} <= set(words(lang)["source"])
