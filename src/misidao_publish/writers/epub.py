"""The EPUB 3 file: our own zip writer, because the package must be byte-for-byte reproducible.

ebooklib stamps zip entries with the current time, emits duplicate ids for repeated items
and builds a cover page EPUBCheck 5 rejects (OPF-096), so we write the container ourselves:
``mimetype`` first and stored, every other entry sorted, deflated and dated from
``SOURCE_DATE_EPOCH`` (or the book's date), ASCII names without spaces.
"""

from __future__ import annotations

import hashlib
import io
import uuid
import zipfile
from pathlib import Path

from lxml import etree

from ..cover import cover_svg
from ..errors import ConfigError, RenderError
from ..model import Book, Image, walk
from ..render import layouts
from ..render.document import article_context, tip_context
from ..render.epub import XhtmlRenderer, upright_digits
from ..tip import tip_page
from . import epub_fonts
from .atomic import write_bytes
from .context import Job
from .epub_images import SUFFIX_OF, ImageStore, Item, sniff

XHTML = "application/xhtml+xml"
CONTAINER = b"""<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>
"""
# Apple Books ignores embedded fonts unless told to use them.
APPLE_OPTIONS = b"""<?xml version="1.0" encoding="UTF-8"?>
<display_options><platform name="*"><option name="specified-fonts">true</option></platform></display_options>
"""
PART_NUMBERS = "一二三四五六七八九十"
PACKED = (".woff2", ".jpg", ".png", ".gif", ".webp")


def is_collection(book: Book) -> bool:
    """Whether ``book`` is a book of articles (title page, linear 目录) rather than one article."""
    return len(book.articles) > 1 or any(p.title for p in book.parts) or (
        book.path is not None and book.path.suffix.lower() == ".toml")


def part_label(number: int) -> str:
    """第一部分, 第二部分 … (Arabic numerals past ten)."""
    return f"第{PART_NUMBERS[number - 1] if number <= 10 else number}部分"


class Documents:
    """The content documents of one book in reading order, with their TOC entries."""

    def __init__(self, book: Book, job: Job) -> None:
        self.book, self.job, self.config = book, job, job.config
        self.lang = book.meta.lang
        self.items: list[Item] = []
        self.toc: list[dict[str, object]] = []
        self.landmarks: list[dict[str, str]] = []
        self._order = 0

    def add(self, item_id: str, href: str, layout: str, properties: str = "", **context: object) -> Item:
        xhtml = layouts.render("epub", self.config, layout, lang=self.lang, **context)
        item = Item(item_id, href, XHTML, _checked(xhtml, href, self.book.path), properties)
        self.items.append(item)
        return item

    def entry(self, href: str, title: str, into: list[dict[str, object]] | None = None) -> dict[str, object]:
        self._order += 1
        node: dict[str, object] = {"id": f"nav-{self._order}", "order": self._order, "href": href,
                                   "title": title, "children": []}
        (self.toc if into is None else into).append(node)
        return node


