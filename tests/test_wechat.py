"""The WeChat fragment: every paste rule on every sample and theme, hostile input, idempotence,
the fragment's text against the article's, code, lists, images, themes and the check command."""

from __future__ import annotations

import re
from pathlib import Path

import css_inline
import pytest
from conftest import SAMPLES
from lxml import html as lxml_html

from misidao_publish import readers, transforms
from misidao_publish.cli import main
from misidao_publish.config import Config, load_config
from misidao_publish.model import (
    Article,
    Code,
    CodeBlock,
    Emphasis,
    Figure,
    Heading,
    Image,
    LineBreak,
    Link,
    LinkNote,
    ListBlock,
    NoteRef,
    Paragraph,
    Quote,
    RawBlock,
    Strikethrough,
    Strong,
    Table,
    Text,
    ThematicBreak,
)
from misidao_publish.pipeline import FORMAT_TRANSFORMS, project_root
from misidao_publish.render.wechat import CHECKBOXES, UPLOAD_TEXT, list_marker
from misidao_publish.tip import tip_page
from misidao_publish.wechat_rules import RULES, check_fragment
from misidao_publish.writers.context import Job
from misidao_publish.writers.wechat import render_fragment, sanitize_fragment
from misidao_publish.writers.wechat_fix import fix_fragment

SAMPLE_FILES = sorted(SAMPLES.glob("*.md"))
THEMES = ("misidao", "plain", "shuxiang")
SAMPLE_CONFIG = SAMPLES / "misidao.toml"

HOSTILE = """---
title: 恶意输入
---

正文第一段。

<script>alert("xss")</script>

<img src="https://evil.example/x.png" onerror="alert(1)">

[点我](javascript:alert(1)) 和 <a href="javascript:alert(2)" onclick="steal()">原始链接</a>

<div style="position:fixed;top:0;left:0;width:100%;height:100%;z-index:9999;background:#000;color:#000">全屏遮罩</div>

<iframe src="https://evil.example/frame"></iframe>

<p onmouseover="x()" class="evil" id="evil" style="float:left;margin:0 auto">带处理器的段落</p>

<pre>
def f():
    return  1
</pre>

<table><tr><td>原始表格</td></tr></table>

<ul><li><p>原始列表段落</p></li></ul>

<svg width="2000" onload="alert(1)"><defs><style>*{}</style></defs><use href="#a"/></svg>

<form action="https://evil.example/"><input name="q"><button>提交</button></form>

最后一段\u200b。
"""


def fragment_of(source: Path, config: Config | None = None) -> tuple[str, list[str], Article]:
    """The paste-ready fragment of ``source``, its uploads, and the article as the renderer saw it."""
    config = config or load_config(SAMPLE_CONFIG)
    article = readers.read(source, config)
    prepared = transforms.apply(article, FORMAT_TRANSFORMS["wechat"])
    fragment, uploads = render_fragment(prepared, Job(config=config, root=project_root(source, config)))
    return fragment, uploads, prepared


def config_with(tmp_path: Path, extra: str = "", layout: str = "misidao") -> Config:
    text = SAMPLE_CONFIG.read_text(encoding="utf-8").replace('layout = "misidao"', f'layout = "{layout}"')
    path = tmp_path / "misidao.toml"
    path.write_text(text + "\n" + extra, encoding="utf-8")
    return load_config(path)


def write_article(tmp_path: Path, body: str, name: str = "a.md") -> Path:
    path = tmp_path / name
    path.write_text(body if body.startswith("---") else f"---\ntitle: 测试\n---\n\n{body}", encoding="utf-8")
    return path


# ------------------------------------------------------------------ the rules, on every sample and theme
@pytest.mark.parametrize("layout", THEMES)
@pytest.mark.parametrize("source", SAMPLE_FILES, ids=lambda p: p.stem)
def test_every_sample_and_theme_follows_every_rule(tmp_path: Path, source: Path, layout: str) -> None:
    fragment, _, _ = fragment_of(source, config_with(tmp_path, layout=layout))
    assert [str(v) for v in check_fragment(fragment)] == []


def test_code_options_follow_every_rule(tmp_path: Path) -> None:
    config = config_with(tmp_path, '[wechat]\nmac_bar = true\nline_numbers = true\ncode_theme = "github-dark"\n')
    fragment, _, _ = fragment_of(SAMPLES / "features.md", config)
    assert [str(v) for v in check_fragment(fragment)] == []


