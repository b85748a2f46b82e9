"""The documents from the checker page (cf-documents.js → the worker → castform.browser_documents):
downloaded in Chromium and compared with what `castform export` writes for the same
application; the budget picture beside the totals; the print view (and its PDF: page
numbers, no site chrome); and the on-demand wheel: the boot does not fetch XlsxWriter,
the first download does, once. How long the documents take is bench/documents_bench.py's
to print, with the same driving code (bench/checkerbench/paper.py).
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
import time
import zipfile

import pytest
from checkerpage import ROOT, CheckerPage

from castform.words import words

sys.path.insert(0, str(ROOT / "bench"))
from checkerbench.paper import cli_export, download  # noqa: E402

pytest_plugins = ["browserfixtures"]

EXAMPLES = ROOT / "castform" / "notices" / "cast-2021-52" / "examples"
# Zip parts that carry a time of writing or the writer's name, not the application.
STAMPED = re.compile(r"^docProps/")
PRINT_OUT = ROOT / "test-output" / "print"


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist() if not STAMPED.match(name)}


def cell_values(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    return [[[cell.value for cell in row] for row in sheet.iter_rows()] for sheet in book.worksheets]


@pytest.fixture
def checker(strict_page, served_site):
    # No service worker: its precache fetches every file of the site, the on-demand wheel too.
    page, recorder = strict_page(viewport={"width": 1280, "height": 900}, service_workers="block")
    checker = CheckerPage(page, served_site.url)
    checker.goto()
    checker.wait_engine()
    checker.errors = recorder.errors
    checker.requests = recorder.requests
    return checker


@pytest.mark.parametrize("name", ["tech-economy-over-cap.json", "infrastructure-ready.json"])
def test_both_documents_downloaded_from_the_checker_match_castform_export(checker, name, tmp_path):
    page = checker.page
    checker.import_data(json.loads((EXAMPLES / name).read_text(encoding="utf-8")), name)
    # The file as the checker holds it (the form's data), exported by the CLI.
    source = tmp_path / name
    source.write_text(json.dumps(checker.collect(), ensure_ascii=False), encoding="utf-8")
    expected, _ = cli_export(source, tmp_path / "cli")

    docx, docx_name, _ = download(page, "#cf-download-docx")
    xlsx, xlsx_name, _ = download(page, "#cf-download-xlsx")
    assert docx_name.endswith("-经费预算表.docx" if name.startswith("infrastructure") else "-申报书.docx")
    assert xlsx_name.endswith("-经费预算表.xlsx")
    out = ROOT / "test-output" / "documents"
    out.mkdir(parents=True, exist_ok=True)
    for kind, data in (("docx", docx), ("xlsx", xlsx)):
        (out / f"browser-{name}.{kind}").write_bytes(data)
        (out / f"cli-{name}.{kind}").write_bytes(expected[kind])
    assert parts(docx) == parts(expected["docx"])
    assert cell_values(xlsx) == cell_values(expected["xlsx"])
    assert sorted(parts(xlsx)) == sorted(parts(expected["xlsx"]))
    text = b"".join(parts(docx).values()).decode("utf-8", "replace")
    ready = checker.ready_state() == "true"
    assert ("未通过自查" in text) is (not ready)
    assert name != "tech-economy-over-cap.json" or not ready  # the over-cap example has errors


def wait_for_chart(page, timeout_s: float = 30) -> None:
    """Until the chart drawn is the imported application's (the blank form's came first)."""
    deadline = time.monotonic() + timeout_s
    while "合计 0.00 元" in (
        page.evaluate(
            "() => { const svg = document.querySelector('#cf-chart svg'); return svg ? svg.getAttribute('aria-label') : '合计 0.00 元'; }"
        )
    ):
        assert time.monotonic() < deadline, "no chart of the application"
        page.wait_for_timeout(50)


def test_the_budget_chart_is_drawn_beside_the_totals_as_svg_nodes(checker):
    page = checker.page
    checker.import_data(json.loads((EXAMPLES / "tech-economy-ready.json").read_text(encoding="utf-8")))
    wait_for_chart(page)
    chart = page.evaluate("""() => {
      const svg = document.querySelector('#cf-chart svg');
      return {ns: svg.namespaceURI, label: svg.getAttribute('aria-label'), rects: svg.querySelectorAll('rect').length,
              scripts: svg.querySelectorAll('script').length, text: svg.textContent};
    }""")
    assert chart["ns"] == "http://www.w3.org/2000/svg"
    assert chart["label"].startswith("经费预算图") and chart["rects"] > 2 and chart["scripts"] == 0
    assert "按支出科目" in chart["text"] and "按使用单位" in chart["text"]


def test_markup_in_a_name_stays_text_in_the_chart(checker):
    page = checker.page
    data = json.loads((EXAMPLES / "tech-economy-ready.json").read_text(encoding="utf-8"))
    data["budget"]["lines"][0]["spending_unit"] = '<img src=x onerror="window.__owned=1">中国农学会'
    checker.import_data(data)
    wait_for_chart(page)
    assert "中国农学会" in page.locator("#cf-chart svg").text_content()
    assert page.evaluate("() => document.querySelectorAll('#cf-chart img, #cf-chart [onerror]').length") == 0
    assert page.evaluate("() => window.__owned") is None


def test_the_print_view_is_the_application_without_navigation_and_no_row_split(checker, tmp_path):
    page = checker.page
    checker.import_data(json.loads((EXAMPLES / "tech-economy-over-cap.json").read_text(encoding="utf-8")))
    page.emulate_media(media="print")
    view = page.evaluate("""() => {
      const shown = (sel) => Array.from(document.querySelectorAll(sel)).filter((n) => getComputedStyle(n).display !== 'none' && n.getClientRects().length > 0).length;
      const rows = Array.from(document.querySelectorAll('#cf-app .cf-row'));
      return {
        nav: shown('.md-header, .md-tabs, .md-sidebar, .md-footer, nav'),
        buttons: shown('#cf-app button'),
        head: shown('#cf-print-head'), mark: shown('#cf-print-unready'),
        note: document.querySelector('#cf-print-head').textContent,
        rows: rows.length,
        unsplit: rows.filter((n) => getComputedStyle(n).breakInside === 'avoid').length,
        breaks: ['[data-group="lead_unit"]', '[data-field="summary"]', '[data-group="budget"]']
          .map((s) => getComputedStyle(document.querySelector('#cf-app ' + s)).breakBefore),
      };
    }""")
    assert view["nav"] == 0 and view["buttons"] == 0
    assert view["head"] == 1 and view["mark"] == 1  # the example has errors: 未通过自查
    assert "根据通知内容整理，以官方附件1为准" in view["note"]
    # The panel's and the print head's words are the catalogue's [documents_page], through the page config.
    zh = words("zh")["documents_page"]
    assert view["note"] == zh["print_title"] + zh["print_note"] + zh["print_unready"]
    assert page.locator("#cf-documents-title").text_content() == zh["title"]
    assert [page.locator(f"#{b}").text_content() for b in ("cf-download-docx", "cf-download-xlsx", "cf-print")] == [
        zh["docx"],
        zh["xlsx"],
        zh["print"],
    ]
    assert view["rows"] > 0 and view["unsplit"] == view["rows"]
    assert view["breaks"] == ["page", "page", "page"]
    pdf = page.pdf(format="A4")
    PRINT_OUT.mkdir(parents=True, exist_ok=True)
    (PRINT_OUT / "checker.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed: scripts/setup installs it; page numbers unchecked")
    text = subprocess.run(
        ["pdftotext", "-layout", str(PRINT_OUT / "checker.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.rstrip("\f").split("\f")
    # Every page numbered "n / N" at its foot (@page's @bottom-center, Chromium ≥ 131).
    assert len(pages) > 1
    assert [re.findall(r"\b(\d+)\s*/\s*(\d+)$", p.rstrip()) for p in pages] == [
        [(str(i), str(len(pages)))] for i in range(1, len(pages) + 1)
    ]
    assert "未通过自查" in pages[0] and "根据通知内容整理" in pages[0]
    assert "非官方辅助工具" in page.content()  # the footer is on the page, not on paper
    for chrome in ("非官方辅助工具", "Material for MkDocs", "搜索"):  # no footer, theme credit or search
        assert chrome not in text
    if shutil.which("pdftoppm"):  # for a look: test-output/print/checker-N.png
        for old in PRINT_OUT.glob("checker-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(PRINT_OUT / "checker.pdf"), str(PRINT_OUT / "checker")], check=True)


def test_xlsxwriter_is_fetched_by_the_first_download_only_and_once(checker, served_site):
    """The boot fetched exactly the runtime and the boot packages, not the on-demand wheel;
    the first download fetches it (the page counts its bytes), later ones never again."""
    page = checker.page
    booted = page.evaluate("() => window.castformEngine.state.loaded")
    manifest = json.loads((served_site.dir / "engine" / "manifest.json").read_text(encoding="utf-8"))
    assert booted == manifest["bytes"]["runtime"] + manifest["bytes"]["packages"]
    wheel = [u for u in checker.requests if "/xlsxwriter-" in u.lower()]
    assert wheel == []
    data = json.loads((EXAMPLES / "tech-economy-ready.json").read_text(encoding="utf-8"))
    checker.import_data(data)
    download(page, "#cf-download-xlsx")
    extra = int(page.locator("#cf-documents").get_attribute("data-extra-bytes") or 0)
    assert extra == manifest["bytes"]["on_demand"] > 0
    checker.set("title", f"{data['title']} 2")
    checker.settle()
    download(page, "#cf-download-docx")
    download(page, "#cf-download-xlsx")
    assert len([u for u in checker.requests if "/xlsxwriter-" in u.lower()]) == 1
