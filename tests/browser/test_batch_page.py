"""The batch review page (docs/batch.md, cf-batch.js → the worker → castform.batch): twenty
files, broken ones included, give the same table, checks, CSV and .xlsx as
`castform summary`; the table sorts; a row opens to its report and goes to the checker
only after asking; 200 files move the progress bar and give `castform summary`'s table;
the table prints with its heading on every page. How long 200 files take beside the CLI
is bench/documents_bench.py's to print, with the same driving code
(bench/checkerbench/paper.py).
"""

from __future__ import annotations

import io
import json
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from checkerpage import ROOT, STORAGE_KEY

from castform.batch import table
from castform.words import word, words

sys.path.insert(0, str(ROOT / "bench"))
from checkerbench.paper import cli_summary, many_files, review_files, wait_batch_done, wait_table_drawn  # noqa: E402

pytest_plugins = ["browserfixtures"]

EXAMPLES = ROOT / "castform" / "notices" / "cast-2021-52" / "examples"
TIMEOUT_S = 120


def twenty_files(folder: Path) -> list[str]:
    """The nine examples, eleven more: copies (one lead unit twice), another consortium,
    and broken files (not JSON, empty, UTF-16, not an application, too large, a list)."""
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for path in sorted(EXAMPLES.glob("*.json")):
        (folder / path.name).write_bytes(path.read_bytes())
        names.append(path.name)
    ready = json.loads((EXAMPLES / "tech-economy-ready.json").read_text(encoding="utf-8"))
    extra = {
        "tech-economy-again.json": json.dumps({**ready, "title": ready["title"] + "（二）"}, ensure_ascii=False).encode(),
        "other-consortium.json": json.dumps(
            {
                **ready,
                "title": "另一联合体的申报",
                "consortium": "中国科协某某学会联合体",
                "lead_unit": {**ready["lead_unit"], "name": "中国某某学会"},
            },
            ensure_ascii=False,
        ).encode(),
        "no-title.json": json.dumps({k: v for k, v in ready.items() if k != "title"}, ensure_ascii=False).encode(),
        "formula-title.json": json.dumps(
            {**ready, "title": '=HYPERLINK("x")', "lead_unit": {**ready["lead_unit"], "name": "中国某学会"}}, ensure_ascii=False
        ).encode(),
        "broken-json.json": b'{"format": "castform-application/1", "title": ',
        "empty.json": b"",
        "utf16.json": json.dumps(ready, ensure_ascii=False).encode("utf-16"),
        "not-an-application.json": b'{"hello": "world"}',
        "a-list.json": b"[1, 2, 3]",
        "too-large.json": b'{"summary": "' + b"x" * 2_100_000 + b'"}',
        "bom.json": b"\xef\xbb\xbf" + json.dumps({**ready, "title": "带 BOM 的文件"}, ensure_ascii=False).encode(),
    }
    for name, data in extra.items():
        (folder / name).write_bytes(data)
        names.append(name)
    assert len(names) == 20
    return names


@pytest.fixture
def batch(strict_page):
    page, recorder = strict_page("batch/", viewport={"width": 1280, "height": 900})
    page.wait_for_selector('#cf-batch[data-mounted="true"]', state="attached", timeout=30_000)
    return page


def review_in_page(page, paths: list[Path]) -> None:
    review_files(page, paths, TIMEOUT_S)


def drawn(page) -> None:
    """Until the table is drawn whole (cf-batch-table.js draws it a few rows at a time)."""
    wait_table_drawn(page, TIMEOUT_S)


def row_order(page) -> list[int]:
    drawn(page)
    return page.evaluate(
        "() => Array.from(document.querySelectorAll('#cf-batch-table tr[data-row]'), (tr) => Number(tr.dataset.row))"
    )


def shown_table(page) -> list[list[str]]:
    drawn(page)
    return page.evaluate("""() => {
      const table = document.querySelector('#cf-batch-table');
      const head = Array.from(table.querySelectorAll('thead th'), (th) => th.querySelector('button').textContent);
      const rows = Array.from(table.querySelectorAll('tbody tr[data-row]'), (tr) => Array.from(tr.cells, (td, i) =>
        i === 0 ? td.querySelector('.cf-file').textContent : td.textContent));
      return [head, ...rows];
    }""")


def saved(page, button: str) -> bytes:
    with page.expect_download() as info:
        page.locator(button).click()
    return Path(info.value.path()).read_bytes()


