"""Who applies: 一、(二) 1–2 — a consortium, one lead unit, at least one other member
unit, and each unit's division of labour."""

from __future__ import annotations

import re
from functools import lru_cache

from ..consortia import known_consortia
from ..registry import Context, Hit, per_notice, rule


def _units(app):
    """(field path, unit) for the lead unit and each participating unit given."""
    if app.lead_unit is not None:
        yield "lead_unit", app.lead_unit
    for index, unit in enumerate(app.participants):
        if unit is not None:
            yield f"participants[{index}]", unit


_SPACES = re.compile(r"\s+")


def _name_key(name: str) -> str:
    # "中国 化学会" and "中国化学会" are the same society; so are full- and half-width brackets.
    return _SPACES.sub("", name).replace("（", "(").replace("）", ")").lower()


def _named_units(ctx: Context) -> list[tuple[str, object, str]]:
    """(field path, unit, its name's key) for each unit given with a name, worked out once
    per check: four rules compare these names."""
    if "applicant.units" not in ctx.shared:
        ctx.shared["applicant.units"] = [(path, unit, _name_key(unit.name)) for path, unit in _units(ctx.app) if unit.name]
    return ctx.shared["applicant.units"]


@lru_cache(maxsize=1)
def _known_keys() -> frozenset[str]:
    """The keys of the known consortia's names (a list the package ships)."""
    return frozenset(_name_key(name) for name in known_consortia())


def _society_endings(notice) -> tuple[str, ...]:
    return per_notice(notice, "applicant.endings", lambda n: tuple(_name_key(e) for e in n.applicants.society_endings))


def _single_society(ctx: Context, name: str) -> tuple[str, str] | None:
    """Why `name` is one society rather than a consortium, or None (two rules ask, once
    per check)."""
    memo = ctx.shared.setdefault("applicant.single-society", {})
    if name not in memo:
        memo[name] = _why_single(ctx, name)
    return memo[name]


def _why_single(ctx: Context, name: str) -> tuple[str, str] | None:
    rules = ctx.notice.applicants
    key = _name_key(name)
    for path, _unit, unit_key in _named_units(ctx):
        if unit_key == key:
            role_zh = "牵头单位" if path == "lead_unit" else "参与单位"
            role_en = "the lead unit" if path == "lead_unit" else "a participating unit"
            return f"本申报书的{role_zh}", f"{role_en} of this application"
    if rules.consortium_marker not in key and key.endswith(_society_endings(ctx.notice)):
        return "一家学会的名称", "the name of a single society"
    return None


@rule(
    id="applicant.single-society",
    severity="error",
    cites="single-applicant",
    field="consortium",
    title_zh="申报主体须为学会联合体",
    title_en="The applicant must be a consortium",
    doc_zh="通知规定以学会联合体为申报主体、不接受学会单独申报。“学会联合体”一栏填的是本申报书中的牵头或参与单位，"
    "或者是一家学会的名称（不含“{consortium_marker}”、以“学会”“协会”“研究会”等结尾），说明是学会以自己的名义申报，是错误。",
    doc_en="The notice makes the consortium the applicant and accepts no application from a single society. A "
    "consortium field that holds the lead or a participating unit of the application, or a single society's "
    "name (without “{consortium_marker}”, ending in 学会, 协会, 研究会 …), means one society is applying alone: an error.",
    fix_zh="在“学会联合体”中填写牵头单位所属学会联合体的全称。",
    fix_en="Under “Society consortium”, give the full name of the consortium the lead unit belongs to.",
    example={"consortium": "中国农学会"},
)
def single_society(ctx: Context):
    name = ctx.app.consortium
    why = _single_society(ctx, name) if name else None
    if why:
        yield Hit(
            field="consortium",
            zh=f"“{name}”是{why[0]}，不是学会联合体：通知不接受学会单独申报。请填写牵头单位所属学会联合体的全称。",
            en=f"“{name}” is {why[1]}, not a consortium: the notice accepts no application from a single society. "
            "Give the full name of the consortium the lead unit belongs to.",
            params={"consortium": name},
        )


@rule(
    id="applicant.consortium-name",
    severity="info",
    cites=None,
    field="consortium",
    title_zh="联合体名称不在已知名单中",
    title_en="Consortium name not on the known list",
    doc_zh="通知没有公布学会联合体名单。本站附一份非官方的已知联合体名单用于输入提示；名称不在名单中并不说明不符合条件，仅提示核对全称。",
    doc_en="The notice publishes no list of consortia. The site ships an unofficial list of known consortia for "
    "suggestions; a name not on it does not make an application ineligible, it only prompts a check of the full name.",
    fix_zh="对照本联合体章程核对名称全称；名称正确则无需处理。",
    fix_en="Check the full name against your consortium's charter; if it is right, nothing needs doing.",
    example={"consortium": "新材料学会协作组"},
)
def consortium_name(ctx: Context):
    name = ctx.app.consortium
    if name and _single_society(ctx, name) is None and _name_key(name) not in _known_keys():
        yield Hit(
            field="consortium",
            zh=f"“{name}”不在本站的非官方联合体名单中。请核对名称全称；名称无误可忽略本提示。",
            en=f"“{name}” is not on the site's unofficial list of consortia. Check the full name; if it is right, ignore this note.",
            params={"consortium": name},
        )


