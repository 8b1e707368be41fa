"""Links to numbered notes: for outputs where a link cannot stay a link.

The WeChat editor refuses external links, so each one becomes its text followed by a
superscript number, and the URL is listed under 参考链接 at the end. Links that the output
can keep (``keep(url)`` is true) stay links. A link whose text is its URL becomes plain
text: the reader already sees the address, a note would only print it twice.
"""

from __future__ import annotations

import dataclasses
from typing import Callable

from ..model import (
    Article, Block, Emphasis, Figure, Heading, Inline, Link, LinkNote, LinkNoteEntry,
    ListBlock, ListItem, Paragraph, Quote, Strikethrough, Strong, Table, TableCell, plain_text,
)


def is_wechat_link(url: str) -> bool:
    """Only links into WeChat's own articles survive a paste into the 公众号 editor."""
    return url.startswith("https://mp.weixin.qq.com/")


def links_to_notes(article: Article, keep: Callable[[str], bool] = is_wechat_link) -> Article:
    """Return ``article`` with every link that ``keep`` refuses turned into a :class:`LinkNote`."""
    entries: list[LinkNoteEntry] = []
    numbers: dict[str, int] = {}

    def inlines(nodes: tuple[Inline, ...]) -> tuple[Inline, ...]:
        out: list[Inline] = []
        for node in nodes:
            if isinstance(node, Link):
                children = inlines(node.children)
                if keep(node.url):
                    out.append(dataclasses.replace(node, children=children))
                    continue
                if node.url.startswith("#") or not node.url:
                    out.extend(children)  # in-page anchors mean nothing after paste
                    continue
                text = plain_text(node.children).strip()
                if text == node.url and not node.title:
                    out.extend(children)
                    continue
                number = numbers.get(node.url)
                if number is None:
                    number = numbers[node.url] = len(entries) + 1
                    label = node.title or ("" if text == node.url else text)
                    entries.append(LinkNoteEntry(number=number, text=label, url=node.url))
                out.extend(children)
                out.append(LinkNote(number))
            elif isinstance(node, (Emphasis, Strong, Strikethrough)):
                out.append(dataclasses.replace(node, children=inlines(node.children)))
            else:
                out.append(node)
        return tuple(out)

    def blocks(nodes: tuple[Block, ...]) -> tuple[Block, ...]:
        return tuple(block(b) for b in nodes)

    def block(node: Block) -> Block:
        if isinstance(node, (Paragraph, Heading)):
            return dataclasses.replace(node, children=inlines(node.children))
        if isinstance(node, Quote):
            return Quote(blocks(node.blocks))
        if isinstance(node, ListBlock):
            items = tuple(ListItem(blocks(i.blocks), i.checked) for i in node.items)
            return dataclasses.replace(node, items=items)
        if isinstance(node, Table):
            def row(cells: tuple[TableCell, ...]) -> tuple[TableCell, ...]:
                return tuple(TableCell(inlines(c.children), c.align) for c in cells)
            return Table(row(node.header), tuple(row(r) for r in node.rows))
        if isinstance(node, Figure):
            return dataclasses.replace(node, caption=inlines(node.caption))
        return node

    body = blocks(article.blocks)
    notes = tuple(dataclasses.replace(f, blocks=blocks(f.blocks)) for f in article.footnotes)
    return dataclasses.replace(article, blocks=body, footnotes=notes, link_notes=tuple(entries))


