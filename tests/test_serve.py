"""``misidao-publish serve`` as a user runs it: a real process on a free loopback port."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, int, Path]]:
    project = tmp_path / "project"
    shutil.copytree(SAMPLES, project)
    (tmp_path / "secret.txt").write_text("TOP SECRET outside the project", encoding="utf-8")
    (project / "link.txt").symlink_to(tmp_path / "secret.txt")  # a link inside pointing outside
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen([sys.executable, "-m", "misidao_publish", "serve", str(project), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        line = ""
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = proc.stdout.readline()  # type: ignore[union-attr]
            if line.startswith("Serving") or not line:
                break
        match = re.search(r"http://(127\.0\.0\.1):(\d+)/", line)
        assert match, f"server did not start: {line!r}"
        yield match.group(1), int(match.group(2)), project
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def get(host: str, port: int, path: str) -> tuple[int, bytes]:
    """A GET with ``path`` sent exactly as written (no client-side normalisation of ``..``)."""
    conn = http.client.HTTPConnection(host, port, timeout=30)
    conn.putrequest("GET", path, skip_accept_encoding=True)
    conn.endheaders()
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body


def test_serve_builds_serves_reloads_and_stays_in_the_project(server: tuple[str, int, Path]) -> None:
    host, port, project = server
    status, index = get(host, port, "/")
    assert status == 200 and "features.md" in index.decode() and "_version" in index.decode()

    status, page = get(host, port, "/dist/preview/features.wechat.html")
    assert status == 200 and "复制到公众号" in page.decode() and "data-wechat-fragment" in page.decode()
    status, pdf = get(host, port, "/dist/preview/yongzhou.pdf")
    assert status == 200 and pdf.startswith(b"%PDF")
    status, listing = get(host, port, "/_epub/features/")
    assert status == 200 and "OEBPS/chapter-001.xhtml" in listing.decode()
    status, chapter = get(host, port, "/_epub/features/OEBPS/chapter-001.xhtml")
    assert status == 200 and "湘江边的一天" in chapter.decode()

    for attack in ("/../secret.txt", "/%2e%2e/secret.txt", "/dist/../../secret.txt", "/..%2fsecret.txt",
                   "/_epub/..%2f..%2fsecret/", "/../../../../etc/passwd", "//etc/passwd", "/link.txt",
                   "/%00/etc/passwd"):
        status, body = get(host, port, attack)
        assert status in (403, 404), (attack, status)
        assert b"SECRET" not in body and b"root:" not in body, attack

    # An edit rebuilds the previews and bumps the version the pages poll to reload.
    _, before = get(host, port, "/_version")
    source = project / "features.md"
    source.write_text(source.read_text(encoding="utf-8") + "\n\n新加的一段：服务器会重建。\n", encoding="utf-8")
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        _, now = get(host, port, "/_version")
        if now != before:
            break
        time.sleep(0.5)
    assert now != before, "no rebuild after the source changed"
    _, page = get(host, port, "/dist/preview/features.wechat.html")
    assert "新加的一段：服务器会重建。" in page.decode()

    # So does an edit of the config.
    before = now
    config = project / "misidao.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("觉得文章有用就打赏一下", "请作者喝杯茶"),
                      encoding="utf-8")
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and now == before:
        time.sleep(0.5)
        _, now = get(host, port, "/_version")
    _, page = get(host, port, "/dist/preview/yongzhou.wechat.html")
    assert "请作者喝杯茶" in page.decode()

    # A broken source is reported on the index (one line, file and line) and the server keeps going.
    before = now
    source.write_text("---\ntitle: [broken\n---\n\n正文\n", encoding="utf-8")
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and now == before:
        time.sleep(0.5)
        _, now = get(host, port, "/_version")
    status, index = get(host, port, "/")
    assert status == 200 and "features.md:2: invalid YAML front matter" in index.decode()
    _, page = get(host, port, "/dist/preview/features.wechat.html")
    assert "新加的一段：服务器会重建。" in page.decode()  # the last good preview stays


def test_open_page_reloads_itself_after_a_rebuild(server: tuple[str, int, Path]) -> None:
    from conftest import require

    require("chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    host, port, project = server
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page()
        page.goto(f"http://{host}:{port}/dist/preview/yongzhou.wechat.html")
        page.evaluate("window.__before_reload = true")
        page.wait_for_timeout(1200)  # let the page learn the current build number
        source = project / "yongzhou.md"
        source.write_text(source.read_text(encoding="utf-8") + "\n\n浏览器会自动刷新。\n", encoding="utf-8")
        page.wait_for_function("window.__before_reload === undefined", timeout=90_000)
        page.wait_for_selector("text=浏览器会自动刷新。")
        browser.close()
