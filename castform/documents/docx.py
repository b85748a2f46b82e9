"""The 申报书 (or, for the infrastructure project, the 附件2 budget table) as a .docx,
written with the standard library only: `zipfile` and a few lines of WordprocessingML.

Why not python-docx: it needs lxml, which has no wheel for the browser's Pyodide; why not
the npm `docx` package: then the browser and the command line would build the document
twice, in two languages. Here one Python function serves both. The XML is kept to what
the document uses: paragraphs, runs, tables, one styles part with a CJK font, a header
(the "未通过自查" mark and the note) and a footer (page numbers).
"""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal, localcontext
from xml.sax.saxutils import escape

from ..money import CONTEXT, wan, yuan
from .content import Content, LineRow, header_fields

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RED = "C00000"

# A4 in twentieths of a point; margins 2.5 cm (top, bottom) and 2.2 cm (sides).
A4_SHORT, A4_LONG = 11906, 16838
MARGIN_Y, MARGIN_X = 1418, 1247
PORTRAIT_WIDTH = A4_SHORT - 2 * MARGIN_X  # the text's width
LANDSCAPE_WIDTH = A4_LONG - 2 * MARGIN_X


# ---- the few pieces of WordprocessingML -------------------------------------------------------


class Xml(str):
    """A fragment of WordprocessingML made here. Anything else handed to `para` or `cell`
    is text from the file and is escaped, whatever it looks like ("<w:p>…" included)."""


def run(value: str, *, bold: bool = False, color: str = "", size: int = 0, shade: str = "", font: str = "") -> str:
    """A run of text; newlines become line breaks. `size` is in half-points."""
    props = "".join(
        [
            f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}"/>' if font else "",
            "<w:b/>" if bold else "",
            f'<w:color w:val="{color}"/>' if color else "",
            f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>' if size else "",
            f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>' if shade else "",
        ]
    )
    parts = []
    for index, piece in enumerate(value.split("\n")):
        if index:
            parts.append("<w:br/>")
        if piece:
            parts.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return Xml(f"<w:r>{f'<w:rPr>{props}</w:rPr>' if props else ''}{''.join(parts)}</w:r>")


