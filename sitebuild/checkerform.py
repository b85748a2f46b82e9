"""The checker's form, generated from the application model's JSON Schema at build time.

Labels, help texts, lengths and choices come from the model (`castform/model.py`) and the
notice's data file; nothing about a field is declared again in JavaScript. The page's
script only finds inputs by their `data-path` and ids made by `field_id()` (and its JS
twin `fieldId`, which must stay the same one-line rule).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from castform.consortia import known_consortia
from castform.model import json_schema
from castform.notice import Notice

TEMPLATES = Path(__file__).resolve().parent.parent / "site_src" / "checker"
HIDDEN = {"format", "notice"}  # constants the script writes itself
LONG_TEXT = 200  # a string field allowing more than this is a textarea


def field_id(path: str) -> str:
    """budget.lines[3].amount → f-budget-lines-3-amount (finding field → element id)."""
    # "[]" (a row not yet numbered, in a <template>) becomes the placeholder the script
    # replaces with the row's index.
    return "f-" + re.sub(r"\[(\d*)\]", lambda m: "-" + (m.group(1) or "__i__"), path).replace(".", "-")


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

    @property
    def id(self) -> str:
        return field_id(self.path)


def _choices(notice: Notice, lang: str) -> dict[str, list[tuple[str, str]]]:
    """Option labels by schema widget or field name, from the notice's data."""
    name = "name_zh" if lang == "zh" else "name_en"
    return {
        "project": [("brand", getattr(notice.brand, name)), ("infrastructure", getattr(notice.infrastructure, name))],
        "subproject": [(s.code, getattr(s, name)) for s in notice.brand.subprojects],
        "category": [(c.code, getattr(c, name)) for c in notice.categories],
        "meeting_class": [(c.code, f"{getattr(c, name)}（≤{c.max_yuan} {notice.reference.meeting.unit_zh}）"
                           if lang == "zh" else f"{getattr(c, name)} (≤{c.max_yuan} {notice.reference.meeting.unit_en})")
                          for c in notice.reference.meeting.classes],
        "expert_title": [(t.code, f"{getattr(t, name)}（{t.min_yuan}–{t.max_yuan} {notice.reference.expert.unit_zh}）"
                          if lang == "zh" else f"{getattr(t, name)} ({t.min_yuan}–{t.max_yuan} {notice.reference.expert.unit_en})")
                         for t in notice.reference.expert.titles],
    }


def _controls(schema: dict, props: dict, prefix: str, lang: str, choices: dict) -> list[Control]:
    out = []
    for name, prop in props.items():
        if not prefix and name in HIDDEN:
            continue
        path = f"{prefix}{name}"
        label = prop.get("title", name) if lang == "zh" else prop.get("title_en", name)
        help_text = prop.get("help_zh" if lang == "zh" else "help_en", "")
        variants = [v for v in prop.get("anyOf", [prop]) if v.get("type") != "null"]
        inner = variants[0] if variants else prop
        widget = prop.get("widget") or name
        if prop.get("type") == "array":
            ref = next(v["$ref"] for v in prop["items"].get("anyOf", [prop["items"]]) if "$ref" in v)
            sub = schema["$defs"][ref.rsplit("/", 1)[-1]]
            out.append(Control("list", path, label, help_text, item_label=label,
                               children=_controls(schema, sub["properties"], f"{path}[].", lang, choices)))
        elif "$ref" in inner:
            sub = schema["$defs"][inner["$ref"].rsplit("/", 1)[-1]]
            out.append(Control("group", path, label, help_text,
                               children=_controls(schema, sub["properties"], f"{path}.", lang, choices)))
        elif widget in choices:
            out.append(Control("select", path, label, help_text, options=choices[widget]))
        elif inner.get("type") == "boolean":
            out.append(Control("checkbox", path, label, help_text))
        elif inner.get("format") == "date":
            out.append(Control("date", path, label, help_text))
        elif inner.get("type") == ["string", "number"]:
            out.append(Control("decimal", path, label, help_text))
        else:
            maxlength = inner.get("maxLength")
            kind = "textarea" if maxlength and maxlength > LONG_TEXT else "text"
            datalist = "cf-consortia" if widget == "consortium" else ""
            out.append(Control(kind, path, label, help_text, maxlength=maxlength, datalist=datalist))
    return out


def form_controls(notice: Notice, lang: str) -> list[Control]:
    schema = json_schema()
    return _controls(schema, schema["properties"], "", lang, _choices(notice, lang))


