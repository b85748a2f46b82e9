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
        "meeting_class": [f"{getattr(c, name)}（≤{c.max_yuan} {notice.reference.meeting.unit_zh}）"
                          if lang == "zh" else f"{getattr(c, name)} (≤{c.max_yuan} {notice.reference.meeting.unit_en})"
                          for c in notice.reference.meeting.classes],
        "expert_title": [f"{getattr(t, name)}（{t.min_yuan}–{t.max_yuan} {notice.reference.expert.unit_zh}）"
                         if lang == "zh" else f"{getattr(t, name)} ({t.min_yuan}–{t.max_yuan} {notice.reference.expert.unit_en})"
                         for t in notice.reference.expert.titles],
    }
    return {widget: list(zip(codes, labels[widget], strict=True)) for widget, codes in choice_codes(notice).items()}


def _controls(schema: dict, props: dict, prefix: str, keys: list[str], lang: str, choices: dict) -> list[Control]:
    out = []
    for name, prop in props.items():
        if not prefix and name in HIDDEN:
            continue
        path = f"{prefix}{name}"
        here = [*keys, name]
        label = prop.get("title", name) if lang == "zh" else prop.get("title_en", name)
        help_text = prop.get("help_zh" if lang == "zh" else "help_en", "")
        variants = [v for v in prop.get("anyOf", [prop]) if v.get("type") != "null"]
        inner = variants[0] if variants else prop
        widget = prop.get("widget") or name
        kind = field_kind(name, prop, choices)
        if kind == "list":
            ref = next(v["$ref"] for v in prop["items"].get("anyOf", [prop["items"]]) if "$ref" in v)
            sub = schema["$defs"][ref.rsplit("/", 1)[-1]]
            out.append(Control("list", path, label, help_text, item_label=label, keys=here,
                               children=_controls(schema, sub["properties"], f"{path}[].", [], lang, choices)))
        elif kind == "group":
            sub = schema["$defs"][inner["$ref"].rsplit("/", 1)[-1]]
            out.append(Control("group", path, label, help_text, keys=here,
                               children=_controls(schema, sub["properties"], f"{path}.", here, lang, choices)))
        elif kind == "select":
            out.append(Control("select", path, label, help_text, options=choices[widget], keys=here))
        elif kind == "date":
            # A text box, not <input type="date">: that one shows the browser's own format
            # (mm/dd/yyyy) and cannot hold a date written wrongly in an imported file.
            fmt = UI_TEXT[lang]["date_format"]
            out.append(Control("date", path, label, f"{help_text}（{fmt}）" if help_text and lang == "zh"
                               else f"{help_text} ({fmt})" if help_text else fmt, keys=here))
        elif kind in ("checkbox", "decimal"):
            out.append(Control(kind, path, label, help_text, keys=here))
        else:
            # maxlength is not put on the box: the browser counts UTF-16 units and would cut
            # a text of rare characters the model (counting code points) accepts; the check
            # says when a text is too long instead.
            datalist = "cf-consortia" if widget == "consortium" else ""
            out.append(Control(kind, path, label, help_text, maxlength=inner.get("maxLength"),
                               datalist=datalist, keys=here))
    return out


def form_controls(notice: Notice, lang: str) -> list[Control]:
    schema = json_schema()
    return _controls(schema, schema["properties"], "", [], lang, _choices(notice, lang))