BROKEN = {
    1: '<section><p class="x">a</p></section>',
    2: '<section><p style="color: var(--c);">a</p></section>',
    3: '<section><p style="position: fixed; top: 0;">a</p></section>',
    4: '<section><p style="color: #000;">a</p><p style="background-image: linear-gradient(red, blue);">b</p></section>',
    5: '<section style="padding-top: 8px;"><p>a</p></section>',
    6: '<section><p><a href="https://example.com/">a</a></p></section>',
    7: '<section><p><img src="data:image/png;base64,AAAA" style="width: 10px;"></p></section>',
    8: '<section><p>a</p><section><pre style="overflow-x: auto;">a\n  b</pre></section></section>',
    9: '<section><ul><li><p>a</p></li></ul><p>b</p></section>',
    10: '<section><p><svg width="800"><defs></defs></svg></p></section>',
    11: '<section><p>a\u200bb</p></section>',
    12: '<section><p>' + "字" * 20_001 + '</p></section>',
    13: '<section><p>a<br/>b</p></section>',
}


@pytest.mark.parametrize("rule", sorted(RULES))
def test_validator_catches_each_rule(rule: int) -> None:
    found = [v.rule for v in check_fragment(BROKEN[rule])]
    assert rule in found, check_fragment(BROKEN[rule])
    if rule == 4:
        assert found.count(4) == 2  # pure black and the gradient under text


# ------------------------------------------------------------------ hostile input
def test_hostile_markdown_cannot_reach_the_paste(tmp_path: Path) -> None:
    css = tmp_path / "evil.css"
    css.write_text(".root { position: fixed; top: 0; background-color: #000; }\n"
                   "p { margin: 0 auto; color: black !important; display: flex; }\n"
                   ".h2 { color: var(--x); float: right; background: linear-gradient(red, blue); }\n",
                   encoding="utf-8")
    config = config_with(tmp_path, '[wechat]\nextra_css = "evil.css"\n')
    source = write_article(tmp_path, HOSTILE)
    fragment, _, _ = fragment_of(source, config)
    assert [str(v) for v in check_fragment(fragment)] == []
    lowered = fragment.lower()
    for needle in ("<script", "onerror", "onclick", "onload", 'href="javascript', "<iframe", "position",
                   "float", "z-index", "<form", "<input", "<button", "var(", "!important", "<defs", "<use",
                   'class="', 'id="', "\u200b", "gradient"):
        assert needle not in lowered, needle
    for el in lxml_html.fragment_fromstring(fragment).iter():
        for value in el.attrib.values():
            assert "alert" not in value and "javascript" not in value.lower(), value
    # The text of the hostile blocks survives as harmless text; the raw <pre> keeps its lines.
    assert "全屏遮罩" in fragment and "带处理器的段落" in fragment and "原始表格" in fragment
    assert "def&nbsp;f():<br>&nbsp;&nbsp;&nbsp;&nbsp;return&nbsp;&nbsp;1" in fragment


