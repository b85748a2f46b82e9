"""The documents: the budget table (.xlsx), the 申报书 / 附件2 (.docx) and the budget chart
(SVG), read back and compared with the application field by field; then opened by a real
office suite (LibreOffice, headless), whose PDFs and recalculated figures are checked and
whose first pages are saved as PNG under test-output/documents/ to be looked at."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
import time
import zipfile
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from casebook import EXAMPLES_DIR, ROOT, case_input, load_cases
from documentfiles import money, open_docx, open_xlsx, zero_cached_results

from castform.check import check_read
from castform.documents import budget_chart, content, export, file_names
from castform.figures import line_amount
from castform.intake import read

EXAMPLES = sorted(path.stem for path in EXAMPLES_DIR.glob("*.json"))
OUTPUT = ROOT / "test-output" / "documents"


def _read(raw, notice):
    app, findings, dropped = read(raw)
    return app, check_read(app, findings, dropped, notice)


@pytest.fixture(scope="module")
def made(notice):
    """Every example: (application, report, {"docx": bytes, "xlsx": bytes})."""
    out = {}
    for name in EXAMPLES:
        app, report = _read((EXAMPLES_DIR / f"{name}.json").read_bytes(), notice)
        out[name] = (app, report, export(app, notice, report))
    return out


def _category(notice, code):
    found = notice.category(code or "")
    return found.name_zh if found else (code or "")


# ---- the .xlsx, field by field ----------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLES)
def test_xlsx_holds_every_field_and_line_of_the_application(made, notice, name):
    app, report, files = made[name]
    book = open_xlsx(files["xlsx"])
    texts = book.texts()
    for value in (app.title, app.consortium, app.lead_unit.name):
        assert value in texts
    project = notice.infrastructure.name_zh if app.project == "infrastructure" else notice.brand.name_zh
    assert project in texts
    if app.project == "brand":
        assert notice.subproject(app.subproject).name_zh in texts

    head = book.row_of("序号")
    assert [c.value for c in book.sheet[head]] == [
        "序号",
        "科目",
        "支出内容",
        "单价（元）",
        "数量",
        "次数/天数",
        "金额（元）",
        "测算依据",
        "使用单位",
    ]
    for offset, line in enumerate(app.budget.lines, start=1):
        row = head + offset
        got = [c.value for c in book.values[row]]
        assert got[0] == offset
        assert got[1] == _category(notice, line.category)
        assert got[2] == (line.item or "")
        assert got[7] == (line.basis or "")
        assert got[8] == (line.spending_unit or "")
        # The exact digits, from the XML (openpyxl would hand back floats).
        for column, value in (("D", line.unit_price), ("E", line.quantity), ("F", line.times), ("G", line.amount)):
            formula, text = book.raw.get(f"{column}{row}", (None, None))
            assert (Decimal(text) if text is not None else None) == value, (column, row)
        formula = book.raw[f"G{row}"][0]
        if line.amount is not None and line.amount == line_amount(line):
            factors = f"D{row}*E{row}" + (f"*F{row}" if line.times is not None else "")
            assert formula == f"ROUND({factors},2)"
        else:
            assert formula is None  # the applicant's differing figure stays as written
    total_row = head + len(app.budget.lines) + 1
    assert book.sheet[f"A{total_row}"].value == "合计"
    formula, text = book.raw[f"G{total_row}"]
    assert formula == f"SUM(G{head + 1}:G{head + len(app.budget.lines)})"
    given = [line.amount for line in app.budget.lines if line.amount is not None]
    assert Decimal(text) == sum(given, Decimal(0))


def test_xlsx_print_setup_fonts_and_money_format(made):
    book = open_xlsx(made["tech-economy-ready"][2]["xlsx"])
    sheet = book.sheet
    assert sheet.page_setup.orientation == "landscape" and str(sheet.page_setup.paperSize) == "9"
    head = book.row_of("序号")
    assert sheet.print_title_rows == f"${head}:${head}"
    # One page wide (1 is the default, left out of the file), as many pages high as it takes.
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth in (None, 1)
    assert sheet.page_setup.fitToHeight == 0
    assert sheet[f"G{head + 1}"].number_format == "#,##0.00" and sheet[f"D{head + 1}"].number_format == "#,##0.00"
    assert sheet[f"B{head + 1}"].font.name == "宋体" and sheet[f"A{head}"].font.name == "黑体"
    assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text


def test_xlsx_has_the_seal_line_of_its_project(made):
    brand = open_xlsx(made["tech-economy-ready"][2]["xlsx"]).texts()
    infra = open_xlsx(made["infrastructure-ready"][2]["xlsx"]).texts()
    assert any(t.startswith("牵头单位（公章）") for t in brand)
    assert any(t.startswith("联合体秘书处所在单位（公章）") for t in infra)


def test_xlsx_keeps_a_wrong_amount_as_written_and_says_what_the_product_is(made):
    book = open_xlsx(made["tech-economy-over-cap"][2]["xlsx"])
    row = book.row_of("序号") + 5  # line 5: 80 × 300 = 24,000, written as 25,000
    assert book.raw[f"G{row}"] == (None, "25000")  # as the file writes it
    assert "24,000.00" in book.sheet[f"G{row}"].comment.text
    assert book.sheet[f"G{row}"].font.color.rgb.endswith("C00000")
    declared = book.row_of("申报预算总额（与合计不符）")
    assert book.raw[f"G{declared}"] == (None, "301000")


# ---- the .docx, field by field ----------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLES)
def test_docx_holds_every_field_unit_and_line_of_the_application(made, notice, name):
    app, report, files = made[name]
    doc = open_docx(files["docx"])
    text = doc.text
    infrastructure = app.project == "infrastructure"
    title = notice.attachments[1 if infrastructure else 0].name_zh
    assert title in doc.paragraphs
    for value in (app.title, app.consortium, app.lead_unit.name):
        assert value in text
    assert "根据通知内容整理，以官方附件" + ("2" if infrastructure else "1") + "为准" in text
    assert "根据通知内容整理" in doc.header
    assert "PAGE" in doc.footer and "NUMPAGES" in doc.footer
    if not infrastructure:
        assert notice.subproject(app.subproject).name_zh in text
        units = next(t for t in doc.tables if t[0] == ["角色", "单位名称", "分工", "联系人及联系方式"])
        for unit, row in zip([app.lead_unit, *app.participants], units[1:], strict=True):
            contact = [unit.contact.name, unit.contact.phone, unit.contact.email] if unit.contact else []
            assert row[1:3] == [unit.name or "", unit.division or ""]
            assert row[3] == "\n".join(v for v in contact if v)
        for part in (app.summary, app.expected_outcomes):
            if part:
                assert part in text
        assert "牵头单位（公章）" in text and "骑缝章" in text and "一式两份" in text
        if app.submitted_on:
            assert app.submitted_on.isoformat() in text
    else:
        assert "申报书" not in title and "联合体秘书处所在单位（公章）" in text

    budget = next(t for t in doc.tables if t[0][:3] == ["序号", "科目", "支出内容"])
    for number, (line, row) in enumerate(zip(app.budget.lines, budget[1:]), start=1):
        assert row[0] == str(number) + ("！" if number in _flagged(report) else "")
        assert row[1:3] == [_category(notice, line.category), line.item or ""]
        assert row[3] == money(line.unit_price)
        assert row[4:6] == [format(v, "f") if v is not None else "" for v in (line.quantity, line.times)]
        assert row[6].split("\n")[0] == money(line.amount)
        assert row[7:9] == [line.basis or "", line.spending_unit or ""]
    total = budget[len(app.budget.lines) + 1]
    assert total[0] == "合计"
    assert total[1] == money(sum((line.amount for line in app.budget.lines if line.amount is not None), Decimal(0)))


def _flagged(report) -> set[int]:
    """The budget lines an open problem points at, numbered from 1."""
    import re

    return {int(m[1]) + 1 for f in report.findings if f.blocking and (m := re.match(r"budget\.lines\[(\d+)\]", f.field))}


def test_lines_with_open_problems_are_marked_in_both_documents(made):
    app, report, files = made["infrastructure-forbidden-spending"]
    assert _flagged(report) == {5, 9, 10}
    budget = next(t for t in open_docx(files["docx"]).tables if t[0][:3] == ["序号", "科目", "支出内容"])
    assert [row[0] for row in budget[1:11]] == ["1", "2", "3", "4", "5！", "6", "7", "8", "9！", "10！"]
    book = open_xlsx(files["xlsx"])
    head = book.row_of("序号")
    red = {
        n
        for n in range(1, 11)
        if (book.sheet[f"A{head + n}"].font.color or 0) and str(book.sheet[f"A{head + n}"].font.color.rgb).endswith("C00000")
    }
    assert red == {5, 9, 10}


def test_docx_is_a_well_formed_package(made):
    for name, (_, _, files) in made.items():
        with zipfile.ZipFile(__import__("io").BytesIO(files["docx"])) as package:
            names = set(package.namelist())
            types = package.read("[Content_Types].xml").decode()
            for part in names:
                if part.endswith((".xml", ".rels")):
                    ET.fromstring(package.read(part))  # parses
                if part.startswith("word/") and part.endswith(".xml"):
                    assert f'PartName="/{part}"' in types, part
            rels = ET.fromstring(package.read("word/_rels/document.xml.rels"))
            for rel in rels:
                assert f"word/{rel.get('Target')}" in names


def test_infrastructure_document_is_the_budget_table(made, notice):
    app, _, files = made["infrastructure-ready"]
    doc = open_docx(files["docx"])
    assert notice.attachments[1].name_zh in doc.paragraphs
    assert "一、申报单位及分工" not in doc.text
    assert file_names(app, "x") == {"docx": "x-经费预算表.docx", "xlsx": "x-经费预算表.xlsx"}
    assert 'w:orient="landscape"' in doc.parts["word/document.xml"].decode()


# ---- 未通过自查 ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLES)
def test_open_problems_mark_both_documents_and_are_listed(made, name):
    app, report, files = made[name]
    doc, book = open_docx(files["docx"]), open_xlsx(files["xlsx"])
    texts = "\n".join(book.texts())
    blocking = [f for f in report.findings if f.blocking]
    if report.ready:
        assert "未通过自查" not in doc.text + doc.header + texts
        assert book.sheet.oddHeader.center.text in (None, "")
        return
    assert "未通过自查" in doc.paragraphs[0] and "未通过自查" in doc.header  # the cover, and every page
    assert "未通过自查" in book.sheet.oddHeader.center.text  # every printed page
    assert any(t.startswith("未通过自查") for t in book.texts()[:4])  # under the title
    assert f"自查未通过的问题（{len(blocking)} 项）" in doc.text and f"自查未通过的问题（{len(blocking)} 项）" in texts
    for finding in blocking:
        assert finding.message.zh in doc.text and finding.message.zh in texts
        assert finding.citation.zh in doc.text


# ---- never raises, and costs check() nothing --------------------------------------------------------


def test_every_case_table_input_exports_without_raising(notice):
    """Whatever check() accepts, the documents are made (missing fields are blanks)."""
    made = 0
    for case in load_cases():
        app, report = _read(case_input(case), notice)
        if app is None:
            continue
        files = export(app, notice, report)
        assert files["docx"][:2] == b"PK" and files["xlsx"][:2] == b"PK"
        ET.fromstring(budget_chart(app, notice, report))
        made += 1
    assert made > 50


def test_hostile_values_are_shown_never_obeyed(notice):
    raw = json.dumps(
        {
            "format": "castform-application/1",
            "project": "brand",
            "subproject": "think-tank",
            "title": '=HYPERLINK("http://x","点我")\x07<b>&amp;',
            "consortium": "\u202e联合体",
            "lead_unit": None,
            "participants": [None, {"name": "某学会", "division": "<w:p><w:r><w:t>假</w:t></w:r></w:p>"}],
            "budget": {
                "lines": [
                    None,
                    {"item": "<w:r><w:t>x</w:t></w:r>", "unit_price": "999999999999.99", "quantity": "0.5"},
                    {"item": "负数", "amount": "-100"},
                    {"amount": "1E+5"},
                ]
            },
        }
    )
    app, report = _read(raw, notice)
    files = export(app, notice, report)
    book, doc = open_xlsx(files["xlsx"]), open_docx(files["docx"])
    assert '=HYPERLINK("http://x","点我")\\x07<b>&amp;' in book.texts()
    assert not any(f for f, _ in book.raw.values() if f and "HYPERLINK" in f)
    assert '=HYPERLINK("http://x","点我")\\x07<b>&amp;' in doc.text and "\\u202e联合体" in doc.text
    # Text that looks like WordprocessingML is shown as text, not spliced into the document.
    assert "<w:p><w:r><w:t>假</w:t></w:r></w:p>" in doc.text and "<w:r><w:t>x</w:t></w:r>" in doc.text
    assert "假" not in doc.paragraphs and "x" not in doc.paragraphs
    head = book.row_of("序号")
    assert book.raw[f"D{head + 2}"] == (None, "999999999999.99") and book.raw[f"E{head + 2}"] == (None, "0.5")
    assert book.raw[f"G{head + 4}"] == (None, "100000")  # 1E+5, written out
    svg = budget_chart(app, notice, report)
    ET.fromstring(svg)


def test_the_largest_application_the_model_allows(notice):
    """1,000 lines, texts at their limit (as many as a 2 MB file holds): made, and every row
    within Excel's 409 points."""
    data = _long_application(1000)
    data["summary"] = "内容" * 2500
    for line in data["budget"]["lines"][:50]:
        line["basis"] = "依据" * 2500
    app, report = _read(json.dumps(data, ensure_ascii=False), notice)
    assert app is not None, report.findings[0].message.en
    files = export(app, notice, report)
    book = open_xlsx(files["xlsx"])
    heights = [dim.height for dim in book.sheet.row_dimensions.values() if dim.height]
    assert max(heights) <= 409 and book.row_of("合计") > 1000
    assert len(open_docx(files["docx"]).tables[-1]) >= 1