@rule(
    id="applicant.members-attested",
    severity="error",
    cites="joint-application",
    field="members_attested",
    title_zh="确认各单位均为联合体成员",
    title_en="Confirm that every unit is a member",
    doc_zh="牵头单位和参与单位都必须是该学会联合体的成员单位。通知没有公布成员名单，本站无法核对，因此要求申报人明确确认，而不是猜测。",
    doc_en="The lead and participating units must all be members of the consortium. The notice publishes no membership "
    "list, so the site cannot verify it and asks the applicant to confirm it explicitly instead of guessing.",
    fix_zh="核实各单位均为本联合体成员单位后，勾选“成员单位确认”。",
    fix_en="Once you have verified that every unit is a member of the consortium, tick “Membership confirmed”.",
    example={"members_attested": False},
)
def members_attested(ctx: Context):
    if ctx.app.project == "brand" and ctx.app.members_attested is False:
        yield Hit(
            field="members_attested",
            zh="须由联合体成员单位牵头，并与联合体内其他成员单位共同申报。请核实各单位均为本联合体成员后勾选确认。",
            en="The lead and participating units must be members of the consortium. Verify this and tick the confirmation.",
        )


@rule(
    id="applicant.participants",
    severity="error",
    cites="joint-application",
    field="participants",
    title_zh="至少 {min_other_units} 家参与单位",
    title_en="At least {min_other_units} participating unit(s)",
    doc_zh="{brand_zh}须由 {lead_units} 家成员单位牵头，与联合体内其他成员单位（至少 {min_other_units} 家）共同申报。",
    doc_en="In a {brand_en}, {lead_units} member unit leads, applying jointly with at least {min_other_units} other member unit(s) of the consortium.",
    fix_zh="在“参与单位”中添加至少 {min_other_units} 家本联合体的其他成员单位，并写明其分工。",
    fix_en="Add at least one other member unit of the consortium under “Participating units”, with its division of labour.",
    example={"participants": []},
)
def participants(ctx: Context):
    app = ctx.app
    if app.project != "brand":
        return
    need = ctx.notice.applicants.min_other_units
    given = sum(1 for unit in app.participants if unit is not None and unit.name)
    if given < need:
        yield Hit(
            field="participants",
            zh=f"须与联合体内其他成员单位（至少 {need} 家）共同申报，现有 {given} 家。请添加参与单位。",
            en=f"The lead unit must apply jointly with at least {need} other member unit(s); {given} given. Add a participating unit.",
            params={"min": need, "given": given},
        )


@rule(
    id="applicant.distinct-units",
    severity="error",
    cites="joint-application",
    field="participants[].name",
    title_zh="各单位不得重复",
    title_en="Units must be distinct",
    doc_zh="牵头单位只有 1 家，参与单位须是“其他”成员单位：同一单位不能既牵头又参与，也不能重复列出。",
    doc_en="There is one lead unit and the participants must be *other* member units: a unit cannot both lead and "
    "participate, nor be listed twice.",
    fix_zh="删除重复的单位，或改为另一家成员单位。",
    fix_en="Remove the duplicate, or name another member unit.",
    example={"participants[0].name": "中国农学会"},
)
def distinct_units(ctx: Context):
    seen: dict[str, str] = {}
    for path, unit, key in _named_units(ctx):
        if key in seen:
            first = "牵头单位" if seen[key] == "lead_unit" else "另一参与单位"
            first_en = "the lead unit" if seen[key] == "lead_unit" else "another participating unit"
            yield Hit(
                field=f"{path}.name",
                zh=f"“{unit.name}”与{first}重复。参与单位须是联合体内的其他成员单位，请删除或更换。",
                en=f"“{unit.name}” duplicates {first_en}. Participants must be other member units: remove or replace it.",
                params={"unit": unit.name},
            )
        else:
            seen[key] = path


@rule(
    id="applicant.division-of-labour",
    severity="error",
    cites="joint-application",
    field="participants[].division",
    title_zh="写明各单位分工",
    title_en="State each unit's division of labour",
    doc_zh="申报书中须明确牵头单位与参与单位各自分工。每一家单位都要写明承担的任务。",
    doc_en="The application must state the division of labour of the lead unit and of each participating unit.",
    fix_zh="在该单位的“分工”中写明它在项目中承担的具体任务。",
    fix_en="Under that unit's “Division of labour”, state the tasks it takes on in the project.",
    example={"participants[0].division": ""},
)
def division_of_labour(ctx: Context):
    if ctx.app.project != "brand":
        return
    for path, unit in _units(ctx.app):
        if unit.name and not unit.division:
            role_zh = "牵头单位" if path == "lead_unit" else "参与单位"
            yield Hit(
                field=f"{path}.division",
                zh=f"请写明{role_zh}“{unit.name}”的分工：申报书须明确各单位分工。",
                en=f"State the division of labour of “{unit.name}”: the form must give each unit's part.",
                params={"unit": unit.name},
            )


