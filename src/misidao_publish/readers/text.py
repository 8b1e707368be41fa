"""Plain text (``.txt``), as scraped from a web page or saved from a chat → :class:`Article`.

Scraped Chinese articles follow a few habits this reader relies on:

- the site's header and footer are lines of their own (dropped by ``[import] strip``);
- the first real line is the title;
- one paragraph per line, often indented with two full-width spaces (　　) or two ASCII
  spaces; blank lines between paragraphs are optional;
- a section heading is a short line without sentence-ending punctuation standing alone
  between paragraphs;
- metadata sits on its own line as ``来源：X`` / ``作者：X`` / ``日期：X``.

Hard-wrapped text (paragraphs broken over several lines) is joined when continuation lines
are not indented but paragraph starts are.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..config import Config
from ..errors import ReadError
from ..model import Article, Block, Heading, Inline, Link, Metadata, Paragraph, Text
from .chrome import Chrome, clean, metadata_line
from .source import max_bytes, read_source

SENTENCE_END = "。！？!?…；;，,：:、."
"""A line ending in one of these is a sentence, never a heading."""

_INDENT = re.compile(r"^(\u3000+| {2,}|\t)")
_URL = re.compile(r"https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%()]+")
_CJK = r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\U00020000-\U0003ffff]"
_SOFT_CJK = re.compile(rf"(?<={_CJK})\n(?={_CJK})")


def read(path: Path, config: Config) -> Article:
    """Read a plain-text file (any of the encodings :mod:`.source` detects)."""
    decoded = read_source(path, max_bytes(config), encoding=config.import_.encoding)
    return parse(decoded.text, path, config)


def parse(text: str, path: Path, config: Config) -> Article:
    """Parse plain ``text`` as if read from ``path``."""
    chrome = Chrome.from_config(config.import_)
    fields: dict[str, Any] = {}
    lines: list[str] = []
    for line in text.split("\n"):
        if chrome.is_chrome(line):
            lines.append("")  # keep the gap: chrome between two lines also separates them
            continue
        found = metadata_line(line)
        if found is not None and found[0] not in fields:
            fields[found[0]] = found[1]
            lines.append("")
            continue
        lines.append(line.rstrip())
    title, body = _take_title(lines)
    paragraphs = _paragraphs(body)
    blocks = _blocks(paragraphs, int(config.import_.heading_max))
    if not blocks:
        raise ReadError("no article text (only a title, or only site chrome)", path)
    if not title:
        title = path.stem
    fields["title"] = title
    fields.setdefault("author", config.author)
    fields["lang"] = config.lang
    fields["tip"] = config.tip.enabled
    return Article(meta=Metadata(**fields), blocks=tuple(blocks), path=path)


def _take_title(lines: list[str]) -> tuple[str, list[str]]:
    for i, line in enumerate(lines):
        if clean(line):
            return " ".join(clean(line).split()), lines[i + 1:]
    return "", []


def _paragraphs(lines: list[str]) -> list[str]:
    """Group lines into paragraphs: blank lines and indented lines start a new one."""
    groups: list[list[str]] = [[]]
    for line in lines:
        if not clean(line):
            groups.append([])
        else:
            groups[-1].append(line)
    out: list[str] = []
    for group in groups:
        if not group:
            continue
        indented = sum(1 for line in group[1:] if _INDENT.match(line))
        if indented:
            # Paragraph starts are indented: unindented lines continue the one before.
            current: list[str] = []
            for line in group:
                if _INDENT.match(line) and current:
                    out.append(_join(current))
                    current = []
                current.append(clean(line))
            out.append(_join(current))
        else:
            out.extend(clean(line) for line in group)  # one paragraph per line, as scraped
    return [p for p in out if p]


def _join(lines: list[str]) -> str:
    # A line break between two Han characters is no space in Chinese; elsewhere it is one.
    return _SOFT_CJK.sub("", "\n".join(lines)).replace("\n", " ")


_CLOSERS = "”’」』）)》〉】"
_CAPTION = re.compile(r"^(图[为片：:]|[（(].*[）)]$|(摄影|记者|编辑|责编|通讯员)[:：\s])")


def _looks_like_heading(text: str, limit: int) -> bool:
    # “好的。” ends a sentence inside its quotes; （图为…） and 图：… are photo captions.
    ending = text.rstrip(_CLOSERS) or text
    return (len(text) <= limit and ending[-1] not in SENTENCE_END and not _URL.search(text)
            and not _CAPTION.match(text))


def _blocks(paragraphs: list[str], limit: int) -> list[Block]:
    candidates = [_looks_like_heading(p, limit) for p in paragraphs]
    blocks: list[Block] = []
    count = 0
    for i, text in enumerate(paragraphs):
        # A heading stands alone: real paragraphs (not more short lines, as in verse) around it.
        alone = (0 < i < len(paragraphs) - 1 and not candidates[i - 1] and not candidates[i + 1])
        if candidates[i] and alone:
            count += 1
            blocks.append(Heading(level=2, children=(Text(text),), anchor=f"sec-{count}"))
        else:
            blocks.append(Paragraph(children=inlines(text)))
    return blocks


def inlines(text: str) -> tuple[Inline, ...]:
    """Plain text with bare URLs made into links (their trailing punctuation left outside)."""
    out: list[Inline] = []
    pos = 0
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(".,;:!?)'")
        start, end = match.start(), match.start() + len(url)
        if start > pos:
            out.append(Text(text[pos:start]))
        out.append(Link(url=url, children=(Text(url),)))
        pos = end
    if pos < len(text):
        out.append(Text(text[pos:]))
    return tuple(out)
