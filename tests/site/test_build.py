"""The build: strict, both languages, assets in place, nothing from another host."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from sitepages import ROOT, read_page

from sitebuild.pages import page_language

pytest_plugins = ["sitefixtures"]


def test_both_languages_are_built(site):
    assert (site / "index.html").exists()
    assert (site / "en" / "index.html").exists()
    assert 'lang="zh"' in read_page(site, "")
    assert 'lang="en"' in read_page(site, "en/")


def test_site_src_assets_are_in_the_site_and_linked_from_both_languages(site):
    # Every file of site_src/assets ships (castform.js imports its cf-*.js modules by name).
    for source in (ROOT / "site_src" / "assets").iterdir():
        assert (site / "assets" / source.name).is_file(), source.name
    for url in ("notice/", "en/notice/", "en/guidance/budget/"):
        page = read_page(site, url)
        for ref in re.findall(r'(?:href|src)="([^"]*assets/castform\.(?:css|js))"', page):
            assert (site / url / ref).resolve().is_file(), (url, ref)


def test_each_language_root_has_a_sitemap(site):
    # material fetches sitemap.xml beside each language root's <link rel="alternate">
    assert (site / "sitemap.xml").is_file()
    assert (site / "en" / "sitemap.xml").is_file()


def test_no_page_loads_anything_from_another_host(site):
    for path in site.rglob("*.html"):
        page = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*>", page):
            if re.search(r'\srel="(?:alternate|canonical|prev|next)"', tag):
                continue  # links to pages, not resources the browser loads
            urls = re.findall(r'\s(?:src|href)="([^"]+)"', tag)
            external = [u for u in urls if re.match(r"(?:https?:)?//", u)]
            assert not external, f"{path.relative_to(site)}: {tag}"


def test_no_web_fonts(site):
    css = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.css"))
    assert "fonts.googleapis" not in css and "fonts.gstatic" not in css
    assert "fonts.googleapis" not in read_page(site, "")


def test_page_language_from_file_name():
    assert page_language("guidance/budget.en.md") == "en"
    assert page_language("guidance/budget.md") == "zh"
    assert page_language("index.md") == "zh"


def _copy_project(dest: Path) -> None:
    for name in ("mkdocs.yml", "docs", "site_src", "sitebuild", "castform", "examples"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, dest / name)


def test_a_broken_anchor_fails_the_strict_build(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    _copy_project(project)
    about = project / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n[坏链接](notice.md#c-9-9-9)\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "out")],
        cwd=project, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode != 0
    assert "c-9-9-9" in result.stdout + result.stderr


def test_the_build_is_strict_by_configuration():
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^strict: true$", config, re.M)
    for key in ("anchors", "unrecognized_links", "not_found"):
        assert re.search(rf"^\s+{key}: warn$", config, re.M), key
    assert "strict=True" in (ROOT / "build.py").read_text(encoding="utf-8")


def test_two_builds_at_once_share_the_cache_and_both_succeed(site, tmp_path):
    # Each build stages its engine in a folder of its own; the caches they share are only
    # ever replaced whole (a bench building while the tests build, say).
    def engine_files(site_dir: Path) -> dict[str, bytes]:
        return {p.relative_to(site_dir).as_posix(): p.read_bytes()
                for p in (site_dir / "engine").rglob("*") if p.is_file()}

    # A cache of their own, hard-linked from the shared one (entries are only ever replaced
    # whole, never written in place): other builds on this machine leave their own stages
    # in the shared cache while they run.
    import os

    cache = tmp_path / "cache"
    cache.mkdir()
    for part in ("pyodide-wheels", "bytecode", "jieba"):
        if (ROOT / ".build-cache" / part).is_dir():
            shutil.copytree(ROOT / ".build-cache" / part, cache / part, copy_function=os.link)
    builds = [
        subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--site-dir", str(tmp_path / name),
                          "--cache-dir", str(cache)],
                         cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for name in ("one", "two")
    ]
    for build in builds:
        output, _ = build.communicate(timeout=300)
        assert build.returncode == 0, output
    one, two = engine_files(tmp_path / "one"), engine_files(tmp_path / "two")
    assert one == two == engine_files(site)
    assert not list(cache.glob("build-*")), "each build removes its own stage"


# --- offline: the service worker's precache (sitebuild/offline.py) -----------------------

def _precache(site: Path) -> dict:
    import json

    text = (site / "sw.js").read_text(encoding="utf-8")
    match = re.search(r"^const PRECACHE = (\{.*\});$", text, re.M)
    assert match, "sw.js has no PRECACHE written in"
    return json.loads(match.group(1))


def test_service_worker_precaches_every_served_file_of_this_build_with_its_hash(site):
    from sitebuild.csp import WORKER_POLICY
    from sitebuild.wheelmeta import sha256_of

    precache = _precache(site)
    files = precache["files"]
    for path, sha in files.items():
        assert sha256_of(site / path) == sha, path
    every = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    left_out = every - set(files)
    # Pages of both languages, the search index, the theme, the checker and the engine.
    for path in ("index.html", "en/index.html", "checker/index.html", "notice/index.html",
                 "search/search_index.json", "404.html", "assets/offline/offline.js", precache["worker"]):
        assert path in files, path
    manifest = __import__("json").loads((site / "engine" / "manifest.json").read_text(encoding="utf-8"))
    assert {f"engine/{p}" for p in manifest["files"]} <= set(files)
    # Only what a browser never asks for is left out.
    assert all(p.endswith((".map", ".gz")) or p in {"sw.js", "engine/manifest.json"}
               or p.endswith("/python_stdlib.zip") for p in left_out), left_out
    assert precache["workerPolicy"] == WORKER_POLICY
    assert re.fullmatch(r"engine/worker-[0-9a-f]{12}\.mjs", precache["worker"])


def test_every_page_registers_the_service_worker(site):
    for page in (site / "index.html", site / "en" / "guidance" / "index.html", site / "checker" / "index.html"):
        html = page.read_text(encoding="utf-8")
        assert re.search(r'<meta name="castform-sw" content="[./]*sw\.js">', html), page
        assert "assets/offline/offline.js" in html, page


def test_a_changed_file_gives_a_new_build_id_and_the_same_files_the_same(site, tmp_path):
    from sitebuild.offline import write_service_worker

    copy = tmp_path / "copy"
    shutil.copytree(site, copy)
    same = write_service_worker(copy)
    assert same["build"] == _precache(site)["build"]
    page = copy / "about" / "index.html"
    page.write_text(page.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    changed = write_service_worker(copy)
    assert changed["build"] != same["build"]


def test_hosting_pages_give_the_worker_policy_the_build_uses(site):
    from sitebuild.csp import WORKER_POLICY

    for page in (site / "hosting" / "index.html", site / "en" / "hosting" / "index.html"):
        text = page.read_text(encoding="utf-8").replace("&#39;", "'").replace("&quot;", '"')
        assert f"Content-Security-Policy: {WORKER_POLICY}" in text, page
        assert 'id="offline"' in text and 'id="worker-policy"' in text, page
