"""The budget table (附件2 style) as an .xlsx workbook, written with XlsxWriter.

XlsxWriter is imported here, inside `budget_xlsx`, and nowhere else: `check()` and the
checker's first result never pay for it (in the browser the worker loads its wheel only
when a download is asked for).

Numbers are never floats. XlsxWriter writes a number cell with `format(value, ".16G")`
and a formula's cached result with `str(value)`; given a `Decimal`, both give the exact
digits (88000.00), so every cell holds the applicant's figure as written. Each amount is
a real formula, =ROUND(D*E*F,2), with its result written too, so a reader that does not
recalculate (a previewer, a parser) shows the same figure as one that does.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from .content import Content, header_fields

FONT = "宋体"  # SimSun: what Chinese government forms are set in; office suites substitute a CJK serif
HEADING_FONT = "黑体"
MONEY = "#,##0.00"  # as the checker writes money: 1,234,567.50
COUNT = "General"  # 80, 0.5: a count shows as written ("0.##" would print "80.")
RED = "#C00000"

COLUMNS = [  # heading, width in characters
    ("序号", 5),
    ("科目", 13),
    ("支出内容", 24),
    ("单价（元）", 12),
    ("数量", 7),
    ("次数/天数", 8),
    ("金额（元）", 14),
    ("测算依据", 40),
    ("使用单位", 16),
]
PRICE, QUANTITY, TIMES, AMOUNT = 3, 4, 5, 6
WIDTH = sum(width for _, width in COLUMNS)


LINE_HEIGHT = 13.5  # points per line of 10-point text
MAX_ROW_HEIGHT = 409  # points: Excel's limit (a 5,000-character 测算依据 would need more)


def _lines(value: str, width: int) -> int:
    """How many lines `value` takes in a wrapped cell `width` characters wide (a Chinese
    character is two). Spreadsheets do not grow a row for wrapped text on their own when
    cells are merged, and LibreOffice not always otherwise, so the rows are sized here."""
    count = 0
    for piece in value.split("\n"):
        columns = sum(2 if ord(ch) > 0x2E80 else 1 for ch in piece)
        count += max(1, -(-columns // max(width - 1, 1)))
    return count


def _fit(sheet, row: int, cells: list[tuple[str, int]], minimum: float = 0) -> None:
    """Set the row's height to hold the longest of (text, width) in it."""
    lines = max((_lines(value, width) for value, width in cells), default=1)
    if lines > 1 or minimum:
        sheet.set_row(row, min(max(lines * LINE_HEIGHT + 3, minimum), MAX_ROW_HEIGHT))


def _cell(row: int, col: int) -> str:
    return f"{'ABCDEFGHI'[col]}{row + 1}"


def new_workbook(out: io.BytesIO):
    """A workbook written into `out`, as every sheet of castform is: no temporary files
    (Pyodide's file system is in memory anyway), text kept as text (a cell that looks like a
    number, a formula or an address stays what the applicant typed), the CJK font."""
    import xlsxwriter  # lazily: see the module's docstring

    return xlsxwriter.Workbook(
        out,
        {
            "in_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "default_format_properties": {"font_name": FONT, "font_size": 10},
        },
    )


