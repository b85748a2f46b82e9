"""A page object for the checker page (site_src/checker/), for tests/browser/test_checker.py.

It drives the form the way an applicant does: each field found by its label (the labels
the build takes from the model, `sitebuild.checkerform.form_controls`), inside the part
of the form it belongs to (the lead unit, a participant's row, a budget line's row), and
rows added with the form's own "添加…" buttons. Waiting is done without
`page.wait_for_function`, which the pages' Content-Security-Policy forbids (it evaluates a
string in the page): selectors, locators, and `page.evaluate` polls (CDP, not subject to
the page's CSP).
"""

from __future__ import annotations

import functools
import json
import re
import subprocess
import sys
import time
from pathlib import Path

from castform.notice import load_notice
from sitebuild.checkerform import Control, field_id, form_controls

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
CHECKER_PATH = "checker/"
STORAGE_KEY = "castform:cast-2021-52:application"
HIDDEN = ("format", "notice")  # written by the page itself, not fields of the form
ENGINE_TIMEOUT_MS = 90_000  # a boot takes ~4–5 s here; two at once on two cores, more

# Whether the checker has drawn the result for the form as it is now: the engine is
# ready, no check is running and no edit is waiting for one (cf-app.js checks on every
# `input`/`change` synchronously, so right after an edit either a check is in flight or
# an edit is marked dirty).
SETTLED = """() => {
  const c = window.castformChecker, e = window.castformEngine;
  return !!c && !!e && e.state.phase === "ready" && !c.inFlight && !c.dirty && !!c.root.dataset.checked;
}"""


