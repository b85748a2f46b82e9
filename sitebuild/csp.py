"""A Content-Security-Policy for every page of the built site, as a <meta> tag.

GitHub Pages cannot send headers, so the policy travels in the HTML. It allows only the
site's own origin, plus 'wasm-unsafe-eval' so the checker's worker can compile
WebAssembly. The theme's few inline scripts are allowed by their sha256, and with
material's instant navigation the first page's policy stays in force while later pages
are swapped in, so every page carries the hashes of every page's inline scripts.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)
_DATA_BLOCK = re.compile(r'type=["\']?application/(ld\+)?json', re.I)
MARK = '<meta http-equiv="Content-Security-Policy"'


def _inline_hashes(html: str) -> set[str]:
    hashes = set()
    for attrs, body in _INLINE_SCRIPT.findall(html):
        if _DATA_BLOCK.search(attrs):
            continue  # data, never executed: no hash needed
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        hashes.add(f"'sha256-{digest}'")
    return hashes


def policy(script_hashes: set[str]) -> str:
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *sorted(script_hashes)])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "worker-src 'self'",
            "connect-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            # No 'unsafe-inline': the pages carry no style attribute or <style> element (the
            # tables' alignment is an align attribute: mkdocs.yml), and the theme's scripts
            # set styles through the CSSOM, which a policy does not govern. Checked in a
            # browser: tests/browser/test_page_policy.py.
            "style-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'none'",
        ]
    )


# The engine's worker gets its own policy, which only a response header can give (a
# worker has no <meta>): docs/hosting.md sends it where the host allows headers,
# sitebuild/serve.py sends it, and the service worker adds it to the worker script it
# serves (so GitHub Pages, which sends no headers, has it from the second visit on). No
# 'unsafe-eval': the worker compiles WebAssembly, never JavaScript from strings.
WORKER_POLICY = "; ".join(
    ["default-src 'none'", "script-src 'self' 'wasm-unsafe-eval'", "connect-src 'self'", "base-uri 'none'", "form-action 'none'"]
)
WORKER_SCRIPT = re.compile(r"(^|/)engine/worker-[0-9a-f]{12}\.mjs$")


def add_policy(site_dir: Path) -> dict:
    """Write the policy into every HTML page under site_dir; return what was done."""
    pages = sorted(Path(site_dir).rglob("*.html"))
    texts = {page: page.read_text(encoding="utf-8") for page in pages}
    hashes = set().union(*(_inline_hashes(text) for text in texts.values())) if texts else set()
    tag = f'{MARK} content="{policy(hashes)}">'
    for page, text in texts.items():
        if MARK in text:
            text = re.sub(re.escape(MARK) + r"[^>]*>", tag, text)
        else:
            # First thing in <head>, so that it governs every script after it.
            text = re.sub(r"(<head[^>]*>)", r"\1" + tag.replace("\\", "\\\\"), text, count=1)
        page.write_text(text, encoding="utf-8")
    return {"pages": len(pages), "inline_script_hashes": len(hashes)}
