"""The one node-dispatch renderer: model → HTML body markup.

Formats subclass :class:`HtmlRenderer` and override only what differs: XHTML and EPUB note
semantics for EPUB, print notes for PDF, paste-safe structures for WeChat. Every text goes
through :func:`markupsafe.escape`; raw HTML from sources goes through :func:`sanitize`.
"""

from __future__ import annotations

import logging
import re
from typing import Callable

import nh3
from markupsafe import Markup, escape

from ..model import (
    Article, Block, Code, CodeBlock, Emphasis, Figure, Footnote, Heading, Image, Inline, LineBreak,
    Link, LinkNote, ListBlock, Paragraph, NoteRef, Quote, RawBlock, RawInline, Strikethrough,
    Strong, Table, TableCell, Text, ThematicBreak, plain_text,
)

log = logging.getLogger(__name__)

# What raw HTML in a source may keep: text-level and structural markup, never scripts,
# handlers, frames, forms, styles or classes (WeChat strips them; EPUB readers choke on them).
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "cite", "code", "del", "dfn", "div", "em", "figcaption",
    "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p",
    "pre", "q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strong", "sub", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var",
}
ALLOWED_ATTRS = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "ol": {"start"},
    "abbr": {"title"},
}


def sanitize(html: str) -> str:
    """Raw HTML from a source, with everything unsafe or unportable removed."""
    return nh3.clean(
        html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRS, url_schemes={"http", "https", "mailto"},
        link_rel=None, strip_comments=True,
    )


