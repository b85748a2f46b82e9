"""National reference rates. The notice sets none itself; 一、(二) 4 makes brand budgets
follow CAST's fiscal-project rules, which the site has not seen, and these national
standards are what such budgets are measured against. Always warnings that name their
document (source "national"), never errors: a reviewer may accept a justified exception."""

from __future__ import annotations

from ..money import yuan
from ..registry import Context, Hit, per_notice, rule


def _document(rates) -> tuple[str, str]:
    return rates.document_zh, rates.document_en


def _lines_of(ctx: Context, category: str):
    """(index, line) of the lines of `category` with a unit price, in line order."""
    return [(index, line) for index, line in ctx.by_category.get(category, ()) if line.unit_price is not None]


class _Scale:
    """A rate table's look-ups, made once per notice (see registry.per_notice)."""

    def __init__(self, rates, steps):
        self.rates = rates
        self.document = _document(rates)
        self.by_code = {step.code: step for step in steps}
        self.highest = max(steps, key=lambda step: step.max_yuan)
        self.lowest = min(steps, key=lambda step: step.max_yuan)


def _meeting_scale(notice) -> _Scale:
    return per_notice(notice, "reference.meeting", lambda n: _Scale(n.reference.meeting, n.reference.meeting.classes))


def _expert_scale(notice) -> _Scale:
    return per_notice(notice, "reference.expert", lambda n: _Scale(n.reference.expert, n.reference.expert.titles))


@rule(
    id="reference.meeting-rate",
    severity="warning",
    cites=None,
    national=True,
    field="budget.lines[].unit_price",
    title_zh="会议费综合定额",
    title_en="Meeting cost ceiling",
    doc_zh="《中央和国家机关会议费管理办法》（财行〔2016〕214号）规定会议费综合定额：{meeting_rates_zh}。"
    "单价（元/人·天）超过所选类别的定额时警告；未选会议类别时按最高的一类定额判断，并提示补填类别。",
    doc_en="The central meeting-cost rules (Caixing [2016] No. 214) cap meetings at {meeting_rates_en}. A unit price above the chosen class's ceiling is a warning; with "
    "no class chosen, the highest (class 1) is used and the class is asked for.",
    fix_zh="把单价降到定额以内，或在测算依据中说明超标理由；并选择会议类别。",
    fix_en="Bring the unit price within the ceiling or justify it in the basis, and choose the meeting class.",
    example={"budget.lines[0].unit_price": "800", "budget.lines[0].amount": "64000"},
)
def meeting_rate(ctx: Context):
    scale = _meeting_scale(ctx.notice)
    rates, by_code, highest, lowest = scale.rates, scale.by_code, scale.highest, scale.lowest
    for index, line in _lines_of(ctx, "meeting"):
        cls = by_code.get(line.meeting_class or "")
        ceiling = (cls or highest).max_yuan
        if line.unit_price > ceiling:
            name_zh = cls.name_zh if cls else f"{highest.name_zh}（未选类别，按最高定额）"
            name_en = cls.name_en if cls else f"{highest.name_en} (no class chosen; highest ceiling)"
            price_text, ceiling_text = yuan(line.unit_price), yuan(ceiling)
            yield Hit(
                field=f"budget.lines[{index}].unit_price",
                document=scale.document,
                zh=f"第 {index + 1} 行会议费单价 {price_text} 元/人·天，超过{rates.document_zh}"
                f"{name_zh}综合定额 {ceiling_text} 元/人·天。请压减单价，或在测算依据中说明理由。",
                en=f"Row {index + 1}: a meeting at {price_text} yuan per person per day exceeds the "
                f"{name_en} ceiling of {ceiling_text} in {rates.document_en}. Lower it or justify it in the basis.",
                params={"unit_price": line.unit_price, "ceiling": ceiling, "class": line.meeting_class or ""},
            )
        elif cls is None and line.unit_price > lowest.max_yuan:
            yield Hit(
                field=f"budget.lines[{index}].meeting_class",
                document=scale.document,
                zh=f"第 {index + 1} 行会议费单价 {yuan(line.unit_price)} 元/人·天高于{lowest.name_zh}定额 {yuan(lowest.max_yuan)} 元。"
                "请选择会议类别，以便按正确的定额核对。",
                en=f"Row {index + 1}: {yuan(line.unit_price)} yuan per person per day is above the {lowest.name_en.lower()} ceiling of "
                f"{yuan(lowest.max_yuan)}. Choose the meeting class so the right ceiling applies.",
                params={"unit_price": line.unit_price, "ceiling": lowest.max_yuan},
            )