def test_twenty_files_give_the_same_table_checks_csv_and_xlsx_as_castform_summary(batch, tmp_path):
    page = batch
    folder = tmp_path / "files"
    names = twenty_files(folder)
    expected, _ = cli_summary(folder, names, "--csv", "cli.csv", "--xlsx", "cli.xlsx")
    review_in_page(page, [folder / name for name in names])

    assert shown_table(page) == table(expected, "zh")
    statuses = page.evaluate(
        "() => Array.from(document.querySelectorAll('#cf-batch-table tr[data-row]'), (tr) => tr.dataset.status)"
    )
    assert statuses == [row["status"] for row in expected["rows"]]
    assert {"ready", "not-ready", "unreadable"} <= set(statuses)
    checks = page.evaluate(
        "() => Array.from(document.querySelectorAll('#cf-batch-checks li'), (li) => [li.dataset.check, li.textContent])"
    )
    assert [c[0] for c in checks] == [c["id"] for c in expected["checks"]]
    # Each check says its severity in the catalogue's word, as the checker and the CLI do.
    assert [text for _, text in checks] == [
        f"[{word('zh', 'severity.' + c['severity'])}] {c['message']['zh']}" for c in expected["checks"]
    ]
    assert {"batch.same-lead", "batch.other-consortium", "batch.total"} <= {c[0] for c in checks}

    assert saved(page, "#cf-batch-csv") == (folder / "cli.csv").read_bytes()
    from openpyxl import load_workbook

    def cells(data: bytes):
        return [[c.value for c in row] for row in load_workbook(io.BytesIO(data)).active.iter_rows()]

    assert cells(saved(page, "#cf-batch-xlsx")) == cells((folder / "cli.xlsx").read_bytes())

    # Printed, the page is the table and its checks: no site chrome or buttons, the
    # heading repeated on every page, no row cut across two pages.
    page.emulate_media(media="print")
    printed = page.evaluate("""() => {
      const shown = (sel) => Array.from(document.querySelectorAll(sel)).filter((n) => getComputedStyle(n).display !== 'none' && n.getClientRects().length > 0).length;
      const rows = Array.from(document.querySelectorAll('#cf-batch-table tbody tr'));
      return {
        chrome: shown('.md-header, .md-tabs, .md-sidebar, .md-footer, #cf-batch-drop, #cf-batch button'),
        head: getComputedStyle(document.querySelector('#cf-batch-table thead')).display,
        rows: rows.length, unsplit: rows.filter((r) => getComputedStyle(r).breakInside === 'avoid').length,
      };
    }""")
    assert printed == {"chrome": 0, "head": "table-header-group", "rows": 20, "unsplit": 20}


