"""What every document shows, worked out once: the header fields in words, the budget's
rows and totals, the self-check's verdict and its open problems.

The .xlsx, the .docx and the chart all draw from `Content`, so they cannot disagree with
each other or with the checker (the totals are `figures.compute`'s). A field the
application leaves empty is an empty string or None here: a document shows it blank.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, localcontext

from ..figures import BudgetFigures, compute, line_amount
from ..model import Application, Unit, describe
from ..money import CONTEXT, wan, yuan
from ..notice import Notice
from ..report import Report

# Characters XML 1.0 cannot hold (C0 controls other than tab, newline and return; lone
# surrogates; U+FFFE/U+FFFF), and bidi overrides that could make a cell read backwards. A
# document shows each as its escape (\x01), as the command line does, never as itself.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")


def text(value: object) -> str:
    """A value from the file as document text ('' for None); newlines are kept."""
    if value is None:
        return ""
    value = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _UNSAFE.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", value)


def plain(amount: Decimal | None) -> Decimal | None:
    """The same value written without an exponent (1E+5 → 100000), for a cell's text."""
    return None if amount is None else Decimal(format(amount, "f"))


_LINE_FIELD = re.compile(r"budget\.lines\[(\d+)\]")


@dataclass(frozen=True)
class UnitRow:
    role: str  # 牵头单位 / 参与单位
    name: str
    division: str
    contact: str
    phone: str
    email: str


@dataclass(frozen=True)
class LineRow:
    number: int  # the line's place in the file, from 1
    category: str
    item: str
    unit_price: Decimal | None
    quantity: Decimal | None
    times: Decimal | None
    amount: Decimal | None  # as the applicant wrote it
    computed: Decimal | None  # unit price × quantity × times, to the fen
    basis: str
    spending_unit: str

    @property
    def formula(self) -> bool:
        """The amount is exactly what the formula gives, so the sheet may compute it."""
        return self.amount is not None and self.computed is not None and self.amount == self.computed

    @property
    def mismatch(self) -> bool:
        return self.amount is not None and self.computed is not None and self.amount != self.computed


@dataclass(frozen=True)
class Problem:
    citation: str
    where: str
    message: str


@dataclass(frozen=True)
class Content:
    kind: str  # "form" (申报书, 附件1) or "budget" (经费预算表, 附件2)
    attachment: int  # the official attachment this document stands in for
    title: str  # the document's heading
    budget_title: str
    note: str  # 根据通知内容整理，以官方附件N为准
    project: str
    subproject: str
    project_title: str
    consortium: str
    lead_unit: str
    date: str
    period: str
    summary: str
    expected_outcomes: str
    limit: str  # the cap or the band, in words ('' when the project is not chosen)
    units: list[UnitRow]
    lines: list[LineRow]
    lines_total: Decimal  # the sum of the amounts written (0 with none)
    declared_total: Decimal | None
    figures: BudgetFigures
    ready: bool
    problems: list[Problem] = field(default_factory=list)
    flagged: frozenset[int] = frozenset()  # numbers of the lines an open problem points at
    notice_number: str = ""
    submission: list[str] = field(default_factory=list)  # what the notice asks of the paper copies

    def by_category(self) -> list[tuple[str, Decimal]]:
        return _grouped(self.lines, lambda line: line.category)

    def by_unit(self) -> list[tuple[str, Decimal]]:
        return _grouped(self.lines, lambda line: line.spending_unit)

    @property
    def mark(self) -> str:
        return "" if self.ready else "未通过自查"

    @property
    def mark_line(self) -> str:
        """The sentence under the mark: how many problems are open."""
        if self.ready:
            return ""
        return (
            f"本文件根据尚未通过自查的申报数据生成，仍有 {len(self.problems)} 个问题须改正或答复"
            "（见“自查未通过的问题”）。改正后请重新导出。"
        )


def _grouped(lines: list[LineRow], key) -> list[tuple[str, Decimal]]:
    """The amounts written, summed by `key` (largest first; a blank key is 未填写)."""
    sums: dict[str, Decimal] = {}
    with localcontext(CONTEXT):
        for line in lines:
            if line.amount is not None:
                name = key(line) or "（未填写）"
                sums[name] = sums.get(name, Decimal(0)) + line.amount
    return sorted(sums.items(), key=lambda pair: pair[1], reverse=True)


def _unit(role: str, unit: Unit | None) -> UnitRow:
    contact = unit.contact if unit is not None else None
    return UnitRow(
        role=role,
        name=text(unit.name) if unit else "",
        division=text(unit.division) if unit else "",
        contact=text(contact.name) if contact else "",
        phone=text(contact.phone) if contact else "",
        email=text(contact.email) if contact else "",
    )


def _attachment(notice: Notice, number: int):
    return next((a for a in notice.attachments if a.number == number), None)


