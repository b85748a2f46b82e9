"""The budget: caps (一、(一)), the 50万 of 二、(一), and 测算依据 and sums (一、(二) 4, 二、(二)).

Money is Decimal throughout; "to the fen" means amounts are compared after rounding the
product half-up to 0.01 yuan, the way a spreadsheet's ROUND(x, 2) does.
"""

from __future__ import annotations

from decimal import Decimal

from ..money import wan, yuan
from ..registry import Context, Hit, per_notice, rule
from .applicant import _name_key, _named_units


@rule(
    id="budget.cap",
    severity="error",
    cites="subproject",
    field="budget.declared_total",
    title_zh="不超过子项目经费额度",
    title_en="Within the sub-project's cap",
    doc_zh="{brand_zh}每项经费不超过所选子项目的额度（{caps_zh}）。"
    "“不超过”含本数：恰好等于额度符合要求。以申报总额与各行合计中较大者判断。",
    doc_en="The budget of a {brand_en} may not exceed its sub-project's cap ({caps_en}). "
    '"Not exceeding" includes the cap itself. The larger of the declared '
    "total and the lines' sum is judged.",
    fix_zh="压减预算至额度以内，或确认所选子项目是否正确。",
    fix_en="Cut the budget to within the cap, or check that the right sub-project is chosen.",
    example={"budget.declared_total": "300000.01"},
)
def cap(ctx: Context):
    figures = ctx.figures
    outside = figures.outside if figures.limit_kind == "cap" else None
    if not outside:
        return
    sub = ctx.notice.subproject(ctx.app.subproject)
    over = max(outside, key=lambda j: j.amount)  # the cap must hold for both totals
    yield Hit(
        field="budget.declared_total",
        clause=sub.clause,
        zh=f"{over.name_zh} {yuan(over.amount)} 元超过“{sub.name_zh}”每项不超过 {wan(sub.cap_yuan)} 万元的额度，"
        f"超出 {yuan(over.amount - sub.cap_yuan)} 元。请压减预算。",
        en=f"The {over.name_en} of {yuan(over.amount)} yuan exceeds the {yuan(sub.cap_yuan)} yuan cap of “{sub.name_en}” "
        f"by {yuan(over.amount - sub.cap_yuan)} yuan. Reduce the budget.",
        params={"total": over.amount, "cap": sub.cap_yuan, "subproject": sub.code, "judged": over.key},
    )


@rule(
    id="budget.infrastructure-band",
    severity="warning",
    cites="band",
    field="budget.declared_total",
    needs="infrastructure",
    title_zh="{infra_zh}约 {infra_typical_wan} 万元",
    title_en="About {infra_typical_yuan} yuan for an {infra_en}",
    doc_zh="通知写“每项{infra_typical_wan}万元左右”，不是硬性上限，故只给警告。本站以 ±{tolerance}%（{infra_low_wan}–{infra_high_wan} 万元）为合理范围：足够容纳正常的年度安排，"
    "又能发现多写或少写一位数、把万元当成元等错误。",
    doc_en='The notice says "about {infra_typical_yuan} yuan each", not a hard limit, so this is a warning. The site takes ±{tolerance} % '
    "({infra_low_yuan}–{infra_high_yuan} yuan) as the band: room for an ordinary year's plan, narrow enough to catch a digit too "
    "many or too few, or 万元 typed for 元.",
    fix_zh="核对预算总额与各行金额的单位（元）；确需偏离时在测算依据中说明理由。",
    fix_en="Check the total and the lines are in yuan; if the plan really differs, explain why in the calculation basis.",
    example={
        "budget.declared_total": "800000",
        "budget.lines": [
            {
                "category": "meeting",
                "item": "联合体年会",
                "unit_price": "500",
                "quantity": "200",
                "times": "8",
                "amount": "800000",
                "basis": "三类会议 500 元/人·天 × 200 人 × 8 天",
                "spending_unit": "中国农学会",
                "meeting_class": "3",
            }
        ],
    },
    example_base="infrastructure-ready",
)
def infrastructure_band(ctx: Context):
    figures, infra = ctx.figures, ctx.notice.infrastructure
    outside = figures.outside if figures.limit_kind == "band" else None
    if not outside:
        return
    off = outside[0]  # the declared total first: it is the figure the secretariat asks for
    yield Hit(
        field="budget.declared_total",
        zh=f"{off.name_zh} {yuan(off.amount)} 元与通知“每项{wan(infra.typical_yuan)}万元左右”相差较大"
        f"（本站参考范围 {wan(infra.low_yuan)}–{wan(infra.high_yuan)} 万元）。请核对金额单位是否为元；确需如此请在测算依据中说明。",
        en=f'The {off.name_en} of {yuan(off.amount)} yuan is far from the notice\'s "about {yuan(infra.typical_yuan)} yuan each" '
        f"(the site's band: {yuan(infra.low_yuan)}–{yuan(infra.high_yuan)}). Check the amounts are in yuan; if the plan "
        "really differs, explain why in the calculation basis.",
        params={"total": off.amount, "low": infra.low_yuan, "high": infra.high_yuan, "judged": off.key},
    )


