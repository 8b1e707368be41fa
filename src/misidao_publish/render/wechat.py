"""WeChat rendering: structures that survive a paste into the 公众号 editor.

The editor keeps inline styles and a small set of tags; it strips classes, ids, ``<style>``
and scripts, collapses whitespace in code, refuses external links, drops list markers it
does not understand and re-hosts only images it can fetch. So this renderer writes classed
HTML (the theme CSS is inlined afterwards by css-inline) with: code as highlighted ``<br>``
lines (:mod:`.wechat_code`); list items whose bullets and numbers are text inside a
``<section>`` (never ``li > p``, at most two levels); tables and code in sideways-scrolling
sections; https images sized in ``style`` with a caption; local images as upload
placeholders; footnotes and link notes as numbered paragraphs. See DESIGN.md §6.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from ..model import (
    Article,
    Block,
    CodeBlock,
    Figure,
    Footnote,
    Heading,
    Image,
    Link,
    ListBlock,
    NoteRef,
    Paragraph,
)
from .html import HtmlRenderer
from .wechat_code import CodeOptions, code_block_html

MAX_LIST_DEPTH = 2
"""The editor shows at most two list levels reliably; deeper levels are flattened."""
BULLETS = ("•", "◦", "▪")
"""Text bullets by depth (1, 2, deeper): text survives the paste where ``list-style`` does not."""
CHECKBOXES = {True: "■", False: "□"}
"""Task-list boxes, done and not done."""
UPLOAD_TEXT = "〔请在此处上传图片 {name}{alt}〕"
"""The placeholder left where a local image must be uploaded by hand."""


def list_marker(ordered: bool, number: int, depth: int) -> str:
    """The text marker of a list item: ``3.`` or a bullet for its depth."""
    if ordered:
        return f"{number}."
    return BULLETS[min(depth, len(BULLETS)) - 1]


class WechatRenderer(HtmlRenderer):
    """HTML renderer for the WeChat fragment (classes here become inline styles later)."""

    wrapper = "section"

    def __init__(self, article: Article, code: CodeOptions | None = None) -> None:
        super().__init__(article, image_src=self._image_src)
        self.code_options = code or CodeOptions()
        self.uploads: list[Image] = []
        self._list_depth = 0

    @staticmethod
    def _image_src(image: Image) -> str | None:
        return image.src if image.src.startswith("https://") and image.local is None else None

    # ------------------------------------------------------------------ blocks
    def heading(self, node: Heading) -> str:
        level = min(6, node.level + self.heading_shift)
        return f'<h{level} class="h{level}"><span class="h{level}-text">{self.inlines(node.children)}</span></h{level}>'

    def code_block(self, node: CodeBlock) -> str:
        return code_block_html(node.code, node.language, self.code_options)

    def list(self, node: ListBlock) -> str:
        self._list_depth += 1
        try:
            if self._list_depth > MAX_LIST_DEPTH:
                return self._flattened(node, self._list_depth)
            tag = "ol" if node.ordered else "ul"
            items = "".join(
                self._item(item.blocks, item.checked, list_marker(node.ordered, n, self._list_depth))
                for n, item in enumerate(node.items, start=node.start)
            )
            start = f' start="{node.start}"' if node.ordered and node.start != 1 else ""
            return f'<{tag} class="list list-{self._list_depth}"{start}>{items}</{tag}>'
        finally:
            self._list_depth -= 1

    def _item(self, blocks: tuple[Block, ...], checked: bool | None, marker: str) -> str:
        # A task item's box is its marker: a bullet beside it would read as two markers.
        marker = marker if checked is None else CHECKBOXES[checked]
        parts = []
        lead = f'<span class="li-marker">{escape(marker)}</span>'
        for block in blocks:
            if isinstance(block, Paragraph):
                # Later paragraphs of a loose item line up with the first one's text, under no marker.
                cls = "li-text" if lead else "li-more"
                parts.append(f'<section class="{cls}">{lead}{self.inlines(block.children)}</section>')
                lead = ""
            else:
                if lead:  # an item that opens with a nested list or code keeps its marker on a line of its own
                    parts.append(f'<section class="li-text">{lead}</section>')
                    lead = ""
                parts.append(self.blocks((block,)))
        return f'<li class="li">{"".join(parts)}</li>'

    def _flattened(self, node: ListBlock, depth: int) -> str:
        """A list too deep for the editor: its items as indented sections with text markers."""
        out = []
        for number, item in enumerate(node.items, start=node.start):
            marker = list_marker(node.ordered, number, depth) if item.checked is None else CHECKBOXES[item.checked]
            for i, block in enumerate(item.blocks):
                if isinstance(block, Paragraph):
                    lead = f'<span class="li-marker">{escape(marker)}</span>' if i == 0 else ""
                    out.append(f'<section class="deep-item deep-{min(depth, 4)}">{lead}'
                               f'{self.inlines(block.children)}</section>')
                else:
                    out.append(self.blocks((block,)))  # a nested list counts its own depth
        return "".join(out)

    def figure(self, node: Figure) -> str:
        src = self.image_src(node.image)
        if src is None:
            return self._upload_placeholder(node.image)
        caption = self.inlines(node.caption) or str(escape(node.image.alt))
        cap = f'<p class="figcaption">{caption}</p>' if caption else ""
        return f'<section class="figure">{self.img_tag(node.image, src)}{cap}</section>'

    def _upload_placeholder(self, image: Image) -> str:
        self.uploads.append(image)
        name = image.local.name if image.local is not None else image.src
        alt = f"：{image.alt}" if image.alt else ""
        return f'<p class="upload-placeholder">{escape(UPLOAD_TEXT.format(name=name, alt=alt))}</p>'

    def img_tag(self, node: Image, src: str) -> str:
        return f'<img class="img" src="{escape(src)}" alt="{escape(node.alt)}">'

    def image(self, node: Image) -> str:
        src = self.image_src(node)
        if src is None:
            self.uploads.append(node)
            name = node.local.name if node.local is not None else node.src
            return str(escape(UPLOAD_TEXT.format(name=name, alt=f"：{node.alt}" if node.alt else "")))
        return f'<img class="img-inline" src="{escape(src)}" alt="{escape(node.alt)}">'

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
        number = f'<span class="note-number">[{note.number}]</span> '
        if len(note.blocks) == 1 and isinstance(note.blocks[0], Paragraph):
            return f'<p class="note">{number}{self.inlines(note.blocks[0].children)}</p>'
        # Several blocks: a section, so no paragraph ends up inside a paragraph.
        return f'<section class="note">{number}{self.blocks(note.blocks)}</section>'

    def link_notes(self) -> Markup:
        if not self.article.link_notes:
            return Markup("")
        items = []
        for entry in self.article.link_notes:
            label = f"{escape(entry.text)}：" if entry.text else ""
            items.append(f'<p class="note"><span class="note-number">[{entry.number}]</span> {label}'
                         f'<span class="note-url">{escape(entry.url)}</span></p>')
        return Markup(f'<section class="notes"><p class="notes-title">参考链接</p>{"".join(items)}</section>')
