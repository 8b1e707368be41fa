"""Text runs: the text of one paragraph (heading, cell …) as a list of segments, for the typography transforms.

A typography rule needs context across markup — the comma in ``中文**粗体**,`` follows a Han
character even though they are in different nodes — but must never edit code, URLs or
markup. So each container's leaves become :class:`Segment` s: editable text, opaque spans
(code: they stand in the context as ``U+FFFC``, never edited) and transparent ones (footnote
references: no context at all). Rules look at the joined text and edit only matches that
lie inside one editable segment, outside any URL. :func:`map_article` applies a rule to
every run of an article; the linter feeds the same rules segments cut from Markdown lines.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..model import (
    Article, Block, Code, Emphasis, Figure, Heading, Image, Inline, LineBreak, Link, LinkNote,
    ListBlock, ListItem, NoteRef, Paragraph, Quote, RawInline, Strikethrough, Strong, Table, TableCell, Text,
)

HAN = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]"
"""A Han character (CJK unified ideographs and their extensions)."""
CJK_PUNCT = r"[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65“”‘’—…·「」『』]"
"""Chinese (full-width) punctuation, including the curly quotes Chinese text uses."""
CHINESE = rf"(?:{HAN}|{CJK_PUNCT})"
"""A character that makes its neighbourhood Chinese."""
OPAQUE = "\ufffc"
"""What code, images and breaks look like to the rules: neither Han nor Latin."""

_URL = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.|mailto:)[^\s\u3000-\u303f\uff00-\uffef“”‘’]+"
                  r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")

_HAS_HAN = re.compile(HAN)


def has_han(text: str) -> bool:
    """Whether ``text`` contains a Han character."""
    return _HAS_HAN.search(text) is not None


@dataclass(frozen=True)
class Segment:
    """One piece of a run."""

    text: str
    """The characters."""
    editable: bool = True
    """False for code, images and other spans the rules may see but never change."""
    transparent: bool = False
    """True for markup that is no context at all (footnote references, ``**``)."""


Edit = tuple[int, int, str]
"""(start, end, replacement) in the joined text of a run."""
Rule = Callable[[list[Segment]], list[str]]
"""A typography rule: the run's segments in, each segment's new text out."""


def joined(segments: list[Segment]) -> tuple[str, list[tuple[int, int] | None]]:
    """The run's text as the rules see it, and where each editable segment lies in it."""
    parts: list[str] = []
    spans: list[tuple[int, int] | None] = []
    pos = 0
    for seg in segments:
        if seg.transparent:
            spans.append(None)
            continue
        piece = seg.text if seg.editable else OPAQUE * len(seg.text)
        parts.append(piece)
        spans.append((pos, pos + len(piece)) if seg.editable else None)
        pos += len(piece)
    return "".join(parts), spans


def url_spans(text: str) -> list[tuple[int, int]]:
    """Where URLs and e-mail addresses are in ``text``: no rule edits inside them."""
    return [m.span() for m in _URL.finditer(text)]


def apply_edits(segments: list[Segment], edits: Iterable[Edit]) -> list[str]:
    """Apply joined-text ``edits`` to the segments; edits not inside one editable segment are dropped."""
    text, spans = joined(segments)
    protected = url_spans(text)
    per_segment: dict[int, list[Edit]] = {}
    for start, end, replacement in edits:
        if any((s < end and e > start) if end > start else (s < start < e) for s, e in protected):
            continue
        for index, span in enumerate(spans):
            if span is not None and span[0] <= start and end <= span[1]:
                per_segment.setdefault(index, []).append((start - span[0], end - span[0], replacement))
                break
    out = [seg.text for seg in segments]
    for index, local in per_segment.items():
        value = out[index]
        for start, end, replacement in sorted(local, reverse=True):
            value = value[:start] + replacement + value[end:]
        out[index] = value
    return out


def sub(segments: list[Segment], pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str | None]) -> list[str]:
    """Like :func:`re.sub` over the run's joined text; ``repl`` returning ``None`` keeps the match."""
    text, _ = joined(segments)
    edits = []
    for match in pattern.finditer(text):
        replacement = repl(match)
        if replacement is not None and replacement != match.group(0):
            edits.append((match.start(), match.end(), replacement))
    return apply_edits(segments, edits)