class HtmlRenderer:
    """Renders one article's body, notes and headings to HTML markup.

    ``image_src`` maps an :class:`Image` to the ``src`` the output should use, or ``None``
    when the image cannot be shown (then its alt text stands in).
    """

    void_end = ">"
    """How void elements end: ``>`` in HTML, ``/>`` in XHTML."""
    wrapper = "div"
    """The element wrapping wide blocks (tables): WeChat keeps ``section`` where it mangles ``div``."""

    def __init__(self, article: Article, image_src: Callable[[Image], str | None] | None = None) -> None:
        self.article = article
        self.image_src = image_src or (lambda image: image.src)
        levels = [b.level for b in article.blocks if isinstance(b, Heading)]
        # The title is the page's h1; the body's top heading level becomes h2 whatever the source used.
        self.heading_shift = 2 - min(levels) if levels else 0
        self._block_dispatch: dict[type, Callable[[object], str]] = {
            Heading: self.heading, Paragraph: self.paragraph, ListBlock: self.list, Quote: self.quote,
            CodeBlock: self.code_block, Table: self.table, ThematicBreak: self.thematic_break,
            Figure: self.figure, RawBlock: self.raw_block,
        }  # type: ignore[dict-item]
        self._inline_dispatch: dict[type, Callable[[object], str]] = {
            Text: self.text, Emphasis: self.emphasis, Strong: self.strong, Strikethrough: self.strike,
            Code: self.code, Link: self.link, LinkNote: self.link_note, Image: self.image,
            LineBreak: self.line_break, NoteRef: self.note_ref, RawInline: self.raw_inline,
        }  # type: ignore[dict-item]

    # ------------------------------------------------------------------ entry points
    def body(self) -> Markup:
        """The article body."""
        return Markup(self.blocks(self.article.blocks))

    def notes(self) -> Markup:
        """The footnotes section (empty when there are none)."""
        if not self.article.footnotes:
            return Markup("")
        items = "".join(self.footnote(f) for f in self.article.footnotes)
        return Markup(f'<section class="footnotes"><h2 class="notes-title">注释</h2><ol class="footnote-list">{items}</ol></section>')

    def link_notes(self) -> Markup:
        """The 参考链接 list made by the links-to-notes transform (empty when there are none)."""
        if not self.article.link_notes:
            return Markup("")
        items = []
        for entry in self.article.link_notes:
            label = f"{escape(entry.text)}：" if entry.text else ""
            items.append(f'<p class="link-note"><span class="link-note-number">[{entry.number}]</span> {label}'
                         f'<span class="link-note-url">{escape(entry.url)}</span></p>')
        return Markup(f'<section class="link-notes"><h2 class="notes-title">参考链接</h2>{"".join(items)}</section>')

    def toc(self) -> list[dict[str, str]]:
        """The body's headings as ``{"anchor", "title", "level"}`` for TOCs and bookmarks."""
        return [
            {"anchor": h.anchor, "title": plain_text(h.children).strip(), "level": str(h.level + self.heading_shift)}
            for h in self.article.headings
        ]

    # ------------------------------------------------------------------ blocks
    def blocks(self, blocks: tuple[Block, ...]) -> str:
        return "".join(self._block_dispatch[type(b)](b) for b in blocks)

    def heading(self, node: Heading) -> str:
        level = min(6, node.level + self.heading_shift)
        anchor = f' id="{node.anchor}"' if node.anchor else ""
        return f"<h{level}{anchor}>{self.inlines(node.children)}</h{level}>"

    def paragraph(self, node: Paragraph) -> str:
        return f"<p>{self.inlines(node.children)}</p>"

    def list(self, node: ListBlock) -> str:
        tag = "ol" if node.ordered else "ul"
        start = f' start="{node.start}"' if node.ordered and node.start != 1 else ""
        items = "".join(self.list_item(item.blocks, item.checked, node.tight) for item in node.items)
        return f"<{tag}{start}>{items}</{tag}>"

    def list_item(self, blocks: tuple[Block, ...], checked: bool | None, tight: bool) -> str:
        box = "" if checked is None else ("■ " if checked else "□ ")
        if tight:
            # Tight items hold their text directly: no li > p (WeChat adds blank lines around those).
            parts = []
            for block in blocks:
                if isinstance(block, Paragraph):
                    parts.append(self.inlines(block.children))
                else:
                    parts.append(self.blocks((block,)))
            return f"<li>{box}{''.join(parts)}</li>"
        return f"<li>{box}{self.blocks(blocks)}</li>"

    def quote(self, node: Quote) -> str:
        return f"<blockquote>{self.blocks(node.blocks)}</blockquote>"

    def code_block(self, node: CodeBlock) -> str:
        cls = f' class="language-{escape(node.language)}"' if node.language else ""
        return f"<pre><code{cls}>{escape(node.code)}</code></pre>"

    def table(self, node: Table) -> str:
        def cells(row: tuple[TableCell, ...], tag: str) -> str:
            out = []
            for cell in row:
                # "prop: value;" is how css-inline writes styles, so WeChat's re-inlining changes nothing
                align = f' style="text-align: {cell.align};"' if cell.align else ""
                out.append(f"<{tag}{align}>{self.inlines(cell.children)}</{tag}>")
            return "<tr>" + "".join(out) + "</tr>"
        head = f"<thead>{cells(node.header, 'th')}</thead>" if node.header else ""
        body = "".join(cells(r, "td") for r in node.rows)
        return f'<{self.wrapper} class="table-wrap"><table>{head}<tbody>{body}</tbody></table></{self.wrapper}>'

    def thematic_break(self, node: ThematicBreak) -> str:
        return f"<hr{self.void_end}"

    def figure(self, node: Figure) -> str:
        src = self.image_src(node.image)
        caption = self.inlines(node.caption)
        if src is None:
            return f'<p class="missing-image">〔图：{caption or escape(node.image.src)}〕</p>'
        img = self.img_tag(node.image, src)
        cap = f"<figcaption>{caption}</figcaption>" if caption else ""
        return f"<figure>{img}{cap}</figure>"

    def raw_block(self, node: RawBlock) -> str:
        return sanitize(node.html)

    def footnote(self, note: Footnote) -> str:
        backs = "".join(
            f' <a class="footnote-back" href="#fnref-{note.number}{_occ(i)}">↑</a>' for i in range(note.references)
        )
        return f'<li id="fn-{note.number}" class="footnote">{self.note_body(note.blocks)}{backs}</li>'

    def note_body(self, blocks: tuple[Block, ...]) -> str:
        """A note's blocks, single paragraphs inline so the back-link stays on their line."""
        if len(blocks) == 1 and isinstance(blocks[0], Paragraph):
            return self.inlines(blocks[0].children)
        return self.blocks(blocks)

    # ------------------------------------------------------------------ inlines
    def inlines(self, nodes: tuple[Inline, ...]) -> str:
        html = "".join(self._inline_dispatch[type(n)](n) for n in nodes)
        if any(isinstance(n, RawInline) for n in nodes):
            html = balance(html)  # raw tags from the source may open what they never close
        return html

    def text(self, node: Text) -> str:
        return str(escape(node.text))

    def emphasis(self, node: Emphasis) -> str:
        return f"<em>{self.inlines(node.children)}</em>"

    def strong(self, node: Strong) -> str:
        return f"<strong>{self.inlines(node.children)}</strong>"

    def strike(self, node: Strikethrough) -> str:
        return f"<del>{self.inlines(node.children)}</del>"

    def code(self, node: Code) -> str:
        return f"<code>{escape(node.text)}</code>"

    def link(self, node: Link) -> str:
        if node.url.lower().startswith(("javascript:", "vbscript:", "data:")):
            return self.inlines(node.children)
        title = f' title="{escape(node.title)}"' if node.title else ""
        return f'<a href="{escape(node.url)}"{title}>{self.inlines(node.children)}</a>'

    def link_note(self, node: LinkNote) -> str:
        return f'<sup class="link-ref">[{node.number}]</sup>'

    def image(self, node: Image) -> str:
        src = self.image_src(node)
        if src is None:
            return f"〔图：{escape(node.alt or node.src)}〕"
        return self.img_tag(node, src)

    def img_tag(self, node: Image, src: str) -> str:
        title = f' title="{escape(node.title)}"' if node.title else ""
        return f'<img src="{escape(src)}" alt="{escape(node.alt)}"{title}{self.void_end}'

    def line_break(self, node: LineBreak) -> str:
        return f"<br{self.void_end}"

    def note_ref(self, node: NoteRef) -> str:
        return (f'<sup class="noteref-wrap"><a class="noteref" id="fnref-{node.number}{_occ(node.occurrence)}" '
                f'href="#fn-{node.number}">{node.number}</a></sup>')

    def raw_inline(self, node: RawInline) -> str:
        # markdown-it hands inline HTML over tag by tag, so each piece is judged alone: a bare
        # text-level tag passes (normalised, attributes dropped), anything else disappears.
        match = _BARE_TAG.match(node.html.strip())
        if not match or match.group(2).lower() not in INLINE_TAGS:
            return ""
        tag = match.group(2).lower()
        if tag == "br":
            return f"<br{self.void_end}"
        return f"<{match.group(1)}{tag}>"


INLINE_TAGS = {"b", "br", "del", "i", "ins", "kbd", "mark", "rp", "rt", "ruby", "s", "small", "sub", "sup", "u", "span"}
_BARE_TAG = re.compile(r"^<(/?)([A-Za-z][A-Za-z0-9]*)\s*/?>$")


_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>")
VOID = {"br", "hr", "img", "wbr"}


def balance(html: str) -> str:
    """``html`` with stray closing tags dropped and unclosed ones closed, so it nests properly."""
    out: list[str] = []
    stack: list[str] = []
    position = 0
    for match in _TAG.finditer(html):
        out.append(html[position:match.start()])
        position = match.end()
        closing, tag, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if tag in VOID or self_closing:
            out.append(match.group(0))
        elif not closing:
            stack.append(tag)
            out.append(match.group(0))
        elif tag in stack:
            while stack:
                top = stack.pop()
                out.append(f"</{top}>")
                if top == tag:
                    break
    out.append(html[position:])
    out.extend(f"</{tag}>" for tag in reversed(stack))
    return "".join(out)


def _occ(occurrence: int) -> str:
    return f"-{occurrence + 1}" if occurrence else ""