def render_checker(notice: Notice, lang: str, *, rules_url: str, notice_url: str) -> str:
    """The checker's HTML for one language. URLs are relative to the page."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    template = env.get_template("checker.html.j2")
    config = {"lang": lang, "rules": rules_url, "notice": notice_url,
              "notice_id": notice.id, "format": "castform-application/1",
              "text": UI_TEXT[lang], "clauses": _clause_texts(notice, lang)}
    return template.render(controls=form_controls(notice, lang), lang=lang, t=UI_TEXT[lang], notice=notice,
                           consortia=known_consortia(), config=config)


def _clause_texts(notice: Notice, lang: str) -> dict[str, str]:
    """Clause id → its label and text, for the "clause text" disclosure beside findings."""
    out = {}
    for clause in notice.clauses:
        heading = clause.heading_zh if lang == "zh" else clause.heading_en
        text = clause.text_zh if lang == "zh" else clause.text_en
        out[clause.id] = " ".join(part for part in (clause.label, heading or "", (text or "").replace("\n\n", " ")) if part)
    return out


# The page's own words (the fields' words come from the model). The script reads the
# same table from a JSON block on the page.
UI_TEXT = {
    "zh": {
        "engine_loading": "正在加载核查引擎（首次约需数秒，可先填写）", "engine_ready": "核查引擎已就绪",
        "stage_runtime": "Python 运行环境", "stage_packages": "依赖包", "stage_rules": "核查规则",
        "engine_failed": "核查引擎加载失败", "engine_timeout": "核查引擎加载超时", "no_wasm": "您的浏览器不支持 WebAssembly，无法在本地运行核查。请使用新版 Chrome、Edge、Firefox 或 Safari。",
        "retry": "重试", "checking": "正在核查…", "saved": "已自动保存到本浏览器", "not_saved": "无法自动保存（浏览器存储不可用）",
        "summary_title": "有 {n} 个问题需要处理", "missing_title": "尚未填写（{n} 项）", "warnings_title": "警告（建议核对）", "info_title": "提示",
        "ready_title": "没有发现错误，可以报送", "ready_lead": "报送前请逐项完成以下清单：",
        "not_ready": "尚不能报送", "rule_link": "规则", "clause_link": "通知条款", "clause_show": "条款原文",
        "add": "添加", "remove": "删除", "up": "上移", "down": "下移", "row": "第 {n} 项",
        "export": "导出 JSON 文件", "import": "导入 JSON 文件", "start_over": "清空重来",
        "confirm_start_over": "确定清空全部填写内容吗？此操作不能撤销（建议先导出文件）。",
        "import_failed": "未导入：", "imported": "已导入 {name}。", "drop_here": "也可以把 JSON 文件拖到此处导入",
        "too_large": "文件过大（{size} 字节），不像是申报文件；当前内容未改变。",
        "other_tab": "此申报在另一个标签页中被修改。为避免互相覆盖，本页已停止自动保存。",
        "reload_other": "载入另一标签页的内容", "keep_mine": "保留本页内容并继续保存",
        "computed": "按单价×数量×次数计算：", "lines_total": "各行合计", "declared_total": "预算总额",
        "cap": "经费额度", "wan": "万元", "yuan": "元", "within": "在额度内", "over": "超出额度",
        "band": "参考范围", "engine_pending": "引擎就绪后显示计算结果",
        "intro": "在本页填写申报书和经费预算，每次修改后都会立即按通知的规则核查。所有内容只保存在您的浏览器中，不会上传。",
        "yes": "是",
    },
    "en": {
        "engine_loading": "Loading the checking engine (a few seconds the first time; you can start typing)",
        "engine_ready": "Checking engine ready",
        "stage_runtime": "Python runtime", "stage_packages": "packages", "stage_rules": "rules",
        "engine_failed": "The checking engine failed to load", "engine_timeout": "The checking engine took too long to load",
        "no_wasm": "Your browser does not support WebAssembly, so the checks cannot run locally. Please use a current Chrome, Edge, Firefox or Safari.",
        "retry": "Retry", "checking": "Checking…", "saved": "Saved automatically in this browser", "not_saved": "Cannot save automatically (browser storage unavailable)",
        "summary_title": "There are {n} problems to fix", "missing_title": "Not filled in yet ({n})", "warnings_title": "Warnings (please check)", "info_title": "Notes",
        "ready_title": "No errors found: ready to submit", "ready_lead": "Before you submit, work through this checklist:",
        "not_ready": "Not ready to submit", "rule_link": "rule", "clause_link": "notice clause", "clause_show": "clause text",
        "add": "Add", "remove": "Remove", "up": "Move up", "down": "Move down", "row": "Item {n}",
        "export": "Export JSON file", "import": "Import JSON file", "start_over": "Start over",
        "confirm_start_over": "Clear everything you have entered? This cannot be undone (export a file first if unsure).",
        "import_failed": "Not imported: ", "imported": "Imported {name}.", "drop_here": "You can also drop a JSON file here to import it",
        "too_large": "The file is too large ({size} bytes) to be an application; nothing was changed.",
        "other_tab": "This application was changed in another tab. To avoid overwriting each other, this page has stopped saving.",
        "reload_other": "Load the other tab's version", "keep_mine": "Keep this page's version and save it",
        "computed": "Unit price × quantity × times = ", "lines_total": "Sum of lines", "declared_total": "Declared total",
        "cap": "Cap", "wan": "×10,000 yuan", "yuan": "yuan", "within": "within the cap", "over": "over the cap",
        "band": "Reference band", "engine_pending": "Sums appear when the engine is ready",
        "intro": "Fill in the application and budget here; every change is checked against the notice's rules at once. Everything stays in your browser; nothing is uploaded.",
        "yes": "Yes",
    },
}
