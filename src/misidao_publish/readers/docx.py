"""Word documents (``.docx``) → :class:`Article`, through mammoth.

mammoth maps Word *styles* (not looks) to meaning: 标题 1/Heading 1 → headings, list
paragraphs → lists, tables, bold and italic; the result is clean HTML that :mod:`.htmltree`
turns into the model. Embedded pictures are written once, named by content, into
``<stem>_files/`` beside the document (the folder a browser's "save page" makes) so every
output can embed them. Title, author and date come from the document's properties when
the text has no title.

"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from ..config import Config
from ..errors import ReadError
from ..model import Article, Heading, Metadata, plain_text
from .chrome import Chrome
from .htmltree import HtmlWalker, number_headings, parse_fragment

log = logging.getLogger(__name__)

STYLE_MAP = "\n".join([
    "p[style-name='Title'] => h1:fresh",
    "p[style-name='标题'] => h1:fresh",
    "p[style-name='Subtitle'] => p.subtitle:fresh",
    "p[style-name='副标题'] => p.subtitle:fresh",
    *(f"p[style-name='标题 {n}'] => h{n}:fresh" for n in range(1, 7)),
    "p[style-name='Quote'] => blockquote > p:fresh",
    "p[style-name='Intense Quote'] => blockquote > p:fresh",
    "p[style-name='引用'] => blockquote > p:fresh",
    "p[style-name='明显引用'] => blockquote > p:fresh",
])
"""Chinese Word names its built-in styles in Chinese when users make their own look-alikes."""

_EXTENSIONS = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/svg+xml": ".svg",
               "image/webp": ".webp"}
_CORE = {"dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/",
         "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"}


def read(path: Path, config: Config) -> Article:
    """Read a .docx file."""
    import mammoth  # noqa: PLC0415 - only Word files pay for it

    if not path.is_file():
        raise ReadError("no such file" if not path.exists() else "is a folder, not a source file", path)
    if not zipfile.is_zipfile(path):
        raise ReadError("not a Word .docx file (old .doc files must be saved as .docx first)", path)
    images: dict[str, Path] = {}
    folder = path.resolve().parent / f"{path.stem}_files"

    def save_image(image: Any) -> dict[str, str]:
        with image.open() as stream:
            data = stream.read()
        suffix = _EXTENSIONS.get(image.content_type, "")
        if not suffix:
            log.warning("%s: embedded image of type %s left out", path, image.content_type)
            return {"src": "", "alt": image.alt_text or ""}
        target = _store(folder, f"image-{hashlib.sha256(data).hexdigest()[:12]}{suffix}", data, path)
        token = f"misidao-image:{len(images)}"
        images[token] = target
        return {"src": token, "alt": image.alt_text or ""}

    try:
        with path.open("rb") as stream:
            result = mammoth.convert_to_html(stream, style_map=STYLE_MAP,
                                             convert_image=mammoth.images.img_element(save_image))
    except ReadError:
        raise
    except Exception as exc:  # mammoth raises OSError, KeyError, ExpatError … for damaged files
        raise ReadError(f"not a readable Word .docx file: {' '.join(str(exc).split()) or type(exc).__name__}",
                        path) from None
    for message in result.messages:
        log.info("%s: %s", path, message.message)
    walker = HtmlWalker(path.resolve().parent, Chrome.from_config(config.import_), images)
    root = parse_fragment(f"<html><body>{result.value}</body></html>")
    walker.take_notes(root)
    blocks = walker.blocks(root.body)
    if not blocks:
        raise ReadError("the document has no text", path)
    props = _properties(path)
    fields: dict[str, Any] = {**walker.found}
    title = ""
    for i, block in enumerate(blocks):
        if isinstance(block, Heading) and block.level == 1:
            title = plain_text(block.children).strip()
            blocks = blocks[:i] + blocks[i + 1:]
            break
    fields["title"] = title or props.get("title") or path.stem
    if props.get("author") and "author" not in fields:
        fields["author"] = props["author"]
    fields.setdefault("author", config.author)
    fields["lang"] = config.lang
    fields["tip"] = config.tip.enabled
    return Article(meta=Metadata(**fields), blocks=number_headings(blocks), footnotes=walker.footnotes(), path=path)


def _store(folder: Path, name: str, data: bytes, source: Path) -> Path:
    """Write an extracted image once (atomically); same picture, same name, so rebuilds change nothing."""
    target = folder / name
    if target.is_file() and target.stat().st_size == len(data):
        return target
    try:
        folder.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, target)
    except OSError as exc:
        raise ReadError(f"cannot write its pictures to {folder}: {exc.strerror or exc}", source) from None
    return target


def _properties(path: Path) -> dict[str, Any]:
    """Title and author from ``docProps/core.xml`` (empty when absent)."""
    try:
        with zipfile.ZipFile(path) as z:
            root = etree.fromstring(z.read("docProps/core.xml"))
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return {}

    def text(xpath: str) -> str:
        found = root.xpath(xpath, namespaces=_CORE)
        return " ".join(found[0].split()) if found and found[0].strip() else ""

    # dcterms:created is when the file was made, not when the article was published: not a date.
    return {"title": text("//dc:title/text()"), "author": text("//dc:creator/text()")}
