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

from . import clauses as cl
from .formatting import long_date

# Text the page adds around the notice itself, in each language.
_WORDS = {
    "zh": {
        "document_number": "文号",
        "issuer": "发文单位",
        "addressee": "主送",
        "signed_on": "成文日期",
        "published_on": "发布日期",
        "source": "来源",
        "link": "本条链接",
        "about_text": "关于本页文字",
        "reconstruction": (
            "本页正文依据中国科协网站原网页的文字抓取整理：去除了网页中穿插的栏目和新闻标题，"
            "恢复了原文顺序，合并了被空行断开的段落，文字未作改动。如有出入，以中国科协发布的原文为准。"
        ),
        "attachments_note_title": "附件内容",
        "attachments_note": (
            "原网页只给出了两个附件的名称，附件的内容不在来源中。本站核查工具中的申报书和预算表"
            "是本站依据通知条文所作的重建，不是官方表格；正式报送请使用中国科协下发的附件。"
        ),
    },
    "en": {
        "document_number": "Document number",
        "issuer": "Issued by",
        "addressee": "Addressed to",
        "signed_on": "Signed",
        "published_on": "Published",
        "source": "Source",
        "link": "Link to this clause",
        "about_text": "About this text",
        "reconstruction": (
            "This English text is this site's translation, for reference only; the Chinese "
            "original is the only authoritative version. The Chinese text was reassembled from "
            "a capture of the CAST web page: unrelated page sections and news headlines removed, "
            "the original order restored, one paragraph split by a blank line rejoined, "
            "the words unchanged."
        ),
        "attachments_note_title": "The attachments' contents",
        "attachments_note": (
            "The original page only names the two attachments; their contents are not in the "
            "source. The application form and budget table in this site's checker are this "
            "site's reconstruction from the notice's clauses, not the official forms; submit "
            "on the attachments CAST distributed."
        ),
    },
}

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
    title = _WORDS[lang]["link"]
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
    words = _WORDS[lang]
    zh = lang == "zh"
    rows = [
        (words["document_number"], escape(notice.document_number)),
        (words["issuer"], escape(notice.issuer_zh if zh else notice.issuer_en)),
        (words["addressee"], escape(notice.addressee_zh if zh else notice.addressee_en)),
        (words["signed_on"], long_date(notice.signed_on, lang)),
        (words["published_on"], long_date(notice.published_on, lang)),
        (words["source"], escape(notice.source_zh if zh else notice.source_en)),
    ]
    items = "\n".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in rows)
    return f'<dl class="cf-notice-meta">\n{items}\n</dl>'


def _admonition(kind: str, title: str, text: str) -> str:
    return f'!!! {kind} "{title}"\n\n    {text}'


def notice_markdown(notice: Notice, lang: str) -> str:
    """The whole body of the notice page (everything under the page's H1)."""
    words = _WORDS[lang]
    email = notice.contact.email
    blocks = [
        _metadata(notice, lang),
        _admonition("info", words["about_text"], words["reconstruction"]),
        f'<p class="cf-addressee">'
        f'{escape(notice.addressee_zh + "：" if lang == "zh" else "To: " + notice.addressee_en)}</p>',
    ]
    for clause in notice.clauses:
        if cl.heading(clause, lang) and clause.id != "c-0":
            blocks.append(_heading_clause(clause, lang, email))
        else:
            # The preamble has a heading in the data ("导语") but not in the notice itself.
            blocks.append(_item_clause(clause, lang, email))
        if clause.id == "c-att":
            blocks.append(_admonition("note", words["attachments_note_title"], words["attachments_note"]))
    blocks.append(f'<p class="cf-signature">{long_date(notice.signed_on, lang)}</p>')
    return Markup("\n\n".join(str(block) for block in blocks) + "\n")


def clause_ids(html: str) -> set[str]:
    """Every clause anchor present in a rendered page (used by the site tests)."""
    return set(re.findall(r'id="(c-[0-9a-z-]+)"', html))
