"""Reading the produced documents back, for the tests: the .xlsx through openpyxl and its
raw XML (for the exact digits of each number and each formula), the .docx through its
XML with the standard library (python-docx would need lxml; the package is ours anyway)."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from xml.etree import ElementTree as ET

import openpyxl

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


# ---- .xlsx ---------------------------------------------------------------------------------------


@dataclass
class Workbook:
    sheet: object  # openpyxl worksheet, formulas as written
    values: object  # openpyxl worksheet, the cached results
    raw: dict[str, tuple[str | None, str | None]]  # "G9" → (formula, value text) as in the XML
    parts: dict[str, bytes]

    def row_of(self, text: str, column: int = 1) -> int:
        for row in self.sheet.iter_rows(min_col=column, max_col=column):
            if row[0].value == text:
                return row[0].row
        raise KeyError(text)

    def texts(self) -> list[str]:
        return [str(c.value) for row in self.values.iter_rows() for c in row if c.value is not None]


def open_xlsx(data: bytes) -> Workbook:
    book = openpyxl.load_workbook(io.BytesIO(data))
    values = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    raw = {}
    for cell in ET.fromstring(parts["xl/worksheets/sheet1.xml"]).iter(f"{S}c"):
        formula, value = cell.find(f"{S}f"), cell.find(f"{S}v")
        raw[cell.get("r")] = (formula.text if formula is not None else None, value.text if value is not None else None)
    return Workbook(book.worksheets[0], values.worksheets[0], raw, parts)


def zero_cached_results(data: bytes) -> bytes:
    """The same workbook with every formula's cached result set to 0: an office suite that
    shows the right figures for it has computed them from the formulas."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                part = re.sub(rb"(</f><v>)[^<]*(</v>)", rb"\g<1>0\g<2>", part)
            target.writestr(info, part)
    return out.getvalue()


# ---- .docx ---------------------------------------------------------------------------------------


@dataclass
class Document:
    parts: dict[str, bytes]
    paragraphs: list[str]  # every paragraph's text, tables' included, in order
    tables: list[list[list[str]]]  # tables → rows → cells' text
    header: str
    footer: str

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


def _paragraph_text(p) -> str:
    out = []
    for node in p.iter():
        if node.tag == f"{W}t":
            out.append(node.text or "")
        elif node.tag == f"{W}br":
            out.append("\n")
        elif node.tag == f"{W}tab":
            out.append("\t")
    return "".join(out)


def open_docx(data: bytes) -> Document:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    body = ET.fromstring(parts["word/document.xml"])
    paragraphs = [_paragraph_text(p) for p in body.iter(f"{W}p")]
    tables = []
    for table in body.iter(f"{W}tbl"):
        rows = []
        for tr in table.findall(f"{W}tr"):
            rows.append(["\n".join(_paragraph_text(p) for p in tc.findall(f"{W}p")) for tc in tr.findall(f"{W}tc")])
        tables.append(rows)
    header = "".join(_paragraph_text(p) for p in ET.fromstring(parts["word/header1.xml"]).iter(f"{W}p"))
    footer = ET.tostring(ET.fromstring(parts["word/footer1.xml"]), encoding="unicode")
    return Document(parts, paragraphs, tables, header, footer)


def money(value: Decimal | None) -> str:
    return "" if value is None else f"{value.quantize(Decimal('0.01')):,}"
