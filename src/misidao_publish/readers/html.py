"""Saved web pages (``.html``, ``.htm``) → :class:`Article`: just the article, none of the site around it.

trafilatura (a maintained extractor) finds the article in the page and drops navigation,
sidebars, share buttons, comments, related posts and footers; :mod:`.htmltree` turns its
clean HTML into the model, dropping the site's own chrome lines (打赏, 未经允许不得转载 …) by
``[import] strip``. Metadata comes from the page's ``og:``/``article:`` tags first, then
from what trafilatura finds. Remote images stay remote; images saved beside the page
(``page_files/…``) are used from there.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path
from typing import Any

from ..config import Config
from ..errors import ReadError
from ..model import Article, Block, Heading, Metadata, plain_text
from .chrome import Chrome, parse_date
from .htmltree import HtmlWalker, number_headings, parse_fragment
from .source import decode, max_bytes, read_bytes
from lxml import html as lxml_html

log = logging.getLogger(__name__)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)
_TRADITIONAL = ("zh-tw", "zh-hk", "zh-mo", "zh-hant")


def read(path: Path, config: Config) -> Article:
    """Read a saved web page."""
    data = read_bytes(path, max_bytes(config))
    declared = _META_CHARSET.search(data[:4096])
    encoding = config.import_.encoding or (declared.group(1).decode("ascii") if declared else "")
    try:
        decoded = decode(data, path, encoding)
    except ReadError:
        if not declared or config.import_.encoding:
            raise
        log.warning("%s: declares charset %s but is not; detecting instead", path, encoding)
        decoded = decode(data, path)
    log.info("%s: read as %s", path, decoded.encoding)
    return parse(decoded.text, path, config)


def parse(markup: str, path: Path, config: Config) -> Article:
    """Extract the article from the page ``markup`` as if read from ``path``."""
    try:
        page = parse_fragment(markup)
    except Exception as exc:  # lxml raises several types for hopeless input
        raise ReadError(f"not an HTML page: {exc}", path) from None
    meta = _page_metadata(page, config.site.name)
    dropped = _drop_chrome(page, config.import_.drop)
    if dropped:
        log.debug("%s: dropped %d chrome element(s) by class/id", path, dropped)
        markup = lxml_html.tostring(page, encoding="unicode")
    content = _extract(markup)
    walker = HtmlWalker(path.resolve().parent, Chrome.from_config(config.import_))
    if content is not None:
        blocks = walker.blocks(parse_fragment(content).body)
    else:
        log.warning("%s: no article found by the extractor; using the whole page body", path)
        blocks = walker.blocks(page.body if page.body is not None else page)
    title = meta.pop("title", "") or _first_heading(blocks) or path.stem
    blocks = _drop_title(blocks, title)
    if not blocks:
        raise ReadError("no article text found in the page", path)
    fields: dict[str, Any] = {**walker.found, **{k: v for k, v in meta.items() if v}}
    fields["title"] = title
    fields.setdefault("author", config.author)
    fields.setdefault("lang", config.lang)
    fields["tip"] = config.tip.enabled
    return Article(meta=Metadata(**fields), blocks=number_headings(blocks), path=path)


_KEEP = {"html", "body", "main", "article"}


def _drop_chrome(page: Any, words: tuple[str, ...]) -> int:
    """Remove elements whose class or id has one of ``words`` as a ``-``/``_``-separated part.

    Never the page, its main content, or anything holding most of its paragraphs: a body
    class such as ``has-sidebar`` must not take the article with it.
    """
    if not words:
        return 0
    part = re.compile(r"(?:^|[-_])(?:" + "|".join(re.escape(w) for w in words) + r")(?:$|[-_])", re.I)
    paragraphs = len(page.xpath("//p")) or 1
    doomed = []
    for el in page.iter():
        if not isinstance(el.tag, str) or el.tag.lower() in _KEEP:
            continue
        names = (el.get("class") or "").split() + [el.get("id") or ""]
        if not any(part.search(n) for n in names if n):
            continue
        if el.xpath(".//article|.//main|.//h1") or len(el.xpath(".//p")) * 2 > paragraphs:
            continue
        doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()
    return len(doomed)


def _extract(markup: str) -> str | None:
    import trafilatura  # noqa: PLC0415 - heavy; only web pages need it

    return trafilatura.extract(
        markup, output_format="html", include_images=True, include_formatting=True, include_links=True,
        include_tables=True, include_comments=False, deduplicate=False,
    )


def _property(page: Any, *names: str) -> str:
    for name in names:
        for attr in ("property", "name", "itemprop"):
            found = page.xpath(f'//meta[@{attr}="{name}"]/@content')
            if found and found[0].strip():
                return " ".join(found[0].split())
    return ""


def _page_metadata(page: Any, site_name: str = "") -> dict[str, Any]:
    """What the page says about itself in ``og:``, ``article:`` and ordinary meta tags."""
    out: dict[str, Any] = {}
    title = _property(page, "og:title", "twitter:title")
    if not title:
        h1 = page.xpath("//h1")
        title = " ".join(h1[0].text_content().split()) if h1 else ""
    if not title:
        found = page.xpath("//title/text()")
        title = " ".join(found[0].split()) if found else ""
        sites = [n for n in (_property(page, "og:site_name"), site_name) if n]
        title = re.split(r"\s+[-|_–—丨]\s+", _without_site_name(title, sites))[0]
    out["title"] = title
    out["author"] = _property(page, "article:author", "author", "og:article:author")
    out["summary"] = _property(page, "og:description", "description")
    out["source_url"] = _property(page, "og:url")
    published = _property(page, "article:published_time", "og:article:published_time", "date", "pubdate")
    date: dt.date | None = parse_date(published) if published else None
    if date is None:
        stamps = page.xpath("//time/@datetime")
        date = parse_date(stamps[0]) if stamps else None
    out["date"] = date
    tags = [" ".join(t.split()) for t in page.xpath('//meta[@property="article:tag"]/@content') if t.strip()]
    out["tags"] = tuple(dict.fromkeys(tags))
    lang = (page.get("lang") or "").strip()
    if lang.lower() in _TRADITIONAL:
        out["lang"] = {"zh-hant": "zh-TW", "zh-mo": "zh-HK"}.get(lang.lower(), lang[:3] + lang[3:].upper())
    return out


def _without_site_name(title: str, sites: list[str]) -> str:
    """``标题_米思岛`` / ``标题 - 米思岛`` / ``标题丨米思岛`` → ``标题`` (only a known site name goes)."""
    for name in sites:
        match = re.search(rf"\s*[-|_–—丨|]\s*{re.escape(name)}\s*$", title)
        if match and match.start() > 0:
            return title[: match.start()]
    return title


def _first_heading(blocks: list[Block]) -> str:
    for block in blocks:
        if isinstance(block, Heading):
            return plain_text(block.children).strip()
    return ""


def _drop_title(blocks: list[Block], title: str) -> list[Block]:
    """The page repeats the title as its first heading; the layouts print it once."""
    for i, block in enumerate(blocks[:3]):
        if isinstance(block, Heading) and plain_text(block.children).strip() == title:
            return blocks[:i] + blocks[i + 1:]
    return blocks