def test_hostile_build_checks_clean_through_the_cli(tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    source = write_article(tmp_path, HOSTILE)
    result = runner.invoke(main, ["build", str(source), "-f", "wechat", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    checked = runner.invoke(main, ["check", str(tmp_path / "out" / "a.wechat.html")])
    assert checked.exit_code == 0, checked.output
    assert "all 13 paste rules hold" in checked.output


def test_check_command_reports_each_broken_rule(tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.html"
    bad.write_text('<section class="c"><p style="position: fixed; color: rgb(0, 0, 0);">'
                   '<a href="https://example.com/">x</a></p><ul><li><p>y</p></li></ul></section>', encoding="utf-8")
    result = runner.invoke(main, ["check", str(bad)])
    assert result.exit_code == 1
    for rule in (1, 3, 4, 5, 6, 9):
        assert f"{bad}: rule {rule}:" in result.output, (rule, result.output)
    page = tmp_path / "page.html"  # a whole page saved from another tool: its body is what gets copied
    page.write_text('<!DOCTYPE html><html><head><style>p{color:red}</style></head><body><p>正文</p>'
                    '<script>x()</script></body></html>', encoding="utf-8")
    result = runner.invoke(main, ["check", str(page)])
    assert result.exit_code == 1
    assert f"{page}: rule 2: the page styles its content with <style>" in result.output
    assert f"{page}: rule 1: <script> is not allowed" in result.output
    missing = runner.invoke(main, ["check", str(tmp_path / "nope.html")])
    assert missing.exit_code == 2 and missing.output.count("\n") == 1 and "nope.html: no such file" in missing.output
    assert "Traceback" not in missing.output


# ------------------------------------------------------------------ idempotence and text
@pytest.mark.parametrize("source", SAMPLE_FILES, ids=lambda p: p.stem)
def test_inlining_and_cleaning_again_changes_nothing(source: Path) -> None:
    fragment, _, _ = fragment_of(source)
    inliner = css_inline.CSSInliner(keep_style_tags=False, keep_link_tags=False, load_remote_stylesheets=False)
    assert inliner.inline_fragment(fragment, "") == fragment
    assert sanitize_fragment(fragment) == fragment
    assert sanitize_fragment(fix_fragment(fragment)) == fragment


def _inline_text(nodes: tuple[object, ...]) -> str:
    out = []
    for node in nodes:
        if isinstance(node, (Text, Code)):
            out.append(node.text)
        elif isinstance(node, (Emphasis, Strong, Strikethrough, Link)):
            out.append(_inline_text(node.children))
        elif isinstance(node, (LinkNote, NoteRef)):
            out.append(f"[{node.number}]")
        elif isinstance(node, Image):
            out.append("" if node.src.startswith("https://") and node.local is None else _upload(node))
        elif not isinstance(node, LineBreak):
            raise AssertionError(f"unexpected inline {node!r}")
    return "".join(out)


def _upload(image: Image) -> str:
    name = image.local.name if image.local is not None else image.src
    return UPLOAD_TEXT.format(name=name, alt=f"：{image.alt}" if image.alt else "")


def _block_text(blocks: tuple[object, ...], depth: int = 0) -> str:
    out = []
    for block in blocks:
        if isinstance(block, (Heading, Paragraph)):
            out.append(_inline_text(block.children))
        elif isinstance(block, ListBlock):
            for number, item in enumerate(block.items, start=block.start):
                marker = list_marker(block.ordered, number, depth + 1) if item.checked is None \
                    else CHECKBOXES[item.checked]
                out.append(marker + _block_text(item.blocks, depth + 1))
        elif isinstance(block, Quote):
            out.append(_block_text(block.blocks, depth))
        elif isinstance(block, CodeBlock):
            out.append(block.code)
        elif isinstance(block, Table):
            out.append("".join(_inline_text(c.children) for row in (block.header, *block.rows) for c in row))
        elif isinstance(block, Figure):
            image = block.image
            if image.src.startswith("https://") and image.local is None:
                out.append(_inline_text(block.caption) or image.alt)
            else:
                out.append(_upload(image))
        elif isinstance(block, ThematicBreak):
            continue
        elif isinstance(block, RawBlock):
            out.append(lxml_html.fragment_fromstring(block.html, create_parent="div").text_content())
        else:
            raise AssertionError(f"unexpected block {block!r}")
    return "".join(out)


def expected_text(article: Article, config: Config) -> str:
    """What a reader must see: the article, its notes, its links as notes, and the tip page."""
    parts = [_block_text(article.blocks)]
    if article.footnotes:
        parts.append("注释" + "".join(f"[{f.number}]" + _block_text(f.blocks) for f in article.footnotes))
    if article.link_notes:
        parts.append("参考链接" + "".join(f"[{e.number}]" + (f"{e.text}：" if e.text else "") + e.url
                                      for e in article.link_notes))
    tip = tip_page(article.meta, config)
    if tip is not None:
        parts.append(tip.heading + "".join(c.label for c in tip.codes) + tip.copyright + tip.source)
    return re.sub(r"\s+", "", "".join(parts))


@pytest.mark.parametrize("source", SAMPLE_FILES, ids=lambda p: p.stem)
def test_fragment_text_is_article_text_plus_notes(source: Path) -> None:
    config = load_config(SAMPLE_CONFIG)
    fragment, _, article = fragment_of(source, config)
    seen = lxml_html.fragment_fromstring(fragment).text_content()
    assert re.sub(r"\s+", "", seen) == expected_text(article, config)


def test_text_check_can_fail(tmp_path: Path) -> None:
    # The comparison above notices a dropped word: guard against a vacuous normaliser.
    config = load_config(SAMPLE_CONFIG)
    fragment, _, article = fragment_of(SAMPLES / "features.md", config)
    damaged = fragment.replace("湘江西路风光带", "湘江西路", 1)
    assert re.sub(r"\s+", "", lxml_html.fragment_fromstring(damaged).text_content()) != expected_text(article, config)


def test_check_with_source_compares_the_text(tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    built = runner.invoke(main, ["build", str(SAMPLES / "features.md"), "-f", "wechat", "-o", str(tmp_path / "out")])
    assert built.exit_code == 0, built.output
    page = tmp_path / "out" / "features.wechat.html"
    ok = runner.invoke(main, ["check", str(page), "--source", str(SAMPLES / "features.md")])
    assert ok.exit_code == 0, ok.output
    tampered = tmp_path / "features.wechat.html"
    tampered.write_text(page.read_text(encoding="utf-8").replace("湘江西路风光带", "湘江西路", 1), encoding="utf-8")
    bad = runner.invoke(main, ["check", str(tampered), "--source", str(SAMPLES / "features.md")])
    assert bad.exit_code == 1 and "rule 13: the text differs" in bad.output


def test_hostile_fragment_text_is_still_the_articles(tmp_path: Path) -> None:
    from misidao_publish.wechat_text import check_text

    config = config_with(tmp_path)
    fragment, _, article = fragment_of(write_article(tmp_path, HOSTILE), config)
    assert check_text(fragment, article, config) == []
    assert 'alert("xss")' not in lxml_html.fragment_fromstring(fragment).text_content()  # script bodies go