_ZERO = Decimal(0)
MIN_BASIS_CHARS = 6  # "见附件" is not a calculation basis; "550元/人天×40人" is


@rule(
    id="budget.basis",
    severity="error",
    cites="budget",
    field="budget.lines[].basis",
    title_zh="每行写明测算依据",
    title_en="A calculation basis on every line",
    doc_zh="经费预算须“详列测算依据”[[（{infra_zh}须“详细说明预算支出情况”）]]。每一行都要写明标准和算式；"
    "少于 {min_basis_chars} 个字的依据（如“见附件”“按实际”）视为未写。",
    doc_en='The budget must "list its calculation basis in detail"[[ (for an {infra_en}, "explain the spending in '
    'detail")]]. Every line needs its standard and its sum; a basis under {min_basis_chars} characters '
    '("see annex", "as incurred") counts as none.',
    fix_zh="写明单价的来源和算式，如“参照财行〔2016〕214号三类会议 550 元/人·天 × 40 人 × 2 天”。",
    fix_en='Give the source of the unit price and the sum, e.g. "class-3 meeting rate 550 yuan/person/day × 40 people × 2 days".',
    example={"budget.lines[0].basis": "按实际"},
)
def basis(ctx: Context):
    for index, line in ctx.lines:
        text = (line.basis or "").strip()
        if len(text) < MIN_BASIS_CHARS:
            item = line.item or f"第 {index + 1} 行"
            yield Hit(
                field=f"budget.lines[{index}].basis",
                zh=f"“{item}”缺少测算依据。请写明标准和算式（单价来源 × 数量 × 次数）。",
                en=f"“{line.item or f'row {index + 1}'}” has no calculation basis. Give the standard and the sum "
                "(where the unit price comes from × quantity × times).",
            )


@rule(
    id="budget.line-arithmetic",
    severity="error",
    cites=None,
    field="budget.lines[].amount",
    title_zh="单价 × 数量 × 次数 = 金额",
    title_en="Unit price × quantity × times = amount",
    doc_zh="每行金额须等于单价 × 数量 × 次数/天数（未填次数按 1），精确到分（乘积四舍五入到 0.01 元）。算不对的预算无法审核。",
    doc_en="Each line's amount must equal unit price × quantity × times (times left empty counts as 1), to the fen "
    "(the product rounded half-up to 0.01 yuan). A budget whose sums are wrong cannot be reviewed.",
    fix_zh="改正金额、单价、数量或次数，使其相符。",
    fix_en="Correct the amount, unit price, quantity or times so they agree.",
    example={"budget.lines[0].amount": "12000"},
)
def line_arithmetic(ctx: Context):
    computed = ctx.figures.computed
    for index, line in ctx.irregular:  # a line whose amount is the computed one is not irregular
        expected = computed[index]
        if expected is None or line.amount is None or expected == line.amount:
            continue
        times = line.times if line.times is not None else 1
        yield Hit(
            field=f"budget.lines[{index}].amount",
            zh=f"第 {index + 1} 行：{yuan(line.unit_price)} × {line.quantity} × {times} = {yuan(expected)} 元，"
            f"但金额填的是 {yuan(line.amount)} 元。请改正金额或单价、数量、次数。",
            en=f"Row {index + 1}: {yuan(line.unit_price)} × {line.quantity} × {times} = {yuan(expected)} yuan, "
            f"but the amount says {yuan(line.amount)}. Correct the amount or the price, quantity or times.",
            params={"expected": expected, "amount": line.amount},
        )


@rule(
    id="budget.total",
    severity="error",
    cites=None,
    field="budget.declared_total",
    title_zh="各行合计等于预算总额",
    title_en="Lines add up to the declared total",
    doc_zh="各行金额之和须等于填写的预算总额，精确到分。",
    doc_en="The lines must add up to the declared total, to the fen.",
    fix_zh="改正预算总额，或检查是否漏填、多填了某一行。",
    fix_en="Correct the declared total, or look for a line missing or counted twice.",
    example={"budget.declared_total": "290000"},
)
def total(ctx: Context):
    app = ctx.app
    if app.budget.declared_total is None or not app.budget.lines:
        return
    summed = ctx.figures.lines_total
    if summed is None:
        return  # every line given was dropped as invalid: input.invalid says so, nothing to add up
    if summed != app.budget.declared_total:
        yield Hit(
            field="budget.declared_total",
            zh=f"各行合计 {yuan(summed)} 元，与预算总额 {yuan(app.budget.declared_total)} 元不符"
            f"（相差 {yuan(abs(summed - app.budget.declared_total))} 元）。请改正总额或各行金额。",
            en=f"The lines add up to {yuan(summed)} yuan, not the declared {yuan(app.budget.declared_total)} "
            f"(a difference of {yuan(abs(summed - app.budget.declared_total))}). Correct the total or the lines.",
            params={"lines_total": summed, "declared_total": app.budget.declared_total},
        )