_NOT_WORD = re.compile(r"[\W_]+")


def _vague_words(notice) -> tuple[str, ...]:
    """The notice's vague words, longest first (sorted once per notice)."""
    return per_notice(notice, "applicant.vague", lambda n: tuple(sorted(n.applicants.vague_words, key=len, reverse=True)))


def _noise(notice) -> re.Pattern:
    """Punctuation and every character of a vague word: what removing the vague words and
    punctuation from a division could remove at most (made once per notice)."""
    return per_notice(
        notice,
        "applicant.noise",
        lambda n: re.compile(
            "[\\W_" + "".join(re.escape(char) for char in sorted(set("".join(n.applicants.vague_words)))) + "]+"
        ),
    )


def _says_nothing(division: str, rules, words: tuple[str, ...], noise: re.Pattern) -> bool:
    """True when a division, without the vague words and punctuation, has almost nothing left."""
    if len(noise.sub("", division)) >= rules.division_min_chars:
        return False  # the usual division: enough is left even without every such character
    text = _NOT_WORD.sub("", division)
    for word in words:
        if word in text:
            text = text.replace(word, "")
    return len(text) < rules.division_min_chars


@rule(
    id="applicant.division-vague",
    severity="warning",
    cites="joint-application",
    reading=True,
    field="participants[].division",
    title_zh="分工写得太笼统",
    title_en="A division of labour that says nothing",
    doc_zh="通知要求申报书明确各单位分工。只写“参与”“协助配合”“负责相关工作”之类、去掉这些词后几乎没有内容的分工"
    "（少于 {division_min_chars} 个字），说不清这家单位做什么，给出警告。判断标准是本站的解读。",
    doc_en="The notice asks the form to state each unit's division of labour. A division that only says “takes part”, "
    "“assists and cooperates” or “handles related work” — fewer than {division_min_chars} characters once such "
    "words are removed — does not say what the unit does: a warning. The threshold is the site's reading.",
    fix_zh="写明具体任务，如“负责产学研对接会的组织和专家邀请”“承担县域调研和报告第二章撰写”。",
    fix_en="Name the concrete tasks, e.g. “organises the matchmaking fair and invites the experts”, “carries out the "
    "county survey and writes chapter 2 of the report”.",
    example={"participants[0].division": "参与协助"},
)
def division_vague(ctx: Context):
    if ctx.app.project != "brand":
        return
    rules, words, noise = ctx.notice.applicants, _vague_words(ctx.notice), _noise(ctx.notice)
    for path, unit in _units(ctx.app):
        if unit.name and unit.division and _says_nothing(unit.division, rules, words, noise):
            role_zh = "牵头单位" if path == "lead_unit" else "参与单位"
            yield Hit(
                field=f"{path}.division",
                zh=f"{role_zh}“{unit.name}”的分工“{unit.division}”没有说明具体做什么。请写明该单位承担的具体任务。",
                en=f"The division of labour of “{unit.name}” (“{unit.division}”) does not say what it does. Name its "
                "concrete tasks.",
                params={"unit": unit.name},
            )


_PHONE = re.compile(r"^(\+?86[- ]?)?(1[3-9]\d{9}|0\d{2,3}[- ]?\d{7,8}([- ]\d{1,6})?)$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@rule(
    id="applicant.contact-format",
    severity="warning",
    cites=None,
    field="lead_unit.contact.phone",
    title_zh="联系方式格式",
    title_en="Contact details format",
    doc_zh="电话应为 11 位手机号或带区号的座机号，电子邮箱应含 @ 与域名。格式可疑时给出警告而非错误：分机号、境外号码等写法多样。",
    doc_en="A phone number should be an 11-digit mobile or a landline with area code; an e-mail needs @ and a domain. "
    "A warning, not an error: extensions and foreign numbers are written in many ways.",
    fix_zh="核对号码或邮箱，如 010-68581366、13800000000、name@example.org。",
    fix_en="Check the number or address, e.g. 010-68581366, 13800000000, name@example.org.",
    example={"lead_unit.contact.phone": "6858"},
)
def contact_format(ctx: Context):
    for path, unit in _units(ctx.app):
        contact = unit.contact
        if contact is None:
            continue
        if contact.phone and not _PHONE.match(
            contact.phone.replace("（", "(").replace("）", ")").replace("(", "").replace(")", "-")
        ):
            yield Hit(
                field=f"{path}.contact.phone",
                zh=f"电话“{contact.phone}”格式可疑。请填写 11 位手机号或带区号的座机号（如 010-68581366）。",
                en=f"The phone number “{contact.phone}” looks wrong. Give an 11-digit mobile or a landline with area code (e.g. 010-68581366).",
            )
        if contact.email and not _EMAIL.match(contact.email):
            yield Hit(
                field=f"{path}.contact.email",
                zh=f"电子邮箱“{contact.email}”格式不正确，请核对。",
                en=f"The e-mail address “{contact.email}” is malformed; check it.",
            )
