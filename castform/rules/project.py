"""Which project and sub-project: 一、(一) and 二、(一)."""

from __future__ import annotations

from ..registry import FORM, Context, Hit, rule


@rule(
    id="project.subproject",
    severity="error",
    cites="subproject",
    field="subproject",
    title_zh="选择一个子项目",
    title_en="Choose one sub-project",
    doc_zh="{brand_zh}分为 {subproject_count} 个子项目，每份申报书对应其中一个，经费上限随子项目而定。[[{infra_zh}不分子项目。]]",
    doc_en="A {brand_en} is one of {subproject_count} sub-projects; each application is for one of them, and the cap "
    "depends on it.[[ An {infra_en} has no sub-projects.]]",
    fix_zh="在“子项目”中选择{subproject_names_zh}之一。",
    fix_en="Under “Sub-project”, choose one of the {subproject_count} sub-projects.",
    example={"subproject": "digital-economy"},
)
def subproject(ctx: Context):
    app, notice = ctx.app, ctx.notice
    if app.project == "brand" and (not app.subproject or notice.subproject(app.subproject) is not None):
        return  # the usual application: a known project, and a sub-project of this notice for a brand one
    choices_zh = "、".join(s.name_zh for s in notice.brand.subprojects)
    choices_en = "; ".join(s.name_en for s in notice.brand.subprojects)
    if app.project and app.project not in notice.projects:
        names = "、".join(notice.project_name(code, "zh") for code in notice.projects)
        yield Hit(
            field="project",
            cites=FORM,
            zh=f"本通知没有“{notice.project_name(app.project, 'zh')}”这类项目。请从{names}中选择。",
            en=f"This notice has no “{notice.project_name(app.project, 'en')}”. Choose one of: "
            f"{', '.join(notice.project_name(code, 'en') for code in notice.projects)}.",
            params={"given": app.project},
        )
    if app.project == "brand" and app.subproject and notice.subproject(app.subproject) is None:
        yield Hit(
            field="subproject",
            zh=f"“{app.subproject}”不是本通知的子项目。请从{choices_zh}中选择一个。",
            en=f"“{app.subproject}” is not a sub-project of this notice. Choose one of: {choices_en}.",
            params={"given": app.subproject},
        )
    if app.project == "infrastructure" and app.subproject:
        yield Hit(
            field="subproject",
            zh=f"{notice.project_name('infrastructure', 'zh')}不分子项目，请清空“子项目”，"
            f"或把项目类别改为{notice.project_name('brand', 'zh')}。",
            en=f"The {_mid(notice.project_name('infrastructure', 'en'))} has no sub-projects: clear “Sub-project”, "
            f"or change the project to the {_mid(notice.project_name('brand', 'en'))}.",
            cites=FORM,
        )


@rule(
    id="project.period",
    severity="error",
    cites=None,
    field="period.end",
    title_zh="执行期起止",
    title_en="Project period",
    doc_zh="执行期是本站表单的填写项（通知未规定执行期）：结束日期不能早于开始日期。",
    doc_en="The project period is a field of this site's form (the notice sets none): it cannot end before it starts.",
    fix_zh="改正开始或结束日期。",
    fix_en="Correct the start or end date.",
    example={"period.end": "2021-01-31"},
)
def period(ctx: Context):
    p = ctx.app.period
    if p and p.start and p.end and p.end < p.start:
        yield Hit(
            field="period.end",
            zh=f"执行期结束日期 {p.end} 早于开始日期 {p.start}，请改正。",
            en=f"The period ends ({p.end}) before it starts ({p.start}); correct the dates.",
            params={"start": p.start, "end": p.end},
        )


def _mid(name: str) -> str:
    """A project's English name mid-sentence (Brand-building project → brand-building project)."""
    return name[:1].lower() + name[1:]
