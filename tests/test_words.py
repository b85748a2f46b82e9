"""One catalogue of interface words per language: the same keys in both, no empty word,
and every key the code asks for is in it."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest

from castform.words import LANGS, word, words

ROOT = Path(__file__).resolve().parent.parent
# English that is not ours: pydantic's own messages and castform/money.py's, which the
# Chinese translates (and may say less: pydantic's {error} detail is English).
QUOTED = {"invalid"}


def _keys(lang):
    return {(section, key) for section, table in words(lang).items() for key in table}


def test_every_key_is_in_both_languages():
    zh, en = (_keys(lang) for lang in LANGS)
    assert zh - en == set(), "missing in en.toml"
    assert en - zh == set(), "missing in zh.toml"


def test_no_word_is_empty_and_placeholders_match():
    for section, key in _keys("zh"):
        texts = [word(lang, f"{section}.{key}") for lang in LANGS]
        assert all(t.strip() or key in ("colon",) for t in texts), (section, key)
        zh, en = (set(re.findall(r"\{(\w+)\}", t)) for t in texts)
        if section in QUOTED:
            assert zh <= en, (section, key, zh, en)
        else:
            assert zh == en, (section, key, zh, en)


def test_a_missing_word_says_which():
    with pytest.raises(KeyError, match="cli.no-such-word"):
        word("en", "cli.no-such-word")


def test_every_rule_family_and_severity_has_its_word():
    from castform.registry import RULES

    for lang in LANGS:
        assert {r.id.split(".")[0] for r in RULES} <= set(words(lang)["family"])
        assert {r.severity for r in RULES} <= set(words(lang)["severity"])
        assert {r.source for r in RULES} <= set(words(lang)["source"])


# --- every key the code asks for --------------------------------------------------------

_WORD_CALL = re.compile(r"""\bword\(\s*[^,()]+,\s*(f?)(["'])([a-z_]+)\.([^"']*)\2""")
_WORDS_CALL = re.compile(r"""\bwords\([^()]*\)\[(["'])(\w+)\1\](?:\[(["'])(\w+)\3\])?""")
SOURCES = [*ROOT.glob("castform/**/*.py"), *ROOT.glob("sitebuild/**/*.py"), *ROOT.glob("site_src/hooks/*.py")]


def _asked_for():
    """(file, section, key or None) for every lookup in the code: word(lang, "section.key"),
    words(lang)["section"]["key"]; a key built at run time gives its section only."""
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        for match in _WORD_CALL.finditer(text):
            f, _, section, key = match.groups()
            dynamic = not key or (f and "{" in key)
            yield path.name, section, None if dynamic else key
        for match in _WORDS_CALL.finditer(text):
            yield path.name, match[2], match[4]


def test_every_word_the_code_asks_for_is_in_the_catalogue():
    asked = list(_asked_for())
    assert len(asked) > 50  # the scan finds the lookups (cli.py alone has dozens)
    for lang in LANGS:
        for name, section, key in asked:
            assert section in words(lang), (name, section)
            if key is not None:
                assert key in words(lang)[section], (name, f"{section}.{key}")


def test_the_batch_tables_words_are_in_the_catalogue():
    from castform import batch

    for lang in LANGS:
        assert len(batch.headings(lang)) == len(batch.COLUMNS)
        for status in ("ready", "not-ready", "unreadable", "failed"):
            assert batch.status_word(status, lang)


def test_every_word_the_checker_scripts_read_is_in_the_form_section():
    """The checker's modules read the page config's `text` (the catalogue's [form]) as
    `t.key` (`app.t`); the documents panel and the batch page have their own sections,
    below."""
    checked = 0
    for path in sorted((ROOT / "site_src" / "checker").glob("cf-*.js")):
        text = path.read_text(encoding="utf-8")
        if "app.t" not in text:
            continue
        checked += 1
        used = set(re.findall(r"\bt\.([a-z_]+)\b", text))
        used |= {
            f"{prefix}{name}"
            for prefix in re.findall(r"""\bt\[["'](\w+_)["']\s*\+""", text)
            for name in ("notice", "national", "site", "runtime", "packages", "rules")
            if f"{prefix}{name}" in words("en")["form"]
        }
        for lang in LANGS:
            assert used <= set(words(lang)["form"]), (path.name, used - set(words(lang)["form"]))
    assert checked >= 4


def _t_keys(path: Path) -> set[str]:
    """The words a script reads as `t.key`."""
    return set(re.findall(r"\bt\.([a-z_]+)\b", path.read_text(encoding="utf-8")))


def test_every_word_the_documents_panel_reads_is_in_its_section_and_its_config():
    """cf-documents.js reads the page config's `documents`: the catalogue's [documents_page]."""
    from castform.notice import load_notice
    from sitebuild.checkerform import page_config

    used = _t_keys(ROOT / "site_src" / "checker" / "cf-documents.js")
    assert {"docx", "xlsx", "print_note", "not_ready"} <= used  # the scan finds them
    notice = load_notice()
    for lang in LANGS:
        assert used <= set(words(lang)["documents_page"]), used - set(words(lang)["documents_page"])
        assert page_config(notice, lang)["documents"] == words(lang)["documents_page"]


def test_every_word_the_batch_page_reads_is_in_its_config():
    """The batch page's modules read its config's `text`: [batch_page], [batch]'s checks and
    the [severity] words (one word per severity, as in the checker and the CLI)."""
    from sitebuild.batchpage import batch_config, with_config

    used = set().union(*(_t_keys(path) for path in (ROOT / "site_src" / "checker").glob("cf-batch*.js")))
    assert {"pick", "checked", "overwrite", "severity", "checks"} <= used  # the scan finds them
    for lang in LANGS:
        text = batch_config(lang)["text"]
        assert used <= set(text), used - set(text)
        assert text["severity"] == words(lang)["severity"]
        assert text["checks"] == word(lang, "batch.checks")
        assert set(words(lang)["batch_page"]) <= set(text)
    html = with_config('<p><div class="cf-batch" id="cf-batch" data-lang="en"></div></p>', "en")
    attribute = re.search(r'data-config="([^"]*)"', html)[1]
    assert json.loads(unescape(attribute)) == batch_config("en")


def test_the_offline_banner_gets_the_catalogues_words(tmp_path):
    """offline.js gets the catalogue's [offline] words written in by the build."""
    from sitebuild.offline import write_service_worker

    source = (ROOT / "site_src" / "sw" / "offline.js").read_text(encoding="utf-8")
    used = set(re.findall(r"\btext\(\)\.([a-z_]+)\b", source))
    assert used == {"ready", "reload"}
    write_service_worker(tmp_path)
    built = (tmp_path / "assets" / "offline" / "offline.js").read_text(encoding="utf-8")
    written = json.loads(re.search(r"^\s*const TEXT = (\{.*\});$", built, re.M)[1])
    assert written == {lang: words(lang)["offline"] for lang in LANGS}
    for lang in LANGS:
        assert used <= set(written[lang])


def test_no_script_of_the_site_keeps_words_of_its_own():
    """No bilingual table in the site's scripts: their words come from the catalogue."""
    for path in sorted((ROOT / "site_src").rglob("*.*js")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\b(zh|en)\s*:\s*\{", text), path.relative_to(ROOT)


def test_the_form_words_the_template_uses_are_in_the_form_section():
    text = (ROOT / "site_src" / "checker" / "checker.html.j2").read_text(encoding="utf-8")
    used = set(re.findall(r"\bt\.(\w+)", text))
    assert used
    for lang in LANGS:
        assert used <= set(words(lang)["form"]), used - set(words(lang)["form"])


# --- the words that translate someone else's -------------------------------------------


def test_the_english_of_pydantic_errors_is_pydantics():
    from pydantic_core._pydantic_core import list_all_errors

    templates = {error["type"]: error["message_template_python"] for error in list_all_errors()}
    for key, english in words("en")["invalid"].items():
        if key.startswith("money_") or key == "other":
            continue
        assert templates.get(key) == english, key


@pytest.mark.parametrize("value", [True, 1.5, "", "abc", [1], "inf", "1e999999", "1" * 50, "1.234", "1e-5000", 10**13])
def test_every_money_error_has_its_chinese(value):
    """Each ValueError of castform/money.py is told in Chinese, not as a bare 格式不正确."""
    from castform.intake import read

    _, findings, _ = read({"format": "castform-application/1", "budget": {"declared_total": value}})
    (finding,) = [f for f in findings if f.rule == "input.invalid"]
    assert word("zh", "invalid.other") not in finding.message.zh, (value, finding.message)


def test_argparse_messages_in_chinese():
    from castform.cli import _argparse_zh

    assert _argparse_zh("the following arguments are required: FILE") == "缺少参数：FILE"
    assert (
        _argparse_zh("argument --format: invalid choice: 'xml' (choose from 'text', 'json')")
        == "参数 --format：无效的值 'xml'（可选：'text', 'json'）"
    )
    assert _argparse_zh("argument --on: expected one argument") == "参数 --on：需要一个值"
    assert _argparse_zh("something argparse says") == "something argparse says"
