"""Every file of the engine is checked against this build's sha256 before it is used,
and a damaged one is named as damaged (issue 9, item 9).

One byte of each kind of engine file is altered on its way to the browser (the site's
own bytes, served through a route): the runtime's JavaScript (imported, so read and
checked first), the WebAssembly, our standard library zip, the lock file and a wheel. Each
time the engine fails at once with a message that names the file and says "damaged" —
not "could not download … Failed to fetch", and no Python traceback.
"""

from __future__ import annotations

import json
import time

import pytest

pytest_plugins = ["browserfixtures"]

STATE = "() => window.castformEngine ? window.castformEngine.state : null"


def engine_files(site_dir):
    manifest = json.loads((site_dir / "engine" / "manifest.json").read_text(encoding="utf-8"))
    return manifest


def wait_for_phase(page, phases, timeout_s=60):
    deadline = time.monotonic() + timeout_s
    while True:
        state = page.evaluate(STATE)
        if state and state["phase"] in phases:
            return state
        if time.monotonic() > deadline:
            raise AssertionError(f"engine never reached {phases}: {state}")
        page.wait_for_timeout(50)


def kinds(manifest):
    files = list(manifest["files"])
    wheel = next(p for p in files if p.endswith(".whl") and "/castform-" in p)
    return {
        "runtime script": manifest["runtime"] + "pyodide.mjs",
        "runtime script it imports": manifest["runtime"] + "pyodide.asm.mjs",
        "webassembly": manifest["runtime"] + "pyodide.asm.wasm",
        "standard library": manifest["stdlib"],
        "lock file": manifest["packages"] + "pyodide-lock.json",
        "wheel": wheel,
    }


@pytest.mark.parametrize(
    "kind", ["runtime script", "runtime script it imports", "webassembly", "standard library", "lock file", "wheel"]
)
def test_one_altered_byte_in_any_engine_file_is_told_as_damaged(browser, served_site, kind):
    manifest = engine_files(served_site.dir)
    path = kinds(manifest)[kind]
    assert path in manifest["files"], path
    original = (served_site.dir / "engine" / path).read_bytes()
    # One byte in the middle, changed to another printable byte (JSON and JavaScript
    # stay text; zip and wasm are only a byte off).
    at = len(original) // 2
    altered = (
        original[:at] + bytes([original[at] ^ 0x01 if original[at] ^ 0x01 != 0x22 else original[at] ^ 0x02]) + original[at + 1 :]
    )
    assert altered != original and len(altered) == len(original)
    served = []

    context = browser.new_context()
    errors = []
    try:

        def alter(route):
            served.append(route.request.url)
            response = route.fetch()
            route.fulfill(response=response, body=altered)

        context.route(f"**/engine/{path}", alter)
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
        page.goto(served_site.url + "checker/")
        state = wait_for_phase(page, ("failed", "ready"))
    finally:
        messages = list(errors)
        context.close()
    assert served, f"{path} was never requested"
    assert state["phase"] == "failed", f"a damaged {kind} was used: {state}"
    message = state["message"]
    name = path.split("/")[-1]
    assert "damaged" in message and name in message, message
    assert "Failed to fetch" not in message and "could not download" not in message, message
    assert "Traceback" not in message and not any("Traceback" in m for m in messages), messages


def test_an_unaltered_engine_boots_through_the_same_checks(browser, served_site):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(served_site.url + "checker/")
        state = wait_for_phase(page, ("failed", "ready"))
    finally:
        context.close()
    assert state["phase"] == "ready", state
