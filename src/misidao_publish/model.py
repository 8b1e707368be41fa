"""The neutral document model that readers fill and renderers read.

Small frozen dataclasses: an :class:`Article` is metadata plus a tuple of blocks; blocks hold
inlines. Readers never emit HTML and renderers never parse source text; this module is the
contract between them. Transforms return new objects (``dataclasses.replace``), never mutate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Iterator
from typing import Union

# --------------------------------------------------------------------------- inlines


@dataclass(frozen=True)
class Text:
    """A run of plain text."""

    text: str
    """The characters, unescaped."""


@dataclass(frozen=True)
class Emphasis:
    """Emphasised text (Markdown ``*x*``); rendered as ``<em>``, which Chinese layouts set as 着重号 or italic."""

    children: tuple[Inline, ...]
    """The emphasised inlines."""


@dataclass(frozen=True)
class Strong:
    """Strong importance (``**x**``), set in a real bold face."""

    children: tuple[Inline, ...]
    """The strong inlines."""


@dataclass(frozen=True)
class Strikethrough:
    """Struck-out text (GFM ``~~x~~``)."""

    children: tuple[Inline, ...]
    """The struck inlines."""


@dataclass(frozen=True)
class Code:
    """Inline code; transforms never touch its text."""

    text: str
    """The code, verbatim."""


@dataclass(frozen=True)
class Link:
    """A hyperlink."""

    url: str
    """The target as written in the source (absolute URL, ``mailto:``, or ``#anchor``)."""
    children: tuple[Inline, ...]
    """The link text."""
    title: str = ""
    """The optional link title."""


@dataclass(frozen=True)
class LinkNote:
    """A numbered reference to an entry of :attr:`Article.link_notes`, left where a link was.

    The links-to-notes transform makes these for outputs where links cannot stay links
    (the WeChat editor refuses external links).
    """

    number: int
    """1-based number of the note in :attr:`Article.link_notes`."""


@dataclass(frozen=True)
class Image:
    """An image, inline or (inside a :class:`Figure`) on its own."""

    src: str
    """The source: a remote URL as written, or a local path resolved against the source file."""
    alt: str = ""
    """Alternative text (also the caption of a figure)."""
    title: str = ""
    """The optional title."""
    local: Path | None = None
    """For a local image, the absolute path of the file; ``None`` for remote images."""


@dataclass(frozen=True)
class LineBreak:
    """A hard line break inside a paragraph."""


@dataclass(frozen=True)
class NoteRef:
    """A reference to a footnote (``[^label]``)."""

    number: int
    """1-based footnote number, in order of first reference."""
    label: str
    """The label written in the source."""
    occurrence: int = 0
    """0 for the first reference to this note, 1 for the second …; gives unique back-link ids."""


@dataclass(frozen=True)
class RawInline:
    """Inline HTML written in the source; renderers sanitise it before use."""

    html: str
    """The raw markup."""


Inline = Union[Text, Emphasis, Strong, Strikethrough, Code, Link, LinkNote, Image, LineBreak, NoteRef, RawInline]

# --------------------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Heading:
    """A section heading."""

    level: int
    """1 to 6; the article title is not a heading of the body."""
    children: tuple[Inline, ...]
    """The heading text."""
    anchor: str = ""
    """A stable id for TOC links and bookmarks (``sec-1`` …), unique within the article."""


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of body text."""

    children: tuple[Inline, ...]
    """The inlines."""


@dataclass(frozen=True)
class ListItem:
    """One item of a :class:`ListBlock`."""

    blocks: tuple[Block, ...]
    """The item's content (paragraphs, nested lists …)."""
    checked: bool | None = None
    """For task lists: whether the box is ticked; ``None`` for ordinary items."""


@dataclass(frozen=True)
class ListBlock:
    """An ordered or unordered list."""

    items: tuple[ListItem, ...]
    """The items."""
    ordered: bool = False
    """True for a numbered list."""
    start: int = 1
    """The first number of an ordered list."""
    tight: bool = True
    """True when the source list had no blank lines between items."""


@dataclass(frozen=True)
class Quote:
    """A block quotation."""

    blocks: tuple[Block, ...]
    """The quoted blocks."""


@dataclass(frozen=True)
class CodeBlock:
    """A fenced or indented code block; never transformed."""

    code: str
    """The code, verbatim, without the final newline."""
    language: str = ""
    """The info string's first word (``python`` …), or empty."""


@dataclass(frozen=True)
class TableCell:
    """One cell of a :class:`Table`."""

    children: tuple[Inline, ...]
    """The cell's inlines."""
    align: str = ""
    """``left``, ``center``, ``right`` or empty."""


@dataclass(frozen=True)
class Table:
    """A GFM table."""

    header: tuple[TableCell, ...]
    """The header row."""
    rows: tuple[tuple[TableCell, ...], ...]
    """The body rows."""


@dataclass(frozen=True)
class ThematicBreak:
    """A scene break (``---``)."""


@dataclass(frozen=True)
class Figure:
    """An image standing alone as a paragraph, with its alt text as caption."""

    image: Image
    """The image."""
    caption: tuple[Inline, ...] = ()
    """The caption (the alt text, or the image title)."""


@dataclass(frozen=True)
class RawBlock:
    """Block-level HTML from the source; renderers sanitise it before use."""

    html: str
    """The raw markup."""


Block = Union[Heading, Paragraph, ListBlock, Quote, CodeBlock, Table, ThematicBreak, Figure, RawBlock]

# --------------------------------------------------------------------------- documents


@dataclass(frozen=True)
class Footnote:
    """A footnote's text, referred to by :class:`NoteRef` inlines."""

    number: int
    """1-based number, in order of first reference."""
    label: str
    """The label written in the source."""
    blocks: tuple[Block, ...]
    """The note's content."""
    references: int = 1
    """How many :class:`NoteRef` point here (for the back-links)."""


@dataclass(frozen=True)
class LinkNoteEntry:
    """An entry of the 参考链接 list made by the links-to-notes transform."""

    number: int
    """1-based number shown in the text."""
    text: str
    """The link's text."""
    url: str
    """The target URL."""


@dataclass(frozen=True)
class Metadata:
    """What an article says about itself (front matter, or what a reader found)."""

    title: str
    """The title."""
    subtitle: str = ""
    """An optional subtitle."""
    author: str = ""
    """The author (or authors, as written)."""
    date: dt.date | None = None
    """The publication date."""
    source: str = ""
    """来源: where a reprinted article comes from (empty for original articles)."""
    source_url: str = ""
    """The URL of the original, if any."""
    tags: tuple[str, ...] = ()
    """Subject tags."""
    summary: str = ""
    """A short description."""
    cover: Path | None = None
    """Absolute path of a cover image."""
    lang: str = "zh-CN"
    """BCP 47 language tag: ``zh-CN`` for Simplified, ``zh-TW``/``zh-HK`` for Traditional."""
    tip: bool = True
    """Whether the 打赏 (tip) page ends the outputs of this article."""


@dataclass(frozen=True)
class Article:
    """One article: metadata and body."""

    meta: Metadata
    """The metadata."""
    blocks: tuple[Block, ...]
    """The body."""
    footnotes: tuple[Footnote, ...] = ()
    """The footnotes, in number order."""
    link_notes: tuple[LinkNoteEntry, ...] = ()
    """参考链接 entries made by the links-to-notes transform (empty otherwise)."""
    path: Path | None = None
    """The source file, for messages and for resolving relative paths."""

    @property
    def headings(self) -> tuple[Heading, ...]:
        """The top-level headings of the body, in order (for TOCs and bookmarks)."""
        return tuple(b for b in self.blocks if isinstance(b, Heading))


@dataclass(frozen=True)
class Part:
    """A group of articles under a title, in a book."""

    title: str
    """The part title (empty for articles outside any part)."""
    articles: tuple[Article, ...]
    """The articles, in reading order."""


@dataclass(frozen=True)
class Book:
    """Many articles published as one volume."""

    meta: Metadata
    """The book's own metadata (title, author, publisher via config …)."""
    parts: tuple[Part, ...]
    """The parts; a book without parts has one part with an empty title."""
    publisher: str = ""
    """The publisher (the site by default)."""
    isbn: str = ""
    """The ISBN, if any."""
    path: Path | None = None
    """The manifest file."""
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    """Free-form values for layouts (edition …)."""

    @property
    def articles(self) -> tuple[Article, ...]:
        """All articles in reading order."""
        return tuple(a for p in self.parts for a in p.articles)


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """The text of some inlines, without markup (for TOCs, alt text, titles)."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, (Text, Code)):
            out.append(node.text)
        elif isinstance(node, (Emphasis, Strong, Strikethrough, Link)):
            out.append(plain_text(node.children))
        elif isinstance(node, Image):
            out.append(node.alt)
        elif isinstance(node, LineBreak):
            out.append(" ")
    return "".join(out)


def walk(nodes: tuple[object, ...]) -> Iterator[object]:
    """Every node under ``nodes`` (blocks, list items, table cells, inlines), depth first."""
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        yield node
        children: list[object] = []
        if isinstance(node, Figure):
            children = [node.image, *node.caption]
        elif isinstance(node, Table):
            children = [*node.header, *(cell for row in node.rows for cell in row)]
        elif isinstance(node, ListBlock):
            children = list(node.items)
        elif isinstance(node, (ListItem, Quote, Footnote)):
            children = list(node.blocks)
        elif hasattr(node, "children"):
            children = list(node.children)  # type: ignore[attr-defined]
        stack.extend(reversed(children))
