"""The checker page in a real browser (issue 4): the form, the Python rules on Pyodide in
a module Web Worker (really booted: no mock engine), keeping and moving data, safety.

One built site and one Chromium for the whole run (browserfixtures); every test gets a
fresh browser context, so every test boots the engine from scratch (about 4–5 s here).
Each context records every request it makes — the page's and the engine worker's — and
every Content-Security-Policy violation; at the end of every test none may have gone to
another host and none may have been blocked by the CSP.

The pages' CSP forbids `eval`, so `page.wait_for_function(...)` cannot run here: waits use
selectors, locators and `page.evaluate` polls (see checkerpage.py).
"""

from __future__ import annotations

import json
import re
import time
from urllib.parse import urlsplit

import pytest
from checkerpage import ROOT, CheckerPage, cli_report, example
from playwright.sync_api import expect

from sitebuild.checkerform import field_id

pytest_plugins = ["browserfixtures"]

READY = "tech-economy-ready.json"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
XSS_IMG = "<img src=x onerror=window.__xss=1>"
XSS_SCRIPT = "<script>window.__xss=2</script>"

# Runs in every page before its own scripts (added through CDP, so not subject to the
# page's CSP): collects the page's CSP violations.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


class CheckerSession:
    """A fresh browser context that records what its pages and workers did."""

    def __init__(self, browser, site):
        self.site = site
        self.context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True, locale="zh-CN")
        self.context.add_init_script(CSP_LISTENER)
        self.requests: list[str] = []  # Chromium reports a worker's fetches to the context too
        self.sw_requests: list[str] = []  # those of the site's service worker (its precache)
        self.context.on("request", self._record)
        self.console: list[str] = []
        self.page_errors: list[str] = []
        self.expect_errors = ""  # a test that makes a download fail: a regex of the errors it may log
        self.pages = []

    def _record(self, request) -> None:
        self.requests.append(request.url)
        if request.service_worker is not None:
            self.sw_requests.append(request.url)

    def new_page(self):
        page = self.context.new_page()
        page.on("console", lambda message: self.console.append(f"{message.type}: {message.text}"))
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        self.pages.append(page)
        return page

    def checker(self, page=None, lang: str = "zh") -> CheckerPage:
        return CheckerPage(page or self.new_page(), self.site.url, lang)

    def foreign_requests(self) -> list[str]:
        host = self.site.host
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in ("data", "blob", "about")
            and not (urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc == host)
        ]

    def csp_violations(self) -> list[str]:
        seen = [line for line in self.console if "Content Security Policy" in line or "Content-Security-Policy" in line]
        for page in self.pages:
            if not page.is_closed():
                seen += page.evaluate("() => window.__cspViolations || []")
        return seen

    def console_errors(self) -> list[str]:
        return [line for line in self.console if line.startswith("error:")]


@pytest.fixture
def session(browser, served_site):
    session = CheckerSession(browser, served_site)
    yield session
    try:
        assert session.foreign_requests() == [], "requests to another host"
        assert session.csp_violations() == [], "the page's CSP blocked something"
        allowed = re.compile(session.expect_errors) if session.expect_errors else None
        unexpected = [
            error for error in session.page_errors + session.console_errors() if not (allowed and allowed.search(error))
        ]
        assert unexpected == [], "errors in the page or its console"
    finally:
        session.context.close()


