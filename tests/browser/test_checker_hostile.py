"""The checker under hostile and clumsy use (issue 9 §1, 3–7, 12; issue 8 §4): a check
that fails never leaves a verdict on the page, imports never drop values silently, huge
numbers and deep nesting are refused clearly, storage that is full or shared by two tabs
loses nothing, a blank form is progress rather than a wall of red, the page's limits and
encodings are the command line's. Real engine, real Chromium (see test_checker.py).
"""

# ruff: noqa: F811  (`session` is test_checker's fixture, imported here and taken as an argument)
from __future__ import annotations

import json
import re
import subprocess
import sys

from checkerpage import ROOT, CheckerPage, cli_report, example
from playwright.sync_api import expect
from test_checker import READY, poll, session  # noqa: F401  (the session fixture)

from castform.model import MAX_LINES

pytest_plugins = ["browserfixtures"]

FAIL_CHECKS = """(marker) => {
  // The engine answers a check with an error (as the worker does when Python raises).
  const engine = window.castformEngine;
  window.__realRequest = window.__realRequest || engine.request;
  engine.request = (type, text, on) => type === "check" && text.includes(marker)
    ? Promise.reject(new Error("Traceback (most recent call last):\\n  File \\"/lib/python3.14/castform/x.py\\", line 1\\ndecimal.Overflow: [<class 'decimal.Overflow'>]"))
    : window.__realRequest(type, text, on);
}"""


def ready_checker(session) -> CheckerPage:
    checker = session.checker().goto()
    checker.wait_engine()
    checker.import_data(example(READY))
    expect(checker.page.locator("#cf-app")).to_have_attribute("data-ready", "true")
    return checker


# ---- §1: a check that fails shows no verdict -----------------------------------------


def test_a_check_that_fails_shows_no_verdict_says_so_and_keeps_the_value(session):
    checker = ready_checker(session)
    page = checker.page
    # the real engine on a huge number: whatever it says, never the old "ready"
    checker.set("budget.declared_total", "1e1000000")
    checker.settle()
    assert checker.ready_state() != "true"
    expect(page.locator("#cf-result .cf-ready")).to_have_count(0)

    # an engine that fails on the check (a Python exception in the worker)
    page.evaluate(FAIL_CHECKS, "9e999999")
    checker.set("budget.declared_total", "281200")
    checker.settle()
    expect(page.locator("#cf-app")).to_have_attribute("data-ready", "true")
    checker.set("budget.declared_total", "9e999999")
    checker.settle()
    assert checker.ready_state() is None  # no verdict at all, not a stale "true"
    failed = page.locator("#cf-result .cf-failed")
    expect(failed).to_be_visible()
    expect(failed.locator("h2")).to_have_text("核查未能完成，暂无结论")
    expect(failed).to_have_attribute("role", "alert")
    expect(page.locator("#cf-result .cf-ready, #cf-result .cf-summary")).to_have_count(0)
    expect(page.locator("#cf-totals")).not_to_contain_text("在额度内")
    assert "Traceback" not in failed.inner_text()
    failed.locator("details > summary").click()
    expect(failed.locator("details blockquote")).to_have_text("decimal.Overflow: [<class 'decimal.Overflow'>]")
    # what was typed is kept, on the page and in the draft
    assert checker.field("budget.declared_total").input_value() == "9e999999"
    assert checker.stored()["data"]["budget"]["declared_total"] == "9e999999"
    # and the next good check brings the verdict back
    checker.set("budget.declared_total", "281200")
    checker.settle()
    expect(page.locator("#cf-app")).to_have_attribute("data-ready", "true")
    expect(failed).to_have_count(0)


# ---- issue 8 §4: a blank form is progress, not a wall of red ----------------------------


def test_a_blank_checker_shows_fields_to_fill_as_progress_until_left_or_check_everything(session):
    checker = session.checker().goto()
    page = checker.page
    checker.wait_engine()
    checker.settle()
    progress = page.locator("#cf-result .cf-progress")
    expect(progress.locator("h2")).to_have_text(re.compile(r"^还需填写 \d+ 项$"))
    expect(page.locator("#cf-result .cf-summary")).to_have_count(0)
    expect(page.locator("#cf-form .cf-inline.cf-error")).to_have_count(0)
    expect(page.locator('#cf-form [aria-invalid="true"]')).to_have_count(0)
    expect(page.locator("#cf-result .cf-ready")).to_have_count(0)
    assert checker.ready_state() == "false"
    expect(checker.progress_link("consortium")).to_have_count(1)

    # leaving a field empty makes it a problem (and only that one)
    checker.field("title").focus()
    page.keyboard.press("Tab")
    checker.settle()
    expect(checker.summary_link("title")).to_have_count(1)
    expect(checker.inline("title").locator(".cf-inline.cf-error")).to_have_count(1)
    expect(checker.field("title")).to_have_attribute("aria-invalid", "true")
    expect(checker.summary_link("consortium")).to_have_count(0)
    expect(checker.progress_link("consortium")).to_have_count(1)

    # "check everything": every field still to fill is a problem now
    page.get_by_role("button", name="检查全部").click()
    expect(checker.summary_link("consortium")).to_have_count(1)
    expect(progress).to_have_count(0)
    expect(checker.inline("consortium").locator(".cf-inline.cf-error")).to_have_count(1)


