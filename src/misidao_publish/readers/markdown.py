"""Markdown (CommonMark + GFM tables, strikethrough, autolinks, footnotes) → :class:`Article`.

markdown-it-py parses; this module walks its syntax tree into the model. It produces no HTML.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlparse

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.footnote import footnote_plugin

from ..config import Config
from ..errors import ReadError
from ..model import (
    Article, Block, Code, CodeBlock, Emphasis, Figure, Footnote, Heading, Image, Inline,
    LineBreak, Link, ListBlock, ListItem, Metadata, NoteRef, Paragraph, Quote, RawBlock,
    RawInline, Strikethrough, Strong, Table, TableCell, Text, ThematicBreak, plain_text,
)
from .frontmatter import MAX_LENGTHS, metadata_fields, split_front_matter
from .source import max_bytes, read_text

log = logging.getLogger(__name__)

MAX_NESTING = 40
"""Deeper nesting of quotes/lists than this is flattened: no reader or editor shows it anyway."""


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """One configured parser per process (building it costs more than parsing an article)."""
    md = MarkdownIt("commonmark", {"linkify": True, "maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough", "linkify"])
    md.use(footnote_plugin)
    return md


def read(path: Path, config: Config) -> Article:
    """Read a Markdown file with optional YAML front matter."""
    text = read_text(path, max_bytes(config), encoding=config.import_.encoding)
    return parse(text, path, config)


def parse(text: str, path: Path, config: Config) -> Article:
    """Parse Markdown ``text`` as if read from ``path``."""
    data, body, _offset = split_front_matter(text, path)
    fields = metadata_fields(data, path, text)
    try:
        tokens = parser().parse(body)
    except RecursionError:
        raise ReadError("nesting too deep to read", path) from None
    root = SyntaxTreeNode(tokens)
    walker = _Walker(path)
    blocks = walker.blocks(root.children)
    if not fields.get("title"):
        blocks, title = _take_title(blocks)
        if len(title) > MAX_LENGTHS["title"]:
            raise ReadError(f"the '# ' title is {len(title)} characters long (at most {MAX_LENGTHS['title']})", path)
        if not title:
            title = path.stem
            log.warning("%s: no title in front matter nor a '# ' heading; using '%s'", path, title)
        fields["title"] = title
    fields.setdefault("author", config.author)
    fields.setdefault("lang", config.lang)
    if "tip" not in fields:
        fields["tip"] = config.tip.enabled
    meta = Metadata(**fields)
    blocks = _anchor_headings(blocks)
    return Article(meta=meta, blocks=blocks, footnotes=walker.footnotes(), path=path)


def _take_title(blocks: tuple[Block, ...]) -> tuple[tuple[Block, ...], str]:
    for i, block in enumerate(blocks):
        if isinstance(block, Heading) and block.level == 1:
            return blocks[:i] + blocks[i + 1:], plain_text(block.children).strip()
    return blocks, ""


def _anchor_headings(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    out: list[Block] = []
    count = 0
    for block in blocks:
        if isinstance(block, Heading):
            count += 1
            block = dataclasses.replace(block, anchor=f"sec-{count}")
        out.append(block)
    return tuple(out)


class _Walker:
    """Walks markdown-it's syntax tree; keeps footnote numbering state for one document."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.base = path.resolve().parent
        self.note_numbers: dict[int, int] = {}  # markdown-it footnote id → our number
        self.note_refs: dict[int, int] = {}  # our number → how many references
        self.note_bodies: dict[int, tuple[str, tuple[Block, ...]]] = {}

    # ------------------------------------------------------------------ blocks
    def blocks(self, nodes: list[SyntaxTreeNode], depth: int = 0) -> tuple[Block, ...]:
        out: list[Block] = []
        for node in nodes:
            out.extend(self.block(node, depth))
        return tuple(out)

    def block(self, node: SyntaxTreeNode, depth: int) -> list[Block]:
        t = node.type
        if t == "heading":
            return [Heading(level=int(node.tag[1]), children=self.inline_of(node))]
        if t == "paragraph":
            children = self.inline_of(node)
            if len(children) == 1 and isinstance(children[0], Image):
                image = children[0]
                return [Figure(image=image, caption=(Text(image.alt),) if image.alt else ())]
            return [Paragraph(children=children)] if children else []
        if t in ("bullet_list", "ordered_list"):
            items = []
            for item in node.children:
                inner, checked = _task(self.blocks(item.children, depth + 1))
                items.append(ListItem(blocks=inner, checked=checked))
            start = int(node.attrs.get("start", 1)) if t == "ordered_list" else 1
            tight = all(c.hidden for li in node.children for c in li.children if c.type == "paragraph")
            return [ListBlock(items=tuple(items), ordered=t == "ordered_list", start=start, tight=tight)]
        if t == "blockquote":
            return [Quote(blocks=self.blocks(node.children, depth + 1))]
        if t in ("fence", "code_block"):
            info = (node.info or "").strip().split()
            return [CodeBlock(code=node.content.rstrip("\n"), language=info[0] if info else "")]
        if t == "hr":
            return [ThematicBreak()]
        if t == "html_block":
            return [RawBlock(html=node.content)]
        if t == "table":
            return [self.table(node)]
        if t == "footnote_block":
            for fn in node.children:
                self.footnote(fn, depth)
            return []
        log.debug("%s: skipping unknown block %s", self.path, t)
        return []

    def table(self, node: SyntaxTreeNode) -> Table:
        header: tuple[TableCell, ...] = ()
        rows: list[tuple[TableCell, ...]] = []
        for section in node.children:
            for tr in section.children:
                cells = tuple(
                    TableCell(children=self.inline_of(cell), align=_align(cell.attrs.get("style", "")))
                    for cell in tr.children
                )
                if section.type == "thead":
                    header = cells
                else:
                    rows.append(cells)
        return Table(header=header, rows=tuple(rows))

    def footnote(self, node: SyntaxTreeNode, depth: int) -> None:
        fid = node.meta.get("id")
        number = self.note_numbers.get(fid)
        if number is None:  # a definition nobody refers to: markdown-it drops these, so do we
            return
        blocks = self.blocks([c for c in node.children if c.type != "footnote_anchor"], depth + 1)
        self.note_bodies[number] = (str(node.meta.get("label", number)), blocks)

    def footnotes(self) -> tuple[Footnote, ...]:
        return tuple(
            Footnote(number=n, label=label, blocks=blocks, references=self.note_refs.get(n, 1))
            for n, (label, blocks) in sorted(self.note_bodies.items())
        )

    # ------------------------------------------------------------------ inlines
    def inline_of(self, node: SyntaxTreeNode) -> tuple[Inline, ...]:
        inline = next((c for c in node.children if c.type == "inline"), None)
        if inline is None:
            return ()
        return _merge_text(self.inlines(inline.children))

    def inlines(self, nodes: list[SyntaxTreeNode]) -> list[Inline]:
        out: list[Inline] = []
        for node in nodes:
            t = node.type
            if t == "text":
                out.append(Text(node.content))
            elif t == "softbreak":
                out.append(Text("\n"))
            elif t == "hardbreak":
                out.append(LineBreak())
            elif t == "em":
                out.append(Emphasis(tuple(self.inlines(node.children))))
            elif t == "strong":
                out.append(Strong(tuple(self.inlines(node.children))))
            elif t == "s":
                out.append(Strikethrough(tuple(self.inlines(node.children))))
            elif t == "code_inline":
                out.append(Code(node.content))
            elif t == "link":
                out.append(Link(url=str(node.attrs.get("href", "")), children=tuple(self.inlines(node.children)),
                                title=str(node.attrs.get("title", "") or "")))
            elif t == "image":
                out.append(self.image(node))
            elif t == "footnote_ref":
                out.append(self.note_ref(node))
            elif t == "html_inline":
                out.append(RawInline(node.content))
            else:
                out.extend(self.inlines(node.children))
        return out

    def image(self, node: SyntaxTreeNode) -> Image:
        src = str(node.attrs.get("src", ""))
        alt = "".join(c.content for c in node.children) if node.children else str(node.attrs.get("alt", ""))
        title = str(node.attrs.get("title", "") or "")
        parsed = urlparse(src)
        local = None
        if parsed.scheme in ("", "file") and src:
            relative = unquote(parsed.path)
            local = (self.base / relative).resolve() if parsed.scheme == "" else Path(relative).resolve()
        return Image(src=src, alt=alt, title=title, local=local)

    def note_ref(self, node: SyntaxTreeNode) -> NoteRef:
        fid = node.meta["id"]
        number = self.note_numbers.setdefault(fid, len(self.note_numbers) + 1)
        occurrence = self.note_refs.get(number, 0)
        self.note_refs[number] = occurrence + 1
        return NoteRef(number=number, label=str(node.meta.get("label", number)), occurrence=occurrence)


