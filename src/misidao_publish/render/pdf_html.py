"""The print variant of the node-dispatch renderer: composed Chinese paragraphs and page-foot notes.

Body paragraphs are set line by line by :mod:`misidao_publish.typeset` (justified, 禁则,
标点挤压, Han–Latin spacing); footnotes float to the foot of the page where they are called
(``float: footnote``) instead of gathering at the end of the article.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from markupsafe import Markup, escape

from ..model import (
    Article,
    Block,
    Figure,
    Footnote,
    Heading,
    Image,
    ListBlock,
    NoteRef,
    Paragraph,
    Quote,
    Text,
    walk,
)
from ..typeset.compose import atoms_of, break_lines
from ..typeset.emit import lines_html
from ..typeset.metrics import advance, face_for
from .html import HtmlRenderer

QUOTE_INSET = 1.25
"""How much narrower a block quotation is than the text block, in ems (padding + rule, as in style.css.j2)."""
INDENT = 2.0
"""First-line indent of body paragraphs, in ems."""
FULL_BLEED = ("full-bleed", "出血")
"""Image titles (``![alt](a.jpg "full-bleed")``) that ask for a full-page picture running into the bleed."""
NOTE_SCALE = 0.8
"""Footnote size relative to the body (``.fn`` in style.css.j2)."""
NOTE_NUMBER_GAP = 0.6
"""Space after a footnote's number, in the note's ems (``.fn-number``)."""
LIST_INSET = 2.0
"""How much narrower each level of list is, in ems (``ul, ol { padding-left }`` in style.css.j2)."""


class PdfRenderer(HtmlRenderer):
    """Renders an article for the print layout.

    ``measure`` is the text block's width in ems of the body size (版心 = N × 字号), ``font_size``
    the body size in points.
    """

    def __init__(self, article: Article, image_src: Callable[[Image], str | None], measure: float,
                 font_size: float, compose: bool = True, anchor_prefix: str = "") -> None:
        super().__init__(article, image_src=image_src)
        self.anchor_prefix = anchor_prefix
        self.measure = measure
        self.font_size = font_size
        self.compose = compose
        self._inset = 0.0
        self._in_list = 0
        self._notes = {note.number: note for note in article.footnotes}
        self.composed = 0
        """How many paragraphs were composed by us (the rest were left to WeasyPrint)."""
        self.spacings: set[int] = set()
        """The letter-spacings (thousandths of a point) the composed lines use."""

    def heading(self, node: Heading) -> str:
        # In a book every article numbers its sections from 1, so ids carry the article's prefix.
        if node.anchor and self.anchor_prefix:
            node = dataclasses.replace(node, anchor=self.anchor_prefix + node.anchor)
        return super().heading(node)

    def toc(self) -> list[dict[str, str]]:
        return [dict(entry, anchor=self.anchor_prefix + entry["anchor"]) for entry in super().toc()]

    def notes(self) -> Markup:
        """Nothing at the end: every note sits at the foot of its page."""
        return Markup("")

    def paragraph(self, node: Paragraph) -> str:
        # Paragraphs of list items start flush (li p has no indent), body paragraphs indented 2em.
        composed = self.composed_lines(node, 0.0 if self._in_list else INDENT)
        return f'<p class="set">{composed}</p>' if composed is not None else super().paragraph(node)

    def composed_lines(self, node: Paragraph, indent: float) -> str | None:
        """The paragraph set line by line for the current width, or ``None`` to leave it to WeasyPrint."""
        if not self.compose:
            return None
        atoms = atoms_of(node.children, self.footnote_float)
        if not atoms:
            return None
        width = self.measure - self._inset - LIST_INSET * self._in_list
        self.composed += 1
        return lines_html(break_lines(atoms, width, indent), self.font_size, self.spacings)

    def quote(self, node: Quote) -> str:
        self._inset += QUOTE_INSET
        try:
            return super().quote(node)
        finally:
            self._inset -= QUOTE_INSET

    def list(self, node: ListBlock) -> str:
        self._in_list += 1
        try:
            return super().list(node)
        finally:
            self._in_list -= 1

    def list_item(self, blocks: tuple[Block, ...], checked: bool | None, tight: bool) -> str:
        if checked is not None:
            # A task carries its own box (■ □): no bullet in front of it as well.
            return super().list_item(blocks, checked, tight).replace("<li>", '<li class="task">', 1)
        if tight and blocks and isinstance(blocks[0], Paragraph):
            first = self.composed_lines(blocks[0], 0.0)
            if first is not None:
                return f'<li class="set">{first}{self.blocks(blocks[1:])}</li>'
        return super().list_item(blocks, checked, tight)

    def figure(self, node: Figure) -> str:
        html = super().figure(node)
        if node.image.title.strip().lower() in FULL_BLEED and html.startswith("<figure>"):
            # A picture given the title "full-bleed" (出血) fills a page of its own, edge to edge
            # and on into the bleed, so the cutter leaves no white rim.
            return html.replace("<figure>", '<figure class="full-bleed">', 1)
        return html

    def note_ref(self, node: NoteRef) -> str:
        return f'<sup class="noteref">{node.number}</sup>{self.footnote_float(node)}'

    def footnote_float(self, node: NoteRef) -> str:
        """The note's text where it is first called, floated by WeasyPrint to the page foot."""
        note = self._notes.get(node.number)
        if note is None or node.occurrence:
            return ""
        return f'<span class="fn"><span class="fn-number">{node.number}</span>{self.note_inline(note)}</span>'

    def note_inline(self, note: Footnote) -> str:
        """A note as inline markup (it lives inside the calling paragraph until it floats), its
        paragraphs composed like the body's at the notes' size, the first line after the number."""
        parts = []
        number = advance(face_for("sans", False), str(note.number)) + NOTE_NUMBER_GAP
        for index, block in enumerate(note.blocks):
            if not isinstance(block, Paragraph):
                parts.append(str(escape(_text(block))))
                continue
            atoms = atoms_of(block.children, lambda ref: "") if self.compose else None
            if atoms:
                lines = break_lines(atoms, self.measure / NOTE_SCALE, number if index == 0 else 0.0)
                parts.append(lines_html(lines, self.font_size * NOTE_SCALE, self.spacings))
            else:
                parts.append(self.inlines(block.children))
        return "<br>".join(parts)


def _text(block: Block) -> str:
    return "".join(n.text for n in walk((block,)) if isinstance(n, Text))