def test_a_finding_leads_with_its_citation_and_keeps_ids_in_small_print(session):
    checker = ready_checker(session)
    page = checker.page
    checker.set("budget.lines[0].amount", "88800")
    checker.settle()
    item = page.locator("#cf-result .cf-summary li.cf-finding").first
    headline = item.locator("a[data-focus]").first.inner_text()
    ids = item.locator(".cf-ids")
    rule = ids.locator("a").inner_text()
    assert re.fullmatch(r"[a-z]+(\.[a-z-]+)+", rule), rule
    assert rule not in headline
    expect(item.locator(".cf-source")).to_have_text(re.compile("^(通知|国家规定|本站表单)$"))
    cite = item.locator(".cf-cite")
    expect(cite).to_have_count(1)
    assert not re.search(r"c-\d", cite.inner_text())  # the notice's label, not the clause id
    href = cite.get_attribute("href")
    if href:  # linked only when the finding has a clause
        clause = href.rsplit("#", 1)[1]
        assert clause and clause in ids.inner_text()


# ---- §4: an import keeps what the form cannot hold, and can be undone ------------------


def test_an_import_lists_what_the_form_cannot_hold_and_can_be_undone(session, tmp_path):
    checker = session.checker().goto()
    page = checker.page
    checker.wait_engine()
    checker.set("title", "导入前的草稿标题")
    checker.settle()
    data = example(READY)
    data["budget"]["lines"][0]["category"] = "meetings"
    data["members_attested"] = "yes"
    data["budget"]["lines"][1]["ammount"] = "30000"
    data["participants"][1] = "中国植物保护学会"
    data["submitted_on"] = "2021-6-7"
    path = tmp_path / "clumsy.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    page.set_input_files("#cf-import", str(path))
    checker.notice_says("已导入 clumsy.json")
    checker.settle()
    panel = page.locator("#cf-attention")
    expect(panel).to_be_visible()
    expect(panel.locator("h2")).to_have_text("文件中需要您处理的值（4 项）")
    rows = {row.locator("code.cf-path").inner_text(): row.inner_text() for row in panel.locator("tbody tr").all()}
    assert set(rows) == {"budget.lines[0].category", "members_attested", "budget.lines[1].ammount", "participants[1]"}
    assert '"meetings"' in rows["budget.lines[0].category"] and "预算明细第 1 行 › 支出科目" in rows["budget.lines[0].category"]
    assert '"yes"' in rows["members_attested"]
    # the command line's own findings for what it reports
    report = cli_report(path)
    for finding in report["findings"]:
        if finding["rule"] in ("input.unknown-field", "input.invalid") and finding["field"] in rows:
            assert finding["message"]["zh"] in rows[finding["field"]], finding["field"]
    # a date written wrongly stays in its text box, and the checker flags it there
    assert checker.field("submitted_on").input_value() == "2021-6-7"
    expect(checker.inline("submitted_on")).to_be_visible()
    # the panel survives a reload until it is dismissed
    page.reload()
    checker.wait_mounted()
    expect(panel).to_be_visible()
    expect(panel.locator("tbody tr")).to_have_count(4)
    panel.get_by_role("button", name="已处理，关闭此列表").click()
    expect(panel).to_be_hidden()
    page.reload()
    checker.wait_mounted()
    expect(panel).to_be_hidden()


def test_undo_restores_the_draft_from_before_the_import(session):
    checker = session.checker().goto()
    page = checker.page
    checker.wait_engine()
    checker.set("title", "导入前的草稿标题")
    checker.set("summary", "导入前写的内容")
    checker.settle()
    before = checker.collect()
    data = example(READY)
    data["members_attested"] = "yes"
    checker.import_data(data)
    assert checker.collect()["title"] == data["title"]
    expect(page.locator("#cf-attention")).to_be_visible()
    page.get_by_role("button", name="恢复导入前的草稿").click()
    checker.notice_says("已恢复导入前的草稿")
    checker.settle()
    assert checker.collect() == before
    assert checker.stored()["data"] == before
    expect(page.locator("#cf-attention")).to_be_hidden()


