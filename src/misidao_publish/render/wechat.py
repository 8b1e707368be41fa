"""WeChat rendering: structures that survive a paste into the 公众号 editor.

The editor keeps inline styles and a small set of tags; it strips classes, ids, ``<style>``
and scripts, collapses whitespace in code, refuses external links and re-hosts only images
it can fetch. So this renderer writes classed HTML (the theme CSS is inlined afterwards by
css-inline) with code lines joined by ``<br>``, list content inside ``<section>``, footnotes
as plain numbered paragraphs and local images as upload placeholders. See DESIGN.md §6.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from ..model import Block, CodeBlock, Figure, Footnote, Heading, Image, Link, ListBlock, NoteRef, Paragraph
from .html import HtmlRenderer

MAX_LIST_DEPTH = 2
"""The editor shows at most two list levels reliably; deeper levels are flattened."""


class WechatRenderer(HtmlRenderer):
    """HTML renderer for the WeChat fragment (classes here become inline styles later)."""

    wrapper = "section"

    def __init__(self, article, image_src=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(article, image_src=image_src or self._image_src)
        self.uploads: list[Image] = []
        self._list_depth = 0

    @staticmethod
    def _image_src(image: Image) -> str | None:
        return image.src if image.src.startswith("https://") else None

    # ------------------------------------------------------------------ blocks
    def heading(self, node: Heading) -> str:
        level = min(6, node.level + self.heading_shift)
        return f'<h{level} class="h{level}">{self.inlines(node.children)}</h{level}>'

    def code_block(self, node: CodeBlock) -> str:
        lines = []
        for line in node.code.split("\n"):
            stripped = line.lstrip(" \t")
            indent = line[: len(line) - len(stripped)].replace("\t", "    ")
            # Every space becomes &nbsp;: the editor collapses runs of spaces and raw newlines.
            lines.append("&nbsp;" * len(indent) + str(escape(stripped)).replace(" ", "&nbsp;"))
        body = "<br>".join(lines) or "&nbsp;"
        return f'<section class="code-wrap"><pre class="code"><code class="code-text">{body}</code></pre></section>'

    def list(self, node: ListBlock) -> str:
        self._list_depth += 1
        try:
            if self._list_depth > MAX_LIST_DEPTH:
                return self._flattened(node)
            return super().list(node)
        finally:
            self._list_depth -= 1

    def list_item(self, blocks: tuple[Block, ...], checked: bool | None, tight: bool) -> str:
        box = "" if checked is None else ("■ " if checked else "□ ")
        parts = []
        for block in blocks:
            if isinstance(block, Paragraph):
                parts.append(f'<section class="li-text">{box}{self.inlines(block.children)}</section>')
                box = ""
            else:
                parts.append(self.blocks((block,)))
        return f"<li>{''.join(parts)}</li>"

    def _flattened(self, node: ListBlock) -> str:
        """A list too deep for the editor: its items as indented paragraphs with text markers."""
        out = []
        for number, item in enumerate(node.items, start=node.start):
            marker = f"{number}." if node.ordered else "◦"
            for i, block in enumerate(item.blocks):
                if isinstance(block, Paragraph):
                    lead = f"{marker} " if i == 0 else ""
                    out.append(f'<p class="deep-item">{lead}{self.inlines(block.children)}</p>')
                else:
                    out.append(self.blocks((block,)))
        return "".join(out)

    def figure(self, node: Figure) -> str:
        src = self.image_src(node.image)
        if src is None:
            return self._upload_placeholder(node.image)
        caption = self.inlines(node.caption)
        cap = f'<p class="figcaption">{caption}</p>' if caption else ""
        return f'<section class="figure">{self.img_tag(node.image, src)}{cap}</section>'

    def _upload_placeholder(self, image: Image) -> str:
        if image.local is not None or not image.src.startswith("https://"):
            self.uploads.append(image)
        name = image.local.name if image.local is not None else image.src
        alt = f"：{escape(image.alt)}" if image.alt else ""
        return f'<p class="upload-placeholder">〔请在此处上传图片 {escape(name)}{alt}〕</p>'

    def img_tag(self, node: Image, src: str) -> str:
        return f'<img class="img" src="{escape(src)}" alt="{escape(node.alt)}">'

    def image(self, node: Image) -> str:
        src = self.image_src(node)
        if src is None:
            self.uploads.append(node)
            return f"〔图：{escape(node.alt or node.src)}〕"
        return self.img_tag(node, src)

    # ------------------------------------------------------------------ notes
    def note_ref(self, node: NoteRef) -> str:
        return f'<sup class="noteref">[{node.number}]</sup>'

    def link(self, node: Link) -> str:
        # Only links the links-to-notes transform kept (mp.weixin.qq.com) reach here.
        return f'<a class="link" href="{escape(node.url)}">{self.inlines(node.children)}</a>'

    def notes(self) -> Markup:
        if not self.article.footnotes:
            return Markup("")
        items = "".join(self.footnote(f) for f in self.article.footnotes)
        return Markup(f'<section class="notes"><p class="notes-title">注释</p>{items}</section>')

    def footnote(self, note: Footnote) -> str:
        return f'<p class="note"><span class="note-number">[{note.number}]</span> {self.note_body(note.blocks)}</p>'

    def link_notes(self) -> Markup:
        if not self.article.link_notes:
            return Markup("")
        items = []
        for entry in self.article.link_notes:
            label = f"{escape(entry.text)}：" if entry.text else ""
            items.append(f'<p class="note"><span class="note-number">[{entry.number}]</span> {label}'
                         f'<span class="note-url">{escape(entry.url)}</span></p>')
        return Markup(f'<section class="notes"><p class="notes-title">参考链接</p>{"".join(items)}</section>')
