"""Model → Markdown with YAML front matter: what ``import`` writes for a person to edit.

The output reads back through :mod:`..readers.markdown` into the same model (a round trip the
tests check), so an imported article builds exactly like the source it came from.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import yaml

from ..model import (
    Article, Block, Code, CodeBlock, Emphasis, Figure, Footnote, Heading, Image, Inline, LineBreak, Link, LinkNote,
    ListBlock, NoteRef, Paragraph, Quote, RawBlock, RawInline, Strikethrough, Strong, Table, Text, ThematicBreak,
)

_ESCAPE = re.compile(r"([\\`*_\[\]<>]|~(?=~))")  # a lone ~ (10~20 元) is no markup
_LINE_START = re.compile(r"^(\s*)(?:([#>+\-=])|(\d+)([.)]))(?=\s|$)", re.M)


def _escape_line_start(text: str) -> str:
    """A paragraph line that would read as a heading, quote or list item gets its marker escaped."""
    def repl(m: re.Match[str]) -> str:
        if m.group(2):
            return f"{m.group(1)}\\{m.group(2)}"
        return f"{m.group(1)}{m.group(3)}\\{m.group(4)}"
    return _LINE_START.sub(repl, text)


def front_matter(article: Article, default_lang: str = "zh-CN") -> dict[str, object]:
    """The metadata worth writing down (empty fields and defaults left out)."""
    meta = article.meta
    data: dict[str, object] = {"title": meta.title}
    for key in ("subtitle", "author", "source", "source_url", "summary"):
        value = getattr(meta, key)
        if value:
            data[key] = value
    if meta.date is not None:
        data["date"] = meta.date.isoformat()
    if meta.tags:
        data["tags"] = list(meta.tags)
    if meta.lang != default_lang:
        data["lang"] = meta.lang
    return data


def to_markdown(article: Article, image_src: Callable[[Image], str] = lambda i: i.src,
                default_lang: str = "zh-CN") -> str:
    """The article as Markdown; ``image_src`` says how each image is referred to (after copying)."""
    writer = _Writer(image_src)
    head = yaml.safe_dump(front_matter(article, default_lang), allow_unicode=True, sort_keys=False, width=1000)
    body = writer.blocks(article.blocks)
    notes = [writer.footnote(f) for f in article.footnotes]
    return "---\n" + head + "---\n\n" + "\n\n".join([*body, *notes]).rstrip() + "\n"


class _Writer:
    def __init__(self, image_src: Callable[[Image], str]) -> None:
        self.image_src = image_src

    def blocks(self, blocks: tuple[Block, ...]) -> list[str]:
        return [text for text in (self.block(b) for b in blocks) if text]

    def block(self, block: Block) -> str:
        if isinstance(block, Heading):
            return "#" * block.level + " " + self.inlines(block.children).replace("\n", " ")
        if isinstance(block, Paragraph):
            return _escape_line_start(self.inlines(block.children))
        if isinstance(block, Figure):
            return self.image(block.image)
        if isinstance(block, Quote):
            inner = "\n\n".join(self.blocks(block.blocks))
            return "\n".join(("> " + line).rstrip() for line in inner.split("\n"))
        if isinstance(block, ListBlock):
            lines = []
            for number, item in enumerate(block.items, start=block.start):
                marker = f"{number}. " if block.ordered else "- "
                if item.checked is not None:
                    marker += "[x] " if item.checked else "[ ] "
                inner = ("\n" if block.tight else "\n\n").join(self.blocks(item.blocks)) or ""
                pad = " " * len(marker if item.checked is None else marker[:-4])
                first, *rest = inner.split("\n") if inner else [""]
                lines.append(marker + first + "".join("\n" + (pad + r if r else "") for r in rest))
            return ("\n" if block.tight else "\n\n").join(lines)
        if isinstance(block, CodeBlock):
            fence = "```"
            while fence in block.code:
                fence += "`"
            return f"{fence}{block.language}\n{block.code}\n{fence}"
        if isinstance(block, Table):
            def row(cells: tuple) -> str:  # type: ignore[type-arg]
                return "| " + " | ".join(self.inlines(c.children).replace("|", "\\|").replace("\n", " ")
                                         for c in cells) + " |"
            aligns = {"left": ":---", "center": ":---:", "right": "---:"}
            rule = "| " + " | ".join(aligns.get(c.align, "---") for c in block.header) + " |"
            return "\n".join([row(block.header), rule, *(row(r) for r in block.rows)])
        if isinstance(block, ThematicBreak):
            return "* * *"
        if isinstance(block, RawBlock):
            return block.html.rstrip("\n")
        return ""

    def footnote(self, note: Footnote) -> str:
        inner = "\n\n".join(self.blocks(note.blocks))
        first, *rest = inner.split("\n")
        return f"[^{note.label}]: {first}" + "".join("\n    " + r if r else "\n" for r in rest)

    def inlines(self, nodes: tuple[Inline, ...]) -> str:
        return "".join(self.inline(n) for n in nodes)

    def inline(self, node: Inline) -> str:
        if isinstance(node, Text):
            return _ESCAPE.sub(r"\\\1", node.text)
        if isinstance(node, Strong):
            return f"**{self.inlines(node.children)}**"
        if isinstance(node, Emphasis):
            return f"*{self.inlines(node.children)}*"
        if isinstance(node, Strikethrough):
            return f"~~{self.inlines(node.children)}~~"
        if isinstance(node, Code):
            ticks = "`"
            while ticks in node.text:
                ticks += "`"
            pad = " " if node.text.startswith("`") or node.text.endswith("`") else ""
            return f"{ticks}{pad}{node.text}{pad}{ticks}"
        if isinstance(node, Link):
            text = self.inlines(node.children)
            title = f' "{node.title}"' if node.title else ""
            if text == _ESCAPE.sub(r"\\\1", node.url) and not title:
                return f"<{node.url}>"
            return f"[{text}]({_destination(node.url)}{title})"
        if isinstance(node, Image):
            return self.image(node)
        if isinstance(node, LineBreak):
            return "\\\n"
        if isinstance(node, NoteRef):
            return f"[^{node.label}]"
        if isinstance(node, LinkNote):
            return f"[{node.number}]"
        if isinstance(node, RawInline):
            return node.html
        return ""

    def image(self, image: Image) -> str:
        alt = _ESCAPE.sub(r"\\\1", image.alt)
        title = f' "{image.title}"' if image.title else ""
        return f"![{alt}]({_destination(self.image_src(image))}{title})"


def _destination(url: str) -> str:
    return f"<{url}>" if any(ch in url for ch in " ()<>") else url
