"""The rule catalogue page, generated from the rule registry (`castform.catalogue`).

One heading per rule; its anchor is the rule id with dots replaced by hyphens
(`budget.line-arithmetic` → `#budget-line-arithmetic`), set explicitly so it stays
stable whatever the heading's text. The checker's findings link to these anchors.
"""

from __future__ import annotations

from markupsafe import escape

from castform.notice import Notice
from castform.words import words

from . import clauses as cl


def anchor(rule_id: str) -> str:
    return rule_id.replace(".", "-")


def family_of(rule_id: str) -> str:
    return rule_id.split(".", 1)[0]


def _quote(notice: Notice, clause_id: str, lang: str) -> str:
    clause = notice.clause(clause_id)
    paragraphs = cl.paragraphs(clause, lang) or [cl.heading(clause, lang) or ""]
    return "\n>\n".join(f"> {escape(p)}" for p in paragraphs)


def _clause_link(notice: Notice, clause_id: str, lang: str, root: str) -> str:
    return f"[{escape(cl.full_title(notice, clause_id, lang))}]({root}notice.md#{clause_id})"


def _source(entry: dict, notice: Notice, lang: str, root: str) -> str:
    """Where the rule's requirement comes from, in words, with links to the notice's clauses."""
    w = words(lang)
    mark = w["punctuation"]
    kind = w["source"][entry["source"]]
    links = mark["list"].join(_clause_link(notice, c, lang, root) for c in entry["clauses"])
    if entry["source"] == "national":
        return f"{kind}{mark['colon']}{escape(entry['citation_' + lang])}"
    if entry["source"] == "site":
        return f"{kind}{mark['open']}{w['catalogue']['after']} {links}{mark['close']}" if links else kind
    return f"{kind} {links}"


def _indent(text: str) -> str:
    return "\n".join("    " + line if line else "" for line in text.splitlines())


def rule_markdown(entry: dict, notice: Notice, lang: str, root: str) -> str:
    w = words(lang)
    labels = w["catalogue"]
    zh = lang == "zh"
    title = entry["title_zh"] if zh else entry["title_en"]
    severity = entry["severity"]
    field = f"`{entry['field']}`" if entry["field"] else labels["whole_file"]
    example = entry["example"]
    colon = w["punctuation"]["colon"]
    message = example["message_zh"] if zh else example["message_en"]
    mark = w["punctuation"]
    quotes = "\n\n".join(
        f"{labels['quote']}{mark['open']}{escape(cl.citation(notice, c, lang))}{mark['close']}{colon.rstrip()}"
        f"\n\n{_quote(notice, c, lang)}"
        for c in entry["clauses"]
    )
    parts = [
        f"### {escape(title)} {{#{anchor(entry['id'])} }}",
        f'- **{labels["severity"]}**{colon}<span class="cf-severity cf-severity--{severity}">'
        f"{w['severity'][severity]}</span>\n"
        f"- **{labels['source']}**{colon}{_source(entry, notice, lang, root)}\n"
        f"- **{labels['field']}**{colon}{field}\n"
        f"- <small>{labels['rule_id']}{colon}<code>{entry['id']}</code></small>",
        quotes,
        f"**{labels['checks']}**{colon}{escape(entry['doc_zh'] if zh else entry['doc_en'])}",
    ]
    # The example only with its result: a rule's example patches an example application of
    # the notice it was written for, and on another notice (one without that example file)
    # it would show a patch of someone else's application and no result.
    if message:
        parts += [
            f"**{labels['example']}**{colon}"
            + (labels["example_base"].format(base=example["base"]) if example.get("base") else labels["example_plain"]),
            f"```json\n{example['input_json']}\n```",
            f"!!! {'failure' if severity == 'error' else 'warning' if severity == 'warning' else 'info'}"
            f' "{labels["result"]}"\n\n{_indent(str(escape(message)))}',
        ]
    parts.append(f"**{labels['fix']}**{colon}{escape(entry['fix_zh'] if zh else entry['fix_en'])}")
    return "\n\n".join(parts)


def catalogue_markdown(entries: list[dict], notice: Notice, lang: str, root: str) -> str:
    """All rules, grouped by family in registry order, one H2 per family."""
    families: dict[str, list[dict]] = {}
    for entry in entries:
        families.setdefault(family_of(entry["id"]), []).append(entry)
    blocks = []
    for family, members in families.items():
        title = words(lang)["family"].get(family, family)
        blocks.append(f"## {escape(title)} {{#family-{family} }}")
        blocks.extend(rule_markdown(entry, notice, lang, root) for entry in members)
    return "\n\n".join(blocks) + "\n"