def poll(page, expression: str, timeout_s: float = 60):
    """page.evaluate(expression) until it is truthy (wait_for_function is barred by the CSP)."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = page.evaluate(expression)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still falsy after {timeout_s} s: {expression}")
        page.wait_for_timeout(50)


def summary_links(page) -> list[tuple[str, str]]:
    return page.evaluate("""() => Array.from(document.querySelectorAll("#cf-result .cf-summary a[data-focus]"))
        .map(a => [a.dataset.focus, a.textContent])""")


def active_id(page) -> str:
    return page.evaluate("() => document.activeElement && document.activeElement.id")


# ---- 1 (and 4): a ready application typed in by label; reload restores it ----------------


def test_a_ready_application_typed_in_by_label_is_ready_and_survives_a_reload(session):
    checker = session.checker().goto()
    page = checker.page
    # the labels are the model's: a few spelled out here, the rest looked up from the model
    for label, path in (
        ("项目名称", "title"),
        ("学会联合体", "consortium"),
        ("报送日期", "submitted_on"),
        ("预算总额（元）", "budget.declared_total"),
    ):
        expect(page.get_by_label(label, exact=True)).to_have_attribute("id", field_id(path))
    expect(page.get_by_role("button", name="添加参与单位")).to_be_visible()
    expect(page.get_by_role("button", name="添加预算明细")).to_be_visible()

    application = example(READY)
    checker.fill_application(application)
    assert checker.rows("participants").count() == 2
    assert checker.rows("budget.lines").count() == 6
    checker.settle()

    # the form gives back exactly the example file
    assert checker.collect() == application
    # the page keeps the application as data, edit by edit; clearing a field removes it
    # (and an emptied contact) exactly as reading the whole form would
    assert page.evaluate("window.castformChecker.data") == application
    for path in ("participants[1].contact.name", "participants[1].contact.phone", "participants[1].contact.email"):
        checker.set(path, "")
    assert page.evaluate("window.castformChecker.data") == checker.collect()
    assert "contact" not in checker.collect()["participants"][1]
    for key, value in application["participants"][1]["contact"].items():
        checker.set(f"participants[1].contact.{key}", value)
    assert page.evaluate("window.castformChecker.data") == application
    expect(page.locator("#cf-app")).to_have_attribute("data-ready", "true")
    ready = page.locator("#cf-result .cf-ready")
    expect(ready).to_be_visible()
    expect(ready.locator("h2")).to_have_text("没有发现错误，可以报送")
    expect(ready.locator(".cf-checklist")).to_contain_text("骑缝章")
    expect(page.locator("#cf-result .cf-summary")).to_have_count(0)
    expect(page.locator("#cf-form .cf-inline.cf-error")).to_have_count(0)
    expect(page.locator('#cf-form [aria-invalid="true"]')).to_have_count(0)
    # the sums, computed by the rules in Python
    # textContent, not innerText: rows off screen are not rendered (content-visibility).
    computed = page.locator('[data-rows="budget.lines"] [data-computed]').all_text_contents()
    assert computed == ["88,000.00", "30,000.00", "43,200.00", "60,000.00", "24,000.00", "36,000.00"]
    totals = page.locator("#cf-totals")
    expect(totals).to_contain_text("281,200.00 元（28.12 万元）")
    expect(totals.locator(".cf-ok")).to_contain_text("30 万元 — 在额度内")
    expect(page.locator("#cf-saved")).to_contain_text("已自动保存")
    assert checker.stored()["data"] == application

    # 4. reload: everything is back, and still ready
    page.reload()
    checker.settle()
    assert checker.collect() == application
    expect(page.locator("#cf-app")).to_have_attribute("data-ready", "true")
    expect(page.locator("#cf-result .cf-ready .cf-checklist")).to_contain_text("骑缝章")
    assert page.locator("#f-participants-1-contact-email").input_value() == "zhangw@example.org"
    assert page.locator("#f-budget-lines-0-meeting_class").input_value() == "3"
    assert page.locator("#f-members_attested").is_checked()


# ---- 2, 3, 4: five (six) ways wrong, each in the summary and beside its field; focus -------

# (what is wrong, edits as (path, value), the field the finding points at, words of its message)
BREAKAGES = [
    (
        "over the 30万 cap",
        [("budget.lines[3].unit_price", "90000"), ("budget.lines[3].amount", "90000"), ("budget.declared_total", "311200")],
        "budget.declared_total",
        "每项不超过 30 万元的额度",
    ),
    (
        "amount ≠ price × quantity × times",
        [("budget.lines[0].amount", "88800")],
        "budget.lines[0].amount",
        "550.00 × 80 × 2 = 88,000.00 元，但金额填的是 88,800.00 元",
    ),
    ("no 测算依据", [("budget.lines[2].basis", "")], "budget.lines[2].basis", "“赴试点县调研差旅”缺少测算依据"),
    (
        "a participant with no division of labour",
        [("participants[1].division", "")],
        "participants[1].division",
        "请写明参与单位“中国植物保护学会”的分工",
    ),
    ("submitted after the deadline", [("submitted_on", "2021-06-09")], "submitted_on", "已过通知规定的期限（截止时间 2021-06-08"),
    (
        "a forbidden category, 项目管理费",
        [("budget.lines[4].category", "management-fee")],
        "budget.lines[4].category",
        "项目经费不得用于项目管理费",
    ),
]


def assert_finding_shown(checker: CheckerPage, path: str, words: str, why: str) -> None:
    link = checker.summary_link(path).filter(has_text=words)
    expect(link, why).to_have_count(1)
    expect(link, why).to_have_attribute("href", "#" + field_id(path))
    inline = checker.inline(path)
    expect(inline, why).to_be_visible()
    expect(inline.locator(".cf-inline.cf-error").filter(has_text=words), why).to_have_count(1)
    expect(checker.page.locator("#" + field_id(path)), why).to_have_attribute("aria-invalid", "true")


def test_five_ways_wrong_each_shown_in_the_summary_and_beside_its_field(session):
    checker = session.checker().goto()
    page = checker.page
    checker.wait_engine()
    checker.import_data(example(READY))
    expect(page.locator("#cf-app")).to_have_attribute("data-ready", "true")

    # one fault at a time, on top of the others
    for why, edits, path, words in BREAKAGES:
        for edit_path, value in edits:
            checker.set(edit_path, value)
        checker.settle()
        expect(page.locator("#cf-app")).to_have_attribute("data-ready", "false")
        assert_finding_shown(checker, path, words, why)
    # all of them at once, none hiding another (the total gets two: over the cap, and the
    # lines no longer adding up to it after the 88,800)
    for why, _, path, words in BREAKAGES:
        assert_finding_shown(checker, path, words, why)
    links = summary_links(page)
    heading = page.locator("#cf-summary-title").inner_text()
    assert heading == f"有 {len(links)} 个问题需要处理"
    expect(checker.inline("budget.declared_total").locator(".cf-inline.cf-error")).to_have_count(2)
    expect(page.locator("#cf-totals .cf-over")).to_contain_text("超出额度")
    expect(page.locator('[data-rows="budget.lines"] [data-computed]').first).to_have_text("88,000.00")
    # the summary is the page's alert: a screen reader hears it, then its links
    expect(page.locator("#cf-result .cf-summary")).to_have_attribute("role", "alert")

    # 3. every link in the summary moves focus to its field (and stays on this page: no
    # instant navigation to "#field" swapping the checker out)
    page.evaluate("() => { window.castformChecker.root.__same = true; }")
    url = page.url
    for target, text in links:
        page.locator(f'#cf-result .cf-summary a[data-focus="{target}"]').filter(has_text=text).click()
        assert active_id(page) == target, text
        expect(page.locator("#" + target)).to_be_in_viewport()
    page.wait_for_timeout(300)
    assert active_id(page) == links[-1][0]
    assert page.url == url
    assert page.evaluate("() => document.getElementById('cf-app').__same") is True
    # … by keyboard too, and for a field not filled in yet (in the "尚未填写" group)
    checker.set("title", "")
    checker.settle()
    missing = page.locator("#cf-result details.cf-missing")
    expect(missing).to_have_attribute("open", "")
    missing_link = missing.locator('a[data-focus="f-title"]')
    expect(missing_link).to_contain_text("项目名称")
    missing_link.focus()
    page.keyboard.press("Enter")
    assert active_id(page) == "f-title"
    expect(page.locator("#f-title")).to_be_in_viewport()
    checker.set("title", example(READY)["title"])
    checker.settle()

    # 4. reload: the same data, the same findings
    before, findings = checker.collect(), summary_links(page)
    page.reload()
    checker.settle()
    assert checker.collect() == before
    assert summary_links(page) == findings
    for why, _, path, words in BREAKAGES:
        assert_finding_shown(checker, path, words, why)


# ---- 5: export, start over, import (picker and drag-and-drop) ---------------------------


def test_export_start_over_and_import_give_back_the_same_application(session, tmp_path):
    checker = session.checker().goto()
    page = checker.page
    checker.wait_engine()
    checker.import_data(example(READY))
    checker.set("budget.lines[0].amount", "88800")  # not just the example: an edit of ours too
    checker.set("participants[0].contact.phone", "010-6000 0000")
    checker.settle()
    before = checker.collect()
    report_in_browser = page.evaluate("() => window.castformChecker.lastReport")

    with page.expect_download() as download_info:
        page.get_by_role("button", name="导出 JSON 文件").click()
    download = download_info.value
    assert re.fullmatch(r"castform-.+-\d{4}-\d{2}-\d{2}\.json", download.suggested_filename)
    exported = tmp_path / download.suggested_filename
    download.save_as(exported)
    assert json.loads(exported.read_text(encoding="utf-8")) == before

    # exactly the format `castform check` reads, and CPython judges it as the browser did
    assert cli_report(exported) == report_in_browser

    # start over: cancelling changes nothing; confirming empties the form
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="清空重来").click()
    assert checker.collect() == before
    messages = []

    def accept(dialog):
        messages.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    page.get_by_role("button", name="清空重来").click()
    assert "清空" in messages[0]
    empty = {"format": "castform-application/1", "notice": "cast-2021-52"}
    assert checker.collect() == empty
    assert checker.rows("budget.lines").count() == 0
    checker.settle()
    assert checker.stored()["data"] == empty

    # import the exported file with the file picker
    page.set_input_files("#cf-import", str(exported))
    checker.notice_says(f"已导入 {exported.name}")
    checker.settle()
    assert checker.collect() == before
    assert page.evaluate("() => window.castformChecker.lastReport") == report_in_browser

    # and by dropping it onto the page
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="清空重来").click()
    assert checker.collect() == empty
    transfer = page.evaluate_handle(
        """([text, name]) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([text], name, {type: "application/json"}));
        return transfer;
    }""",
        [exported.read_text(encoding="utf-8"), "dropped.json"],
    )
    page.dispatch_event("#cf-app", "dragover", {"dataTransfer": transfer})
    expect(page.locator("#cf-app")).to_have_class(re.compile(r"\bcf-dragging\b"))
    page.dispatch_event("#cf-app", "drop", {"dataTransfer": transfer})
    checker.notice_says("已导入 dropped.json")
    checker.settle()
    expect(page.locator("#cf-app")).not_to_have_class(re.compile(r"\bcf-dragging\b"))
    assert checker.collect() == before
    assert checker.stored()["data"] == before


# ---- 6: files that are not applications change nothing ----------------------------------


def test_a_broken_a_foreign_and_a_huge_file_are_refused_and_change_nothing(session):
    checker = session.checker().goto()
    page = checker.page
    checker.wait_engine()
    checker.import_data(example(READY))
    before, stored_before = checker.collect(), checker.stored()
    result_before = page.locator("#cf-result").inner_text()

    cases = [
        ("broken.json", b'{"title": "x", ', "不是有效的 JSON"),
        ("package.json", (ROOT / "package.json").read_bytes(), "不是 castform 申报文件"),
        ("huge.json", b'{"title": "' + b"x" * (10 * 1024 * 1024) + b'"}', "文件过大"),
        ("list.json", b"[1, 2, 3]", "应为一个 JSON 对象"),
    ]
    for name, content, words in cases:
        checker.import_bytes(content, name)
        text = checker.notice_says(words)
        assert text.startswith("未导入："), (name, text)
        expect(page.locator("#cf-notice")).to_have_class(re.compile(r"\bcf-error\b"))
        checker.settle()
        assert checker.collect() == before, name
        assert checker.stored() == stored_before, name
        assert page.locator("#cf-result").inner_text() == result_before, name
    # the checker still works afterwards
    checker.set("submitted_on", "2021-06-09")
    checker.settle()
    expect(checker.inline("submitted_on")).to_contain_text("已过通知规定的期限")


# ---- 7: what the user typed or imported is text, never HTML ------------------------------


def assert_nothing_ran(session, page) -> None:
    assert page.evaluate("() => typeof window.__xss") == "undefined"
    expect(page.locator("#cf-app img")).to_have_count(0)
    expect(page.locator("#cf-app script")).to_have_count(0)
    assert not [url for url in session.requests if urlsplit(url).path.endswith("/x")]


def test_markup_typed_or_imported_into_names_is_shown_as_text(session):
    checker = session.checker().goto()
    page = checker.page
    checker.wait_engine()
    checker.import_data(example(READY))

    checker.set("consortium", XSS_IMG)
    checker.set("lead_unit.name", XSS_SCRIPT)
    checker.set("budget.lines[2].item", XSS_IMG)
    checker.set("budget.lines[2].basis", "")
    checker.set("participants[1].name", XSS_IMG + XSS_SCRIPT)
    checker.set("participants[1].division", "")
    checker.set("budget.lines[1].spending_unit", XSS_SCRIPT + "有限公司")  # not the lead unit's name
    checker.settle()

    result = page.locator("#cf-result")
    expect(checker.summary_link("budget.lines[2].basis")).to_contain_text(f"“{XSS_IMG}”缺少测算依据")
    expect(checker.summary_link("participants[1].division")).to_contain_text(f"“{XSS_IMG}{XSS_SCRIPT}”的分工")
    expect(result.locator(".cf-warnings")).to_contain_text(f"使用单位“{XSS_SCRIPT}有限公司”")
    expect(checker.inline("budget.lines[2].basis")).to_contain_text(XSS_IMG)
    expect(checker.inline("participants[1].division")).to_contain_text(XSS_SCRIPT)
    expect(checker.inline("budget.lines[1].spending_unit")).to_contain_text(XSS_SCRIPT + "有限公司")
    assert page.locator("#f-consortium").input_value() == XSS_IMG
    assert page.locator("#f-lead_unit-name").input_value() == XSS_SCRIPT
    assert_nothing_ran(session, page)

    # the same through an imported file, and after a reload (restored from storage)
    hostile = example(READY)
    hostile["title"] = XSS_SCRIPT + XSS_IMG
    hostile["consortium"] = XSS_SCRIPT
    hostile["lead_unit"]["name"] = XSS_IMG
    hostile["budget"]["lines"][0]["item"] = XSS_SCRIPT
    del hostile["budget"]["lines"][0]["basis"]
    checker.import_data(hostile, name=f"{XSS_IMG}.json")
    expect(page.locator("#cf-notice")).to_contain_text(f"已导入 {XSS_IMG}.json")
    expect(checker.summary_link("budget.lines[0].basis")).to_contain_text(f"“{XSS_SCRIPT}”缺少测算依据")
    assert_nothing_ran(session, page)
    page.reload()
    checker.settle()
    assert checker.collect() == hostile
    expect(checker.inline("budget.lines[0].basis")).to_contain_text(XSS_SCRIPT)
    assert_nothing_ran(session, page)


# ---- 8: nothing leaves the local server -----------------------------------------------


def test_the_whole_session_asks_only_the_local_server(session, served_site):
    # from the home page, with instant navigation, to the checker; boot, check, import,
    # export; the fixture asserts at the end that no request went to another host. Here:
    # that the recorder really sees the engine worker's own requests.
    page = session.new_page()
    page.goto(served_site.url)
    page.locator(".md-tabs a", has_text="在线核查").click()
    checker = session.checker(page)
    checker.wait_engine()
    checker.import_data(example("think-tank-draft.json"))
    with page.expect_download():
        page.get_by_role("button", name="导出 JSON 文件").click()

    lock = next(served_site.dir.glob("engine/packages-*/pyodide-lock.json"))
    manifest = json.loads((served_site.dir / "engine" / "manifest.json").read_text())
    # The boot's wheels: those loaded only on a first download (XlsxWriter) are not asked
    # for in this session (the service worker may or may not have fetched them yet).
    wheels = [
        package["file_name"]
        for name, package in json.loads(lock.read_text())["packages"].items()
        if name not in manifest["on_demand"]
    ]
    assert len(wheels) == 6
    paths = {urlsplit(url).path.rsplit("/", 1)[-1] for url in session.requests}
    stdlib = manifest["stdlib"]
    for needed in ["pyodide.mjs", "pyodide.asm.wasm", stdlib, "pyodide-lock.json", *wheels]:
        assert needed in paths, f"{needed} not seen by the context's request recorder"
    # (what the worker fetched itself cannot be read from inside it any more: it refuses
    # code from strings, Playwright's evaluate included; its requests are in the context's)
    assert any(urlsplit(url).path.endswith(".whl") for url in session.requests)
    assert session.foreign_requests() == []


# ---- 9: axe-core, WCAG 2.1 A and AA --------------------------------------------------

AXE_RUN = """(tags) => axe.run(document, {runOnly: {type: "tag", values: tags}}).then((result) =>
  result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + ": " + n.failureSummary)})))"""


def test_axe_finds_no_wcag21_aa_violations_on_the_checker(session):
    checker = session.checker().goto()
    page = checker.page
    checker.wait_engine()
    page.evaluate(AXE.read_text(encoding="utf-8"))  # served by the test, not by the site

    # errors of every kind, warnings and notes; the missing-fields group and a clause open
    application = example("international-late-over-rates.json")
    del application["title"]
    checker.import_data(application)
    expect(page.locator("#cf-result .cf-summary")).to_be_visible()
    expect(page.locator("#cf-result .cf-warnings")).to_be_visible()
    expect(page.locator("#cf-result details.cf-missing")).to_have_attribute("open", "")
    page.locator("#cf-result details.cf-clause > summary").first.click()
    expect(checker.inline("title").locator(".cf-inline.cf-error")).to_be_visible()  # 请填写“项目名称”
    assert page.evaluate(AXE_RUN, WCAG21_AA) == []

    # the ready state with its checklist, and the notice of an import
    checker.import_data(example(READY))
    expect(page.locator("#cf-result .cf-ready")).to_be_visible()
    assert page.evaluate(AXE_RUN, WCAG21_AA) == []


# ---- 10: two tabs -------------------------------------------------------------------


def test_two_tabs_warn_instead_of_overwriting_each_other(session):
    a = session.checker().goto()
    a.set("title", "甲页的标题")
    assert a.stored()["data"]["title"] == "甲页的标题"

    b = session.checker().goto()
    assert b.collect()["title"] == "甲页的标题"  # B opens with what A saved
    b.set("title", "乙页的标题")
    assert b.stored()["data"]["title"] == "乙页的标题"

    # A is told, and stops saving: its edits no longer overwrite B's
    notice = a.page.locator("#cf-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("此申报在另一个标签页中被修改")
    a.set("summary", "甲页继续写的内容")
    assert a.stored()["data"] == {"format": "castform-application/1", "notice": "cast-2021-52", "title": "乙页的标题"}
    assert a.collect()["title"] == "甲页的标题"
    # … and says so beside its save indicator: what A typed is kept on the page, not stored
    expect(a.page.locator("#cf-saved")).to_contain_text("未保存")
    assert a.page.locator("#f-summary").input_value() == "甲页继续写的内容"

    # "take over": A saves again (and now B is the one told)
    a.page.get_by_role("button", name="以本页内容为准（覆盖另一页的保存）").click()
    expect(notice).to_be_hidden()
    assert a.stored()["data"]["summary"] == "甲页继续写的内容"
    assert a.stored()["data"]["title"] == "甲页的标题"
    a.set("expected_outcomes", "甲页的成果")
    assert a.stored()["data"]["expected_outcomes"] == "甲页的成果"
    expect(b.page.locator("#cf-notice")).to_contain_text("此申报在另一个标签页中被修改")

    # B takes A's version instead, and saves it; A is not warned about its own content
    b.page.get_by_role("button", name="载入另一标签页的内容").click()
    expect(b.page.locator("#cf-notice")).to_be_hidden()
    assert b.collect() == a.collect()
    assert b.stored()["data"] == a.collect()
    a.page.wait_for_timeout(300)  # storage events are delivered asynchronously
    expect(notice).to_be_hidden()
    # and they go on: an edit in B warns A again
    b.set("title", "乙页又改了")
    expect(notice).to_be_visible()


# ---- 11: typing while the engine loads; failure, retry --------------------------------


def test_the_form_takes_typing_while_the_engine_loads(session):
    checker = session.checker()
    page = checker.page
    page.goto(checker.url, wait_until="commit")
    title = page.get_by_label("项目名称", exact=True)
    title.wait_for()
    typed_while = checker.engine_phase()  # "" while the page script has not run yet
    title.press_sequentially("边加载边填写的项目")
    checker.set("submitted_on", "2021-06-01")
    page.wait_for_selector("#cf-engine[data-phase]", state="attached")
    phase_after_typing = checker.engine_phase()
    detail = page.locator("#cf-engine-detail").inner_text()
    assert typed_while != "ready" and phase_after_typing == "loading", (typed_while, phase_after_typing)
    expect(page.locator("#cf-engine-text")).to_have_text(re.compile("正在加载核查引擎"))
    expect(page.locator("#cf-engine-progress")).to_be_visible()
    assert re.search(r"Python 运行环境|依赖包|核查规则", detail), detail
    expect(page.locator("#cf-saved")).to_contain_text("已自动保存")

    checker.wait_engine()
    checker.settle()
    expect(page.locator("#cf-engine-text")).to_have_text("核查引擎已就绪")
    expect(page.locator("#cf-engine-progress")).to_be_hidden()
    expect(page.locator("#cf-engine-retry")).to_be_hidden()
    assert title.input_value() == "边加载边填写的项目"
    # the first result already knows what was typed; the fields still to fill are
    # progress, not errors, until they are left or a full check is asked for
    expect(checker.summary_link("title")).to_have_count(0)
    expect(checker.summary_link("submitted_on")).to_have_count(0)
    expect(checker.progress_link("consortium")).to_have_count(1)
    expect(checker.progress_link("title")).to_have_count(0)


def test_typing_before_the_page_script_runs_is_kept(session, served_site):
    # The form is usable as soon as it is parsed; hold checker.js back to type in it first.
    session.expect_errors = r"Failed to load resource"  # the held-back script
    session.context.route("**/assets/checker/checker.js", lambda route: route.abort())
    checker = session.checker()
    page = checker.page
    page.goto(checker.url)
    assert page.evaluate("() => window.castformChecker") is None
    page.get_by_label("项目名称", exact=True).fill("脚本运行前写的标题")
    page.get_by_label("成员单位确认", exact=True).check()
    session.context.unroute("**/assets/checker/checker.js")
    page.add_script_tag(url=served_site.url + "assets/checker/checker.js")
    poll(page, "() => !!window.castformChecker")
    assert page.locator("#f-title").input_value() == "脚本运行前写的标题"
    assert checker.collect()["title"] == "脚本运行前写的标题"
    assert checker.collect()["members_attested"] is True
    assert checker.stored()["data"]["title"] == "脚本运行前写的标题"
    checker.settle()
    expect(checker.summary_link("title")).to_have_count(0)
    expect(checker.progress_link("title")).to_have_count(0)


@pytest.mark.parametrize("how", ["no connection", "error status", "damaged file"])
def test_an_engine_that_fails_to_load_says_so_and_retry_recovers(session, how):
    # the failed download is logged by Chromium, and Pyodide leaves a rejected fetch unhandled
    # (a damaged file: Pyodide logs its own failure and Emscripten's abort)
    session.expect_errors = (
        r"^(error: Failed to load resource: .*|Failed to fetch|.*[Ww]eb[Aa]ssembly.*|.*wasm.*|.*[Aa]borted.*)$"
    )
    blocked = []

    def block(route):
        blocked.append(route.request.url)
        if how == "no connection":
            route.abort()
        elif how == "error status":
            route.fulfill(status=503, body="down for maintenance")
        else:  # status 200, the right type, bytes that are not the runtime
            route.fulfill(status=200, body=b"\0asm\x01\0\0\0 damaged in transit", content_type="application/wasm")

    session.context.route("**/*.wasm", block)
    started = time.monotonic()
    checker = session.checker().goto()
    page = checker.page
    checker.set("title", "引擎失败时写下的标题")
    checker.wait_engine("failed", timeout=30_000)  # fails fast, not at the 90 s timeout
    failed_after = time.monotonic() - started
    assert blocked and blocked[0].endswith("pyodide.asm.wasm")
    expect(page.locator("#cf-engine-text")).to_have_text("核查引擎加载失败")
    if how == "damaged file":
        expect(page.locator("#cf-engine-detail")).to_contain_text("WebAssembly")
    else:
        expect(page.locator("#cf-engine-detail")).to_contain_text("pyodide.asm.wasm")
    if how == "error status":
        expect(page.locator("#cf-engine-detail")).to_contain_text("503")
    # Typing on after the failure does not start another download: only Retry does.
    attempts = len(blocked)
    checker.set("title", "引擎失败后改写的标题")
    page.wait_for_timeout(1_000)
    assert len(blocked) == attempts
    expect(page.locator("#cf-engine-text")).to_have_text("核查引擎加载失败")
    retry = page.locator("#cf-engine-retry")
    expect(retry).to_be_visible()
    expect(retry).to_have_text("重试")
    assert page.locator("#f-title").input_value() == "引擎失败后改写的标题"  # nothing lost
    assert checker.stored()["data"]["title"] == "引擎失败后改写的标题"

    session.context.unroute("**/*.wasm", block)
    retry.click()
    checker.wait_engine("loading", timeout=5_000)
    checker.wait_engine()
    checker.settle()  # the check asked for before the failure is answered after the retry
    expect(retry).to_be_hidden()
    expect(page.locator("#cf-result .cf-progress")).to_be_visible()
    expect(checker.progress_link("title")).to_have_count(0)
    expect(checker.progress_link("consortium")).to_have_count(1)
    print(f"\n[checker] engine failure ({how}) shown {failed_after:.1f} s after navigation")


# ---- 12: the engine warmed up on another page, kept by instant navigation ---------------


def test_instant_navigation_brings_a_warm_engine_to_the_checker(session, served_site, record_property):
    page = session.new_page()
    page.goto(served_site.url + "notice/")
    started = time.monotonic()
    poll(page, "() => window.castformEngine.state.phase === 'ready'", timeout_s=60)
    warmed = time.monotonic() - started
    page.evaluate("window.__sameDocument = true")
    # With the engine, the checker's modules were fetched on the notice page, when idle
    # (checker.js): the click fetches none of them.
    modules = "() => performance.getEntriesByType('resource').filter((e) => /\\/cf-[a-z-]+\\.js$/.test(e.name))"
    poll(page, f"() => ({modules})().some((e) => e.name.endsWith('/cf-form.js'))", timeout_s=30)
    click_at = page.evaluate("performance.now()")

    clicked = time.monotonic()
    page.locator(".md-tabs a", has_text="在线核查").click()
    page.wait_for_selector("#cf-app[data-checked]", state="attached", timeout=30_000)
    first_result = time.monotonic() - clicked
    late = page.evaluate(f"(t) => ({modules})().filter((e) => e.startTime > t).map((e) => e.name)", click_at)
    assert late == [], f"fetched after the click: {late}"
    assert page.evaluate("window.__sameDocument") is True  # no reload: the same worker
    expect(page.locator("#cf-config")).to_have_count(1)  # the page's config survived the swap
    assert urlsplit(page.url).path == "/checker/"
    expect(page.locator("#cf-engine")).to_have_attribute("data-phase", "ready")
    expect(page.locator("#cf-result .cf-progress")).to_be_visible()
    # one download by the page's engine (the service worker may precache its own copy)
    wasm = sum(url.endswith("pyodide.asm.wasm") for url in session.requests)
    assert wasm - sum(url.endswith("pyodide.asm.wasm") for url in session.sw_requests) == 1
    assert len([w for w in page.workers if "/engine/worker-" in w.url]) == 1

    checker = session.checker(page)
    checker.set("title", "从通知页来的项目")
    checker.settle()
    expect(checker.progress_link("title")).to_have_count(0)
    assert first_result < 10, first_result  # a sanity bound only; the figure is reported
    record_property("engine_warm_on_notice_s", round(warmed, 2))
    record_property("click_to_first_result_s", round(first_result, 3))
    print(
        f"\n[checker] engine ready on the notice page after {warmed:.2f} s; "
        f"nav click → first result on the checker {first_result * 1000:.0f} ms"
    )


# ---- 13: the Content-Security-Policy ------------------------------------------------


def csp_directives(content: str) -> dict[str, list[str]]:
    out = {}
    for part in content.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def test_the_checker_page_has_a_strict_csp_and_breaks_none_of_it(session):
    checker = session.checker().goto()
    page = checker.page
    metas = page.locator('meta[http-equiv="Content-Security-Policy"]')
    expect(metas).to_have_count(1)
    policy = csp_directives(metas.get_attribute("content"))
    assert policy["default-src"] == ["'self'"]
    script = policy["script-src"]
    assert script[:2] == ["'self'", "'wasm-unsafe-eval'"]
    assert "'unsafe-eval'" not in script and "'unsafe-inline'" not in script
    assert all(source.startswith("'sha256-") for source in script[2:])  # inline scripts by hash only
    for directive in ("worker-src", "connect-src"):
        assert policy[directive] == ["'self'"], directive
    assert policy["object-src"] == ["'none'"]
    for directive, sources in policy.items():
        assert not [s for s in sources if "://" in s or s in ("*", "http:", "https:")], directive
    # a whole session under it: boot, check, import, export; the fixture then asserts that
    # the CSP blocked nothing (console and securitypolicyviolation events)
    checker.wait_engine()
    checker.import_data(example("think-tank-draft.json"))
    with page.expect_download():
        page.get_by_role("button", name="导出 JSON 文件").click()
    page.locator("#cf-result details.cf-clause > summary").first.click()
    page.locator("#cf-result .cf-summary a[data-focus]").first.click()
    assert page.evaluate("() => window.__cspViolations") == []


# ---- rows: moved, removed and added in place; a long budget built a few rows at a time ---

ROW_CONSISTENT = """(listPath) => {
  // Every row's ids carry its index; labels and descriptions point inside the same row.
  const problems = [];
  const rows = document.querySelectorAll(`[data-rows="${listPath}"] > [data-row]`);
  rows.forEach((row, i) => {
    if (row.querySelector("[data-row-number]").textContent !== String(i + 1)) problems.push(`row ${i}: number`);
    for (const input of row.querySelectorAll("[data-path]")) {
      if (!input.id.includes(`-${i}-`)) problems.push(`row ${i}: ${input.id}`);
      const label = row.querySelector(`label[for="${input.id}"]`);
      if (!label) problems.push(`row ${i}: no label for ${input.id}`);
      for (const id of (input.getAttribute("aria-describedby") || "").split(/\\s+/).filter(Boolean)) {
        if (!row.contains(document.getElementById(id))) problems.push(`row ${i}: ${id} not in the row`);
      }
    }
  });
  const ids = [...document.querySelectorAll("#cf-form [id]")].map((n) => n.id);
  if (new Set(ids).size !== ids.length) problems.push("duplicate ids");
  return problems;
}"""


def test_rows_move_remove_and_add_in_place_with_labels_and_messages_kept_right(session):
    checker = session.checker().goto()
    page = checker.page
    checker.wait_engine()
    app = example(READY)
    checker.import_data(app)
    lines = [dict(line) for line in app["budget"]["lines"]]
    assert len(lines) >= 4
    checker.set("budget.lines[2].amount", "1")  # line 2 now disagrees with its own arithmetic
    checker.settle()
    expect(checker.inline("budget.lines[2].amount")).to_be_visible()

    # line 2 up: it becomes line 1, with its message and its summary link
    rows = checker.rows("budget.lines")
    rows.nth(2).get_by_role("button", name="上移").click()
    checker.settle()
    lines[1], lines[2] = {**lines[2], "amount": "1"}, lines[1]
    assert checker.collect()["budget"]["lines"] == lines
    assert page.evaluate(ROW_CONSISTENT, "budget.lines") == []
    expect(checker.inline("budget.lines[1].amount")).to_be_visible()
    expect(checker.inline("budget.lines[2].amount")).to_be_hidden()
    expect(checker.summary_link("budget.lines[1].amount")).to_have_count(1)
    expect(page.locator("#" + field_id("budget.lines[1].amount"))).to_have_value("1")
    expect(rows.nth(1).get_by_role("button", name="上移")).to_be_focused()

    # the first line removed: every later line moves up one, focus stays in the list
    rows.nth(0).get_by_role("button", name="删除").click()
    checker.settle()
    del lines[0]
    assert checker.collect()["budget"]["lines"] == lines
    assert page.evaluate(ROW_CONSISTENT, "budget.lines") == []
    expect(checker.summary_link("budget.lines[0].amount")).to_have_count(1)
    expect(page.locator("#" + field_id("budget.lines[0].category"))).to_be_focused()

    # a line added at the end, empty, focused, numbered
    checker.add_row("budget.lines")
    checker.settle()
    assert page.evaluate(ROW_CONSISTENT, "budget.lines") == []
    expect(page.locator("#" + field_id(f"budget.lines[{len(lines)}].category"))).to_be_focused()
    assert len(checker.collect()["budget"]["lines"]) == len(lines) + 1


def test_a_200_line_import_is_built_in_pieces_and_comes_out_whole(session):
    checker = session.checker().goto()
    page = checker.page
    checker.wait_engine()
    app = example(READY)
    line = app["budget"]["lines"][0]
    app["budget"]["lines"] = [{**line, "item": f"第 {i} 行 {line['item']}"} for i in range(200)]
    app["budget"]["declared_total"] = str(200 * int(line["amount"]))
    page.evaluate("""() => {
      // how many rows the list held at each paint while the import was being built
      window.__rowsPerFrame = [];
      const list = document.querySelector('[data-rows="budget.lines"]');
      const tick = () => { window.__rowsPerFrame.push(list.children.length); if (window.__rowsPerFrame.length < 600) requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    }""")
    checker.import_data(app)
    counts = page.evaluate("() => window.__rowsPerFrame")
    assert any(0 < n < 200 for n in counts), "rows appear over several frames, not in one block"
    # The first result may come before the last rows are drawn (that is the point): wait for them.
    expect(checker.rows("budget.lines")).to_have_count(200, timeout=60_000)
    assert checker.collect()["budget"]["lines"] == app["budget"]["lines"]
    assert page.evaluate(ROW_CONSISTENT, "budget.lines") == []
    expect(page.locator("#" + field_id("budget.lines[199].item"))).to_have_value(f"第 199 行 {line['item']}")
    assert checker.stored()["data"]["budget"]["lines"] == app["budget"]["lines"]
