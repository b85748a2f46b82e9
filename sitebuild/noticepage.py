"""The notice page, generated clause by clause from `notice.clauses`.

Each clause gets an anchor equal to its id (`#c-1-2-2`): a clause with a heading becomes
a Markdown heading with an explicit id (so it is in the table of contents and gets the
toc extension's ¶ permalink); a numbered item without a heading becomes an HTML block
with the same kind of ¶ link, styled like a heading's. Rules cite these anchors, and
MkDocs's anchor validation (strict mode) fails the build if a cited one is missing.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from castform.notice import Clause, Notice
from castform.words import words

from . import clauses as cl
from .formatting import long_date

_HEADING_LEVEL = {1: "##", 2: "###", 3: "####"}


def _paragraphs_html(paragraphs: list[str], email: str) -> str:
    out = []
    for paragraph in paragraphs:
        html = str(escape(paragraph))
        if email and email in html:
            html = html.replace(email, f'<a href="mailto:{email}">{email}</a>')
        out.append(f"<p>{html}</p>")
    return "\n".join(out)


def _permalink(clause_id: str, lang: str) -> str:
    title = words(lang)["notice_page"]["link"]
    return f'<a class="headerlink" href="#{clause_id}" title="{title}">¶</a>'


def _heading_clause(clause: Clause, lang: str, email: str) -> str:
    label = cl.label(clause, lang)
    # 一、品牌建设项目 / （一）项目内容 / 1. 科技经济融合发展 / I. Brand-building projects
    heading = cl.heading(clause, lang) or ""
    if label.rstrip("：:") == heading:
        label = ""  # 附件： 附件 → 附件
    gap = "" if label.endswith(("、", "）")) else " "
    title = gap.join(part for part in (label, heading) if part)
    hashes = _HEADING_LEVEL.get(clause.depth, "####")
    block = [f"{hashes} {escape(title)} {{#{clause.id} }}"]
    paragraphs = cl.paragraphs(clause, lang)
    if paragraphs:
        block.append(f'<div class="cf-clause-text">\n{_paragraphs_html(paragraphs, email)}\n</div>')
    return "\n\n".join(block)


def _item_clause(clause: Clause, lang: str, email: str) -> str:
    label = cl.label(clause, lang)
    label_html = f'<span class="cf-clause-label">{escape(label)}</span>' if label else ""
    css = "cf-clause cf-clause--item" if label else "cf-clause"
    return (
        f'<div class="{css}" id="{clause.id}">{label_html}'
        f'<div class="cf-clause-text">\n{_paragraphs_html(cl.paragraphs(clause, lang), email)}\n</div>'
        f"{_permalink(clause.id, lang)}</div>"
    )


def _metadata(notice: Notice, lang: str) -> str:
    w = words(lang)["notice_page"]
    zh = lang == "zh"
    rows = [
        (w["document_number"], escape(notice.document_number)),
        (w["issuer"], escape(notice.issuer_zh if zh else notice.issuer_en)),
        (w["addressee"], escape(notice.addressee_zh if zh else notice.addressee_en)),
        (w["signed_on"], long_date(notice.signed_on, lang)),
        (w["published_on"], long_date(notice.published_on, lang)),
        (w["source"], escape(notice.source_zh if zh else notice.source_en)),
    ]
    items = "\n".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in rows)
    return f'<dl class="cf-notice-meta">\n{items}\n</dl>'


def _admonition(kind: str, title: str, text: str) -> str:
    return f'!!! {kind} "{title}"\n\n    {text}'


def notice_markdown(notice: Notice, lang: str) -> str:
    """The whole body of the notice page (everything under the page's H1)."""
    w = words(lang)["notice_page"]
    zh = lang == "zh"
    email = notice.contact.email
    capture = notice.capture_note_zh if zh else notice.capture_note_en
    addressee = notice.addressee_zh if zh else notice.addressee_en
    blocks = [_metadata(notice, lang)]
    if capture:
        blocks.append(_admonition("info", w["about_text"], capture))
    blocks.append(f'<p class="cf-addressee">{escape(w["to"].format(addressee=addressee))}</p>')
    for clause in notice.clauses:
        if cl.heading(clause, lang) and clause.heading_shown:
            blocks.append(_heading_clause(clause, lang, email))
        else:
            blocks.append(_item_clause(clause, lang, email))
        note = clause.note_zh if zh else clause.note_en
        if note:
            blocks.append(_admonition("note", (clause.note_title_zh if zh else clause.note_title_en) or "", note))
    blocks.append(f'<p class="cf-signature">{long_date(notice.signed_on, lang)}</p>')
    return Markup("\n\n".join(str(block) for block in blocks) + "\n")


def clause_ids(html: str) -> set[str]:
    """Every clause anchor present in a rendered page (used by the site tests)."""
    return set(re.findall(r'id="(c-[0-9a-z-]+)"', html))