@rule(
    id="reference.expert-rate",
    severity="warning",
    cites=None,
    national=True,
    field="budget.lines[].unit_price",
    title_zh="专家咨询费标准",
    title_en="Expert consultation rates",
    doc_zh="《中央财政科研项目专家咨询费管理办法》（财科教〔2017〕128号）第六、七条：以会议、现场访谈或勘察形式组织的咨询，{expert_rates_zh}"
    "（院士、全国知名专家可按高级职称标准上浮50%）。标准是税后金额；预算按税前列支时，单价可相应高一些，请在测算依据中写明。"
    "单价超过所选职称的上限时警告；未选职称时按最高的标准判断，并提示补填职称。",
    doc_en="Expert fees under Caikejiao [2017] No. 128, articles 6 and 7: in meetings, on-site interviews or surveys, "
    "{expert_rates_en} (academicians and nationally known experts up to 50 % above the senior rate). The rates are "
    "after tax; a budget that lists pre-tax amounts may be higher — say so in the basis. Above the chosen title's maximum is a warning; with no title "
    "chosen, the highest maximum is used and the title is asked for.",
    fix_zh="把单价降到标准以内，或在测算依据中说明理由；并选择专家职称。",
    fix_en="Bring the unit price within the standard or justify it, and choose the expert's title.",
    example={"budget.lines[1].unit_price": "3000", "budget.lines[1].amount": "30000"},
)
def expert_rate(ctx: Context):
    scale = _expert_scale(ctx.notice)
    rates, by_code, highest, lowest = scale.rates, scale.by_code, scale.highest, scale.lowest
    for index, line in _lines_of(ctx, "expert-consultation"):
        title = by_code.get(line.expert_title or "")
        ceiling = (title or highest).max_yuan
        if line.unit_price > ceiling:
            name_zh = title.name_zh if title else f"{highest.name_zh}（未选职称，按最高标准）"
            name_en = title.name_en if title else f"{highest.name_en} (no title chosen; highest rate)"
            yield Hit(
                field=f"budget.lines[{index}].unit_price",
                document=scale.document,
                zh=f"第 {index + 1} 行专家咨询费 {yuan(line.unit_price)} {rates.unit_zh}，超过{rates.document_zh}"
                f"{name_zh}上限 {yuan(ceiling)} {rates.unit_zh}。请压减，或在测算依据中说明理由。",
                en=f"Row {index + 1}: {yuan(line.unit_price)} {rates.unit_en} exceeds the {name_en} maximum of "
                f"{yuan(ceiling)} ({rates.unit_en}) in {rates.document_en}. Lower it or justify it in the basis.",
                params={"unit_price": line.unit_price, "ceiling": ceiling, "title": line.expert_title or ""},
            )
        elif title is None and line.unit_price > lowest.max_yuan:
            yield Hit(
                field=f"budget.lines[{index}].expert_title",
                document=scale.document,
                zh=f"第 {index + 1} 行专家咨询费 {yuan(line.unit_price)} 元/人·天高于其他专业人员上限 {yuan(lowest.max_yuan)} 元。"
                "请选择专家职称，以便按正确的标准核对。",
                en=f"Row {index + 1}: {yuan(line.unit_price)} yuan per person per day is above the maximum for other "
                f"professionals ({yuan(lowest.max_yuan)}). Choose the expert's title so the right rate applies.",
                params={"unit_price": line.unit_price, "ceiling": lowest.max_yuan},
            )


@rule(
    id="reference.meeting-class",
    severity="warning",
    cites=None,
    national=True,
    field="budget.lines[].meeting_class",
    title_zh="会议类别：联合体的会议一般为三、四类",
    title_en="Meeting class: a consortium's meetings are normally class 3 or 4",
    doc_zh="财行〔2016〕214号按召开者分类：{meeting_classes_zh}。学会联合体召开的研讨会、座谈会、评审会一般属于三、四类会议，"
    "选择一类或二类（定额更高）时给出警告，请核对。",
    doc_en="Caixing [2016] No. 214 classes meetings by who holds them: {meeting_classes_en}. A consortium's seminars, "
    "symposia and review meetings are normally class 3 or 4; choosing class 1 or 2 (with higher ceilings) is a "
    "warning to check.",
    fix_zh="按会议的实际召开者选择类别；联合体自己召开的会议一般选三、四类会议。",
    fix_en="Choose the class by who really holds the meeting; a consortium's own meetings are normally class 3 or 4.",
    example={"budget.lines[0].meeting_class": "1"},
)
def meeting_class(ctx: Context):
    scale = _meeting_scale(ctx.notice)
    rates, by_code = scale.rates, scale.by_code
    usual = by_code[rates.usual]
    for index, line in ctx.by_category.get("meeting", ()):
        if not line.meeting_class:
            continue
        chosen = by_code.get(line.meeting_class)
        if chosen is None or chosen.max_yuan <= usual.max_yuan:
            continue
        yield Hit(
            field=f"budget.lines[{index}].meeting_class",
            document=scale.document,
            zh=f"第 {index + 1} 行选了{chosen.name_zh}。{rates.document_zh}中，{chosen.name_zh}指{chosen.held_by_zh}；"
            f"学会联合体召开的会议一般是{usual.name_zh}（{usual.held_by_zh}，定额 {yuan(usual.max_yuan)} {rates.unit_zh}）。请核对会议类别。",
            en=f"Row {index + 1} is a {chosen.name_en.lower()}. Under {rates.document_en}, that means {chosen.held_by_en}; "
            f"a consortium's own meetings are normally a {usual.name_en.lower()} ({usual.held_by_en}; ceiling "
            f"{yuan(usual.max_yuan)} {rates.unit_en}). Check the class.",
            params={"class": chosen.code, "usual": usual.code},
        )
