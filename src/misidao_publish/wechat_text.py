"""Rule 13's second half: a fragment's text must be the article's text plus its notes.

:func:`article_text` says what a reader must find in the fragment, worked out from the model
(not from our HTML), so that ``misidao-publish check PAGE --source ARTICLE`` notices any
word a layout, the structural pass or the sanitizer lost or invented. Whitespace is ignored:
the editor reflows it anyway.
"""

from __future__ import annotations

import re

from lxml import html as lxml_html

from .config import Config
from .model import (
    Article,
    Block,
    Code,
    CodeBlock,
    Emphasis,
    Figure,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    LinkNote,
    ListBlock,
    NoteRef,
    Paragraph,
    Quote,
    RawBlock,
    RawInline,
    Strikethrough,
    Strong,
    Table,
    Text,
    ThematicBreak,
)
from .render.wechat import CHECKBOXES, UPLOAD_TEXT, list_marker
from .tip import tip_page
from .wechat_rules import ZERO_WIDTH, Violation

_SPACE = re.compile(r"\s+")


def _upload(image: Image) -> str:
    name = image.local.name if image.local is not None else image.src
    return UPLOAD_TEXT.format(name=name, alt=f"：{image.alt}" if image.alt else "")


def _shown(image: Image) -> bool:
    return image.src.startswith("https://") and image.local is None


def _inlines(nodes: tuple[Inline, ...]) -> str:
    out = []
    for node in nodes:
        if isinstance(node, (Text, Code)):
            out.append(node.text)
        elif isinstance(node, (Emphasis, Strong, Strikethrough, Link)):
            out.append(_inlines(node.children))
        elif isinstance(node, (LinkNote, NoteRef)):
            out.append(f"[{node.number}]")
        elif isinstance(node, Image):
            out.append("" if _shown(node) else _upload(node))
        elif isinstance(node, (LineBreak, RawInline)):
            continue  # raw inline tags carry no text of their own
    return "".join(out)


def _blocks(blocks: tuple[Block, ...], depth: int = 0) -> str:
    out = []
    for block in blocks:
        if isinstance(block, (Heading, Paragraph)):
            out.append(_inlines(block.children))
        elif isinstance(block, ListBlock):
            for number, item in enumerate(block.items, start=block.start):
                marker = (list_marker(block.ordered, number, depth + 1) if item.checked is None
                          else CHECKBOXES[item.checked])
                out.append(marker + _blocks(item.blocks, depth + 1))
        elif isinstance(block, Quote):
            out.append(_blocks(block.blocks, depth))
        elif isinstance(block, CodeBlock):
            out.append(block.code)
        elif isinstance(block, Table):
            out.append("".join(_inlines(c.children) for row in (block.header, *block.rows) for c in row))
        elif isinstance(block, Figure):
            shown = _shown(block.image)
            out.append((_inlines(block.caption) or block.image.alt) if shown else _upload(block.image))
        elif isinstance(block, RawBlock):
            # Raw HTML keeps its text (the sanitizer drops script and style contents with their tags).
            tree = lxml_html.fragment_fromstring(block.html, create_parent="div")
            for bad in tree.xpath(".//script|.//style|.//iframe|.//noscript"):
                bad.drop_tree()
            for img in tree.iter("img"):  # pictures the editor cannot fetch leave a placeholder
                src, alt = img.get("src", ""), img.get("alt", "")
                if not src.startswith("https://"):
                    img.tail = UPLOAD_TEXT.format(name=src or "?", alt=f"：{alt}" if alt else "") + (img.tail or "")
            out.append(tree.text_content())
        elif isinstance(block, ThematicBreak):
            continue
    return "".join(out)


def article_text(article: Article, config: Config) -> str:
    """The article's text, its notes, its 参考链接 and its tip section, without whitespace."""
    parts = [_blocks(article.blocks)]
    if article.footnotes:
        parts.append("注释" + "".join(f"[{f.number}]" + _blocks(f.blocks) for f in article.footnotes))
    if article.link_notes:
        parts.append("参考链接" + "".join(
            f"[{e.number}]" + (f"{e.text}：" if e.text else "") + e.url for e in article.link_notes))
    tip = tip_page(article.meta, config)
    if tip is not None:
        codes = "".join(c.label if c.svg else f"〔请在此处上传图片 {c.image.name if c.image else ''}〕{c.label}"
                        for c in tip.codes)
        parts.append(tip.heading + codes + tip.copyright + tip.source)
    return ZERO_WIDTH.sub("", _SPACE.sub("", "".join(parts)))  # rule 11 removes zero-width characters


def fragment_text(fragment: str) -> str:
    """What a reader sees of ``fragment``, without whitespace."""
    return _SPACE.sub("", lxml_html.fragment_fromstring(fragment, create_parent="div").text_content())


def check_text(fragment: str, article: Article, config: Config) -> list[Violation]:
    """A rule-13 violation when the fragment's text is not the article's text plus its notes."""
    want, got = article_text(article, config), fragment_text(fragment)
    if want == got:
        return []
    at = next((i for i, (a, b) in enumerate(zip(want, got, strict=False)) if a != b), min(len(want), len(got)))
    return [Violation(13, f"the text differs from the article's at character {at}: "
                          f"expected {want[at: at + 20]!r}, found {got[at: at + 20]!r}")]