@rule(
    id="budget.positive",
    severity="error",
    cites=None,
    field="budget.lines[].amount",
    title_zh="金额须大于零",
    title_en="Amounts must be above zero",
    doc_zh="单价、数量、次数和金额都须大于零：零元的行没有意义，负数会把其他支出“抵掉”，使合计失真。",
    doc_en="Unit price, quantity, times and amount must all be above zero: a zero line means nothing, and a negative "
    "one hides other spending in the total.",
    fix_zh="删除该行，或填写正确的正数。",
    fix_en="Delete the line, or give the right positive figures.",
    example={"budget.lines[0].quantity": "-2"},
)
def positive(ctx: Context):
    names = {
        "unit_price": ("单价", "unit price"),
        "quantity": ("数量", "quantity"),
        "times": ("次数/天数", "times"),
        "amount": ("金额", "amount"),
    }
    zero = _ZERO  # a Decimal: comparing with the int 0 converts it on every comparison
    for index, line in ctx.irregular:  # a line whose figures are all above zero is not irregular
        price, quantity, times, amount = line.unit_price, line.quantity, line.times, line.amount
        if (
            (price is None or price > zero)
            and (quantity is None or quantity > zero)
            and (times is None or times > zero)
            and (amount is None or amount > zero)
        ):
            continue  # the usual case, checked in one step
        for name, (zh, en) in names.items():
            value = getattr(line, name)
            if value is not None and value <= 0:
                yield Hit(
                    field=f"budget.lines[{index}].{name}",
                    zh=f"第 {index + 1} 行的{zh}为 {value}，须大于零。请改正或删除该行。",
                    en=f"Row {index + 1}'s {en} is {value}; it must be above zero. Correct it or delete the line.",
                    params={"value": value},
                )
    if ctx.app.budget.declared_total is not None and ctx.app.budget.declared_total <= 0:
        yield Hit(field="budget.declared_total", zh="预算总额须大于零。", en="The declared total must be above zero.")


@rule(
    id="budget.category",
    severity="error",
    cites=None,
    field="budget.lines[].category",
    title_zh="支出科目须在列表中",
    title_en="A known expenditure category",
    doc_zh="每行须选择一个支出科目（按政府支出经济分类）。科目决定适用的开支标准和禁止列支的判断。",
    doc_en="Each line needs an expenditure category from the list (after the government economic classification); "
    "the category decides which spending standards and prohibitions apply.",
    fix_zh="从列表中选择最贴切的科目；确实无法归类的选“其他”并在测算依据中说明。",
    fix_en="Choose the closest category; if none fits, choose “Other” and explain in the calculation basis.",
    example={"budget.lines[0].category": "餐费"},
)
def category(ctx: Context):
    known = per_notice(ctx.notice, "budget.categories", lambda n: frozenset(c.code for c in n.categories) | {None, ""})
    if known.issuperset(ctx.by_category):
        return  # the usual budget: every category it uses is on the list (or left empty)
    for index, line in ctx.lines:
        if line.category and ctx.notice.category(line.category) is None:
            yield Hit(
                field=f"budget.lines[{index}].category",
                zh=f"第 {index + 1} 行的支出科目“{line.category}”不在列表中，请从列表中选择。",
                en=f"Row {index + 1}'s category “{line.category}” is not on the list; choose one from it.",
                params={"given": line.category},
            )


@rule(
    id="budget.spending-unit",
    severity="warning",
    cites="joint-application",
    reading=True,
    field="budget.lines[].spending_unit",
    title_zh="使用单位应为牵头或参与单位",
    title_en="Spent by the lead or a participating unit",
    doc_zh="经费由申报书中列出的单位按分工使用。使用单位不是牵头单位或参与单位时，可能是漏列了参与单位，或是与联合体无关的支出，故给出警告。",
    doc_en="Funds are spent by the units named in the application, by their division of labour. A line spent by any "
    "other unit may mean a participant is missing, or spending unrelated to the consortium: a warning.",
    fix_zh="把该单位加入参与单位并写明分工，或改正使用单位。",
    fix_en="Add that unit as a participant with its division of labour, or correct the spending unit.",
    example={"budget.lines[0].spending_unit": "某某科技有限公司"},
)
def spending_unit(ctx: Context):
    app = ctx.app
    if app.project != "brand":
        return
    units = _named_units(ctx)
    if not units:
        return
    names = {unit.name for _, unit, _ in units}  # a line naming a unit as written needs no reading
    named = {key for _, _, key in units}
    for index, line in ctx.lines:
        unit = line.spending_unit
        if not unit or unit in names:
            continue
        if _name_key(unit) in named:
            names.add(unit)  # the same unit written another way, maybe on the next line too
        else:
            yield Hit(
                field=f"budget.lines[{index}].spending_unit",
                zh=f"第 {index + 1} 行的使用单位“{line.spending_unit}”不是牵头单位或参与单位。请把它列为参与单位并写明分工，或改正。",
                en=f"Row {index + 1} is spent by “{line.spending_unit}”, which is neither the lead nor a participating "
                "unit. Add it as a participant with its division of labour, or correct it.",
                params={"unit": line.spending_unit},
            )
