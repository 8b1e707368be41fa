"""Clean semantic HTML (an extractor's or mammoth's output) → model blocks.

Web pages and Word files both reach the model through HTML: trafilatura reduces a saved page
to its article, mammoth turns a .docx into headings, paragraphs, lists and tables. This
walker knows only that clean vocabulary; anything else is unwrapped to its text, so no HTML
ever reaches the model. Paragraphs that are site chrome (``[import] strip``) or metadata
lines (来源：X) are taken out here, for both readers.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from lxml import html as lxml_html

from ..model import (
    Block, Code, CodeBlock, Emphasis, Figure, Footnote, Heading, Image, Inline, LineBreak, Link, ListBlock,
    ListItem, NoteRef, Paragraph, Quote, Strikethrough, Strong, Table, TableCell, Text, ThematicBreak, plain_text,
)
from .chrome import Chrome, metadata_line

_SKIP = {"script", "style", "noscript", "template", "form", "input", "button", "select", "textarea", "iframe",
         "nav", "aside", "footer", "svg", "head", "title", "meta", "link"}
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCKS = {"p", "div", "section", "article", "main", "header", "ul", "ol", "blockquote", "pre", "table", "figure",
           "hr", "dl", "dd", "dt", "body", "html", "center", "address", *_HEADINGS}
_SPACES = re.compile(r"[ \t\r\n\f]+")
_CJK_BREAK = re.compile(r"(?<=[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]) (?=[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f])")


class HtmlWalker:
    """Walks one document; ``found`` collects metadata lines (来源：X) met in the body."""

    def __init__(self, base: Path, chrome: Chrome, images: dict[str, Path] | None = None) -> None:
        self.base = base
        self.chrome = chrome
        self.images = images or {}
        self.found: dict[str, Any] = {}
        self.note_bodies: dict[str, Any] = {}  # element id → the note's <li>
        self.note_numbers: dict[str, int] = {}  # element id → footnote number, in order of first reference
        self.note_refs: dict[int, int] = {}  # number → references so far

    def take_notes(self, root: Any) -> None:
        """Lift footnote and endnote lists (``<li id="footnote-1">``, as mammoth writes them) out of the body."""
        lists = set()
        for li in root.xpath('//li[starts-with(@id, "footnote-") or starts-with(@id, "endnote-")]'):
            for back in li.xpath('.//a[starts-with(@href, "#footnote-ref-") or starts-with(@href, "#endnote-ref-")]'):
                back.drop_tree()  # the ↑ back-link: the renderers make their own
            self.note_bodies[li.get("id")] = li
            lists.add(li.getparent())
        for ol in lists:
            if ol is not None and ol.getparent() is not None:
                ol.drop_tree()

    def footnotes(self) -> tuple[Footnote, ...]:
        """The notes referred to in the body, in number order."""
        out = []
        for ident, number in sorted(self.note_numbers.items(), key=lambda item: item[1]):
            blocks = tuple(self.blocks(self.note_bodies[ident]))
            out.append(Footnote(number=number, label=str(number), blocks=blocks, references=self.note_refs[number]))
        return tuple(out)

    # ------------------------------------------------------------------ blocks
    def blocks(self, element: Any) -> list[Block]:
        out: list[Block] = []
        pending: list[Inline] = []

        def flush() -> None:
            if pending:
                out.extend(self.paragraph(list(pending)))
                pending.clear()

        if element.text:
            pending.append(Text(element.text))
        for child in element:
            tag = child.tag.lower() if isinstance(child.tag, str) else ""
            if tag in _SKIP or not tag:
                pass
            elif tag in _BLOCKS or tag in ("li", "tr"):
                flush()
                out.extend(self.block(child, tag))
            elif tag == "img":
                pending.append(self.image(child))
            else:
                pending.extend(self.inlines(child))
            if child.tail:
                pending.append(Text(child.tail))
        flush()
        return out

    def block(self, el: Any, tag: str) -> list[Block]:
        if tag in _HEADINGS:
            children = self.clean(self.inlines_of(el))
            return [Heading(level=_HEADINGS[tag], children=children)] if plain_text(children).strip() else []
        if tag in ("ul", "ol"):
            items = [ListItem(blocks=tuple(self.blocks(li))) for li in el if isinstance(li.tag, str) and li.tag == "li"]
            start = int(el.get("start", "1")) if el.get("start", "1").isdigit() else 1
            return [ListBlock(items=tuple(i for i in items if i.blocks), ordered=tag == "ol", start=start)] if items else []
        if tag == "blockquote":
            inner = self.blocks(el)
            return [Quote(blocks=tuple(inner))] if inner else []
        if tag == "pre":
            code = el.text_content().rstrip("\n")
            lang = next((c[9:] for c in (el.get("class", "") + " " + _first_class(el)).split()
                         if c.startswith("language-")), "")
            return [CodeBlock(code=code, language=lang)]
        if tag == "table":
            return self.table(el)
        if tag == "hr":
            return [ThematicBreak()]
        if tag == "figure":
            return self.figure(el)
        return self.blocks(el)

    def paragraph(self, inlines: list[Inline]) -> list[Block]:
        pieces = _split_at_breaks(inlines)
        if len(pieces) > 1:
            return [block for piece in pieces for block in self.paragraph(piece)]
        children = self.clean(tuple(inlines))
        if not children:
            return []
        text = plain_text(children).strip()
        if len(children) == 1 and isinstance(children[0], Image):
            image = children[0]
            if image.alt and self.chrome.is_chrome(image.alt):
                return []  # a 打赏 QR code, say
            return [Figure(image=image, caption=(Text(image.alt),) if image.alt else ())]
        if not text and not any(isinstance(c, Image) for c in children):
            return []
        if text and self.chrome.is_chrome(text):
            return []
        found = metadata_line(text) if len(text) < 80 else None
        if found is not None and found[0] not in self.found:
            self.found[found[0]] = found[1]
            return []
        return [Paragraph(children=children)]

    def figure(self, el: Any) -> list[Block]:
        img = next(iter(el.iter("img")), None)
        caption_el = next(iter(el.iter("figcaption")), None)
        if img is None:
            return self.blocks(el)
        image = self.image(img)
        caption = self.clean(self.inlines_of(caption_el)) if caption_el is not None else ()
        if any(t and self.chrome.is_chrome(t) for t in (image.alt, plain_text(caption).strip())):
            return []
        if not caption and image.alt:
            caption = (Text(image.alt),)
        return [Figure(image=image, caption=caption)]

    def table(self, el: Any) -> list[Block]:
        header: tuple[TableCell, ...] = ()
        rows: list[tuple[TableCell, ...]] = []
        for tr in el.iter("tr"):
            cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
            row = tuple(TableCell(children=self.clean(self.inlines_of(c))) for c in cells)
            if not header and not rows and (all(c.tag == "th" for c in cells) or tr.getparent().tag == "thead"):
                header = row
            else:
                rows.append(row)
        if not header and rows:
            header, rows = rows[0], rows[1:]  # the model's tables always have a header row
        return [Table(header=header, rows=tuple(rows))] if header else []

    # ------------------------------------------------------------------ inlines
    def inlines_of(self, el: Any) -> tuple[Inline, ...]:
        out: list[Inline] = [Text(el.text)] if el.text else []
        for child in el:
            if isinstance(child.tag, str) and child.tag.lower() not in _SKIP:
                out.extend(self.inlines(child))
            if child.tail:
                out.append(Text(child.tail))
        return tuple(out)

    def inlines(self, el: Any) -> list[Inline]:
        tag = el.tag.lower()
        if tag == "br":
            return [LineBreak()]
        if tag == "img":
            return [self.image(el)]
        children = self.inlines_of(el)
        if tag in ("strong", "b"):
            return [Strong(children)]
        if tag in ("em", "i", "cite", "dfn"):
            return [Emphasis(children)]
        if tag in ("s", "del", "strike"):
            return [Strikethrough(children)]
        if tag in ("code", "kbd", "samp", "tt"):
            return [Code(el.text_content())]
        if tag == "a" and (el.get("href") or "").startswith("#") and el.get("href")[1:] in self.note_bodies:
            ident = el.get("href")[1:]
            number = self.note_numbers.setdefault(ident, len(self.note_numbers) + 1)
            occurrence = self.note_refs.get(number, 0)
            self.note_refs[number] = occurrence + 1
            return [NoteRef(number=number, label=str(number), occurrence=occurrence)]
        if tag == "a":
            href = (el.get("href") or "").strip()
            if href and not href.startswith(("#", "javascript:")):
                return [Link(url=href, children=children, title=el.get("title", "") or "")]
        if tag in _BLOCKS or tag in ("li", "tr", "td", "th"):
            return [*children, Text(" ")]
        return list(children)

    def image(self, el: Any) -> Image:
        src = (el.get("src") or el.get("data-src") or "").strip()
        alt = " ".join((el.get("alt") or "").split())
        title = el.get("title", "") or ""
        if src in self.images:
            path = self.images[src]
            shown = path.relative_to(self.base).as_posix() if path.is_relative_to(self.base) else path.as_posix()
            return Image(src=shown, alt=alt, title=title, local=path)
        parsed = urlparse(src)
        local = None
        if src and parsed.scheme in ("", "file") and not src.startswith("//"):
            relative = unquote(parsed.path)
            local = (self.base / relative).resolve() if parsed.scheme == "" else Path(relative).resolve()
        elif src.startswith("//"):
            src = "https:" + src  # protocol-relative: a saved page would have loaded it over https
        return Image(src=src, alt=alt, title=title, local=local)

    def clean(self, inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
        """Collapse HTML whitespace (none at all between two Han characters) and trim the ends."""
        return _trim(_collapse(inlines))


def _split_at_breaks(inlines: list[Inline]) -> list[list[Inline]]:
    """Chinese sites often put a whole article in one ``<p>``, paragraphs separated by ``<br><br>``
    or by ``<br>`` and a 　　 indent: those are paragraphs, not line breaks."""
    pieces: list[list[Inline]] = [[]]
    i = 0
    while i < len(inlines):
        node = inlines[i]
        if isinstance(node, LineBreak):
            j = i + 1
            while j < len(inlines) and isinstance(inlines[j], Text) and not inlines[j].text.strip(" \t\r\n"):
                j += 1  # HTML whitespace between breaks
            following = inlines[j] if j < len(inlines) else None
            double = isinstance(following, LineBreak)
            indented = isinstance(following, Text) and following.text.lstrip(" \t\r\n").startswith("\u3000")
            if double or indented:
                pieces.append([])
                i = j + 1 if double else j
                continue
        pieces[-1].append(node)
        i += 1
    return [p for p in pieces if p]


def _collapse(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Text):
            text = _CJK_BREAK.sub("", _SPACES.sub(" ", node.text))
            if out and isinstance(out[-1], Text):
                merged = out[-1].text + text
                out[-1] = Text(_CJK_BREAK.sub("", merged.replace("  ", " ")))
            elif text:
                out.append(Text(text))
        elif isinstance(node, (Strong, Emphasis, Strikethrough, Link)):
            children = _collapse(node.children)
            if children:
                out.append(dataclasses.replace(node, children=children))
        else:
            out.append(node)
    return tuple(out)


def _trim(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    items = list(inlines)
    while items and isinstance(items[0], Text) and not items[0].text.strip():
        items.pop(0)
    while items and (isinstance(items[-1], LineBreak) or isinstance(items[-1], Text) and not items[-1].text.strip()):
        items.pop()
    if items and isinstance(items[0], Text):
        items[0] = Text(items[0].text.lstrip())
    if items and isinstance(items[-1], Text):
        items[-1] = Text(items[-1].text.rstrip())
    return tuple(items)


def number_headings(blocks: list[Block]) -> tuple[Block, ...]:
    """Shift headings below the title when the body still has level-1 ones, and give them anchors."""
    shift = 1 if any(isinstance(b, Heading) and b.level == 1 for b in blocks) else 0
    out: list[Block] = []
    count = 0
    for block in blocks:
        if isinstance(block, Heading):
            count += 1
            block = Heading(level=min(6, block.level + shift), children=block.children, anchor=f"sec-{count}")
        out.append(block)
    return tuple(out)


def _first_class(el: Any) -> str:
    code = next(iter(el.iter("code")), None)
    return code.get("class", "") if code is not None else ""


def parse_fragment(markup: str) -> Any:
    """An lxml element for an HTML document or fragment."""
    return lxml_html.document_fromstring(markup) if markup.strip() else lxml_html.fromstring("<div></div>")
