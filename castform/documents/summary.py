"""The batch review's table (`castform.batch.review`) as an .xlsx workbook: the files, one
row each, with a SUM of the totals, and below them the checks across the files.

XlsxWriter is imported lazily, as for the budget table; totals are written as Decimal
(exact digits, see `xlsx.py`), the sum as a formula with its result.
"""

from __future__ import annotations

import io
from decimal import Decimal, localcontext

from ..batch import COLUMNS, headings, status_word
from ..money import CONTEXT
from ..words import word
from .xlsx import HEADING_FONT, MAX_ROW_HEIGHT, MONEY, RED, _lines, new_workbook

WIDTHS = {"file": 28, "title": 40, "lead_unit": 22, "subproject": 18, "total": 16, "errors": 7, "warnings": 7, "ready": 10}


def summary_xlsx(result: dict, lang: str = "zh") -> bytes:
    out = io.BytesIO()
    book = new_workbook(out)  # XlsxWriter is imported there, lazily
    border = {"border": 1, "valign": "top"}
    head = book.add_format({**border, "bold": True, "font_name": HEADING_FONT, "bg_color": "#D9E1F2", "text_wrap": True})
    text = book.add_format({**border, "text_wrap": True})
    number = book.add_format({**border})
    money = book.add_format({**border, "num_format": MONEY})
    bad = book.add_format({**border, "font_color": RED, "bold": True})
    good = book.add_format({**border, "font_color": "#38761D", "bold": True})
    bold = book.add_format({"bold": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})

    sheet = book.add_worksheet(word(lang, "cli.summary"))
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    sheet.set_footer("&C&P / &N")
    for col, (column, heading) in enumerate(zip(COLUMNS, headings(lang))):
        sheet.set_column(col, col, WIDTHS[column])
        sheet.write_string(0, col, heading, head)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(result["rows"]), 1), len(COLUMNS) - 1)

    row = 1
    with localcontext(CONTEXT):
        total = sum((Decimal(r["total"]) for r in result["rows"] if r["total"] is not None), Decimal(0))
    for entry in result["rows"]:
        sheet.write_string(row, 0, entry["file"], text)
        sheet.write_string(row, 1, entry["title"], text)
        sheet.write_string(row, 2, entry["lead_unit"], text)
        sheet.write_string(row, 3, entry["subproject_name"], text)
        if entry["total"] is not None:
            sheet.write_number(row, 4, Decimal(entry["total"]), money)  # exact digits, never a float
        else:
            sheet.write_blank(row, 4, None, money)
        sheet.write_number(row, 5, entry["errors"], number)
        sheet.write_number(row, 6, entry["warnings"], number)
        sheet.write_string(row, 7, status_word(entry["status"], lang), good if entry["ready"] else bad)
        lines = max(
            _lines(entry["title"], WIDTHS["title"]),
            _lines(entry["file"], WIDTHS["file"]),
            _lines(entry["lead_unit"], WIDTHS["lead_unit"]),
        )
        if lines > 1:
            sheet.set_row(row, min(13.5 * lines + 3, MAX_ROW_HEIGHT))
        row += 1
    sheet.write_string(row, 3, word(lang, "batch.sum"), bold)
    sheet.write_formula(row, 4, f"=SUM(E2:E{max(row, 2)})", money, total)
    row += 2

    if result["checks"]:
        sheet.write_string(row, 0, word(lang, "batch.checks"), bold)
        row += 1
        for check in result["checks"]:
            message = check["message"][lang]
            sheet.write_string(row, 0, word(lang, "severity." + check["severity"]), bad if check["severity"] != "info" else text)
            sheet.merge_range(row, 1, row, len(COLUMNS) - 1, message, wrap)
            width = sum(WIDTHS[c] for c in COLUMNS[1:])
            if _lines(message, width) > 1:
                sheet.set_row(row, min(13.5 * _lines(message, width) + 3, MAX_ROW_HEIGHT))
            row += 1
    book.close()
    return out.getvalue()