SECOND = Path(__file__).resolve().parent / "fixtures" / "demo-2023-07"


def test_a_notice_of_another_shape():
    """No attachments, no infrastructure project, other sub-projects: the documents name
    what the notice has, and an infrastructure file judged against it still exports."""
    from castform.notice import load_notice

    second = load_notice(str(SECOND / "notice.toml"))
    for path in [*sorted((SECOND / "examples").glob("*.json")), *sorted(EXAMPLES_DIR.glob("*.json"))]:
        app, report = _read(path.read_bytes(), second)
        files = export(app, second, report)
        doc, book = open_docx(files["docx"]), open_xlsx(files["xlsx"])
        ET.fromstring(budget_chart(app, second, report))
        assert "根据通知内容整理，以通知的正式要求为准" in doc.text and "以官方附件" not in doc.text
        assert app.title in book.texts()
        if path.parent == SECOND / "examples":
            assert second.subproject(app.subproject).name_zh in doc.text and report.ready


def test_check_never_imports_xlsxwriter_and_export_does_when_asked():
    code = (
        "import sys; from castform.check import check; import castform.documents; "
        f"check(open({str(EXAMPLES_DIR / 'tech-economy-ready.json')!r}, 'rb').read()); "
        "assert 'xlsxwriter' not in sys.modules, 'check() loaded XlsxWriter'; "
        "from castform.intake import read; from castform.notice import load_notice; "
        f"app = read(open({str(EXAMPLES_DIR / 'tech-economy-ready.json')!r}, 'rb').read())[0]; "
        "castform.documents.application_docx(app, load_notice()); "
        "assert 'xlsxwriter' not in sys.modules, 'the .docx loaded XlsxWriter'; "
        "castform.documents.budget_xlsx(app, load_notice()); assert 'xlsxwriter' in sys.modules"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_same_application_gives_the_same_bytes(notice):
    raw = (EXAMPLES_DIR / "international-ready.json").read_bytes()
    first = export(*_read(raw, notice)[:1], notice)
    time.sleep(1.1)  # a clock in the files would show now
    assert export(*_read(raw, notice)[:1], notice) == first


def _long_application(lines: int) -> dict:
    data = json.loads((EXAMPLES_DIR / "tech-economy-ready.json").read_text(encoding="utf-8"))
    template = data["budget"]["lines"]
    data["budget"]["lines"] = [dict(template[i % len(template)], item=f"第 {i + 1} 项支出") for i in range(lines)]
    return data


def test_a_200_line_application_exports_quickly(notice):
    app, report = _read(json.dumps(_long_application(200)), notice)
    started = time.perf_counter()
    files = export(app, notice, report)
    elapsed = time.perf_counter() - started
    print(f"both documents for 200 lines: {elapsed * 1000:.0f} ms, docx {len(files['docx'])} B, xlsx {len(files['xlsx'])} B")
    assert elapsed < 5  # ~0.2 s on the 2-core machines; generous for a loaded CI runner
    assert open_xlsx(files["xlsx"]).row_of("合计") > 200


# ---- the chart --------------------------------------------------------------------------------------


def test_chart_draws_the_cap_the_band_and_each_group_from_the_figures(made, notice):
    app, report, _ = made["tech-economy-over-cap"]
    svg = budget_chart(app, notice, report)
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("role") == "img"
    assert "额度 30 万元" in svg and "超过额度" in svg and "312,200.00 元" in svg
    shown = content(app, notice, report)
    for name, amount in shown.by_category() + shown.by_unit():
        assert f"{name}：{money(amount)} 元" in svg
    for rect in root.iter("{http://www.w3.org/2000/svg}rect"):
        width = rect.get("width")
        assert Decimal(width) >= 0 and len(width.partition(".")[2]) <= 1  # Decimal lengths, one place

    app, report, _ = made["infrastructure-ready"]
    svg = budget_chart(app, notice, report)
    assert "约 50 万元（40–60 万元）" in svg and "在合理范围内" in svg


def test_docx_draws_the_totals_against_the_cap_and_the_band_as_bars(made):
    def chart(name, title):
        doc = open_docx(made[name][2]["docx"])
        table = next(t for t in doc.tables if t[0] == [title])
        return {row[0]: (row[2], row[3]) for row in table[1:]}

    assert chart("tech-economy-over-cap", "预算总额与额度") == {
        "额度": ("300,000.00", ""),
        "各行合计": ("312,200.00", "超过额度"),
        "申报预算总额": ("301,000.00", "超过额度"),
    }
    assert chart("infrastructure-ready", "预算总额与合理范围") == {
        "约 50 万元的下限": ("400,000.00", ""),
        "约 50 万元的上限": ("600,000.00", ""),
        "各行合计": ("595,500.00", "范围内"),
    }
    by_unit = chart("tech-economy-over-cap", "按使用单位")
    assert by_unit["中国农学会"] == ("149,000.00", "47.7%")


def test_chart_of_an_empty_budget(notice):
    app, report = _read('{"format": "castform-application/1"}', notice)
    svg = budget_chart(app, notice, report)
    ET.fromstring(svg)
    assert "（尚无金额）" in svg and "0.00 元" in svg


# ---- a real office suite --------------------------------------------------------------------------

SOFFICE = shutil.which("soffice")
office = pytest.mark.skipif(
    SOFFICE is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) or poppler-utils is not installed: scripts/setup installs "
    "libreoffice-writer-nogui, libreoffice-calc-nogui and poppler-utils (as root)",
)