# ---- §3, §7, §12: huge numbers, too many lines, deep nesting, encodings, code points -----


def test_huge_exponents_deep_nesting_and_too_many_lines_are_refused_clearly(session):
    checker = session.checker().goto()
    page = checker.page
    checker.wait_engine()
    checker.settle()
    hide_notice = "() => { document.getElementById('cf-notice').hidden = true; }"  # so each wait sees a new one
    for number in ("1e99999999", "1e9999999", "1e999999999"):
        page.evaluate(hide_notice)
        checker.import_bytes(b'{"budget":{"declared_total":%s}}' % number.encode(), f"{number}.json")
        text = checker.notice_says("导入", timeout=30_000)
        assert "Traceback" not in text and 'File "' not in text, text
        checker.settle()
        assert len(checker.field("budget.declared_total").input_value()) < 60, number
        assert checker.ready_state() != "true"
    assert page.evaluate("() => 1 + 1") == 2  # the tab is alive

    deep = b'{"title": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    page.evaluate(hide_notice)
    checker.import_bytes(deep, "deep.json")
    text = checker.notice_says("未导入", timeout=30_000)
    assert "Maximum call stack" not in text and "Traceback" not in text, text

    line = example(READY)["budget"]["lines"][0]
    many = {"format": "castform-application/1", "budget": {"lines": [line] * (MAX_LINES * 5)}}
    before = checker.collect()
    page.evaluate(hide_notice)
    checker.import_bytes(json.dumps(many, ensure_ascii=False).encode(), "5000.json")
    text = checker.notice_says("未导入", timeout=30_000)
    assert f"{MAX_LINES:,}" in text, text  # the limit named, and it is the model's
    assert checker.rows("budget.lines").count() == len(before.get("budget", {}).get("lines", []))


def test_utf16_is_refused_as_by_the_command_line_and_lengths_count_code_points(session, tmp_path):
    checker = session.checker().goto()
    checker.wait_engine()
    checker.settle()
    content = json.dumps(example(READY), ensure_ascii=False).encode("utf-16")
    path = tmp_path / "utf16.json"
    path.write_bytes(content)
    cli = subprocess.run([sys.executable, "-m", "castform", "check", str(path)], cwd=ROOT, capture_output=True, timeout=60)
    assert cli.returncode == 2  # the command line cannot read it …
    checker.import_bytes(content, "utf16.json")
    text = checker.notice_says("未导入")  # … and neither does the page
    assert "UTF-8" in text
    assert "title" not in checker.collect()

    # 150 characters outside the BMP are 300 UTF-16 units but 150 code points: allowed
    rare = "𠀀" * 150
    checker.field("title").fill(rare)
    checker.settle()
    assert checker.field("title").input_value() == rare
    assert checker.collect()["title"] == rare
    expect(checker.inline("title")).to_be_hidden()
    checker.field("title").fill("𠀀" * 201)  # over the model's 200 code points: said, not cut
    checker.field("title").blur()
    checker.settle()
    assert checker.field("title").input_value() == "𠀀" * 201
    expect(checker.inline("title")).to_contain_text("内容过长")


# ---- §5, §6: storage full, two tabs ---------------------------------------------------

FILL_STORAGE = """() => {
  let chunk = "x".repeat(1 << 20), i = 0;
  while (chunk.length >= 16) {
    try { localStorage.setItem("filler:" + i++, chunk); } catch (_) { chunk = chunk.slice(0, chunk.length >> 1); }
  }
  return i;
}"""


def test_full_storage_still_restores_the_draft_and_offers_a_copy(session):
    checker = session.checker().goto()
    page = checker.page
    checker.set("title", "存储满之前的标题")
    assert checker.stored()["data"]["title"] == "存储满之前的标题"
    page.evaluate(FILL_STORAGE)
    page.reload()
    checker.wait_mounted()
    assert checker.field("title").input_value() == "存储满之前的标题"  # read, although writing fails

    checker.set("summary", "存储满之后写的内容" * 50)
    expect(page.locator("#cf-saved")).to_contain_text("未能保存")
    button = page.locator("#cf-save-download")
    expect(button).to_be_visible()
    with page.expect_download() as info:
        button.click()
    saved = json.loads(open(info.value.path(), encoding="utf-8").read())
    assert saved["summary"] == "存储满之后写的内容" * 50 and saved["title"] == "存储满之前的标题"


