"""The shipped CJK fonts: where they are, what they cover, and per-document subsets.

Outputs never depend on the machine's fonts: EPUBs embed subsets of these faces and the PDF
is set in them. HarfBuzz's subsetter (uharfbuzz) cuts a Noto CJK face down to the characters
a document uses in milliseconds, where fontTools takes seconds.
"""

from __future__ import annotations

import hashlib
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import uharfbuzz as hb

from .resources import data_dir


@dataclass(frozen=True)
class FontFace:
    """One shipped face."""

    role: str
    """``serif`` (body) or ``sans`` (headings)."""
    family: str
    """The CSS family name our layouts use for this role."""
    weight: int
    """400 or 700: real bold faces, never synthesised."""
    filename: str
    """File name under ``fonts/``."""

    @property
    def path(self) -> Path:
        """The font file."""
        return data_dir("fonts") / self.filename


FACES: tuple[FontFace, ...] = (
    FontFace("serif", "Misidao Serif", 400, "NotoSerifCJKsc-Regular.otf"),
    FontFace("serif", "Misidao Serif", 700, "NotoSerifCJKsc-Bold.otf"),
    FontFace("sans", "Misidao Sans", 400, "NotoSansCJKsc-Regular.otf"),
    FontFace("sans", "Misidao Sans", 700, "NotoSansCJKsc-Bold.otf"),
)

# Layout features kept in subsets: kerning, vertical forms, proportional/half-width
# punctuation (标点挤压) and contextual half-width spacing.
_FEATURES = ("kern", "vkrn", "palt", "vpal", "halt", "vhal", "vert", "vrt2", "fwid", "hwid", "pwid", "chws", "vchw", "ccmp")

_lock = threading.Lock()


@lru_cache(maxsize=None)
def _hb_face(path: Path) -> hb.Face:
    return hb.Face(hb.Blob.from_file_path(str(path)))


@lru_cache(maxsize=None)
def coverage(path: Path) -> frozenset[int]:
    """The code points a font maps (read by HarfBuzz: 30× quicker than parsing the cmap with fontTools)."""
    return frozenset(_hb_face(path).unicodes)


def missing_glyphs(text: str, faces: tuple[FontFace, ...] = FACES) -> list[str]:
    """Characters of ``text`` that no shipped face can draw (whitespace and controls aside)."""
    covered = coverage(faces[0].path)
    out = set()
    for ch in set(text):
        if ord(ch) in covered or ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Mn"):
            continue
        out.add(ch)
    return sorted(out)


@dataclass(frozen=True)
class SubsetFont:
    """A face cut down to one document's characters."""

    face: FontFace
    """The face it was cut from."""
    data: bytes
    """The OpenType (CFF) font file."""

    @property
    def filename(self) -> str:
        """A stable, ASCII file name (same characters → same name)."""
        digest = hashlib.sha1(self.data).hexdigest()[:10]
        return f"{Path(self.face.filename).stem}-{digest}.otf"


def subset(face: FontFace, chars: set[str] | frozenset[str]) -> SubsetFont:
    """``face`` cut down to ``chars`` (plus the glyphs its layout features reach from them)."""
    return _subset_cached(face, frozenset(chars))


@lru_cache(maxsize=64)
def _subset_cached(face: FontFace, chars: frozenset[str]) -> SubsetFont:
    inp = hb.SubsetInput()
    codepoints = {ord(c) for c in chars} | {0x20, 0xA0, 0x3000}
    for cp in sorted(codepoints):
        inp.unicode_set.add(cp)
    features = inp.layout_feature_tag_set
    for tag in _FEATURES:
        features.add(hb.ot_tag_from_string(tag) if hasattr(hb, "ot_tag_from_string") else _tag(tag))
    inp.flags = hb.SubsetFlags.NOTDEF_OUTLINE
    with _lock:  # HarfBuzz faces are shared; subsetting is quick, so serialise it
        result = hb.subset(_hb_face(face.path), inp)
    if result is None:
        raise RuntimeError(f"HarfBuzz could not subset {face.filename}")
    return SubsetFont(face=face, data=bytes(result.blob.data))


def _tag(tag: str) -> int:
    a, b, c, d = (ord(ch) for ch in tag.ljust(4))
    return (a << 24) | (b << 16) | (c << 8) | d


GENERATED = "0123456789•◦▪·.,:()[]-–—　\u2002\u2003 ﹅﹆"
"""Characters CSS draws without their being in the text: list markers (disc, circle, square,
decimal), folios from counters, TOC leaders, emphasis dots (着重号), spaces. Every subset gets them."""