def render_checker(notice: Notice, lang: str, *, rules_url: str, notice_url: str) -> str:
    """The checker's HTML for one language. URLs are relative to the page."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    template = env.get_template("checker.html.j2")
    return template.render(controls=form_controls(notice, lang), lang=lang, t=UI_TEXT[lang], notice=notice,
                           consortia=known_consortia(), config=page_config(notice, lang, rules_url, notice_url))


def page_config(notice: Notice, lang: str, rules_url: str = "../rules/", notice_url: str = "../notice/") -> dict:
    """What the page's script knows, all of it from Python: words, links, the rule ids it
    treats specially, limits, the rows' index placeholder."""
    return {
        "lang": lang, "rules": rules_url, "notice": notice_url, "notice_id": notice.id,
        "format": "castform-application/1", "text": UI_TEXT[lang], "clauses": _clause_texts(notice, lang),
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
        out[clause.id] = {"label": label, "text": " ".join(
            part for part in (clause.label, heading or "", (text or "").replace("\n\n", " ")) if part)}
    return out


# The page's own words (the fields' words come from the model). The scripts read the
# same table from the page config.
UI_TEXT = {
    "zh": {
        "engine_loading": "正在加载核查引擎（首次约需数秒，可先填写）", "engine_ready": "核查引擎已就绪",
        "stage_runtime": "Python 运行环境", "stage_packages": "依赖包", "stage_rules": "核查规则",
        "engine_failed": "核查引擎加载失败", "engine_timeout": "核查引擎加载超时", "no_wasm": "您的浏览器不支持 WebAssembly，无法在本地运行核查。请使用新版 Chrome、Edge、Firefox 或 Safari。",
        "retry": "重试", "checking": "正在核查…", "saved": "已自动保存到本浏览器", "not_saved": "未能保存到本浏览器（存储空间已满或不可用），请下载一份保存",
        "summary_title": "有 {n} 个问题需要处理", "missing_title": "尚未填写（{n} 项）", "warnings_title": "警告（建议核对）", "info_title": "提示",
        "ready_title": "没有发现错误，可以报送", "ready_lead": "报送前请逐项完成以下清单：",
        "not_ready": "尚不能报送", "clause_show": "条款原文",
        "add": "添加", "remove": "删除", "up": "上移", "down": "下移", "row": "第 {n} 项",
        "export": "导出 JSON 文件", "import": "导入 JSON 文件", "start_over": "清空重来",
        "confirm_start_over": "确定清空全部填写内容吗？此操作不能撤销（建议先导出文件）。",
        "import_failed": "未导入：", "imported": "已导入 {name}。", "drop_here": "也可以把 JSON 文件拖到此处导入",
        "too_large": "文件过大（{size} 字节，上限 {limit} MB），不像是申报文件；当前内容未改变。",
        "not_utf8": "文件不是 UTF-8 编码的文本（例如 UTF-16），castform 只读取 UTF-8 的 JSON 文件；请另存为 UTF-8 后再导入。当前内容未改变。",
        "import_internal": "读取文件时核查程序出错（内部错误），当前内容未改变。",
        "undo_import": "恢复导入前的草稿", "import_undone": "已恢复导入前的草稿。",
        "attention_said": "文件中有 {n} 个值无法放入表单，见下方列表。",
        "attention_title": "文件中需要您处理的值（{n} 项）",
        "attention_lead": "以下值来自“{name}”，表单无法容纳，未导入；请对照原因在表单中改正（或改正文件后重新导入）。",
        "attention_where": "位置", "attention_raw": "文件中的值", "attention_reason": "原因", "attention_dismiss": "已处理，关闭此列表",
        "other_tab": "此申报在另一个标签页中被修改。为避免互相覆盖，本页暂停自动保存；您在本页填写的内容仍保留在页面上。请选择：",
        "take_over": "以本页内容为准（覆盖另一页的保存）", "reload_other": "载入另一标签页的内容",
        "keep_both": "两份都保留：先把本页内容下载为文件，再载入另一页的",
        "save_paused": "未保存：另一标签页修改了此申报，请在上方选择",
        "download_now": "立即下载一份",
        "check_all": "检查全部",
        "to_fill_title": "还需填写 {n} 项", "to_fill_lead": "填完后这里会显示核查结论。离开某一项或点击“检查全部”后，未填的项会显示为问题。",
        "to_fill_show": "查看未填写的项",
        "check_failed_title": "核查未能完成，暂无结论",
        "check_failed": "核查程序在处理当前内容时出错，以下结论均不可用。请检查最近修改的内容（例如极大或格式异常的数字）；您填写的内容已保留。",
        "check_failed_engine": "核查引擎不可用，暂无核查结论；引擎恢复后会自动重新核查。您填写的内容已保留。",
        "technical_detail": "技术细节", "no_totals": "核查未完成，暂无合计。",
        "confirm_link": "如确不属于禁止列支的支出，请在本行“说明”中写明理由",
        "source_notice": "通知", "source_national": "国家规定", "source_site": "本站表单",
        "list_full": "已达上限（{n} 项），不能再添加。",
        "date_format": "格式 YYYY-MM-DD，如 2021-06-08",
        "computed": "按单价×数量×次数计算：", "lines_total": "各行合计", "declared_total": "预算总额",
        "cap": "经费额度", "wan": "万元", "yuan": "元", "within": "在额度内", "over": "超出额度",
        "band": "参考范围", "engine_pending": "引擎就绪后显示计算结果",
        "yes": "是",
    },
    "en": {
        "engine_loading": "Loading the checking engine (a few seconds the first time; you can start typing)",
        "engine_ready": "Checking engine ready",
        "stage_runtime": "Python runtime", "stage_packages": "packages", "stage_rules": "rules",
        "engine_failed": "The checking engine failed to load", "engine_timeout": "The checking engine took too long to load",
        "no_wasm": "Your browser does not support WebAssembly, so the checks cannot run locally. Please use a current Chrome, Edge, Firefox or Safari.",
        "retry": "Retry", "checking": "Checking…", "saved": "Saved automatically in this browser", "not_saved": "Could not save in this browser (storage full or unavailable): download a copy",
        "summary_title": "There are {n} problems to fix", "missing_title": "Not filled in yet ({n})", "warnings_title": "Warnings (please check)", "info_title": "Notes",
        "ready_title": "No errors found: ready to submit", "ready_lead": "Before you submit, work through this checklist:",
        "not_ready": "Not ready to submit", "clause_show": "clause text",
        "add": "Add", "remove": "Remove", "up": "Move up", "down": "Move down", "row": "Item {n}",
        "export": "Export JSON file", "import": "Import JSON file", "start_over": "Start over",
        "confirm_start_over": "Clear everything you have entered? This cannot be undone (export a file first if unsure).",
        "import_failed": "Not imported: ", "imported": "Imported {name}.", "drop_here": "You can also drop a JSON file here to import it",
        "too_large": "The file is too large ({size} bytes, limit {limit} MB) to be an application; nothing was changed.",
        "not_utf8": "The file is not UTF-8 text (UTF-16, for example); castform reads UTF-8 JSON files only. Save it as UTF-8 and import it again. Nothing was changed.",
        "import_internal": "The checker failed while reading the file (an internal error); nothing was changed.",
        "undo_import": "Restore the draft before this import", "import_undone": "The draft from before the import is back.",
        "attention_said": "{n} values in the file could not be put into the form: see the list below.",
        "attention_title": "Values from the file that need your attention ({n})",
        "attention_lead": "These values from “{name}” do not fit the form and were not imported: correct them in the form following the reasons (or fix the file and import it again).",
        "attention_where": "Where", "attention_raw": "Value in the file", "attention_reason": "Reason", "attention_dismiss": "Done, close this list",
        "other_tab": "This application was changed in another tab. So that the two do not overwrite each other, this page has paused saving; what you typed here is still on the page. Choose:",
        "take_over": "Use this page's version (overwrite the other tab's)", "reload_other": "Load the other tab's version",
        "keep_both": "Keep both: download this page's version as a file, then load the other's",
        "save_paused": "Not saved: another tab changed this application; choose above",
        "download_now": "Download a copy now",
        "check_all": "Check everything",
        "to_fill_title": "{n} fields still to fill", "to_fill_lead": "The verdict appears here once they are filled. A field left empty shows as a problem after you leave it or choose “Check everything”.",
        "to_fill_show": "Show the fields still to fill",
        "check_failed_title": "The check could not be completed: no verdict",
        "check_failed": "The checker failed on the current content, so no result can be shown. Look at what you changed last (a huge or oddly written number, for example); what you typed is kept.",
        "check_failed_engine": "The checking engine is unavailable, so there is no verdict; the check runs again once it is back. What you typed is kept.",
        "technical_detail": "technical detail", "no_totals": "No totals: the check did not complete.",
        "confirm_link": "If it really is not forbidden spending, say why in this line's confirmation",
        "source_notice": "Notice", "source_national": "National rule", "source_site": "This site's form",
        "list_full": "The limit ({n}) is reached; no more can be added.",
        "date_format": "format YYYY-MM-DD, e.g. 2021-06-08",
        "computed": "Unit price × quantity × times = ", "lines_total": "Sum of lines", "declared_total": "Declared total",
        "cap": "Cap", "wan": "×10,000 yuan", "yuan": "yuan", "within": "within the cap", "over": "over the cap",
        "band": "Reference band", "engine_pending": "Sums appear when the engine is ready",
        "yes": "Yes",
    },
}