def test_the_table_sorts_and_a_row_opens_to_its_report_and_into_the_checker_after_asking(batch, tmp_path):
    page = batch
    folder = tmp_path / "files"
    names = twenty_files(folder)
    review_in_page(page, [folder / name for name in names])
    result = page.evaluate("() => window.castformBatch.result")

    page.locator('#cf-batch-table th button[data-column="4"]').click()
    order = row_order(page)
    totals = [result["rows"][i]["total"] for i in order]
    known = [Decimal(t) for t in totals if t is not None]
    assert totals[: totals.count(None)] == [None] * totals.count(None) and known == sorted(known)
    page.locator('#cf-batch-table th button[data-column="4"]').click()
    again = row_order(page)
    assert [result["rows"][i]["total"] for i in again][: len(known)] == [format(t, "f") for t in sorted(known, reverse=True)]

    index = names.index("tech-economy-over-cap.json")
    page.locator(f'button[data-toggle="{index}"]').click()
    drawn(page)
    report = page.locator(f'[data-report="{index}"]')
    report.locator("li.cf-error").first.wait_for(timeout=30_000)
    assert "额度" in report.inner_text()
    report.locator("figure.cf-chart svg").wait_for(state="attached", timeout=30_000)  # the budget's picture

    # A draft of another application is in the checker: the page asks, and "no" keeps it.
    other = json.loads((EXAMPLES / "think-tank-draft.json").read_text(encoding="utf-8"))
    draft = json.dumps({"tab": "x", "savedAt": 1, "data": other}, ensure_ascii=False)
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [STORAGE_KEY, draft])
    asked = []

    def dismiss(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    report.locator(f'button[data-open="{index}"]').click()
    page.wait_for_timeout(500)
    assert asked and other["title"] in asked[0]
    assert page.evaluate("(key) => localStorage.getItem(key)", STORAGE_KEY) == draft

    page.once("dialog", lambda dialog: dialog.accept())
    with page.context.expect_page() as opened:
        report.locator(f'button[data-open="{index}"]').click()
    checker = opened.value
    checker.wait_for_selector("#cf-app", state="attached")
    deadline = time.monotonic() + 30
    while not checker.evaluate("() => !!window.castformChecker"):
        assert time.monotonic() < deadline
        checker.wait_for_timeout(20)
    expected_title = json.loads((folder / "tech-economy-over-cap.json").read_text(encoding="utf-8"))["title"]
    assert checker.evaluate("() => window.castformChecker.data.title") == expected_title


def test_two_hundred_files_move_the_progress_bar_and_give_castform_summarys_table(batch, tmp_path):
    page = batch
    folder = tmp_path / "many"
    names = many_files(folder, 200)
    review_in_page(page, [folder / names[0]])  # the engine booted (the first review waits for it)
    page.evaluate("() => { document.querySelector('#cf-batch').dataset.progressUpdates = '0'; }")
    review_in_page(page, [folder / name for name in names])
    assert int(page.locator("#cf-batch").get_attribute("data-progress-updates")) > 1, (
        "the progress bar moved while the worker checked the files"
    )
    expected, _ = cli_summary(folder, names)
    assert shown_table(page) == table(expected, "zh")


def test_a_folder_and_a_drop_give_the_same_table_as_castform_summary(batch, tmp_path):
    page = batch
    folder = tmp_path / "inbox"
    names = twenty_files(folder)
    (folder / "README.txt").write_text("not an application", encoding="utf-8")  # skipped in a folder
    # A folder: every .json in it, named by its path in the folder (as the CLI names paths).
    expected, _ = cli_summary(tmp_path, sorted(f"inbox/{name}" for name in names))
    page.set_input_files("#cf-batch-folder", folder)
    wait_batch_done(page, TIMEOUT_S)
    shown = shown_table(page)
    assert [shown[0], *sorted(shown[1:])] == [table(expected, "zh")[0], *sorted(table(expected, "zh")[1:])]

    # A drop of files (a synthetic drop has files but no entries: the page takes the files).
    picked = [folder / name for name in names[:5]]
    expected, _ = cli_summary(folder, [p.name for p in picked])
    page.evaluate(
        """async (files) => {
      const transfer = new DataTransfer();
      for (const [name, text] of files) transfer.items.add(new File([text], name, { type: "application/json" }));
      const drop = document.querySelector("#cf-batch-drop");
      drop.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }""",
        [[p.name, p.read_text(encoding="utf-8")] for p in picked],
    )
    deadline = time.monotonic() + TIMEOUT_S
    while not (page.locator("#cf-batch").get_attribute("data-state") == "done" and len(shown_table(page)) == 6):
        assert time.monotonic() < deadline, "the drop's review did not finish"
        page.wait_for_timeout(20)
    assert shown_table(page) == table(expected, "zh")


def test_the_english_page_says_the_catalogues_words(strict_page, tmp_path):
    """The page's words come from the catalogue through its config (sitebuild/batchpage.py):
    [batch_page] for its own, [batch]'s heading and the [severity] words (info is "note")."""
    page, _ = strict_page("en/batch/", viewport={"width": 1280, "height": 900})
    page.wait_for_selector('#cf-batch[data-mounted="true"]', state="attached", timeout=30_000)
    en = words("en")["batch_page"]
    assert page.locator('label[for="cf-batch-files"]').inner_text() == en["pick"]
    assert page.locator("#cf-batch-clear").inner_text() == en["clear"]
    folder = tmp_path / "files"
    names = twenty_files(folder)[:3]
    expected, _ = cli_summary(folder, names)
    review_in_page(page, [folder / name for name in names])
    assert shown_table(page) == table(expected, "en")
    assert page.locator("#cf-batch-checks h2").inner_text() == word("en", "batch.checks")
    checks = page.evaluate("() => Array.from(document.querySelectorAll('#cf-batch-checks li'), (li) => li.textContent)")
    assert checks == [f"[{word('en', 'severity.' + c['severity'])}] {c['message']['en']}" for c in expected["checks"]]
    assert any(c["severity"] == "info" for c in expected["checks"]) and any(text.startswith("[note] ") for text in checks)
    counts = expected["counts"]
    assert page.locator("#cf-batch-status").inner_text() == en["checked"].format(
        n=3, ready=counts["ready"], notReady=counts["not-ready"], unreadable=counts["unreadable"], failed=counts["failed"]
    )