def test_a_tab_with_unstored_work_asks_before_closing_and_can_keep_both(session):
    a = session.checker().goto()
    a.set("title", "甲页的标题")
    b = session.checker().goto()
    b.set("title", "乙页的标题")
    assert b.stored()["data"]["title"] == "乙页的标题"
    expect(a.page.locator("#cf-notice")).to_contain_text("此申报在另一个标签页中被修改")
    a.set("summary", "甲页暂停保存后写的内容")
    expect(a.page.locator("#cf-saved")).to_contain_text("未保存")

    # keep both: A's version as a file, then the other tab's in the form
    with a.page.expect_download() as info:
        a.page.get_by_role("button", name="两份都保留：先把本页内容下载为文件，再载入另一页的").click()
    mine = json.loads(open(info.value.path(), encoding="utf-8").read())
    assert mine["title"] == "甲页的标题" and mine["summary"] == "甲页暂停保存后写的内容"
    a.settle()
    assert a.collect()["title"] == "乙页的标题"

    # B is changed again from A: B pauses; what B types then is not stored, so closing asks
    a.set("title", "甲页又改了")
    expect(b.page.locator("#cf-notice")).to_contain_text("此申报在另一个标签页中被修改")
    b.set("summary", "乙页没来得及保存的内容")
    dialogs = []
    b.page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    b.page.close(run_before_unload=True)
    poll(a.page, "() => true")
    a.page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]


# ---- issue 8 §4: layout -----------------------------------------------------------------

TOP_COVERS_A_LABEL = """() => {
  const top = document.querySelector(".md-top");
  if (!top || top.hidden || getComputedStyle(top).display === "none" || getComputedStyle(top).visibility === "hidden") return [];
  const box = top.getBoundingClientRect();
  if (!box.width || !box.height) return [];
  return Array.from(document.querySelectorAll("#cf-form label, #cf-form legend")).filter((label) => {
    const r = label.getBoundingClientRect();
    return r.width && r.bottom > box.top && r.top < box.bottom && r.right > box.left && r.left < box.right;
  }).map((label) => label.textContent.trim());
}"""


def test_layout_one_intro_aligned_price_and_quantity_date_format_and_no_covered_labels(session):
    checker = session.checker().goto()
    page = checker.page
    # one introduction, not two near-identical paragraphs
    intro = page.locator("article p").filter(has_text="不会上传")
    expect(intro).to_have_count(1)
    # dates say the format expected (the browser's date box showed mm/dd/yyyy)
    for path in ("submitted_on", "period.start", "period.end"):
        expect(page.locator(f"#{checker.field(path).get_attribute('id')}-help")).to_contain_text("YYYY-MM-DD")
    # 单价 and 数量 side by side start at the same height (only 数量 has a help text)
    checker.add_row("budget.lines")
    price = checker.field("budget.lines[0].unit_price").bounding_box()
    quantity = checker.field("budget.lines[0].quantity").bounding_box()
    if abs(price["x"] - quantity["x"]) > 1:  # side by side at this width
        assert abs(price["y"] - quantity["y"]) < 1, (price, quantity)
    # at 390 px the back-to-top button covers no label of the form
    page.set_viewport_size({"width": 390, "height": 844})
    page.mouse.wheel(0, 2500)
    page.wait_for_timeout(300)
    page.mouse.wheel(0, -600)  # material shows the button when the reader scrolls up
    page.wait_for_timeout(600)
    assert page.evaluate(TOP_COVERS_A_LABEL) == []


# ---- issue 8: a line that only suggests forbidden spending blocks "ready" until answered --


def test_a_suggested_forbidden_line_blocks_ready_until_confirmed_on_that_line(session):
    checker = session.checker().goto()
    page = checker.page
    checker.wait_engine()
    checker.import_data(example("infrastructure-ready.json"))
    expect(page.locator("#cf-app")).to_have_attribute("data-ready", "true")
    checker.set("budget.lines[1].item", "联合体门户网站运维（含办公室装修）")
    checker.settle()
    # the verdict follows the report (a warning that blocks), not a count of errors
    assert page.evaluate("() => window.castformChecker.lastReport.ready") is False
    expect(page.locator("#cf-app")).to_have_attribute("data-ready", "false")
    expect(page.locator("#cf-result .cf-ready")).to_have_count(0)
    blocking = page.locator("#cf-result .cf-summary li.cf-warning")
    expect(blocking).to_have_count(1)
    # it points the user at the line's confirmation field
    confirmation = checker.field("budget.lines[1].confirmation")
    link = blocking.locator(f'a[data-focus="{confirmation.get_attribute("id")}"]')
    expect(link).to_have_count(1)
    link.first.click()
    expect(confirmation).to_be_focused()
    # answered on that line: ready again, and the answer stays in the file
    checker.set("budget.lines[1].confirmation", "网站运维外包服务费，办公室装修由依托单位自有资金承担，不在本项目列支")
    checker.settle()
    expect(page.locator("#cf-app")).to_have_attribute("data-ready", "true")
    assert "装修" in checker.collect()["budget"]["lines"][1]["confirmation"]