def para(
    *runs: str, style: str = "", align: str = "", keep_next: bool = False, page_break: bool = False, section: str = ""
) -> str:
    """A paragraph of runs (plain strings are made runs). `section` ends a section here."""
    runs_xml = "".join(r if isinstance(r, Xml) else run(r) for r in runs)
    props = "".join(
        [
            f'<w:pStyle w:val="{style}"/>' if style else "",
            "<w:keepNext/>" if keep_next else "",
            "<w:pageBreakBefore/>" if page_break else "",
            f'<w:jc w:val="{align}"/>' if align else "",
            section,
        ]
    )
    return Xml(f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{runs_xml}</w:p>")


def cell(*paragraphs: str, shade: str = "", span: int = 1, align: str = "") -> dict:
    """A table cell: paragraphs (plain strings become one paragraph each in the table style)."""
    body = [p if isinstance(p, Xml) else para(p, style="TableText", align=align) for p in paragraphs]
    return {"body": "".join(body) or para(style="TableText"), "shade": shade, "span": span}


def table(rows: list[list], widths: list[int], *, header_rows: int = 0, borders: bool = True) -> str:
    """A fixed-layout table; `widths` in twips. A row is never split across pages, and the
    first `header_rows` rows repeat at the top of each page."""
    edge = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    border_xml = (
        (
            "<w:tblBorders>"
            + "".join(edge.format(side) for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
            + "</w:tblBorders>"
        )
        if borders
        else ""
    )
    out = [
        f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/>{border_xml}<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar>'
        "</w:tblPr><w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"
    ]
    for index, cells in enumerate(rows):
        out.append(f"<w:tr><w:trPr><w:cantSplit/>{'<w:tblHeader/>' if index < header_rows else ''}</w:trPr>")
        col = 0
        for spec in cells:
            spec = spec if isinstance(spec, dict) else cell(spec)
            width = sum(widths[col : col + spec["span"]])
            col += spec["span"]
            props = (
                f'<w:tcW w:w="{width}" w:type="dxa"/>'
                + (f'<w:gridSpan w:val="{spec["span"]}"/>' if spec["span"] > 1 else "")
                + (f'<w:shd w:val="clear" w:color="auto" w:fill="{spec["shade"]}"/>' if spec["shade"] else "")
            )
            out.append(f"<w:tc><w:tcPr>{props}</w:tcPr>{spec['body']}</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return Xml("".join(out) + para(style="Gap"))  # Word needs a paragraph between tables and after the last


def section(landscape: bool) -> str:
    """Section properties: A4, portrait or landscape, with the header and footer."""
    width, height = (A4_LONG, A4_SHORT) if landscape else (A4_SHORT, A4_LONG)
    orient = ' w:orient="landscape"' if landscape else ""
    return (
        '<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/>'
        '<w:footerReference w:type="default" r:id="rIdFooter"/>'
        f'<w:pgSz w:w="{width}" w:h="{height}"{orient}/>'
        f'<w:pgMar w:top="{MARGIN_Y}" w:right="{MARGIN_X}" w:bottom="{MARGIN_Y}" w:left="{MARGIN_X}" '
        'w:header="709" w:footer="709" w:gutter="0"/></w:sectPr>'
    )


def _split(widths: list[int], total: int) -> list[int]:
    """Relative widths → twips adding up to `total`."""
    whole = sum(widths)
    out = [w * total // whole for w in widths]
    out[-1] += total - sum(out)
    return out


# ---- the document's parts -------------------------------------------------------------------


def _money(value: Decimal | None) -> str:
    return yuan(value) if value is not None else ""


def _count(value: Decimal | None) -> str:
    return format(value, "f") if value is not None else ""


BUDGET_COLUMNS = [
    ("序号", 5),
    ("科目", 12),
    ("支出内容", 20),
    ("单价（元）", 10),
    ("数量", 6),
    ("次数/天数", 8),
    ("金额（元）", 12),
    ("测算依据", 29),
    ("使用单位", 13),
]


def budget_table(content: Content, width: int) -> str:
    widths = _split([w for _, w in BUDGET_COLUMNS], width)
    rows = [[cell(para(run(h, bold=True), style="TableText", align="center"), shade="D9E1F2") for h, _ in BUDGET_COLUMNS]]
    for index, line in enumerate(content.lines):
        row = _line_row(line, keep=index == len(content.lines) - 1)  # the last line stays with the total
        if line.number in content.flagged:  # an open problem points at this line
            row[0] = cell(para(run(f"{line.number}！", bold=True, color=RED), style="TableText", align="center"), shade="F8D7DA")
        rows.append(row)
    if not content.lines:
        rows.append([""] * len(BUDGET_COLUMNS))
    rows.append(
        [
            cell(para(run("合计", bold=True), style="TableText", align="center"), span=6),
            cell(para(run(_money(content.lines_total), bold=True), style="TableText", align="right")),
            cell("", span=2),
        ]
    )
    if content.declared_total is not None and content.declared_total != content.lines_total:
        rows.append(
            [
                cell(para(run("申报预算总额（与合计不符）", bold=True, color=RED), style="TableText", align="center"), span=6),
                cell(para(run(_money(content.declared_total), bold=True, color=RED), style="TableText", align="right")),
                cell(para(run("请改正总额或各行金额", color=RED), style="TableText"), span=2),
            ]
        )
    return table(rows, widths, header_rows=1)


def _line_row(line: LineRow, keep: bool = False) -> list:
    def text(value: str, align: str = "") -> dict:
        return cell(para(value, style="TableText", align=align, keep_next=keep))

    amount = para(
        run(_money(line.amount), bold=line.mismatch, color=RED if line.mismatch else ""),
        style="TableText",
        align="right",
        keep_next=keep,
    )
    if line.mismatch:
        amount = Xml(
            amount
            + para(run(f"按单价×数量×次数应为 {_money(line.computed)}", color=RED, size=15), style="TableText", keep_next=keep)
        )
    return [
        text(str(line.number), "center"),
        text(line.category),
        text(line.item),
        text(_money(line.unit_price), "right"),
        text(_count(line.quantity), "right"),
        text(_count(line.times), "right"),
        cell(amount),
        text(line.basis),
        text(line.spending_unit),
    ]


def bars(
    title: str,
    groups: list[tuple[str, Decimal]],
    total: Decimal | None,
    width: int,
    colours: dict[str, str] | None = None,
    notes: dict[str, str] | None = None,
) -> str:
    """The chart as a table: a name, a bar of shaded spaces as long as the amount, the amount
    and its share of `total` (or a note). Every figure is computed here in Decimal; the bar
    is a count of spaces."""
    if not groups:
        return ""
    widths = _split([24, 40, 18, 18], width)
    slots = widths[1] // 190 - 1  # ideographic spaces of 9 pt that fit in the bar's cell
    largest = max(max(amount for _, amount in groups), Decimal(0))
    rows = [[cell(para(run(title, bold=True), style="TableText", keep_next=True), span=4, shade="F2F2F2")]]
    with localcontext(CONTEXT):
        for index, (name, amount) in enumerate(groups):
            together = index < len(groups) - 1  # keep-with-next on every row but the last: one block
            positive = max(amount, Decimal(0))
            length = int((positive * slots / largest).to_integral_value()) if largest > 0 else 0
            share = f"{(amount * 100 / total).quantize(Decimal('0.1'))}%" if total else ""
            share = (notes or {}).get(name, share)
            colour = (colours or {}).get(name, "4472C4")
            bar = run("\u3000" * max(length, 1 if positive > 0 else 0), shade=colour, size=18)
            rows.append(
                [
                    cell(para(name, style="TableText", keep_next=together)),
                    cell(para(bar, style="TableText", keep_next=together)),
                    cell(para(_money(amount), style="TableText", align="right", keep_next=together)),
                    cell(
                        para(run(share, color=RED if colour == RED else ""), style="TableText", align="right", keep_next=together)
                    ),
                ]
            )
    return table(rows, widths, borders=False)


def limit_bars(content: Content, width: int) -> str:
    """The totals beside the cap (brand) or the band's upper end (infrastructure), on one
    scale: the first thing a reviewer looks at."""
    figures = content.figures
    if figures.limit_kind == "cap":
        limit_name, limit = "额度", figures.cap
    elif figures.limit_kind == "band":
        limit_name, limit = f"约 {wan(figures.typical)} 万元的上限", figures.high
    else:
        return ""
    outside = {j.key for j in figures.outside}
    groups = [(limit_name, limit), ("各行合计", content.lines_total)]
    colours = {limit_name: "A5A5A5", "各行合计": RED if "lines_total" in outside else "70AD47"}
    verdict = "超出" if figures.limit_kind == "band" else "超过额度"
    notes = {limit_name: "", "各行合计": verdict if "lines_total" in outside else "以内"}
    if content.declared_total is not None and content.declared_total != content.lines_total:
        groups.append(("申报预算总额", content.declared_total))
        colours["申报预算总额"] = RED if "declared_total" in outside else "70AD47"
        notes["申报预算总额"] = verdict if "declared_total" in outside else "以内"
    if figures.limit_kind == "band":
        groups.insert(0, (f"约 {wan(figures.typical)} 万元的下限", figures.low))
        colours[groups[0][0]] = "A5A5A5"
        notes[groups[0][0]] = ""
        notes = {k: ("范围内" if v == "以内" else v) for k, v in notes.items()}
    return bars("预算总额与" + ("额度" if figures.limit_kind == "cap" else "合理范围"), groups, None, width, colours, notes)


def problems_block(content: Content, width: int, *, page_break: bool = False) -> str:
    if content.ready:
        return ""
    widths = _split([6, 22, 72], width)
    rows = [[cell(para(run(h, bold=True), style="TableText", align="center"), shade="F8D7DA") for h in ("序号", "依据", "问题")]]
    for number, problem in enumerate(content.problems, start=1):
        where = f"（{problem.where}）" if problem.where and problem.where not in problem.message else ""
        rows.append([cell(str(number), align="center"), problem.citation, problem.message + where])
    return (
        para(
            run(f"自查未通过的问题（{len(content.problems)} 项）", bold=True, color=RED),
            style="Heading1",
            keep_next=True,
            page_break=page_break,
        )
        + para(run(content.mark_line, color=RED))
        + table(rows, widths, header_rows=1)
    )


def seal_block(content: Content, signer: str, seal: str = "") -> str:
    out = [para(f"{signer}意见：", keep_next=True)]
    out += [para("", keep_next=True) for _ in range(3)]
    out.append(para("负责人（签字）：＿＿＿＿＿＿＿＿　　　　", align="right", keep_next=True))
    out.append(para(f"{seal or signer}（公章）　　　　　　　　", align="right", keep_next=True))
    out.append(para("年　　　月　　　日　　　　", align="right"))
    return "".join(out)


def submission_notes(content: Content) -> str:
    """What the notice asks of the paper 申报书 (一式两份, 公章, 骑缝章), and the note."""
    out = []
    if content.kind == "form" and content.submission:
        out.append(para(run("报送要求：", bold=True), "；".join(content.submission) + "。", style="Small"))
    if any("骑缝" in step for step in content.submission):
        out.append(
            para(
                run("骑缝章：", bold=True), "纸质版打印装订后，在各页边缘加盖牵头单位骑缝章，使每一页都留有印迹。", style="Small"
            )
        )
    out.append(para(f"{content.note}（{content.notice_number}）。", style="Small"))
    return "".join(out)


def _heading(text: str) -> str:
    return para(text, style="Heading1", keep_next=True)


def _fields_table(fields: list[tuple[str, str]], width: int, style: str = "TableText") -> str:
    widths = _split([30, 70], width)
    return table(
        [
            [cell(para(run(label, bold=True), style=style), shade="F2F2F2"), cell(para(value, style=style))]
            for label, value in fields
        ],
        widths,
    )


def _texts(value: str) -> str:
    return "".join(para(piece) for piece in value.split("\n") if piece.strip()) or para("")


def form_body(content: Content) -> tuple[str, str]:
    """The 申报书 (body, last section): cover, (open problems), units, content and plan, outcomes,
    budget, seals."""
    out = []
    if content.mark:
        out.append(para(run(content.mark, bold=True, color=RED, size=40), align="center"))
    out.append(para("", style="Gap"))
    out.append(para(content.title, style="Title"))
    cover = [
        ("项目类别", content.project),
        ("子项目", content.subproject),
        ("项目名称", content.project_title),
        ("学会联合体", content.consortium),
        ("牵头单位（盖章）", content.lead_unit),
        ("执行期", content.period),
        ("填报日期", content.date),
    ]
    out.append(_fields_table(cover, PORTRAIT_WIDTH, style="Cover"))
    out.append(para(run(content.note, color="555555"), align="center"))
    out.append(para(run(f"依据：{content.notice_number}", color="555555"), align="center"))
    out.append(problems_block(content, PORTRAIT_WIDTH, page_break=True))

    out.append(para("一、申报单位及分工", style="Heading1", keep_next=True, page_break=True))
    unit_rows = [
        [
            cell(para(run(h, bold=True), style="TableText", align="center"), shade="D9E1F2")
            for h in ("角色", "单位名称", "分工", "联系人及联系方式")
        ]
    ]
    for unit in content.units:
        contact = "\n".join(part for part in (unit.contact, unit.phone, unit.email) if part)
        unit_rows.append([unit.role, unit.name, unit.division, contact])
    out.append(table(unit_rows, _split([11, 24, 37, 28], PORTRAIT_WIDTH), header_rows=1))

    out.append(_heading("二、项目内容与实施方案"))
    if content.period:
        out.append(para(run("执行期：", bold=True), content.period))
    out.append(_texts(content.summary))
    out.append(_heading("三、预期成果"))
    out.append(_texts(content.expected_outcomes))
    # The budget's nine columns need the width of a landscape page: a section of its own.
    out.append(para(section=section(landscape=False)))

    out.append(_heading("四、经费预算"))
    out.append(_budget_part(content, LANDSCAPE_WIDTH))
    out.append(para(section=section(landscape=True)))

    out.append(_heading("五、审核与盖章"))
    out.append(seal_block(content, "牵头单位"))
    out.append(para(""))
    out.append(seal_block(content, "学会联合体秘书处审核", "学会联合体秘书处"))
    out.append(para(""))
    out.append(submission_notes(content))
    return "".join(out), section(landscape=False)


def _budget_part(content: Content, width: int) -> str:
    out = []
    if content.limit and content.kind == "form":  # the budget table's own header already says it
        out.append(para(run("经费额度：", bold=True), content.limit))
    out.append(budget_table(content, width))
    # The chart: the totals against the limit, then by category and by unit side by side
    # (two tables in the cells of a borderless one), so it takes a third of a page, not two.
    half = width // 2
    inner = half - 200  # the outer cell's margins
    charts = [
        bars("按支出科目", content.by_category(), content.lines_total, inner),
        bars("按使用单位", content.by_unit(), content.lines_total, inner),
    ]
    out.append(limit_bars(content, half))
    if any(charts):
        out.append(table([[cell(Xml(chart) if chart else para("")) for chart in charts]], [half, width - half], borders=False))
    return "".join(out)


def budget_body(content: Content) -> tuple[str, str]:
    """The infrastructure project's 附件2 (body, last section): the budget table, its header and seals."""
    out = []
    if content.mark:
        out.append(para(run(f"{content.mark}　", bold=True, color=RED, size=32), run(content.mark_line, color=RED), align="left"))
    out.append(para(content.title, style="BudgetTitle"))
    out.append(para(run(f"（{content.note}）", color="555555"), align="center"))
    out.append(_fields_table(header_fields(content) + [("填报日期", content.date)], LANDSCAPE_WIDTH))
    out.append(_budget_part(content, LANDSCAPE_WIDTH))
    if not content.ready:
        out.append(problems_block(content, LANDSCAPE_WIDTH))
    out.append(seal_block(content, "联合体秘书处所在单位"))
    out.append(para(""))
    out.append(submission_notes(content))
    return "".join(out), section(landscape=True)


# ---- the package ------------------------------------------------------------------------------

STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W}">
<w:docDefaults>
 <w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="宋体" w:cs="Times New Roman"/>
  <w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>
 <w:pPrDefault><w:pPr><w:spacing w:after="60" w:line="320" w:lineRule="auto"/></w:pPr></w:pPrDefault>
</w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/>
 <w:pPr><w:spacing w:before="480" w:after="480"/><w:jc w:val="center"/></w:pPr>
 <w:rPr><w:rFonts w:ascii="黑体" w:hAnsi="黑体" w:eastAsia="黑体"/><w:b/><w:sz w:val="40"/><w:szCs w:val="40"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="BudgetTitle"><w:name w:val="Budget Title"/><w:basedOn w:val="Title"/>
 <w:pPr><w:spacing w:before="0" w:after="120"/></w:pPr><w:rPr><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>
 <w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr>
 <w:rPr><w:rFonts w:ascii="黑体" w:hAnsi="黑体" w:eastAsia="黑体"/><w:b/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/>
 <w:pPr><w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto"/></w:pPr>
 <w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Cover"><w:name w:val="Cover Text"/><w:basedOn w:val="Normal"/>
 <w:pPr><w:spacing w:before="120" w:after="120"/></w:pPr><w:rPr><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Small"><w:name w:val="Small"/><w:basedOn w:val="Normal"/>
 <w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Gap"><w:name w:val="Gap"/><w:basedOn w:val="Normal"/>
 <w:pPr><w:spacing w:after="0" w:line="160" w:lineRule="exact"/></w:pPr></w:style>
</w:styles>"""

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>
<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>"""

PACKAGE_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>"""

DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rIdHeader" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>
<Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>
</Relationships>"""


def _part(root: str, body: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:{root} xmlns:w="{W}" xmlns:r="{R}">{body}</w:{root}>'


def _core(title: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>castform</dc:creator></cp:coreProperties>"
    )


def _field(instruction: str) -> str:
    return f'<w:fldSimple w:instr=" {instruction} ">{run("1")}</w:fldSimple>'


def application_docx(content: Content) -> bytes:
    body, last_section = form_body(content) if content.kind == "form" else budget_body(content)
    document = _part("document", f"<w:body>{body}{last_section}</w:body>")
    header_runs = [run(content.mark + "　", bold=True, color=RED, size=24)] if content.mark else []
    header = _part("hdr", para(*header_runs, run(content.note, color="777777", size=16), align="right"))
    footer = _part(
        "ftr",
        f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr>{run("第 ")}{_field("PAGE")}'
        f"{run(' 页，共 ')}{_field('NUMPAGES')}{run(' 页')}</w:p>",
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        # Fixed timestamps: the same application gives the same bytes, in the browser and the CLI.
        for name, data in (
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", PACKAGE_RELS),
            ("docProps/core.xml", _core(content.title)),
            ("word/_rels/document.xml.rels", DOCUMENT_RELS),
            ("word/styles.xml", STYLES),
            ("word/document.xml", document),
            ("word/header1.xml", header),
            ("word/footer1.xml", footer),
        ):
            info = zipfile.ZipInfo(name, date_time=(2021, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(info, data.encode("utf-8"))
    return out.getvalue()