# A profile of its own (no clash with another soffice running) that recalculates every
# formula when an .xlsx is opened: by default LibreOffice shows the cached results.
RECALCULATE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
</oor:items>
"""


def _soffice(profile: Path, target: str, outdir: Path, files: list[Path]) -> None:
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def office_files(made, tmp_path_factory):
    """Every example's two documents and a copy of each workbook with its cached results
    zeroed, converted by LibreOffice: PDFs (one call) and the zeroed workbooks as CSV
    (a second call), with each PDF's first page as PNG in test-output/documents/."""
    root = tmp_path_factory.mktemp("office")
    profile = root / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALCULATE, encoding="utf-8")
    sources, zeroed = [], []
    for name, (_, _, files) in made.items():
        sources += [root / f"{name}-form.docx", root / f"{name}-table.xlsx"]
        sources[-2].write_bytes(files["docx"])
        sources[-1].write_bytes(files["xlsx"])
        zeroed.append(root / f"{name}-zeroed.xlsx")
        zeroed[-1].write_bytes(zero_cached_results(files["xlsx"]))
    pdf, csvs = root / "pdf", root / "csv"
    started = time.perf_counter()
    _soffice(profile, "pdf", pdf, sources + zeroed)
    _soffice(profile, "csv:Text - txt - csv (StarCalc):44,34,76,1", csvs, zeroed)
    print(f"LibreOffice converted {len(sources) + 2 * len(zeroed)} files in {time.perf_counter() - started:.1f} s")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    for path in pdf.glob("*.pdf"):
        if not path.stem.endswith("-zeroed"):
            subprocess.run(
                ["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "1", "-singlefile", str(path), str(OUTPUT / path.stem)],
                check=True,
                timeout=60,
            )
    return pdf, csvs


def _pdf_text(path: Path) -> str:
    # Reading order, not -layout: a wrapped cell's lines stay together.
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True, timeout=60).stdout


