"""Embedded fonts for an EPUB: each shipped face cut to exactly the characters set in it.

Body text is set in the serif regular face; headings, table heads and code in the sans faces;
``strong`` in bold. Reading each content document the way ``layouts/epub/style.css.j2`` styles
it tells which characters each face needs, so the bold sans of a fifty-article book holds its
headings only. A face nobody uses is left out. A subset that would still pass 1 MB (a long
book drawing on most of the 3,500 common characters) loses its hinting and becomes WOFF2.
"""

from __future__ import annotations

import io
import re
import threading
from dataclasses import dataclass

import uharfbuzz as hb
from lxml import etree

from .. import fonts
from .epub_images import Item

FONT_BUDGET = 950_000
"""Largest font file we ship as OTF; larger subsets are compressed to WOFF2 (limit: 1 MB)."""

WOFF2_QUALITY = 9
XHTML_NS = "{http://www.w3.org/1999/xhtml}"
# Which elements switch to the sans family and which to bold, as style.css.j2 has it; the
# stylesheet in force (a theme may add rules) is read for more with :func:`styled`.
SANS_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "th", "kbd", "samp"}
SANS_CLASSES = {"article-subtitle", "titlepage-publisher", "part-label"}
BOLD_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "th"}
BOLD_CLASSES: set[str] = set()
SKIP_TAGS = {"head", "script", "style"}

_CONTENT = re.compile(r"""content:\s*(["'])(.*?)\1""")
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_SIMPLE = re.compile(r"^([a-z][a-z0-9]*)?((?:\.[\w-]+)*)$")
_BOLD = re.compile(r"font-weight:\s*(bold|[6-9]00)")
_woff2_lock = threading.Lock()


@dataclass(frozen=True)
class EmbeddedFont:
    """One face as it goes into the book."""

    face: fonts.FontFace
    """The shipped face."""
    item: Item
    """The manifest item (``fonts/<name>.otf`` or ``.woff2``)."""
    chars: frozenset[str]
    """The characters it was cut to."""


def _face_key(sans: bool, bold: bool) -> tuple[str, int]:
    return ("sans" if sans else "serif", 700 if bold else 400)


def styled(css: str) -> tuple[set[str], set[str], set[str], set[str]]:
    """Tags and classes set in the sans family, and tags and classes set in bold: ours, plus those
    the stylesheet's rules name in the subject of a simple selector (``h2``, ``.lead``, ``p.note``)."""
    sans_tags, sans_classes, bold_tags, bold_classes = set(SANS_TAGS), set(SANS_CLASSES), set(BOLD_TAGS), set(BOLD_CLASSES)
    for selectors, body in _RULE.findall(re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)):
        sans, bold = "Misidao Sans" in body, bool(_BOLD.search(body))
        if selectors.strip().startswith("@") or not (sans or bold):
            continue
        for selector in selectors.split(","):
            subject = re.split(r"[\s>+~]+", selector.strip())[-1].split(":")[0]
            match = _SIMPLE.match(subject)
            if not match:
                continue
            tag, classes = match.group(1), [c for c in match.group(2).split(".") if c]
            if sans:
                sans_classes.update(classes) if classes else sans_tags.add(tag or "")
            if bold:
                bold_classes.update(classes) if classes else bold_tags.add(tag or "")
    return sans_tags, sans_classes, bold_tags, bold_classes


def face_chars(documents: list[bytes], css: str) -> dict[tuple[str, int], set[str]]:
    """The characters each ``(role, weight)`` face sets across ``documents``; CSS ``content``
    strings (the scene-break stars, byline dots) count as body text. The serif regular face, the
    root of every document, gets every character, so a rule we misread still finds its glyph
    in the book's own body face."""
    found: dict[tuple[str, int], set[str]] = {_face_key(s, b): set() for s in (False, True) for b in (False, True)}
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    sans_tags, sans_classes, bold_tags, bold_classes = styled(css)

    def visit(el: etree._Element, sans: bool, bold: bool) -> None:
        tag = el.tag.removeprefix(XHTML_NS) if isinstance(el.tag, str) else ""
        if tag in SKIP_TAGS or not isinstance(el.tag, str):
            return
        classes = set((el.get("class") or "").split())
        sans = sans or tag in sans_tags or bool(classes & sans_classes)
        bold = bold or tag in bold_tags or bool(classes & bold_classes)
        if el.text:
            found[_face_key(sans, bold)].update(el.text)
        for child in el:
            visit(child, sans, bold)
            if child.tail:
                found[_face_key(sans, bold)].update(child.tail)

    for data in documents:
        visit(etree.fromstring(data, parser), False, False)
    for match in _CONTENT.finditer(css):
        found[("serif", 400)].update(match.group(2))
    found[("serif", 400)].update(fonts.GENERATED)  # list markers and counters the reader draws
    for chars in found.values():
        chars.difference_update(" \t\r\n")
    found[("serif", 400)].update(*found.values())
    return found


def embed(documents: list[bytes], css_probe: str) -> list[EmbeddedFont]:
    """Every face that sets at least one character, subset to its characters."""
    wanted = face_chars(documents, css_probe)
    out = []
    for number, face in enumerate(fonts.FACES, start=1):
        chars = frozenset(wanted[(face.role, face.weight)])
        if not chars:
            continue
        data = fonts.subset(face, chars).data
        stem = face.filename.rsplit(".", 1)[0]
        if len(data) <= FONT_BUDGET:
            item = Item(f"font-{number}", f"fonts/{stem}.otf", "font/otf", data)
        else:
            item = Item(f"font-{number}", f"fonts/{stem}.woff2", "font/woff2", _compact_woff2(face, chars))
        out.append(EmbeddedFont(face, item, chars))
    return out


def _compact_woff2(face: fonts.FontFace, chars: frozenset[str]) -> bytes:
    """A large subset without hinting (reading systems rasterise CJK unhinted anyway), as WOFF2."""
    import brotli
    from fontTools.ttLib import TTFont, woff2

    inp = hb.SubsetInput()
    for cp in sorted({ord(c) for c in chars} | {0x20, 0xA0, 0x3000}):
        inp.unicode_set.add(cp)
    for tag in fonts._FEATURES:
        inp.layout_feature_tag_set.add(fonts._tag(tag))
    inp.flags = hb.SubsetFlags.NOTDEF_OUTLINE | hb.SubsetFlags.NO_HINTING | hb.SubsetFlags.DESUBROUTINIZE
    class Quicker:
        """fontTools compresses at Brotli quality 11: 10 s for a 1 MB CJK font, for 9% less than quality 9 (0.3 s)."""

        MODE_FONT = brotli.MODE_FONT
        decompress = staticmethod(brotli.decompress)

        @staticmethod
        def compress(data: bytes, mode: int = brotli.MODE_GENERIC, **_: object) -> bytes:
            return brotli.compress(data, mode=mode, quality=WOFF2_QUALITY)

    with _woff2_lock:
        result = hb.subset(fonts._hb_face(face.path), inp)
        font = TTFont(io.BytesIO(bytes(result.blob.data)))
        font.flavor = "woff2"
        buffer = io.BytesIO()
        original, woff2.brotli = woff2.brotli, Quicker
        try:
            font.save(buffer, reorderTables=False)
        finally:
            woff2.brotli = original
    return buffer.getvalue()
