"""Reading the built site's pages (shared by the tests in this folder).

Import it before `castform` or `sitebuild`: it puts the repository root on sys.path.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import sys
from decimal import Decimal
from pathlib import Path, PurePosixPath

from mkdocs.utils import yaml_load
from pydantic import BaseModel

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def page_path(site: Path, url: str) -> Path:
    """'guidance/budget/' → site/guidance/budget/index.html."""
    return site / url / "index.html" if url.endswith("/") or url == "" else site / url


def read_page(site: Path, url: str) -> str:
    return page_path(site, url).read_text(encoding="utf-8")


def article(page_html: str) -> str:
    """The page's own content, without the theme's header, navigation and footer."""
    start = page_html.index("<article")
    return page_html[start:page_html.index("</article>", start)]


def element_ids(page_html: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', page_html))


def visible_text(fragment: str) -> str:
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", fragment, flags=re.S)
    text = re.sub(r"<[^>]+>", "", text)
    return html.unescape(text).replace("\u200b", "")


def notice_site(notice=None):
    """The notice's own pages (site_src/notices/<id>/), of the packaged notice by default."""
    from castform.notice import load_notice
    from sitebuild.pages import notice_site as site_of

    return site_of(notice or load_notice())


def page_sources(site=None) -> dict[str, Path]:
    """Every page source the build stages: docs/ and the notice's own pages."""
    site = site or notice_site()
    docs = ROOT / "docs"
    return {p.relative_to(docs).as_posix(): p for p in docs.rglob("*.md")} | {
        src: path for src, path in site.pages.items() if src.endswith(".md")}


def nav_pages(site=None) -> list[str]:
    """The pages of the site's nav: mkdocs.yml's, with the notice's own in its slot."""
    from sitebuild.pages import site_nav

    with open(ROOT / "mkdocs.yml", encoding="utf-8") as config_file:
        config = yaml_load(config_file)
    pages = []

    def walk(items):
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            if isinstance(value, list):
                walk(value)
            else:
                pages.append(value)

    walk(site_nav(config["nav"], site or notice_site()))
    return pages


def site_url(src: str) -> str:
    """'guidance/budget.md' → 'guidance/budget/'; 'guidance/index.md' → 'guidance/'."""
    path = PurePosixPath(src).with_suffix("")
    return "" if str(path) == "index" else (f"{path.parent}/" if path.name == "index" else f"{path}/")


NAV = nav_pages()

DATA_ELEMENT = re.compile(r'<data class="cf-value" value="([^"]+)">([^<]*)</data>')
TIME_ELEMENT = re.compile(r'<time class="cf-value" datetime="([^"]+)">([^<]*)</time>')


def data_values(notice) -> tuple[set[Decimal], set[dt.date]]:
    numbers: set[Decimal] = set()
    dates: set[dt.date] = set()

    def walk(value):
        if isinstance(value, bool):
            return
        if isinstance(value, BaseModel):
            for name in type(value).model_fields:
                walk(getattr(value, name))
        elif isinstance(value, (tuple, list)):
            numbers.add(Decimal(len(value)))
            for item in value:
                walk(item)
        elif isinstance(value, (int, Decimal)):
            numbers.add(Decimal(value))
        elif isinstance(value, dt.date):
            dates.add(value)

    walk(notice)
    if notice.infrastructure is not None:
        numbers |= {notice.infrastructure.low_yuan, notice.infrastructure.high_yuan}
    return numbers, dates