def write(book: Book, target: Path, job: Job) -> dict[str, object]:
    """Write ``book`` as an EPUB 3 file at ``target``."""
    config = job.config
    meta = book.meta
    if config.epub.writing_mode not in ("horizontal", "vertical"):
        raise ConfigError(f"epub.writing_mode: '{config.epub.writing_mode}' (choose horizontal or vertical)",
                          config.path)
    vertical = config.epub.writing_mode == "vertical"
    collection = is_collection(book)
    images = ImageStore(job, book.path)
    docs = Documents(book, job)

    cover_href = _cover(book, job, images)
    docs.add("cover", "cover.xhtml", "cover.xhtml.j2", "svg", title=meta.title, src=cover_href)
    docs.landmarks.append({"type": "cover", "href": "cover.xhtml", "title": "封面"})
    if collection:
        date_text = _date_text(meta.date)
        docs.add("titlepage", "titlepage.xhtml", "titlepage.xhtml.j2", meta=meta,
                 publisher=book.publisher or config.site.name, isbn=book.isbn,
                 date_text=upright_digits(date_text) if vertical else date_text)
        docs.landmarks.append({"type": "titlepage", "href": "titlepage.xhtml", "title": "扉页"})
    docs.landmarks.append({"type": "toc", "href": "nav.xhtml", "title": "目录"})
    nav_position = len(docs.items)

    number = 0
    part_number = 0
    for part in book.parts:
        into = None
        if part.title:
            part_number += 1
            href = f"part-{part_number:02d}.xhtml"
            docs.add(f"part-{part_number:02d}", href, "part.xhtml.j2", label=part_label(part_number),
                     title=part.title, part_id=f"part-{part_number:02d}")
            into = docs.entry(href, f"{part_label(part_number)}　{part.title}")["children"]  # type: ignore[assignment]
        for article in part.articles:
            number += 1
            chapter_id = f"c{number:03d}"
            images.source = article.path  # warnings name the article, not the book's manifest
            renderer = XhtmlRenderer(article, image_src=images.src, vertical=vertical)
            doc = article_context(article, renderer)
            if vertical:
                doc["date_text"] = upright_digits(doc["date_text"])
            href = f"chapter-{number:03d}.xhtml"
            docs.add(f"chapter-{number:03d}", href, "chapter.xhtml.j2", doc=doc, chapter_id=chapter_id)
            node = docs.entry(href, article.meta.title, into)  # type: ignore[arg-type]
            for heading in doc["toc"]:
                docs.entry(f"{href}#{heading['anchor']}", heading["title"], node["children"])  # type: ignore[arg-type]

    first_body = next(d.href for d in docs.items if d.href.startswith(("part-", "chapter-")))
    docs.landmarks.append({"type": "bodymatter", "href": first_body, "title": "正文"})
    images.source = book.path
    tip = tip_page(meta, config)
    if tip is not None:
        properties = "svg" if any(code.svg for code in tip.codes) else ""
        docs.add("tip", "tip.xhtml", "tip.xhtml.j2", properties, tip=tip_context(tip, lambda p: images.add_path(p) or ""))
        docs.entry("tip.xhtml", tip.heading)

    nav = layouts.render("epub", config, "nav.xhtml.j2", lang=meta.lang, toc=docs.toc, landmarks=docs.landmarks)
    nav_item = Item("nav", "nav.xhtml", XHTML, _checked(nav, "nav.xhtml", book.path), "nav")
    documents = docs.items

    # Fonts are cut to exactly the characters each face sets (text, titles, 目录, tip page).
    css_probe = layouts.stylesheet("epub", config, vertical=vertical, fonts=[])
    job.check_glyphs("".join(_text(item.data) for item in [*documents, nav_item]), book.path)
    embedded = epub_fonts.embed([*(d.data for d in documents), nav_item.data], css_probe)
    css = layouts.stylesheet(
        "epub", config, vertical=vertical,
        fonts=[{"family": f.face.family, "weight": f.face.weight, "url": f"../{f.item.href}",
                "format": "woff2" if f.item.media_type == "font/woff2" else "opentype"} for f in embedded],
    )
    css_item = Item("css", "css/style.css", "text/css", css.encode("utf-8"))

    identifier = _identifier(book, documents)
    modified = job.timestamp(meta.date)
    ncx = layouts.render("epub", config, "toc.ncx.j2", lang=meta.lang, toc=docs.toc, title=meta.title,
                         identifier=identifier, depth=_depth(docs.toc))
    ncx_item = Item("ncx", "toc.ncx", "application/x-dtbncx+xml", ncx.encode("utf-8"))

    picture_items = list(images.items.values())
    manifest = [nav_item, *documents, css_item, *(f.item for f in embedded), *picture_items, ncx_item]
    authors = [a.strip() for a in meta.author.replace("，", ",").replace("、", ",").split(",") if a.strip()]
    spine = [{"id": d.id, "linear": True} for d in documents]
    spine.insert(nav_position, {"id": "nav", "linear": collection})
    opf = layouts.render(
        "epub", config, "content.opf.j2",
        lang=meta.lang, identifier=identifier, isbn=book.isbn, title=meta.title, subtitle=meta.subtitle,
        # A book mixing 简体 and 繁體 articles declares every language its chapters carry.
        other_languages=sorted({a.meta.lang for a in book.articles} - {meta.lang}),
        authors=authors, date=meta.date.isoformat() if meta.date else "",
        publisher=book.publisher or config.site.name, source=meta.source,
        subjects=_subjects(book), description=meta.summary or _summary(book),
        modified=modified.strftime("%Y-%m-%dT%H:%M:%SZ"),
        access_modes=["textual", "visual"],  # the cover at least is a picture
        access_features=["structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability",
                         *(["alternativeText"] if _all_pictures_described(book) else [])],
        access_summary="文字内容完整，可调整字号；目录与标题结构齐全，图片附有替代文字。",
        cover_id=images.items[COVER_KEY].id, manifest=manifest, rtl=vertical, spine=spine,
    )
    entries = {f"OEBPS/{item.href}": item.data for item in manifest}
    entries["OEBPS/content.opf"] = opf.encode("utf-8")
    entries["META-INF/container.xml"] = CONTAINER
    entries["META-INF/com.apple.ibooks.display-options.xml"] = APPLE_OPTIONS
    data = zip_epub(entries, modified.timetuple()[:6])
    write_bytes(target, data)
    return {"size": len(data), "chapters": len(book.articles),
            "fonts": {f.item.href: len(f.item.data) for f in embedded}}