class _Kept(dict):
    """format_map values: a placeholder the documents do not know stays as written."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def gather(app: Application, notice: Notice, report: Report) -> Content:
    """The content of the documents for an application already read by `intake.read`,
    with the report `check` gave on it."""
    with localcontext(CONTEXT):
        return _gather(app, notice, report)


def _gather(app: Application, notice: Notice, report: Report) -> Content:
    infra = notice.infrastructure
    infrastructure = app.project == "infrastructure" and infra is not None
    # The notice's attachments: 附件1 is the brand project's 申报书, 附件2 the infrastructure
    # project's budget table; the brand budget is part of its 申报书. A notice without them
    # (or without the project) gets names made from the project's.
    number = 2 if infrastructure else 1
    attachment = _attachment(notice, number)
    if infrastructure:
        title = budget_title = attachment.name_zh if attachment else f"{infra.name_zh}经费预算表"
    else:
        title = attachment.name_zh if attachment else f"{notice.brand.name_zh}申报书"
        budget_title = title.replace("申报书", "经费预算表") if "申报书" in title else f"{title}经费预算表"
    note = f"根据通知内容整理，以官方附件{number}为准" if attachment else "根据通知内容整理，以通知的正式要求为准"

    project = notice.project_name(app.project, "zh") if app.project else ""
    subproject = limit = ""
    if app.project == "brand":
        sub = notice.subproject(app.subproject or "")
        if sub is not None:
            subproject = sub.name_zh
            limit = f"每项不超过 {wan(sub.cap_yuan)} 万元（{yuan(sub.cap_yuan)} 元）"
        else:
            subproject = text(app.subproject)
    elif infrastructure:
        limit = f"每项 {wan(infra.typical_yuan)} 万元左右（本站按 {wan(infra.low_yuan)}–{wan(infra.high_yuan)} 万元核查）"

    period = ""
    if app.period is not None and (app.period.start or app.period.end):
        start = app.period.start.isoformat() if app.period.start else "　　"
        end = app.period.end.isoformat() if app.period.end else "　　"
        period = f"{start} 至 {end}"

    units = [_unit("牵头单位", app.lead_unit)]
    units += [_unit("参与单位", unit) for unit in app.participants]

    lines = []
    for number, line in enumerate(app.budget.lines, start=1):
        if line is None:  # a row dropped as invalid: kept as a blank row, so numbers match the checker's
            lines.append(LineRow(number, "", "", None, None, None, None, None, "", ""))
            continue
        category = notice.category(line.category or "")
        lines.append(
            LineRow(
                number=number,
                category=category.name_zh if category else text(line.category),
                item=text(line.item),
                unit_price=plain(line.unit_price),
                quantity=plain(line.quantity),
                times=plain(line.times),
                amount=plain(line.amount),
                computed=plain(line_amount(line)),
                basis=text(line.basis),
                spending_unit=text(line.spending_unit),
            )
        )
    figures = compute(app, notice)

    problems, flagged = [], set()
    for finding in report.findings:
        if finding.blocking:
            if match := _LINE_FIELD.match(finding.field):
                flagged.add(int(match[1]) + 1)
            where = describe(finding.field)[0] if finding.field else ""
            problems.append(Problem(text(finding.citation.zh), text(where), text(finding.message.zh)))

    # The paper copies: this project's steps in the clause that asks for them (一式两份, 公章, 骑缝章 …).
    steps = [step for step in notice.submission if step.project == (app.project or "brand")]
    paper = next((step for step in steps if step.copies), None)
    values = _Kept(deadline=notice.deadline.date.isoformat())
    submission = [step.text_zh.format_map(values) for step in steps if paper is not None and step.clause == paper.clause]
    return Content(
        kind="budget" if infrastructure else "form",
        attachment=number,
        title=title,
        budget_title=budget_title,
        note=note,
        project=project,
        subproject=subproject,
        project_title=text(app.title),
        consortium=text(app.consortium),
        lead_unit=text(app.lead_unit.name) if app.lead_unit else "",
        date=app.submitted_on.isoformat() if app.submitted_on else "",
        period=period,
        summary=text(app.summary),
        expected_outcomes=text(app.expected_outcomes),
        limit=limit,
        units=units,
        lines=lines,
        lines_total=plain(figures.lines_total) if figures.lines_total is not None else Decimal("0.00"),
        declared_total=plain(app.budget.declared_total),
        figures=figures,
        ready=report.ready,
        problems=problems,
        flagged=frozenset(flagged),
        notice_number=notice.document_number,
        submission=submission,
    )


def header_fields(content: Content) -> list[tuple[str, str]]:
    """The project's header, as both documents print it."""
    fields = [("项目类别", content.project)]
    if content.kind == "form":
        fields.append(("子项目", content.subproject))
    fields += [("项目名称", content.project_title), ("学会联合体", content.consortium), ("牵头单位", content.lead_unit)]
    if content.limit:
        fields.append(("经费额度", content.limit))
    return fields
