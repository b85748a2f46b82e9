"""The site's service worker, written at the end of the build from the site's own files.

site_src/sw/sw.js gets PRECACHE written in: an id of this build (a digest of every file's
path and sha256) and every file the site serves with its sha256, so that the browser
installs a new service worker exactly when a deploy changes any file, and the worker
caches each build apart ("castform-<build>") and checks every file it stores. The page
side (site_src/sw/offline.js: registration and the "new version ready" banner) and its
CSS are put under assets/offline/ first, so they are in the list too, with the banner's
words (the catalogue's [offline], castform/words) written into offline.js.

Left out of the precache: source maps and the sitemaps' .gz twins (browsers never fetch
them), engine/manifest.json (for tools), and the runtime's own python_stdlib.zip (the
worker loads ours).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

from castform.words import LANGS, words

from .csp import WORKER_POLICY, WORKER_SCRIPT
from .wheelmeta import sha256_of

SOURCES = Path(__file__).resolve().parent.parent / "site_src" / "sw"
MARK = "/*CASTFORM_PRECACHE*/"
WORDS_MARK = "/*CASTFORM_WORDS*/"
SCRIPT_NAME = "sw.js"
PAGE_ASSETS = ("offline.js", "offline.css")
LEFT_OUT = re.compile(r"(\.map|\.gz)$|^engine/manifest\.json$|^engine/pyodide-[^/]+/python_stdlib\.zip$|^sw\.js$")


def precache_list(site_dir: Path) -> dict[str, str]:
    """Every file of the built site the service worker keeps: path → sha256."""
    files = {}
    for path in sorted(Path(site_dir).rglob("*")):
        relative = path.relative_to(site_dir).as_posix()
        if path.is_file() and not LEFT_OUT.search(relative):
            files[relative] = sha256_of(path)
    return files


def build_id(files: dict[str, str]) -> str:
    digest = hashlib.sha256()
    for path, sha in sorted(files.items()):
        digest.update(f"{path}\0{sha}\n".encode())
    return digest.hexdigest()[:16]


def write_service_worker(site_dir: Path) -> dict:
    """Copy the page side into assets/offline/, then write sw.js; return its precache."""
    site_dir = Path(site_dir)
    assets = site_dir / "assets" / "offline"
    assets.mkdir(parents=True, exist_ok=True)
    for name in PAGE_ASSETS:
        shutil.copyfile(SOURCES / name, assets / name)
    page_script = assets / "offline.js"
    page_script.write_text(_with_words(page_script.read_text(encoding="utf-8")), encoding="utf-8")
    files = precache_list(site_dir)
    workers = [path for path in files if WORKER_SCRIPT.search(path)]
    if len(workers) > 1:
        raise RuntimeError(f"more than one engine worker in the site: {workers}")
    precache = {
        "build": build_id(files),
        "files": files,
        "worker": workers[0] if workers else None,
        "workerPolicy": WORKER_POLICY,
    }
    source = (SOURCES / SCRIPT_NAME).read_text(encoding="utf-8")
    if MARK not in source:
        raise RuntimeError(f"{SOURCES / SCRIPT_NAME} has no {MARK}")
    text = source.replace(MARK, json.dumps(precache, sort_keys=True, indent=None))
    (site_dir / SCRIPT_NAME).write_text(text, encoding="utf-8")
    return precache


def _with_words(source: str) -> str:
    """offline.js with its banner's words, both languages (the page's lang picks one)."""
    if WORDS_MARK not in source:
        raise RuntimeError(f"{SOURCES / 'offline.js'} has no {WORDS_MARK}")
    text = {lang: words(lang)["offline"] for lang in LANGS}
    return source.replace(WORDS_MARK, json.dumps(text, ensure_ascii=False, sort_keys=True))
