"""A small static server for the built site: `python build.py serve` and the browser tests.

The standard library's server, threaded (a browser opens several connections at once),
with the MIME types the checker's files need and no caching, so a rebuild shows at once,
and the engine worker's own Content-Security-Policy header (sitebuild/csp.py), as
docs/hosting.md asks of a host that can send headers.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlsplit

from .csp import WORKER_POLICY, WORKER_SCRIPT

MIME_TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".whl": "application/zip",
    ".zip": "application/zip",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
}


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}

    def end_headers(self):
        self.send_header("Cache-Control", "no-cache")
        if self.server.worker_policy and WORKER_SCRIPT.search(urlsplit(self.path).path):
            self.send_header("Content-Security-Policy", WORKER_POLICY)
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        if self.server.quiet:
            return
        super().log_message(format, *args)


class SiteServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self, site_dir: Path, host: str = "127.0.0.1", port: int = 8000, quiet: bool = False, worker_policy: bool = True
    ):
        """worker_policy=False serves no header at all, as GitHub Pages does."""
        handler = functools.partial(SiteHandler, directory=str(site_dir))
        self.quiet = quiet
        self.worker_policy = worker_policy
        super().__init__((host, port), handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/"

    def start_in_thread(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, name="site-server", daemon=True)
        thread.start()
        return thread
