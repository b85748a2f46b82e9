"""Helpers the site's tests share (tests/site, tests/browser and the checker's tests):
build the site into a folder exactly as a maintainer does, and find a free local port.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
BUILD_TIMEOUT_S = 600
# Debian's Chromium (Playwright's own download is not used), launched the same way by the
# browser tests and the benches: headless, no sandbox (CI runs as root), no calls home.
CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class BuildFailed(AssertionError):
    pass


def build_site(
    site_dir: Path,
    *,
    notice_file: Path | None = None,
    notice_pages: Path | None = None,
    site_url: str | None = None,
    check: bool = True,
) -> subprocess.CompletedProcess:
    """Run `python build.py --site-dir site_dir` (strict) in a subprocess and return it.

    notice_file builds against another notice data file; notice_pages takes that notice's
    own pages from a folder other than site_src/notices/<its id>/; site_url is the address
    the site will be served from (instant navigation needs it to match, port included).
    """
    names = ("CASTFORM_NOTICE_FILE", "CASTFORM_NOTICE_PAGES", "CASTFORM_SITE_URL")
    env = {k: v for k, v in os.environ.items() if k not in names}
    if notice_file is not None:
        env["CASTFORM_NOTICE_FILE"] = str(notice_file)
    if notice_pages is not None:
        env["CASTFORM_NOTICE_PAGES"] = str(notice_pages)
    if site_url is not None:
        env["CASTFORM_SITE_URL"] = site_url
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "build.py"), "--site-dir", str(site_dir)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
    )
    if check and result.returncode != 0:
        raise BuildFailed(f"build.py failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
