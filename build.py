#!/usr/bin/env python3
"""Build the castform site.

    python build.py                  build site/ in strict mode (a warning fails it)
    python build.py serve            build, then serve site/ on http://127.0.0.1:8000
    python build.py serve --live     `mkdocs serve` with live reload while editing pages
                                     (pages only: the post-build steps do not run)

Options:
    --site-dir DIR     build into DIR instead of site/
    --notice FILE      build against another notice data file (same as setting
                       CASTFORM_NOTICE_FILE); the tests use it to prove that the pages'
                       numbers come from the data
    --port N           port for `serve` (default 8000)
    --cache-dir DIR    where build steps keep downloads and parsed dictionaries
                       (default .build-cache/; bench/build_bench.py uses a fresh one)

The build is a list of steps (STEPS below), run in order against one BuildContext.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))  # this checkout's castform and sitebuild, not an installed copy

from sitebuild.pages import NOTICE_FILE_ENV  # noqa: E402

CACHE_DIR = ROOT / ".build-cache"


@dataclasses.dataclass
class BuildContext:
    site_dir: Path
    cache_dir: Path
    # This build's own folder inside cache_dir, removed at the end: two builds at once
    # (the tests' and a bench's, say) share the caches but never a half-written stage.
    scratch_dir: Path
    timings: dict[str, float] = dataclasses.field(default_factory=dict)
    engine: dict | None = None  # what vendor_engine put in the site

    @property
    def engine_stage(self) -> Path:
        # The engine is vendored before the pages (they name its worker) and moved into
        # the site after MkDocs, which empties site_dir when it starts.
        return self.scratch_dir / "engine-stage"


def build_engine(ctx: BuildContext) -> None:
    """castform's wheel from this checkout, Pyodide 314.0.7 from node_modules and the
    pinned wheels, checked against their hashes (sitebuild/engine.py)."""
    from sitebuild.engine import build_castform_wheel, vendor_engine

    # The notice the pages are built for is the one the worker checks against.
    notice_file = os.environ.get(NOTICE_FILE_ENV)
    wheel = build_castform_wheel(ctx.scratch_dir / "castform-wheel", notice_file=Path(notice_file) if notice_file else None)
    ctx.engine = vendor_engine(ctx.engine_stage, wheel, ctx.cache_dir)
    os.environ["CASTFORM_ENGINE_WORKER"] = ctx.engine["worker"]


def build_pages(ctx: BuildContext) -> None:
    """MkDocs in strict mode: the pages (rendered from the notice's data by the hook in
    site_src/hooks/), the search index and both languages."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    _use_jieba_cache(ctx.cache_dir / "jieba")
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(ctx.site_dir), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def _use_jieba_cache(folder: Path) -> None:
    # jieba caches its parsed dictionary in the system's temp folder; keep it with the
    # build's other caches so that "cold" and "warm" builds mean the same for all steps.
    try:
        import jieba
    except ImportError:
        return
    folder.mkdir(parents=True, exist_ok=True)
    jieba.dt.tmp_dir = str(folder)
    jieba.setLogLevel(logging.WARNING)


def install_engine(ctx: BuildContext) -> None:
    import shutil

    shutil.copytree(ctx.engine_stage / "engine", ctx.site_dir / "engine")


def add_security_policy(ctx: BuildContext) -> None:
    """A Content-Security-Policy <meta> on every page: own origin only (sitebuild/csp.py)."""
    from sitebuild.csp import add_policy

    add_policy(ctx.site_dir)


def add_service_worker(ctx: BuildContext) -> None:
    """sw.js at the site's root: every file of this build precached under its sha256, so
    that after one visit the site works offline (sitebuild/offline.py). Last: it lists
    the files as the steps before left them."""
    from sitebuild.offline import write_service_worker

    write_service_worker(ctx.site_dir)


# The build, in order. A step takes the BuildContext and raises to fail the build.
# (The checker's form is rendered into its page by the MkDocs hook, from the model's
# JSON Schema: see sitebuild/checkerform.py.)
STEPS: list[tuple[str, Callable[[BuildContext], None]]] = [
    ("engine", build_engine),
    ("pages", build_pages),
    ("install engine", install_engine),
    ("security policy", add_security_policy),
    ("offline", add_service_worker),
]


def run_build(site_dir: Path, cache_dir: Path = CACHE_DIR) -> BuildContext:
    cache_dir = cache_dir.resolve()
    cache_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="build-", dir=cache_dir) as scratch:
        ctx = BuildContext(site_dir=site_dir.resolve(), cache_dir=cache_dir, scratch_dir=Path(scratch))
        for name, step in STEPS:
            started = time.perf_counter()
            step(ctx)
            ctx.timings[name] = time.perf_counter() - started
    return ctx


def serve_site(site_dir: Path, port: int) -> None:
    from sitebuild.serve import SiteServer

    server = SiteServer(site_dir, "127.0.0.1", port)
    print(f"Serving {site_dir} on {server.url} (Ctrl+C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def serve_live(port: int) -> None:
    from mkdocs.commands.serve import serve

    serve(str(ROOT / "mkdocs.yml"), dev_addr=f"127.0.0.1:{port}", livereload=True)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Build (and optionally serve) the castform site.")
    parser.add_argument("command", nargs="?", choices=["build", "serve"], default="build")
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site")
    parser.add_argument("--notice", type=Path, help="an alternate notice data file (TOML)")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--cache-dir", type=Path, default=CACHE_DIR)
    parser.add_argument("--live", action="store_true", help="with serve: mkdocs serve, live reload")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)-8s-  %(message)s")
    site_dir = args.site_dir.resolve()  # before the chdir below
    cache_dir = args.cache_dir.resolve()
    # Relative paths in mkdocs.yml (e.g. the search plugin's jieba dictionary) are read
    # from the working directory.
    os.chdir(ROOT)
    if args.notice:
        os.environ[NOTICE_FILE_ENV] = str(args.notice.resolve())
    if args.command == "serve":
        os.environ.setdefault("CASTFORM_SITE_URL", f"http://127.0.0.1:{args.port}/")
        if args.live:
            serve_live(args.port)
            return 0
    from mkdocs.exceptions import MkDocsException

    started = time.perf_counter()
    try:
        ctx = run_build(site_dir, cache_dir)
    except MkDocsException as error:  # strict-mode warnings, bad config, a page's error
        print(f"Build failed: {error}", file=sys.stderr)
        return 1
    steps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in ctx.timings.items())
    print(f"Built {ctx.site_dir} in {time.perf_counter() - started:.1f} s ({steps})")
    if args.command == "serve":
        serve_site(ctx.site_dir, args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