def _squeezed(text: str) -> str:
    """PDF text without the spaces and line breaks the layout puts in (pdftotext spaces
    out mixed Chinese and digits, and wraps long cells)."""
    return "".join(text.split())


def _shows(needle: str, text: str) -> bool:
    """`needle` is in the squeezed PDF text, or (a cell wrapped over lines, which the PDF's
    reading order may interleave with the next cells) its characters appear in order within
    a short stretch of it."""
    needle = _squeezed(needle)
    if needle in text:
        return True
    window = 8 * len(needle) + 200
    start = text.find(needle[0])
    while start != -1:
        at, end = start, start + window
        for ch in needle[1:]:
            at = text.find(ch, at + 1, end)
            if at == -1:
                break
        else:
            return True
        start = text.find(needle[0], start + 1)
    return False


@office
@pytest.mark.parametrize("name", EXAMPLES)
def test_office_suite_prints_the_names_lines_totals_and_mark(office_files, made, notice, name):
    pdf, _ = office_files
    app, report, _ = made[name]
    for kind in ("form", "table"):
        text = _squeezed(_pdf_text(pdf / f"{name}-{kind}.pdf"))
        for value in (app.title, app.consortium, app.lead_unit.name):
            assert _shows(value, text), (kind, value)
        for line in app.budget.lines:
            assert _shows(line.item, text), (kind, line.item)
            if line.amount is not None:
                assert money(line.amount) in text, (kind, line.amount)
        total = sum((line.amount for line in app.budget.lines if line.amount is not None), Decimal(0))
        assert money(total) in text
        assert ("未通过自查" in text) == (not report.ready), kind
    assert "根据通知内容整理，以官方附件" in _squeezed(_pdf_text(pdf / f"{name}-form.pdf"))


