"""The rule catalogue page, generated from the rule registry (`castform.catalogue`).

One heading per rule; its anchor is the rule id with dots replaced by hyphens
(`budget.line-arithmetic` → `#budget-line-arithmetic`), set explicitly so it stays
stable whatever the heading's text. The checker's findings link to these anchors.
"""

from __future__ import annotations

from markupsafe import escape

from castform.notice import Notice

from . import clauses as cl

# Section titles for the rule id's first part; an unknown family is titled by its id.
FAMILIES = {
    "input": ("文件与填写格式", "The file and its format"),
    "applicant": ("申报主体", "Who applies"),
    "project": ("项目", "The project"),
    "budget": ("预算", "The budget"),
    "spending": ("不得列支的费用", "Spending the funds may not be used for"),
    "reference": ("国家开支标准（参考）", "National reference rates"),
    "deadline": ("申报时间", "Dates"),
    "submission": ("报送", "Submission"),
}

SEVERITY = {
    "error": ("错误", "Error"),
    "warning": ("警告", "Warning"),
    "info": ("提示", "Note"),
}

_WORDS = {
    "zh": {
        "severity": "严重程度",
        "clause": "依据",
        "rule_id": "规则编号",
        "source": {"notice": "通知", "national": "国家规定", "site": "本站表单或解读"},
        "field": "指向的填写项",
        "whole_file": "整个文件",
        "checks": "检查什么",
        "example": "不通过的例子",
        "example_base": "在示例申报 `{base}` 的基础上改动以下各项：",
        "example_plain": "申报文件中有以下内容：",
        "result": "核查结果",
        "fix": "怎样改正",
        "quote": "通知原文",
    },
    "en": {
        "severity": "Severity",
        "clause": "Requirement from",
        "rule_id": "Rule id",
        "source": {"notice": "the notice", "national": "a national rule", "site": "this site's form or reading"},
        "field": "Field",
        "whole_file": "the whole file",
        "checks": "What it checks",
        "example": "An example that fails",
        "example_base": "Starting from the example application `{base}`, change:",
        "example_plain": "An application containing:",
        "result": "The checker says",
        "fix": "How to fix it",
        "quote": "The notice says",
    },
}


def anchor(rule_id: str) -> str:
    return rule_id.replace(".", "-")


def family_of(rule_id: str) -> str:
    return rule_id.split(".", 1)[0]


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "zh" else pair[1]


def _quote(notice: Notice, clause_id: str, lang: str) -> str:
    clause = notice.clause(clause_id)
    paragraphs = cl.paragraphs(clause, lang) or [cl.heading(clause, lang) or ""]
    return "\n>\n".join(f"> {escape(p)}" for p in paragraphs)


def _clause_link(notice: Notice, clause_id: str, lang: str, root: str) -> str:
    return f"[{escape(cl.full_title(notice, clause_id, lang))}]({root}notice.md#{clause_id})"


def _source(entry: dict, notice: Notice, lang: str, root: str) -> str:
    """Where the rule's requirement comes from, in words, with links to the notice's clauses."""
    words = _WORDS[lang]
    kind = words["source"][entry["source"]]
    links = ("；" if lang == "zh" else "; ").join(_clause_link(notice, c, lang, root) for c in entry["clauses"])
    if entry["source"] == "national":
        return f"{kind}：{escape(entry['citation_zh'])}" if lang == "zh" else f"{kind}: {escape(entry['citation_en'])}"
    if entry["source"] == "site":
        return f"{kind}（参照 {links}）" if lang == "zh" and links else f"{kind} (after {links})" if links else kind
    return f"{kind} {links}"


def _indent(text: str) -> str:
    return "\n".join("    " + line if line else "" for line in text.splitlines())


def rule_markdown(entry: dict, notice: Notice, lang: str, root: str) -> str:
    words = _WORDS[lang]
    zh = lang == "zh"
    title = entry["title_zh"] if zh else entry["title_en"]
    severity = entry["severity"]
    field = f"`{entry['field']}`" if entry["field"] else words["whole_file"]
    example = entry["example"]
    colon = "：" if zh else ": "
    message = example["message_zh"] if zh else example["message_en"]
    quotes = "\n\n".join(
        f"{words['quote']}（{escape(cl.citation(notice, c, lang))}）：\n\n{_quote(notice, c, lang)}"
        if zh else
        f"{words['quote']} ({escape(cl.citation(notice, c, lang))}):\n\n{_quote(notice, c, lang)}"
        for c in entry["clauses"]
    )
    parts = [
        f"### {escape(title)} {{#{anchor(entry['id'])} }}",
        f"- **{words['severity']}**{colon}<span class=\"cf-severity cf-severity--{severity}\">"
        f"{_pick(SEVERITY.get(severity, (severity, severity)), lang)}</span>\n"
        f"- **{words['clause']}**{colon}{_source(entry, notice, lang, root)}\n"
        f"- **{words['field']}**{colon}{field}\n"
        f"- <small>{words['rule_id']}{colon}<code>{entry['id']}</code></small>",
        quotes,
        f"**{words['checks']}**{colon}{escape(entry['doc_zh'] if zh else entry['doc_en'])}",
        f"**{words['example']}**{colon}"
        + (words["example_base"].format(base=example["base"]) if example.get("base")
           else words["example_plain"]),
        f"```json\n{example['input_json']}\n```",
    ]
    if message:
        parts.append(
            f'!!! {"failure" if severity == "error" else "warning" if severity == "warning" else "info"}'
            f' "{words["result"]}"\n\n{_indent(str(escape(message)))}'
        )
    parts.append(f"**{words['fix']}**{colon}{escape(entry['fix_zh'] if zh else entry['fix_en'])}")
    return "\n\n".join(parts)


def catalogue_markdown(entries: list[dict], notice: Notice, lang: str, root: str) -> str:
    """All rules, grouped by family in registry order, one H2 per family."""
    families: dict[str, list[dict]] = {}
    for entry in entries:
        families.setdefault(family_of(entry["id"]), []).append(entry)
    blocks = []
    for family, members in families.items():
        title = _pick(FAMILIES.get(family, (family, family)), lang)
        blocks.append(f"## {escape(title)} {{#family-{family} }}")
        blocks.extend(rule_markdown(entry, notice, lang, root) for entry in members)
    return "\n\n".join(blocks) + "\n"
