"""The preview page in real headless Chromium (Debian ``chromium``, driven by Playwright):
copy to the clipboard and read it back, dark mode, the 677 px column, a non-blank screenshot."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import SAMPLES, require
from test_wechat import THEMES, config_with

from misidao_publish.pipeline import build_source
from misidao_publish.wechat_rules import find_fragment

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]



@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    require("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("playwright is not installed: pip install playwright (never `playwright install`)")
        pytest.skip("playwright not installed")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


def build_preview(tmp_path: Path, theme: str) -> Path:
    config = config_with(tmp_path, layout=theme)
    build_source(SAMPLES / "features.md", config, tmp_path / "out", ["wechat"])
    return tmp_path / "out" / "features.wechat.html"


def read_clipboard(page) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return page.evaluate("""async () => {
        const out = {};
        for (const item of await navigator.clipboard.read())
            for (const type of item.types) out[type] = await (await item.getType(type)).text();
        return out; }""")


def ink(png: bytes, background: tuple[int, int, int]) -> float:
    """The share of pixels that differ clearly from ``background``: 0 for a blank page."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB").resize((200, 400))
    raw = image.tobytes()
    pixels = [raw[i: i + 3] for i in range(0, len(raw), 3)]
    differ = sum(1 for p in pixels if sum(abs(a - b) for a, b in zip(p, background, strict=True)) > 60)
    return differ / len(pixels)


@pytest.mark.parametrize("theme", THEMES)
def test_preview_copies_the_fragment_and_previews_dark_mode(browser, tmp_path: Path, theme: str) -> None:  # type: ignore[no-untyped-def]
    preview = build_preview(tmp_path, theme)
    fragment = find_fragment(preview.read_text(encoding="utf-8")).replace(' data-wechat-fragment="1"', "", 1)
    context = browser.new_context(viewport={"width": 800, "height": 1400})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(preview.as_uri())

    width = page.evaluate("document.querySelector('[data-wechat-fragment]').getBoundingClientRect().width")
    assert width == 677  # the editor's content column
    assert "xiangjiang.png" in page.text_content("#uploads")
    # The local picture is linked from the list (to open or drag into the editor) and shows.
    assert page.evaluate("document.querySelector('#uploads img').naturalWidth") > 0

    page.click("text=复制到公众号")
    page.wait_for_function("document.getElementById('status').dataset.state === 'ok'", timeout=5000)
    clip = read_clipboard(page)
    assert clip["text/html"] == fragment
    # The title goes in the editor's own field: the text starts with the article's first words.
    assert clip["text/plain"].lstrip().startswith("清晨六点") and "参考链接" in clip["text/plain"]

    # The editor's own fields (标题, 作者, 摘要, 原文链接) are shown with their limits and copy buttons.
    page.evaluate("document.getElementById('status').dataset.state = ''")
    page.click("#fields .field:first-child button")
    page.wait_for_function("document.getElementById('status').dataset.state === 'ok'")
    assert page.evaluate("navigator.clipboard.readText()") == "湘江边的一天：米思岛功能示例"
    assert "35/120" in page.text_content("#fields")  # the summary's length against the editor's limit

    light = page.screenshot(full_page=True)
    (tmp_path / f"{theme}-light.png").write_bytes(light)
    assert ink(light, (255, 255, 255)) > 0.03

    page.click("#theme")
    colours = page.evaluate("""() => {
        const p = document.querySelector('[data-wechat-fragment] p');
        const phone = document.querySelector('.phone');
        return [getComputedStyle(p).color, getComputedStyle(phone).backgroundColor]; }""")
    text_rgb = [int(v) for v in colours[0].replace("rgba(", "").replace("rgb(", "").rstrip(")").split(",")[:3]]
    assert sum(text_rgb) / 3 > 150, colours  # light text on the dark page: readable
    assert colours[1] == "rgb(25, 25, 25)"
    dark = page.screenshot(full_page=True)
    (tmp_path / f"{theme}-dark.png").write_bytes(dark)
    assert ink(dark, (25, 25, 25)) > 0.03

    # Copying in dark mode still copies the light fragment; switching back restores it exactly.
    page.evaluate("navigator.clipboard.writeText('')")
    page.evaluate("document.getElementById('status').dataset.state = ''")  # wait for this copy, not the last
    page.click("text=复制到公众号")
    page.wait_for_function("document.getElementById('status').dataset.state === 'ok'")
    assert read_clipboard(page)["text/html"] == fragment
    page.click("#theme")
    restored = page.evaluate("""() => { const c = document.querySelector('[data-wechat-fragment]').cloneNode(true);
        c.removeAttribute('data-wechat-fragment'); return c.outerHTML; }""")
    assert restored == fragment
    assert errors == []
    context.close()


