"""The notice page is generated from the data's clauses: every clause is there, with its
anchor, its ¶ link and its text, in both languages."""

from __future__ import annotations

import pytest
from sitepages import article, element_ids, read_page, visible_text

pytest_plugins = ["sitefixtures"]

PAGES = {"zh": "notice/", "en": "en/notice/"}


@pytest.mark.parametrize("lang", PAGES)
def test_every_clause_has_its_anchor_and_permalink(site, site_notice, lang):
    page = read_page(site, PAGES[lang])
    ids = element_ids(page)
    for clause in site_notice.clauses:
        assert clause.id in ids, clause.id
        assert f'href="#{clause.id}"' in page, f"no permalink to {clause.id}"


@pytest.mark.parametrize("lang", PAGES)
def test_every_clause_text_is_on_the_page(site, site_notice, lang):
    text = visible_text(article(read_page(site, PAGES[lang])))
    for clause in site_notice.clauses:
        body = clause.text_zh if lang == "zh" else clause.text_en
        for paragraph in (body or "").split("\n\n"):
            assert paragraph.strip() in text, (clause.id, paragraph[:40])


@pytest.mark.parametrize("lang", PAGES)
def test_clauses_are_in_the_datas_order(site, site_notice, lang):
    page = read_page(site, PAGES[lang])
    positions = [page.index(f'id="{clause.id}"') for clause in site_notice.clauses]
    assert positions == sorted(positions)


@pytest.mark.parametrize("lang", PAGES)
def test_metadata_contacts_and_attachments(site, site_notice, lang):
    zh = lang == "zh"
    text = visible_text(article(read_page(site, PAGES[lang])))
    assert site_notice.document_number in text
    assert (site_notice.issuer_zh if zh else site_notice.issuer_en) in text
    assert site_notice.contact.email in text and site_notice.contact.phone in text
    page = read_page(site, PAGES[lang])
    for day in (site_notice.signed_on, site_notice.published_on):
        assert f'datetime="{day.isoformat()}"' in page
    for attachment in site_notice.attachments:
        assert attachment.name_zh in text if zh else True
    # the note that the attachments' contents are not in the source
    assert ("重建" in text) if zh else ("reconstruction" in text)


def test_the_english_page_says_the_chinese_is_authoritative(site):
    text = visible_text(article(read_page(site, "en/notice/")))
    assert "only authoritative version" in text


def test_email_is_a_mailto_link(site, site_notice):
    assert f'href="mailto:{site_notice.contact.email}"' in read_page(site, "notice/")