def cli_report(path: Path) -> dict:
    """`castform check --format json` on a file, run as a secretariat runs it: the report
    the browser's findings are compared with."""
    cli = subprocess.run(
        [sys.executable, "-m", "castform", "check", "--format", "json", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return json.loads(cli.stdout)["report"]


def example(name: str) -> dict:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


@functools.cache
def controls(lang: str = "zh") -> dict[str, Control]:
    """Every control of the form by its path template (`budget.lines[].amount`)."""
    out: dict[str, Control] = {}

    def walk(items):
        for control in items:
            out[control.path] = control
            walk(control.children)

    walk(form_controls(load_notice(), lang))
    return out


def template_of(path: str) -> str:
    """budget.lines[3].amount → budget.lines[].amount"""
    return re.sub(r"\[\d+\]", "[]", path)


def parent_of(path: str) -> str:
    """The part of the form a field sits in: "participants[1].contact.name" →
    "participants[1].contact"; "participants[1].name" → "participants[1]"; "title" → ""."""
    return path.rsplit(".", 1)[0] if "." in path else ""


def leaves(data, prefix: str = ""):
    """(path, value) for every scalar in an application, lists' rows numbered."""
    if isinstance(data, dict):
        for key, value in data.items():
            if not prefix and key in HIDDEN:
                continue
            yield from leaves(value, f"{prefix}.{key}" if prefix else key)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from leaves(value, f"{prefix}[{i}]")
    else:
        yield prefix, data


class CheckerPage:
    def __init__(self, page, base_url: str, lang: str = "zh"):
        self.page = page
        self.base_url = base_url
        self.lang = lang
        self.controls = controls(lang)

    # ---- getting there ------------------------------------------------------------------

    @property
    def url(self) -> str:
        return self.base_url + ("" if self.lang == "zh" else "en/") + CHECKER_PATH

    def goto(self, wait_until: str = "domcontentloaded") -> "CheckerPage":
        self.page.goto(self.url, wait_until=wait_until)
        self.page.wait_for_selector("#cf-app", state="attached")
        self.wait_mounted()
        return self

    def wait_mounted(self, timeout: float = 30_000) -> None:
        """The checker's modules are loaded and have restored the draft."""
        deadline = time.monotonic() + timeout / 1000
        while not self.page.evaluate("() => !!window.castformChecker"):
            if time.monotonic() > deadline:
                raise AssertionError("the checker's modules did not mount")
            self.page.wait_for_timeout(20)

    def engine_phase(self) -> str:
        return self.page.locator("#cf-engine").get_attribute("data-phase") or ""

    def wait_engine(self, phase: str = "ready", timeout: float = ENGINE_TIMEOUT_MS) -> None:
        self.page.wait_for_selector(f'#cf-engine[data-phase="{phase}"]', state="attached", timeout=timeout)

    def settle(self, timeout: float = ENGINE_TIMEOUT_MS) -> None:
        """Wait until the result on the page is the one for the form as it is now."""
        deadline = time.monotonic() + timeout / 1000
        while not self.page.evaluate(SETTLED):
            if time.monotonic() > deadline:
                state = self.page.evaluate("() => window.castformEngine && window.castformEngine.state")
                raise AssertionError(f"the checker did not settle in {timeout} ms; engine: {state}")
            self.page.wait_for_timeout(20)

    # ---- the form -------------------------------------------------------------------------

    def scope(self, path: str):
        parent = parent_of(path)
        return self.page.locator("#" + field_id(parent)) if parent else self.page.locator("#cf-form")

    def field(self, path: str):
        """The input for a concrete path, found by its label inside its group or row."""
        control = self.controls[template_of(path)]
        locator = self.scope(path).get_by_label(control.label, exact=True)
        # the label leads to the right input (and to one only)
        assert locator.get_attribute("data-path") == template_of(path), path
        assert locator.get_attribute("id") == field_id(path), path
        return locator

    def set(self, path: str, value) -> None:
        control = self.controls[template_of(path)]
        locator = self.field(path)
        if control.kind == "select":
            locator.select_option(value="" if value is None else str(value))
        elif control.kind == "checkbox":
            locator.set_checked(bool(value))
        else:
            locator.fill("" if value is None else str(value))

    def add_button(self, list_path: str):
        label = self.controls[template_of(list_path)].label
        add = "添加" if self.lang == "zh" else "Add"
        return self.page.get_by_role("button", name=f"{add}{label}", exact=True)

    def rows(self, list_path: str):
        return self.page.locator(f'[data-rows="{template_of(list_path)}"] > [data-row]')

    def add_row(self, list_path: str) -> None:
        before = self.rows(list_path).count()
        self.add_button(list_path).click()
        assert self.rows(list_path).count() == before + 1

    def fill_application(self, data: dict) -> None:
        """Type a whole application into an empty form, as an applicant would."""
        for list_path in ("participants", "budget.lines"):
            assert self.rows(list_path).count() == 0, "fill_application wants an empty form"
        made: dict[str, int] = {}
        for path, value in leaves(data):
            for match in re.finditer(r"\[(\d+)\]", path):
                list_path = path[: match.start()]
                while made.get(list_path, 0) <= int(match.group(1)):
                    self.add_row(list_path)
                    made[list_path] = made.get(list_path, 0) + 1
            self.set(path, value)

    def collect(self) -> dict:
        """The application exactly as the page would export it."""
        return self.page.evaluate("() => window.castformChecker.collect()")

    def stored(self) -> dict | None:
        # The page writes its draft when the browser is idle (at most 300 ms after an
        # edit): wait for a pending write to land, as it would before anyone could look.
        for _ in range(40):
            if self.page.evaluate("() => !window.castformChecker || window.castformChecker.unsaved === undefined"):
                break
            self.page.wait_for_timeout(50)
        text = self.page.evaluate(f"() => localStorage.getItem({json.dumps(STORAGE_KEY)})")
        return json.loads(text) if text else None

    # ---- files ----------------------------------------------------------------------------

    def import_bytes(self, content: bytes, name: str = "application.json") -> None:
        self.page.set_input_files("#cf-import", files=[{"name": name, "mimeType": "application/json", "buffer": content}])

    def import_data(self, data: dict, name: str = "application.json") -> None:
        """Import an application through the file picker and wait for its result."""
        self.import_bytes(json.dumps(data, ensure_ascii=False, indent=2).encode(), name)
        self.notice_says("已导入" if self.lang == "zh" else "Imported")
        self.settle()

    def notice_says(self, text: str, timeout: float = ENGINE_TIMEOUT_MS) -> str:
        notice = self.page.locator("#cf-notice")
        notice.filter(has_text=text).wait_for(state="visible", timeout=timeout)
        return notice.inner_text()

    # ---- the result -----------------------------------------------------------------------

    @property
    def result(self):
        return self.page.locator("#cf-result")

    def summary_link(self, path: str):
        return self.page.locator(f'#cf-result .cf-summary a[data-focus="{field_id(path)}"]')

    def progress_link(self, path: str):
        """A field still to fill, in the neutral progress list (not yet a problem)."""
        return self.page.locator(f'#cf-result .cf-progress a[data-focus="{field_id(path)}"]')

    def inline(self, path: str):
        return self.page.locator(f"#{field_id(path)}-msg")

    def ready_state(self) -> str | None:
        return self.page.locator("#cf-app").get_attribute("data-ready")