COVER_KEY = "cover"


def _cover(book: Book, job: Job, images: ImageStore) -> str:
    """The cover picture's href: the book's or article's own, else a generated typographic one."""
    cover = book.meta.cover
    if cover is not None:
        try:
            data = job.allowed_file(cover).read_bytes()
        except ValueError as exc:
            job.warn(f"{book.path}: cover left out ({exc}); a typographic cover is used")
            data = b""
        media_type = sniff(data) if data else None
        if data and media_type is None:
            job.warn(f"{book.path}: cover '{cover.name}' is not a JPEG, PNG, GIF, SVG or WebP picture; "
                     "a typographic cover is used")
        if media_type is not None:
            return images.add_named(COVER_KEY, Item("cover-image", f"images/cover{SUFFIX_OF[media_type]}",
                                                    media_type, data, "cover-image"))
    meta = book.meta
    author = meta.author if is_collection(book) or meta.author else ""
    svg = cover_svg(job.config, meta.title, meta.subtitle, author)
    return images.add_named(COVER_KEY, Item("cover-image", "images/cover.svg", "image/svg+xml",
                                            svg.encode("utf-8"), "cover-image"))


def _all_pictures_described(book: Book) -> bool:
    """Whether every picture has alt text (then, and only then, the book may claim alternativeText)."""
    return all(node.alt.strip() for a in book.articles for node in walk(a.blocks + a.footnotes)
               if isinstance(node, Image))


def _date_text(date: object) -> str:
    return f"{date.year}年{date.month}月{date.day}日" if date else ""  # type: ignore[attr-defined]


def _depth(toc: list[dict[str, object]]) -> int:
    return 1 + max((_depth(e["children"]) for e in toc if e["children"]), default=0)  # type: ignore[arg-type]


def _subjects(book: Book) -> list[str]:
    """The book's tags, then its articles' tags, each once."""
    seen: dict[str, None] = dict.fromkeys(book.meta.tags)
    for article in book.articles:
        seen.update(dict.fromkeys(article.meta.tags))
    return list(seen)


def _summary(book: Book) -> str:
    if is_collection(book):
        titles = "、".join(f"《{a.meta.title}》" for a in book.articles[:8])
        more = f"等 {len(book.articles)} 篇" if len(book.articles) > 8 else f"共 {len(book.articles)} 篇"
        return f"收录{titles}{more}文章。"
    return ""


def zip_epub(entries: dict[str, bytes], date_time: tuple[int, ...]) -> bytes:
    """The OCF container: ``mimetype`` first and stored, then every entry in sorted order."""
    when = tuple(max(v, lo) for v, lo in zip(date_time, (1980, 1, 1, 0, 0, 0)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        info = zipfile.ZipInfo("mimetype", date_time=when)  # type: ignore[arg-type]
        info.compress_type = zipfile.ZIP_STORED
        info.create_system = 3
        zf.writestr(info, b"application/epub+zip")
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=when)  # type: ignore[arg-type]
            # Already-compressed files gain nothing from deflate but its time.
            info.compress_type = zipfile.ZIP_STORED if name.endswith(PACKED) else zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            zf.writestr(info, entries[name], compresslevel=9)
    return buffer.getvalue()


def _checked(xml: str, name: str, source: Path | None) -> bytes:
    data = xml.encode("utf-8")
    try:
        etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise RenderError(f"layout produced malformed XHTML for {name}: {exc}", source) from None
    return data


def _text(data: bytes) -> str:
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    return "".join(root.itertext())


def _identifier(book: Book, documents: list[Item]) -> str:
    if book.isbn:
        return f"urn:isbn:{book.isbn.replace('-', '')}"
    digest = hashlib.sha256()
    digest.update(book.meta.title.encode("utf-8"))
    digest.update(book.meta.author.encode("utf-8"))
    for item in documents:
        digest.update(item.data)
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'misidao-publish:' + digest.hexdigest())}"
