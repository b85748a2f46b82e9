"""The paper the notice asks for, made from an application: the budget table (.xlsx), the
申报书 or, for the infrastructure project, the 附件2 budget table (.docx), and a picture of
the budget (SVG text).

Each function takes an application already read by `castform.intake.read` and the
notice, and returns bytes (the chart: text). The same code runs in the browser's worker
and in `castform export`. An application with open problems still exports, and then every
document carries the mark 未通过自查 and the list of those problems. A field left empty is
a blank in the documents; nothing here raises on an application `check()` accepts.

    app, findings, dropped = read(raw)
    report = check_read(app, findings, dropped, notice)
    files = export(app, notice, report)       # {"xlsx": b"...", "docx": b"..."}

Only the .xlsx needs a package beyond pydantic (XlsxWriter, the `documents` extra), and
it is imported when a workbook is written, never by `check()`.
"""

from __future__ import annotations

from ..model import Application
from ..notice import Notice
from ..report import Report
from .content import Content, gather

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def content(app: Application, notice: Notice, report: Report | None = None) -> Content:
    """What the documents show. Without a report, the application is checked here (give
    the report `check_read` made, to keep the intake's own findings such as a dropped value)."""
    if report is None:
        from ..check import check

        report = check(app, notice)
    return gather(app, notice, report)


def budget_xlsx(app: Application, notice: Notice, report: Report | None = None) -> bytes:
    from .xlsx import budget_xlsx as write

    return write(content(app, notice, report))


def application_docx(app: Application, notice: Notice, report: Report | None = None) -> bytes:
    from .docx import application_docx as write

    return write(content(app, notice, report))


def budget_chart(app: Application, notice: Notice, report: Report | None = None) -> str:
    from .chart import budget_chart as draw

    return draw(content(app, notice, report))


def file_names(app: Application, stem: str) -> dict[str, str]:
    """The download names: <stem>-申报书.docx and <stem>-经费预算表.xlsx (for the
    infrastructure project the .docx is the budget table too)."""
    docx = "经费预算表" if app.project == "infrastructure" else "申报书"
    return {"docx": f"{stem}-{docx}.docx", "xlsx": f"{stem}-经费预算表.xlsx"}


def export(app: Application, notice: Notice, report: Report | None = None) -> dict[str, bytes]:
    """Both documents, worked out from one `Content`: {"docx": …, "xlsx": …}."""
    from .docx import application_docx as write_docx
    from .xlsx import budget_xlsx as write_xlsx

    shown = content(app, notice, report)
    return {"docx": write_docx(shown), "xlsx": write_xlsx(shown)}