def budget_xlsx(content: Content) -> bytes:
    out = io.BytesIO()
    book = new_workbook(out)
    # A fixed creation date (the application's own, else a constant; never the clock): the
    # same application gives the same bytes, in the browser and from the command line.
    created = dt.datetime.fromisoformat(content.date) if content.date else dt.datetime(2021, 1, 1)
    book.set_properties(
        {"title": content.budget_title, "subject": content.project_title, "comments": content.note, "created": created}
    )
    f = _formats(book)
    sheet = book.add_worksheet("经费预算表")
    last_col = len(COLUMNS) - 1

    # Print set-up: A4 landscape, one page wide, the table's heading on every page.
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.5, right=0.5, top=0.75, bottom=0.75)
    sheet.center_horizontally()
    mark = f'&C&"{HEADING_FONT},Bold"&14&KC00000{content.mark}' if content.mark else ""
    sheet.set_header(mark)
    sheet.set_footer(f"&L&8{content.note}&C第 &P 页，共 &N 页&R&8{content.notice_number}")
    for col, (_, width) in enumerate(COLUMNS):
        sheet.set_column(col, col, width)

    row = 0
    sheet.merge_range(row, 0, row, last_col, content.budget_title, f["title"])
    sheet.set_row(row, 28)
    row += 1
    sheet.merge_range(row, 0, row, last_col, f"（{content.note}）", f["note"])
    row += 1
    if content.mark:
        mark_line = f"{content.mark}：{content.mark_line}"
        sheet.merge_range(row, 0, row, last_col, mark_line, f["mark"])
        sheet.set_row(row, min(18 * _lines(mark_line, WIDTH * 10 // 12) + 4, MAX_ROW_HEIGHT))
        row += 1
    for label, value in header_fields(content):
        sheet.merge_range(row, 0, row, 1, label, f["label"])
        sheet.merge_range(row, 2, row, last_col, value, f["value"])
        _fit(sheet, row, [(value, WIDTH - COLUMNS[0][1] - COLUMNS[1][1])])
        row += 1
    row += 1

    head = row
    for col, (heading, _) in enumerate(COLUMNS):
        sheet.write_string(head, col, heading, f["head"])
    sheet.repeat_rows(head)
    row += 1

    first = row
    lines = content.lines or []
    for line in lines:
        _write_line(sheet, row, line, f, line.number in content.flagged)
        row += 1
    if not lines:  # an empty row to fill in, so the total has a range
        for col in range(len(COLUMNS)):
            sheet.write_blank(row, col, None, f["text"])
        row += 1
    last = row - 1

    sheet.merge_range(row, 0, row, AMOUNT - 1, "合计", f["total_label"])
    sheet.write_formula(row, AMOUNT, f"=SUM({_cell(first, AMOUNT)}:{_cell(last, AMOUNT)})", f["total"], content.lines_total)
    sheet.merge_range(row, AMOUNT + 1, row, last_col, "", f["total_label"])
    row += 1
    if content.declared_total is not None and content.declared_total != content.lines_total:
        sheet.merge_range(row, 0, row, AMOUNT - 1, "申报预算总额（与合计不符）", f["total_label_bad"])
        sheet.write_number(row, AMOUNT, content.declared_total, f["total_bad"])
        sheet.merge_range(row, AMOUNT + 1, row, last_col, "与上一行的合计不符：请改正总额或各行金额。", f["total_label_bad"])
        row += 1

    # Where the printed table is signed and sealed (the site's form, as on the .docx).
    signer = "联合体秘书处所在单位" if content.kind == "budget" else "牵头单位"
    row += 1
    sheet.merge_range(
        row,
        0,
        row,
        last_col,
        f"{signer}（公章）：　　　　　　　　　　负责人（签字）：　　　　　　　　　　年　　月　　日",
        f["sign"],
    )
    sheet.set_row(row, 36)
    row += 1

    if content.problems:
        row += 1
        sheet.merge_range(row, 0, row, last_col, f"自查未通过的问题（{len(content.problems)} 项）", f["mark"])
        row += 1
        for number, problem in enumerate(content.problems, start=1):
            sheet.write_number(row, 0, number, f["problem_number"])
            sheet.merge_range(row, 1, row, 2, problem.citation, f["problem"])
            sheet.merge_range(row, 3, row, last_col, problem.message, f["problem"])
            _fit(
                sheet,
                row,
                [(problem.citation, COLUMNS[1][1] + COLUMNS[2][1]), (problem.message, WIDTH - sum(w for _, w in COLUMNS[:3]))],
            )
            row += 1

    sheet.print_area(0, 0, row - 1, last_col)
    sheet.freeze_panes(head + 1, 0)
    book.close()
    return out.getvalue()


def _write_line(sheet, row: int, line, f, flagged: bool = False) -> None:
    sheet.write_number(row, 0, line.number, f["flagged"] if flagged else f["center"])
    sheet.write_string(row, 1, line.category, f["text"])
    sheet.write_string(row, 2, line.item, f["text"])
    _number(sheet, row, PRICE, line.unit_price, f["money"])
    _number(sheet, row, QUANTITY, line.quantity, f["count"])
    _number(sheet, row, TIMES, line.times, f["count"])
    if line.formula:
        # "次数/天数" left empty counts as 1 (as on the form), so it is left out of the product.
        factors = [_cell(row, PRICE), _cell(row, QUANTITY)] + ([_cell(row, TIMES)] if line.times is not None else [])
        sheet.write_formula(row, AMOUNT, f"=ROUND({'*'.join(factors)},2)", f["money"], line.amount)
    elif line.amount is not None:
        # The applicant's figure as written: when it differs from the product the checker
        # reports it, and the sheet must show what the checker judged, not a corrected figure.
        sheet.write_number(row, AMOUNT, line.amount, f["money_bad"] if line.mismatch else f["money"])
        if line.mismatch:
            sheet.write_comment(row, AMOUNT, f"单价 × 数量 × 次数/天数 = {line.computed:,.2f} 元，与所填金额不符。")
    else:
        sheet.write_blank(row, AMOUNT, None, f["money"])
    sheet.write_string(row, 7, line.basis, f["text"])
    sheet.write_string(row, 8, line.spending_unit, f["text"])
    _fit(
        sheet,
        row,
        [
            (value, COLUMNS[col][1])
            for col, value in ((1, line.category), (2, line.item), (7, line.basis), (8, line.spending_unit))
        ],
    )


def _number(sheet, row: int, col: int, value: Decimal | None, fmt) -> None:
    if value is None:
        sheet.write_blank(row, col, None, fmt)
    else:
        sheet.write_number(row, col, value, fmt)  # a Decimal: written exactly (see the docstring)


def _formats(book) -> dict:
    border = {"border": 1, "valign": "vcenter"}
    add = book.add_format
    return {
        "title": add({"font_name": HEADING_FONT, "font_size": 16, "bold": True, "align": "center", "valign": "vcenter"}),
        "note": add({"font_size": 9, "italic": True, "align": "center", "font_color": "#555555"}),
        "mark": add(
            {"font_name": HEADING_FONT, "font_size": 12, "bold": True, "font_color": RED, "text_wrap": True, "valign": "vcenter"}
        ),
        "label": add({**border, "bold": True, "bg_color": "#F2F2F2"}),
        "value": add({**border, "text_wrap": True}),
        "head": add(
            {**border, "font_name": HEADING_FONT, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#D9E1F2"}
        ),
        "text": add({**border, "text_wrap": True, "valign": "top"}),
        "center": add({**border, "align": "center", "valign": "top"}),
        "flagged": add(
            {**border, "align": "center", "valign": "top", "bold": True, "font_color": RED, "bg_color": "#F8D7DA"}
        ),  # an open problem points at this line
        "money": add({**border, "num_format": MONEY, "valign": "top"}),
        "money_bad": add({**border, "num_format": MONEY, "valign": "top", "font_color": RED, "bold": True}),
        "count": add({**border, "num_format": COUNT, "valign": "top"}),
        "total_label": add({**border, "bold": True, "align": "center"}),
        "total": add({**border, "bold": True, "num_format": MONEY}),
        "total_label_bad": add({**border, "bold": True, "font_color": RED, "text_wrap": True}),
        "total_bad": add({**border, "bold": True, "num_format": MONEY, "font_color": RED}),
        "problem": add({"text_wrap": True, "valign": "top", "font_color": RED, "border": 1}),
        "sign": add({"valign": "bottom", "font_size": 11}),
        "problem_number": add({"align": "center", "valign": "top", "font_color": RED, "border": 1}),
    }
