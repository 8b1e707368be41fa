"""EPUB rendering: XHTML documents with EPUB 3 semantics (notes as pop-up footnotes)."""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree
from lxml import html as lxml_html
from markupsafe import Markup, escape

from ..model import Article, Figure, Footnote, Image, NoteRef, RawBlock, Text
from .html import HtmlRenderer, _occ, sanitize

# 纵中横 (tate-chu-yoko): in vertical text, runs of one or two Latin digits stand upright in one
# character cell; longer numbers and words lie on their side as clreq describes.
_SHORT_DIGITS = re.compile(r"(?<![0-9A-Za-z.,])([0-9]{1,2})(?![0-9A-Za-z])")


class XhtmlRenderer(HtmlRenderer):
    """HTML renderer whose output is well-formed XHTML for EPUB content documents.

    ``vertical`` marks short digit runs for upright setting (纵中横) in vertical editions.
    """

    void_end = "/>"

    def __init__(self, article: Article, image_src: Callable[[Image], str | None] | None = None,
                 vertical: bool = False) -> None:
        super().__init__(article, image_src)
        self.vertical = vertical

    def text(self, node: Text) -> str:
        return upright_digits(node.text) if self.vertical else str(escape(node.text))

    def figure(self, node: Figure) -> str:
        if node.image.local is None and self.image_src(node.image) is None:
            # A remote picture not downloaded: its alt text, linked to where it lives.
            label = self.inlines(node.caption) or escape(node.image.alt or node.image.src)
            return f'<p class="missing-image">{_linked(node.image.src, f"〔图：{label}〕")}</p>'
        return super().figure(node)

    def image(self, node: Image) -> str:
        if node.local is None and self.image_src(node) is None:
            return _linked(node.src, f"〔图：{escape(node.alt or node.src)}〕")
        return super().image(node)

    def note_ref(self, node: NoteRef) -> str:
        # epub:type="noteref" + role="doc-noteref": Apple Books and KOReader show the note as a pop-up.
        return (f'<sup class="noteref-wrap"><a class="noteref" epub:type="noteref" role="doc-noteref" '
                f'id="fnref-{node.number}{_occ(node.occurrence)}" href="#fn-{node.number}">{node.number}</a></sup>')

    def notes(self) -> Markup:
        if not self.article.footnotes:
            return Markup("")
        asides = "".join(self.footnote(f) for f in self.article.footnotes)
        return Markup(f'<section class="footnotes"><h2 class="notes-title">注释</h2>{asides}</section>')

    def footnote(self, note: Footnote) -> str:
        n = note.number
        # The note's number leads back to the first reference; later references get a ↩ each.
        lead = f'<a class="footnote-back" role="doc-backlink" href="#fnref-{n}">{n}.</a> '
        more = "".join(
            f' <a class="footnote-back" role="doc-backlink" href="#fnref-{n}{_occ(i)}">↑</a>'
            for i in range(1, note.references)
        )
        return (f'<aside id="fn-{n}" class="footnote" epub:type="footnote" role="doc-footnote">'
                f'<div class="footnote-body">{lead}{self.note_body(note.blocks)}{more}</div></aside>')

    def raw_block(self, node: RawBlock) -> str:
        return to_xhtml(sanitize(node.html))


def upright_digits(text: str) -> Markup:
    """``text`` escaped, with runs of one or two digits marked for upright setting (纵中横)."""
    return Markup(_SHORT_DIGITS.sub(r'<span class="tcy">\1</span>', str(escape(text))))


def _linked(url: str, label: str) -> str:
    if url.lower().startswith(("http://", "https://")):
        return f'<a class="missing-image" href="{escape(url)}">{label}</a>'
    return label


def to_xhtml(fragment: str) -> str:
    """Sanitised HTML re-serialised as XML (closed void tags, quoted attributes)."""
    if not fragment.strip():
        return ""
    parts = lxml_html.fragments_fromstring(fragment)
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(str(Markup.escape(part)))
        else:
            out.append(etree.tostring(part, method="xml", encoding="unicode", with_tail=True))
    return "".join(out)