def test_copy_falls_back_without_clipboard_item(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Older WebViews have no ClipboardItem: the copy-event fallback must put the same HTML there.
    preview = build_preview(tmp_path, "misidao")
    fragment = find_fragment(preview.read_text(encoding="utf-8")).replace(' data-wechat-fragment="1"', "", 1)
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.add_init_script("delete window.ClipboardItem;")
    page.goto(preview.as_uri())
    assert page.evaluate("typeof window.ClipboardItem") == "undefined"
    page.click("#copy")
    page.wait_for_function("document.getElementById('status').dataset.state")
    assert page.get_attribute("#status", "data-state") == "ok"
    clip = read_clipboard(page)
    assert clip["text/html"] == fragment and "清晨六点" in clip["text/plain"]
    context.close()


BLOCKS_JS = """(root) => Array.from(root.querySelectorAll('p,h2,h3,li,pre,table')).map(e => {
    const r = e.getBoundingClientRect(), top = root.getBoundingClientRect().top;
    return [e.tagName, Math.round(r.top - top), Math.round(r.height), e.innerText.replace(/\\s+/g, '')]; })"""
FONTS = "-apple-system, 'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif"


@pytest.mark.parametrize("theme", THEMES)
def test_rich_text_paste_into_an_editor_looks_the_same(browser, tmp_path: Path, theme: str) -> None:  # type: ignore[no-untyped-def]
    # The 公众号 editor is a contenteditable page: paste the copied fragment into one with the
    # browser's own paste (Ctrl+V) and compare text, code lines and the layout of every block.
    config = config_with(tmp_path, "[wechat]\nmac_bar = true\nline_numbers = true\n", layout=theme)
    build_source(SAMPLES / "features.md", config, tmp_path / "out", ["wechat"])
    context = browser.new_context(viewport={"width": 800, "height": 1200})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    preview = context.new_page()
    preview.goto((tmp_path / "out" / "features.wechat.html").as_uri())
    preview.click("#copy")
    preview.wait_for_function("document.getElementById('status').dataset.state === 'ok'")
    editor = context.new_page()
    # The real editor sets text in the reader's own CJK fonts; this machine may have none, so the
    # editor page gets the same fallback faces the preview carries.
    page_html = (tmp_path / "out" / "features.wechat.html").read_text(encoding="utf-8")
    fonts_css = "\n".join(re.findall(r"@font-face \{[^}]*\}", page_html))
    editor.set_content(f'<head><style>{fonts_css}</style></head><body style="margin: 0; font-family: {FONTS}">'
                       '<div id="editor" contenteditable="true" style="width: 677px; outline: none"></div></body>')
    editor.focus("#editor")
    editor.keyboard.press("Control+V")
    editor.wait_for_function("document.querySelector('#editor section') !== null")

    original = preview.locator("[data-wechat-fragment]").evaluate(BLOCKS_JS)
    pasted = editor.locator("#editor > section").evaluate(BLOCKS_JS)
    assert [b[0] for b in pasted] == [b[0] for b in original]  # same blocks, same order: no lost li or pre
    assert [b[3] for b in pasted] == [b[3] for b in original]  # same text in each block, markers included
    for before, after in zip(original, pasted, strict=True):
        assert abs(before[2] - after[2]) <= 4, (before, after)  # no block gained blank lines or lost breaks
    count_br = "(root) => root.querySelector('pre').querySelectorAll('br').length"
    assert editor.locator("#editor").evaluate(count_br) == preview.locator("[data-wechat-fragment]").evaluate(count_br)
    context.close()
