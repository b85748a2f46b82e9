"""The application file: what an applicant or a secretariat fills in.

Every field is optional here on purpose. A half-filled form is a normal state, not an
error: the rules turn each missing field into a "needs input" finding that names it,
instead of the whole file failing validation (see `rules/completeness.py`).
Field titles are Chinese (the form's labels); `title_en` / `help_*` feed the English form
and the help texts. The form on the site is generated from this model's JSON Schema.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from .money import Count, Money

FORMAT = "castform-application/1"
MAX_LINES = 1000  # a 30万 budget has tens of lines; the limit only bounds hostile input
MAX_UNITS = 100

Line = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)]


def label(zh: str, en: str, help_zh: str = "", help_en: str = "", **extra) -> dict:
    """Field metadata in both languages, carried into the JSON Schema for the form."""
    schema = {"title_en": en}
    if help_zh:
        schema |= {"help_zh": help_zh, "help_en": help_en}
    return {"title": zh, "json_schema_extra": schema | extra}


class _Part(BaseModel):
    # Unknown keys are kept out of the model but reported (rule input.unknown-field), so a
    # typo like "ammount" is not silently ignored.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Contact(_Part):
    name: Line | None = Field(None, **label("联系人", "Contact person"))
    phone: Line | None = Field(
        None,
        **label(
            "电话", "Telephone", "手机或带区号的座机，如 010-68581366", "Mobile, or landline with area code, e.g. 010-68581366"
        ),
    )
    email: Line | None = Field(None, **label("电子邮箱", "E-mail"))


class Unit(_Part):
    name: Line | None = Field(None, **label("单位名称", "Unit name", "学会全称", "Full name of the society"))
    division: Text | None = Field(
        None,
        **label(
            "分工",
            "Division of labour",
            "本单位在项目中承担的具体任务（申报书须明确各单位分工）",
            "What this unit does in the project (the form must state each unit's part)",
        ),
    )
    contact: Contact | None = Field(None, **label("联系人信息", "Contact"))


class Period(_Part):
    start: dt.date | None = Field(None, **label("开始日期", "Start date"))
    end: dt.date | None = Field(None, **label("结束日期", "End date"))


class BudgetLine(_Part):
    # Frozen: the checker reuses a line's model from one check to the next while its text is
    # unchanged (castform/rereading.py), so nothing may change one after validation.
    model_config = ConfigDict(_Part.model_config, frozen=True)

    category: Line | None = Field(
        None,
        **label(
            "支出科目",
            "Expenditure category",
            "按政府支出经济分类选择",
            "Choose from the economic classification",
            widget="category",
        ),
    )
    item: Line | None = Field(
        None, **label("支出内容", "Item", "如：专家研讨会场地租赁", "e.g. venue hire for the expert workshop")
    )
    unit_price: Money | None = Field(None, **label("单价（元）", "Unit price (yuan)"))
    quantity: Count | None = Field(None, **label("数量", "Quantity", "人数、份数等", "People, copies, …"))
    times: Count | None = Field(None, **label("次数/天数", "Times / days", "不填按 1 计", "Leave empty for 1"))
    amount: Money | None = Field(
        None, **label("金额（元）", "Amount (yuan)", "单价 × 数量 × 次数/天数", "Unit price × quantity × times")
    )
    basis: Text | None = Field(
        None,
        **label(
            "测算依据",
            "Calculation basis",
            "写明标准与算式，如：参照财行〔2016〕214号三类会议 550 元/人·天 × 40 人 × 2 天",
            "State the standard and the sum, e.g. class-3 meeting rate 550 yuan/person/day × 40 people × 2 days",
        ),
    )
    spending_unit: Line | None = Field(None, **label("使用单位", "Spending unit", "由哪家单位支出", "Which unit spends it"))
    meeting_class: Literal["1", "2", "3"] | None = Field(
        None,
        **label(
            "会议类别",
            "Meeting class",
            "仅会议费：联合体的研讨会、座谈会、评审会一般为三、四类会议",
            "Meetings only: a consortium's seminars, symposia and review meetings are normally class 3 or 4",
        ),
    )
    expert_title: Literal["academician", "senior", "other"] | None = Field(
        None,
        **label(
            "专家职称",
            "Expert title",
            "仅专家咨询费：院士或全国知名专家、高级职称、其他",
            "Expert consultation only: academician or nationally known expert, senior title, or other",
        ),
    )
    confirmation: Text | None = Field(
        None,
        **label(
            "说明（为何不属于不得列支的支出）",
            "Note: why this is not spending the funds may not pay for",
            "仅当核查提示本行疑似不得列支时填写，如“专家劳务，支付给非本单位人员”；说明随申报文件交秘书处审核",
            "Only when the checker says this line looks like forbidden spending, e.g. “fees for outside experts, "
            "not staff pay”; the note goes with the file to the secretariat",
        ),
    )


class Budget(_Part):
    lines: list[BudgetLine | None] = Field(default_factory=list, max_length=MAX_LINES, **label("预算明细", "Budget lines"))
    declared_total: Money | None = Field(
        None, **label("预算总额（元）", "Declared total (yuan)", "与各行金额之和一致", "Must equal the sum of the lines")
    )


class Application(_Part):
    format: Literal["castform-application/1"] | None = Field(FORMAT, **label("文件格式", "File format"))
    notice: Line | None = Field(
        None,
        **label(
            "通知",
            "Notice",
            "文件所按的通知编号；不填则按核查工具的通知",
            "The notice the file was written for; empty means the checker's own",
        ),
    )
    # Which projects there are is the notice's (project.subproject flags one it lacks); so
    # are hints that name them: the notice's [form_hints] replace these on its form.
    project: Line | None = Field(
        None, **label("项目类别", "Project", "通知所设的项目之一", "One of the notice's projects", widget="project")
    )
    subproject: Line | None = Field(
        None, **label("子项目", "Sub-project", "设有子项目的项目填写", "For a project that has sub-projects", widget="subproject")
    )
    title: Line | None = Field(None, **label("项目名称", "Project title"))
    consortium: Line | None = Field(
        None,
        **label(
            "学会联合体",
            "Society consortium",
            "申报主体须为学会联合体",
            "The applicant must be a society consortium",
            widget="consortium",
        ),
    )
    members_attested: bool | None = Field(
        None,
        **label(
            "成员单位确认",
            "Membership confirmed",
            "确认牵头单位和各参与单位均为该学会联合体成员单位",
            "I confirm that the lead unit and every participating unit are members of this consortium",
        ),
    )
    lead_unit: Unit | None = Field(None, **label("牵头单位", "Lead unit"))
    participants: list[Unit | None] = Field(
        default_factory=list, max_length=MAX_UNITS, **label("参与单位", "Participating units")
    )
    period: Period | None = Field(None, **label("执行期", "Project period"))
    submitted_on: dt.date | None = Field(
        None, **label("报送日期", "Date of submission", "交到联合体秘书处的日期", "The day it goes to the consortium secretariat")
    )
    summary: Text | None = Field(None, **label("项目内容与实施方案", "Content and plan"))
    expected_outcomes: Text | None = Field(None, **label("预期成果", "Expected outcomes"))
    budget: Budget = Field(default_factory=Budget, **label("经费预算", "Budget"))


def json_schema() -> dict:
    """The published JSON Schema of the application file."""
    schema = Application.model_json_schema()
    schema["$id"] = "castform-application-1.schema.json"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def describe(path: str) -> tuple[str, str]:
    """A field path in words: budget.lines[1].amount → ("预算明细第 2 行 › 金额（元）",
    "Budget lines, row 2 › Amount (yuan)"). Unknown keys are shown as they are."""
    from .paths import parse

    model: type[BaseModel] | None = Application
    zh, en = [], []
    for part in parse(path):
        if isinstance(part, int):
            zh[-1:] = [f"{zh[-1]}第 {part + 1} 行" if zh else f"第 {part + 1} 项"]
            en[-1:] = [f"{en[-1]}, row {part + 1}" if en else f"item {part + 1}"]
            continue
        info = model.model_fields.get(part) if model else None
        if info is None:
            zh.append(part)
            en.append(part)
            model = None
            continue
        if model is Application and part == "budget":
            model = Budget  # "经费预算 › 预算明细" says the same thing twice; show the inner name
        else:
            zh.append(info.title or part)
            en.append((info.json_schema_extra or {}).get("title_en", part))
            model = _inner_model(info.annotation)
    return " › ".join(zh) or "文件", " › ".join(en) or "file"


def _inner_model(annotation) -> type[BaseModel] | None:
    from typing import get_args

    stack = [annotation]
    while stack:
        current = stack.pop()
        if isinstance(current, type) and issubclass(current, BaseModel):
            return current
        stack.extend(get_args(current))
    return None
