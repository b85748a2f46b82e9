"""The checker's form, generated from the application model's JSON Schema at build time.

Labels, help texts, lengths and choices come from the model (`castform/model.py`) and the
notice's data file; nothing about a field is declared again in JavaScript. Which control
a field becomes, its element id and the values a choice list offers are decided in
`castform.browser`, which the page's worker also uses to place an imported file into the
form and to tell the page where each finding goes: the JavaScript holds no path grammar,
no limit and no rule id (those it needs are in the page config written here).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from castform.browser import HIDDEN, ROW_PLACEHOLDER, choice_codes, field_id, field_kind, list_limits
from castform.catalogue import rule_anchor
from castform.consortia import known_consortia
from castform.intake import MAX_BYTES
from castform.model import json_schema
from castform.notice import Notice
from castform.registry import RULES
from castform.rules.completeness import needs_input as MISSING
from castform.rules.submission import checklist as CHECKLIST
from castform.words import words

TEMPLATES = Path(__file__).resolve().parent.parent / "site_src" / "checker"

__all__ = ["Control", "field_id", "form_controls", "render_checker"]


@dataclass
class Control:
    kind: str  # text, textarea, decimal, date, select, checkbox, group, list
    path: str
    label: str
    help: str = ""
    maxlength: int | None = None
    options: list[tuple[str, str]] = field(default_factory=list)
    datalist: str = ""
    children: list[Control] = field(default_factory=list)
    item_label: str = ""
    # The field's place in the application, from the enclosing row (or the top): the
    # page reads and writes the value by these keys, and needs no path grammar.
    keys: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return field_id(self.path)


def _choices(notice: Notice, lang: str) -> dict[str, list[tuple[str, str]]]:
    """Option labels by schema widget or field name, from the notice's data (the values
    are castform.browser.choice_codes', which the import checks against)."""
    name = "name_zh" if lang == "zh" else "name_en"
    labels = {
        "project": [notice.project_name(code, lang) for code in notice.projects],
        "subproject": [getattr(s, name) for s in notice.brand.subprojects],
        "category": [getattr(c, name) for c in notice.categories],
        "meeting_class": [
            f"{getattr(c, name)}（≤{c.max_yuan} {notice.reference.meeting.unit_zh}）"
            if lang == "zh"
            else f"{getattr(c, name)} (≤{c.max_yuan} {notice.reference.meeting.unit_en})"
            for c in notice.reference.meeting.classes
        ],
        "expert_title": [
            f"{getattr(t, name)}（{t.min_yuan}–{t.max_yuan} {notice.reference.expert.unit_zh}）"
            if lang == "zh"
            else f"{getattr(t, name)} ({t.min_yuan}–{t.max_yuan} {notice.reference.expert.unit_en})"
            for t in notice.reference.expert.titles
        ],
    }
    return {widget: list(zip(codes, labels[widget], strict=True)) for widget, codes in choice_codes(notice).items()}


def _controls(
    schema: dict, props: dict, prefix: str, keys: list[str], lang: str, choices: dict, date_format: str, hints: dict
) -> list[Control]:
    out = []
    for name, prop in props.items():
        if not prefix and name in HIDDEN:
            continue
        path = f"{prefix}{name}"
        here = [*keys, name]
        label = prop.get("title", name) if lang == "zh" else prop.get("title_en", name)
        hint = hints.get(path)  # the notice's, where it names its own projects
        help_text = getattr(hint, lang) if hint else prop.get("help_zh" if lang == "zh" else "help_en", "")
        variants = [v for v in prop.get("anyOf", [prop]) if v.get("type") != "null"]
        inner = variants[0] if variants else prop
        widget = prop.get("widget") or name
        kind = field_kind(name, prop, choices)
        if kind == "list":
            ref = next(v["$ref"] for v in prop["items"].get("anyOf", [prop["items"]]) if "$ref" in v)
            sub = schema["$defs"][ref.rsplit("/", 1)[-1]]
            out.append(
                Control(
                    "list",
                    path,
                    label,
                    help_text,
                    item_label=label,
                    keys=here,
                    children=_controls(schema, sub["properties"], f"{path}[].", [], lang, choices, date_format, hints),
                )
            )
        elif kind == "group":
            sub = schema["$defs"][inner["$ref"].rsplit("/", 1)[-1]]
            out.append(
                Control(
                    "group",
                    path,
                    label,
                    help_text,
                    keys=here,
                    children=_controls(schema, sub["properties"], f"{path}.", here, lang, choices, date_format, hints),
                )
            )
        elif kind == "select":
            out.append(Control("select", path, label, help_text, options=choices[widget], keys=here))
        elif kind == "date":
            # A text box, not <input type="date">: that one shows the browser's own format
            # (mm/dd/yyyy) and cannot hold a date written wrongly in an imported file.
            fmt = date_format
            out.append(
                Control(
                    "date",
                    path,
                    label,
                    f"{help_text}（{fmt}）" if help_text and lang == "zh" else f"{help_text} ({fmt})" if help_text else fmt,
                    keys=here,
                )
            )
        elif kind in ("checkbox", "decimal"):
            out.append(Control(kind, path, label, help_text, keys=here))
        else:
            # maxlength is not put on the box: the browser counts UTF-16 units and would cut
            # a text of rare characters the model (counting code points) accepts; the check
            # says when a text is too long instead.
            datalist = "cf-consortia" if widget == "consortium" else ""
            out.append(Control(kind, path, label, help_text, maxlength=inner.get("maxLength"), datalist=datalist, keys=here))
    return out