@office
@pytest.mark.parametrize("name", EXAMPLES)
def test_office_suite_recalculates_the_same_figures_from_the_formulas(office_files, made, name):
    """The workbook with its cached results zeroed: what LibreOffice shows is computed."""
    pdf, csvs = office_files
    app, _, _ = made[name]
    rows = [
        [cell.replace(",", "") if cell[:1].isdigit() else cell for cell in row]  # 88,000.00 as shown
        for row in csv.reader((csvs / f"{name}-zeroed.csv").read_text(encoding="utf-8").splitlines())
    ]
    head = next(i for i, row in enumerate(rows) if row and row[0] == "序号")
    for offset, line in enumerate(app.budget.lines, start=1):
        shown = rows[head + offset][6]
        assert (Decimal(shown) if shown else None) == line.amount, (offset, shown)
    total = next(row for row in rows if row and row[0] == "合计")
    assert Decimal(total[6]) == sum((line.amount for line in app.budget.lines if line.amount is not None), Decimal(0))
    assert money(Decimal(total[6])) in _squeezed(_pdf_text(pdf / f"{name}-zeroed.pdf"))


@office
def test_office_suite_renders_first_pages_for_review(office_files):
    pngs = sorted(OUTPUT.glob("*.png"))
    assert len(pngs) == 2 * len(EXAMPLES)
    assert all(path.stat().st_size > 10_000 for path in pngs)  # drawn, not blank