def _task(blocks: tuple[Block, ...]) -> tuple[tuple[Block, ...], bool | None]:
    """GFM task items: a leading ``[ ]`` or ``[x]`` becomes :attr:`ListItem.checked`."""
    if blocks and isinstance(blocks[0], Paragraph) and blocks[0].children:
        first = blocks[0].children[0]
        if isinstance(first, Text) and first.text[:4] in ("[ ] ", "[x] ", "[X] "):
            rest = (Text(first.text[4:]),) + blocks[0].children[1:]
            return (Paragraph(rest),) + blocks[1:], first.text[1] != " "
    return blocks, None


_ALIGN = re.compile(r"text-align:\s*(left|center|right)")


def _align(style: str) -> str:
    match = _ALIGN.search(style)
    return match.group(1) if match else ""


def _merge_text(inlines: list[Inline]) -> tuple[Inline, ...]:
    """Join adjacent text runs; a soft break between two Han characters vanishes (no stray space)."""
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + node.text)
        else:
            out.append(node)
    result: list[Inline] = []
    for node in out:
        if isinstance(node, Text) and "\n" in node.text:
            node = Text(_join_lines(node.text))
        result.append(node)
    return tuple(result)


_CJK = r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff\u3000-\u303f]"
_SOFT_CJK = re.compile(rf"(?<={_CJK})\n(?={_CJK})")


def _join_lines(text: str) -> str:
    # Chinese has no spaces between words: a line break inside a paragraph between two Han
    # characters must not become a space, as it would in English.
    return _SOFT_CJK.sub("", text).replace("\n", " ")