def form_controls(notice: Notice, lang: str) -> list[Control]:
    schema = json_schema()
    controls = _controls(
        schema,
        schema["properties"],
        "",
        [],
        lang,
        _choices(notice, lang),
        form_words(notice, lang)["date_format"],
        notice.form_hints,
    )
    unknown = set(notice.form_hints) - set(_paths(controls))
    if unknown:  # a typo in the notice file would otherwise drop its hint silently
        raise ValueError(f"[form_hints] names no field of the form: {', '.join(sorted(unknown))}")
    return controls


def _paths(controls: list[Control]):
    for control in controls:
        yield control.path
        yield from _paths(control.children)


def form_words(notice: Notice, lang: str) -> dict[str, str]:
    """The catalogue's [form] words for this notice: the date example is its deadline."""
    out = dict(words(lang)["form"])
    out["date_format"] = out["date_format"].format(date=notice.deadline.date.isoformat())
    return out


def render_checker(notice: Notice, lang: str, *, rules_url: str, notice_url: str) -> str:
    """The checker's HTML for one language. URLs are relative to the page."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    template = env.get_template("checker.html.j2")
    return template.render(
        controls=form_controls(notice, lang),
        lang=lang,
        t=form_words(notice, lang),
        notice=notice,
        consortia=known_consortia(),
        config=page_config(notice, lang, rules_url, notice_url),
    )


def page_config(notice: Notice, lang: str, rules_url: str = "../rules/", notice_url: str = "../notice/") -> dict:
    """What the page's script knows, all of it from Python: words (the catalogue's [form],
    castform/words, as `text`: the scripts read them by these keys; its [documents_page]
    as `documents`, for the print and download panel), links, the rule ids it treats
    specially, limits, the rows' index placeholder."""
    return {
        "lang": lang,
        "rules": rules_url,
        "notice": notice_url,
        "notice_id": notice.id,
        "format": "castform-application/1",
        "text": form_words(notice, lang),
        "clauses": _clause_texts(notice, lang),
        "documents": words(lang)["documents_page"],
        "rule_anchors": {r.id: rule_anchor(r.id) for r in RULES},
        "rule_ids": {"missing": MISSING.id, "checklist": CHECKLIST.id},
        "limits": {"import_bytes": MAX_BYTES, "rows": list_limits(notice)},
        "row_placeholder": ROW_PLACEHOLDER,
    }


def _clause_texts(notice: Notice, lang: str) -> dict[str, dict[str, str]]:
    """Clause id → its label (一（二）3) and text, for the disclosure beside findings."""
    out = {}
    for clause in notice.clauses:
        heading = clause.heading_zh if lang == "zh" else clause.heading_en
        text = clause.text_zh if lang == "zh" else clause.text_en
        try:
            from castform.citation import clause_label  # the notice's own labels: 一（二）3

            label = clause_label(notice, clause.id, lang)
        except (ImportError, KeyError):
            label = clause.label.strip() or clause.id
        out[clause.id] = {
            "label": label,
            "text": " ".join(part for part in (clause.label, heading or "", (text or "").replace("\n\n", " ")) if part),
        }
    return out
