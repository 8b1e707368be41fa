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
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .. import fonts
from ..errors import RenderError
from ..model import Book, Image
from ..render import layouts
from ..render.document import article_context, tip_context
from ..render.epub import XhtmlRenderer
from ..tip import tip_page
from .atomic import write_bytes
from .context import Job

XHTML = "application/xhtml+xml"
IMAGE_TYPES = {
    ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif",
    ".svg": "image/svg+xml", ".webp": "image/webp",
}
CONTAINER = b"""<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>
"""
# Apple Books ignores embedded fonts unless told to use them.
APPLE_OPTIONS = b"""<?xml version="1.0" encoding="UTF-8"?>
<display_options><platform name="*"><option name="specified-fonts">true</option></platform></display_options>
"""


@dataclass
class Item:
    """One manifest item."""

    id: str
    href: str
    media_type: str
    data: bytes
    properties: str = ""


class ImageStore:
    """Collects the pictures a book shows and gives each a stable ASCII name under ``images/``."""

    def __init__(self, job: Job, source: Path | None) -> None:
        self.job = job
        self.source = source
        self.items: dict[Path, Item] = {}

    def add_path(self, path: Path) -> str | None:
        try:
            resolved = self.job.allowed_file(path)
        except ValueError:
            return None  # already warned about by the pipeline
        media_type = IMAGE_TYPES.get(resolved.suffix.lower())
        if media_type is None:
            self.job.warn(f"{self.source}: image '{path.name}' left out: unsupported type {resolved.suffix}")
            return None
        if resolved not in self.items:
            number = len(self.items) + 1
            self.items[resolved] = Item(f"img-{number:03d}", f"images/img-{number:03d}{resolved.suffix.lower()}",
                                        media_type, resolved.read_bytes())
        return self.items[resolved].href

    def src(self, image: Image) -> str | None:
        if image.local is not None:
            return self.add_path(image.local)
        self.job.warn(f"{self.source}: remote image {image.src} not embedded (no network at build time); alt text shown")
        return None


def write(book: Book, target: Path, job: Job) -> dict[str, object]:
    """Write ``book`` as an EPUB 3 file at ``target``."""
    config = job.config
    meta = book.meta
    lang = meta.lang
    images = ImageStore(job, book.path)
    documents: list[Item] = []
    toc: list[dict[str, object]] = []
    order = 0

    for number, article in enumerate(book.articles, start=1):
        chapter_id = f"c{number:03d}"
        renderer = XhtmlRenderer(article, image_src=images.src)
        doc = article_context(article, renderer)
        href = f"chapter-{number:03d}.xhtml"
        xhtml = layouts.render("epub", config, "chapter.xhtml.j2", doc=doc, lang=lang, chapter_id=chapter_id)
        documents.append(Item(f"chapter-{number:03d}", href, XHTML, _checked(xhtml, href, book.path)))
        order += 1
        entry: dict[str, object] = {"id": f"nav-{order}", "order": order, "href": href,
                                    "title": article.meta.title, "children": []}
        for heading in doc["toc"]:
            order += 1
            entry["children"].append({"id": f"nav-{order}", "order": order,  # type: ignore[attr-defined]
                                      "href": f"{href}#{heading['anchor']}", "title": heading["title"], "children": []})
        toc.append(entry)

    tip = tip_page(meta, config)
    if tip is not None:
        tip_doc = layouts.render("epub", config, "tip.xhtml.j2", lang=lang,
                                 tip=tip_context(tip, lambda p: images.add_path(p) or ""))
        properties = "svg" if any(code.svg for code in tip.codes) else ""
        documents.append(Item("tip", "tip.xhtml", XHTML, _checked(tip_doc, "tip.xhtml", book.path), properties))
        order += 1
        toc.append({"id": f"nav-{order}", "order": order, "href": "tip.xhtml", "title": tip.heading, "children": []})

    landmarks = [{"type": "toc", "href": "nav.xhtml", "title": "目录"},
                 {"type": "bodymatter", "href": documents[0].href, "title": "正文"}]
    nav = layouts.render("epub", config, "nav.xhtml.j2", lang=lang, toc=toc, landmarks=landmarks)
    nav_item = Item("nav", "nav.xhtml", XHTML, _checked(nav, "nav.xhtml", book.path), "nav")

    vertical = config.epub.writing_mode == "vertical"
    css = layouts.stylesheet(
        "epub", config, vertical=vertical,
        fonts=[{"family": f.family, "weight": f.weight, "url": f"../fonts/{f.filename}"} for f in fonts.FACES],
    )
    # Fonts are cut to exactly the characters of every document (text, titles, TOC, tip page)
    # and what the stylesheet draws itself.
    text = "".join(_text(item.data) for item in [*documents, nav_item])
    job.check_glyphs(text, book.path)
    text += fonts.generated_text(css)
    font_items = [
        Item(f"font-{i}", f"fonts/{face.filename}", "font/otf", fonts.subset(face, set(text)).data)
        for i, face in enumerate(fonts.FACES, start=1)
    ]
    css_item = Item("css", "css/style.css", "text/css", css.encode("utf-8"))

    identifier = _identifier(book, documents)
    modified = job.timestamp(meta.date)
    ncx = layouts.render("epub", config, "toc.ncx.j2", lang=lang, toc=toc, title=meta.title,
                         identifier=identifier, depth=2 if any(e["children"] for e in toc) else 1)
    ncx_item = Item("ncx", "toc.ncx", "application/x-dtbncx+xml", ncx.encode("utf-8"))

    manifest = [nav_item, *documents, css_item, *font_items, *images.items.values(), ncx_item]
    has_images = bool(images.items) or bool(tip and tip.codes)
    opf = layouts.render(
        "epub", config, "content.opf.j2",
        lang=lang, identifier=identifier, title=meta.title, subtitle=meta.subtitle,
        authors=[a.strip() for a in meta.author.replace("，", ",").split(",") if a.strip()],
        date=meta.date.isoformat() if meta.date else "", publisher=book.publisher or config.site.name,
        source=meta.source, subjects=list(meta.tags), description=meta.summary,
        modified=modified.strftime("%Y-%m-%dT%H:%M:%SZ"),
        access_modes=["textual", "visual"] if has_images else ["textual"],
        access_features=["structuralNavigation", "tableOfContents", "readingOrder", "alternativeText",
                         "displayTransformability"],
        access_summary="文字内容完整，可调整字号；目录与标题结构齐全，图片附有替代文字。",
        cover_id="", manifest=manifest, rtl=vertical,
        spine=[{"id": "nav", "linear": len(book.articles) > 1}] + [{"id": d.id, "linear": True} for d in documents],
    )
    entries = {f"OEBPS/{item.href}": item.data for item in manifest}
    entries["OEBPS/content.opf"] = opf.encode("utf-8")
    entries["META-INF/container.xml"] = CONTAINER
    entries["META-INF/com.apple.ibooks.display-options.xml"] = APPLE_OPTIONS
    data = zip_epub(entries, modified.timetuple()[:6])
    write_bytes(target, data)
    return {"size": len(data), "chapters": len(book.articles)}


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
            info.compress_type = zipfile.ZIP_DEFLATED
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
