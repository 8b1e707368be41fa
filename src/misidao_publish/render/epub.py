"""EPUB rendering: XHTML documents with EPUB 3 semantics (notes as pop-up footnotes)."""

from __future__ import annotations

from lxml import etree
from lxml import html as lxml_html
from markupsafe import Markup

from ..model import Footnote, NoteRef, RawBlock
from .html import HtmlRenderer, _occ, sanitize


class XhtmlRenderer(HtmlRenderer):
    """HTML renderer whose output is well-formed XHTML for EPUB content documents."""

    void_end = "/>"

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
