"""The bench's server: the built site and the bare page (bench/bare/, at /__bare__/), every
request logged with the bytes it sent, under one of the caching modes of CACHE_MODES."""

from __future__ import annotations

import functools
import gzip
import http.server
import re
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

from sitebuild.serve import MIME_TYPES

BARE_DIR = Path(__file__).resolve().parent.parent / "bare"
BARE_PREFIX = "/__bare__"
IMMUTABLE = "public, max-age=31536000, immutable"
# docs/hosting.md#caching: versioned engine files and material's hashed assets.
IMMUTABLE_PATHS = re.compile(
    r"^/engine/(pyodide-[^/]+/|packages-[0-9a-f]+/|worker-[0-9a-f]+\.mjs$|python_stdlib-[0-9a-f]+\.zip$)"
    r"|^/assets/(javascripts|stylesheets)/.+\.[0-9a-f]{8}\.min\.(js|css)$"
)
CACHE_MODES = {
    "plain": "no Cache-Control (python -m http.server)",
    "pages": "max-age=600 on everything (GitHub Pages)",
    "hosting": "immutable engine + hashed assets, no-cache rest (docs/hosting.md)",
    "siteserver": "no-cache on everything (sitebuild.serve, the tests' server)",
}
TEXT_TYPES = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".wasm", ".txt"}


class _CountingWriter:
    """Wraps the handler's wfile and counts what is written to the socket."""

    def __init__(self, raw):
        self.raw = raw
        self.count = 0

    def write(self, data):
        written = self.raw.write(data)
        self.count += len(data)
        return written

    def flush(self):
        self.raw.flush()

    def close(self):
        self.raw.close()

    @property
    def closed(self):
        return self.raw.closed


class BenchHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}

    def setup(self):
        super().setup()
        self.wfile = _CountingWriter(self.wfile)

    def handle_one_request(self):
        self.wfile.count = 0
        self._status = None
        self._header_bytes = 0
        started = time.perf_counter()
        super().handle_one_request()
        if self._status is not None:
            total = self.wfile.count
            self.server.record(
                {
                    "t": started,
                    "method": self.command,
                    "path": urlsplit(self.path).path,
                    "status": self._status,
                    "wire": total,
                    "body": total - self._header_bytes,
                    "mode": self.server.mode,
                }
            )

    def send_response(self, code, message=None):
        self._status = code
        super().send_response(code, message)

    def end_headers(self):
        mode = self.server.mode
        path = urlsplit(self.path).path
        if mode == "pages":
            self.send_header("Cache-Control", "max-age=600")
        elif mode == "hosting":
            self.send_header("Cache-Control", IMMUTABLE if IMMUTABLE_PATHS.search(path) else "no-cache")
        elif mode == "siteserver":
            self.send_header("Cache-Control", "no-cache")
        super().end_headers()
        self._header_bytes = self.wfile.count

    def translate_path(self, path):
        if path.startswith(BARE_PREFIX + "/"):
            saved = self.directory
            self.directory = str(BARE_DIR)
            try:
                return super().translate_path(path[len(BARE_PREFIX) :])
            finally:
                self.directory = saved
        return super().translate_path(path)

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass  # the structured log (BenchServer.records) replaces the stderr one


class BenchServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, site_dir: Path, port: int):
        self.mode = "plain"
        self.records: list[dict] = []
        self._lock = threading.Lock()
        super().__init__(("127.0.0.1", port), functools.partial(BenchHandler, directory=str(site_dir)))

    def record(self, entry: dict) -> None:
        with self._lock:
            self.records.append(entry)

    def mark(self) -> int:
        with self._lock:
            return len(self.records)

    def since(self, mark: int) -> list[dict]:
        time.sleep(0.2)  # let the last responses finish writing
        with self._lock:
            return list(self.records[mark:])


def split_bytes(records: list[dict]) -> dict:
    def part(rows):
        return {
            "requests": len(rows),
            "bytes": sum(r["body"] for r in rows),
            "wire": sum(r["wire"] for r in rows),
            "not_modified": sum(r["status"] == 304 for r in rows),
        }

    engine = [r for r in records if r["path"].startswith("/engine/")]
    bare = [r for r in records if r["path"].startswith(BARE_PREFIX + "/")]
    # The bare worker fetches castform's wheel only after "done" (its breakdown): not counted.
    records = [r for r in records if "/castform-" not in r["path"]] if bare else records
    engine = [r for r in engine if r in records]
    rest = [r for r in records if r not in engine and r not in bare]
    return {"engine": part(engine), "rest": part(rest), "bare": part(bare), "all": part(records)}


def gzip_estimate(site_dir: Path, records: list[dict]) -> int:
    """What the 200 responses of this load would weigh gzip'ed (-6) where a host compresses
    text types (.wasm included, not .zip/.whl), to compare with GitHub Pages."""
    total = 0
    for path in {r["path"] for r in records if r["status"] == 200}:
        file = site_dir / path.lstrip("/")
        if path.endswith("/"):
            file = file / "index.html"
        if path.startswith(BARE_PREFIX + "/") or not file.is_file():
            continue
        data = file.read_bytes()
        total += len(gzip.compress(data, 6)) if file.suffix in TEXT_TYPES else len(data)
    return total


def engine_gzip_bytes(site_dir: Path, records: list[dict]) -> dict[str, int]:
    """The engine's files of a load, each as a gzip host sends it (the 200 responses)."""
    sizes = {}
    for path in sorted({r["path"] for r in records if r["status"] == 200 and r["path"].startswith("/engine/")}):
        file = site_dir / path.lstrip("/")
        if file.is_file():
            data = file.read_bytes()
            sizes[path] = len(gzip.compress(data, 6)) if file.suffix in TEXT_TYPES else len(data)
    return sizes


def site_url_of(site_dir: Path) -> str:
    """The address the site was built for (instant navigation needs the server there)."""
    root = ET.parse(site_dir / "sitemap.xml").getroot()
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    parts = urlsplit(root.find(f"{ns}url/{ns}loc").text.strip())
    return f"{parts.scheme}://{parts.netloc}/"


def site_to_bench(tmp: Path, site_dir: Path | None) -> tuple[Path, str, int]:
    """(site folder, its address, port): the one given (served at the address it was built
    for), or a site built now into tmp for a free port, as `python build.py` builds it."""
    from sitebuild.testing import build_site, free_port

    if site_dir:
        site_dir = site_dir.resolve()
        base_url = site_url_of(site_dir)
        return site_dir, base_url, urlsplit(base_url).port
    port = free_port()
    base_url = f"http://127.0.0.1:{port}/"
    site_dir = tmp / "site"
    started = time.perf_counter()
    build_site(site_dir, site_url=base_url)
    print(f"built the site into {site_dir} in {time.perf_counter() - started:.1f} s")
    return site_dir, base_url, port
