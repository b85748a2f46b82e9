"""The paper side of the checker (issue 10): the documents downloaded from the checker
page, the batch page's review, and the CLI commands that do the same — driven through the
DOM and the command line only, and each timed, so that bench/documents_bench.py measures
and tests/browser (test_documents_browser.py, test_batch_page.py) assert behaviour with
the same code.

Only the standard library here (and a Playwright page passed in): the tests import this
module without the bench's server or browser.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "castform" / "notices" / "cast-2021-52" / "examples"
REVIEW_TIMEOUT_S = 120


def many_files(folder: Path, count: int) -> list[str]:
    """`count` application files in `folder`, the nine examples over and over, each with
    its own title (so no two rows are the same); returns their names in order."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = sorted(EXAMPLES.glob("*.json"))
    names = []
    for i in range(count):
        source = sources[i % len(sources)]
        data = json.loads(source.read_text(encoding="utf-8"))
        data["title"] = f"{data.get('title', '')} {i:03d}"
        name = f"{i:03d}-{source.name}"
        (folder / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        names.append(name)
    return names


def download(page, button: str) -> tuple[bytes, str, float]:
    """Click `button` and wait for the download it starts: (bytes, suggested name, seconds
    from the click to the download)."""
    started = time.perf_counter()
    with page.expect_download() as info:
        page.locator(button).click()
    elapsed = time.perf_counter() - started
    got = info.value
    return Path(got.path()).read_bytes(), got.suggested_filename, elapsed


def batch_state(page) -> str | None:
    return page.locator("#cf-batch").get_attribute("data-state")


def wait_batch_done(page, timeout_s: float = REVIEW_TIMEOUT_S) -> None:
    """Until #cf-batch says the review is done (an AssertionError if it failed or took
    longer than timeout_s)."""
    deadline = time.monotonic() + timeout_s
    while (state := batch_state(page)) != "done":
        assert state != "failed", page.locator("#cf-batch-status").inner_text()
        assert time.monotonic() < deadline, "the batch review did not finish"
        page.wait_for_timeout(20)


def review_files(page, paths: list[Path], timeout_s: float = REVIEW_TIMEOUT_S) -> float:
    """Give the batch page's file picker these files; seconds until the review is done
    (the table is drawn a few rows at a time after that: see wait_table_drawn)."""
    started = time.perf_counter()
    page.set_input_files("#cf-batch-files", files=[str(p) for p in paths])
    wait_batch_done(page, timeout_s)
    return time.perf_counter() - started


def wait_table_drawn(page, timeout_s: float = REVIEW_TIMEOUT_S) -> None:
    """Until the batch table is drawn whole (#cf-batch[data-drawing] gone)."""
    deadline = time.monotonic() + timeout_s
    while page.locator("#cf-batch").get_attribute("data-drawing") is not None:
        assert time.monotonic() < deadline, "the table was not drawn"
        page.wait_for_timeout(20)


def cli_summary(folder: Path, names: list[str], *extra: str) -> tuple[dict, float]:
    """`castform summary --format json` on these files (run in `folder`): (its JSON,
    seconds, Python's start included, as a secretariat runs it)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "castform", "summary", "--format", "json", *extra, *names],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    assert done.returncode in (0, 1, 2), done.stderr
    return json.loads(done.stdout), elapsed


def cli_export(source: Path, out: Path) -> tuple[dict[str, bytes], float]:
    """`castform export source --to out`: ({"docx": bytes, "xlsx": bytes}, seconds)."""
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "castform", "export", str(source), "--to", str(out)], cwd=ROOT, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - started
    assert done.returncode in (0, 1), done.stderr
    return {path.suffix.lstrip("."): path.read_bytes() for path in out.iterdir()}, elapsed