def chain(*rules: Rule) -> Rule:
    """One rule applying ``rules`` in order, each seeing the previous one's result."""
    def run(segments: list[Segment]) -> list[str]:
        for rule in rules:
            texts = rule(segments)
            segments = [dataclasses.replace(s, text=t) for s, t in zip(segments, texts)]
        return [s.text for s in segments]
    return run


def fix_text(rule: Rule, text: str) -> str:
    """Apply ``rule`` to a plain string (a title, alt text)."""
    return rule([Segment(text)])[0] if text else text


# --------------------------------------------------------------------------- the model


def _leaves(nodes: tuple[Inline, ...], out: list[Segment]) -> None:
    for node in nodes:
        if isinstance(node, Text):
            out.append(Segment(node.text))
        elif isinstance(node, (Emphasis, Strong, Strikethrough, Link)):
            _leaves(node.children, out)
        elif isinstance(node, Code):
            out.append(Segment(node.text, editable=False))
        elif isinstance(node, (NoteRef, LinkNote)):
            out.append(Segment("", editable=False, transparent=True))
        elif isinstance(node, LineBreak):
            out.append(Segment("\n", editable=False))
        elif isinstance(node, (Image, RawInline)):
            out.append(Segment(" ", editable=False))


def _rebuild(nodes: tuple[Inline, ...], texts: list[str], rule: Rule) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(Text(texts.pop(0)))
        elif isinstance(node, (Emphasis, Strong, Strikethrough, Link)):
            out.append(dataclasses.replace(node, children=_rebuild(node.children, texts, rule)))
        elif isinstance(node, Image):
            texts.pop(0)
            out.append(dataclasses.replace(node, alt=fix_text(rule, node.alt)))
        else:
            if isinstance(node, (Code, NoteRef, LinkNote, LineBreak, RawInline)):
                texts.pop(0)
            out.append(node)
    return tuple(out)


def map_inlines(rule: Rule, nodes: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Apply ``rule`` to one run of inlines."""
    segments: list[Segment] = []
    _leaves(nodes, segments)
    if not any(s.editable and s.text for s in segments):
        return nodes
    return _rebuild(nodes, rule(segments), rule)


def map_blocks(rule: Rule, blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Apply ``rule`` to every run under ``blocks``; code and raw HTML stay as they are."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, (Paragraph, Heading)):
            block = dataclasses.replace(block, children=map_inlines(rule, block.children))
        elif isinstance(block, Quote):
            block = Quote(map_blocks(rule, block.blocks))
        elif isinstance(block, ListBlock):
            items = tuple(ListItem(map_blocks(rule, i.blocks), i.checked) for i in block.items)
            block = dataclasses.replace(block, items=items)
        elif isinstance(block, Table):
            def row(cells: tuple[TableCell, ...]) -> tuple[TableCell, ...]:
                return tuple(TableCell(map_inlines(rule, c.children), c.align) for c in cells)
            block = Table(row(block.header), tuple(row(r) for r in block.rows))
        elif isinstance(block, Figure):
            image = dataclasses.replace(block.image, alt=fix_text(rule, block.image.alt))
            block = Figure(image=image, caption=map_inlines(rule, block.caption))
        out.append(block)
    return tuple(out)


def map_article(rule: Rule, article: Article) -> Article:
    """Apply ``rule`` to the body, footnotes and the human-readable metadata of ``article``."""
    meta = article.meta
    meta = dataclasses.replace(
        meta, title=fix_text(rule, meta.title), subtitle=fix_text(rule, meta.subtitle),
        summary=fix_text(rule, meta.summary), source=fix_text(rule, meta.source),
    )
    notes = tuple(dataclasses.replace(f, blocks=map_blocks(rule, f.blocks)) for f in article.footnotes)
    return dataclasses.replace(article, meta=meta, blocks=map_blocks(rule, article.blocks), footnotes=notes)

