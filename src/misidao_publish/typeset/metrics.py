"""Glyph advances of the shipped fonts, measured with HarfBuzz the way Pango will shape them.

WeasyPrint shapes through Pango and HarfBuzz; shaping the same text with the same fonts and
features here gives the same advances, so lines composed here fill the measure there.
"""

from __future__ import annotations

from functools import cache, lru_cache

import uharfbuzz as hb

from ..fonts import FACES, FontFace, _hb_face

HALT = {"halt": True}
"""Half-width punctuation (标点挤压): what the half-width marks face draws."""
FWID = {"fwid": True}
"""Full-width forms: ——, which Noto otherwise sets 1.69 em wide, becomes exactly two ems."""


@cache
def _font(face: FontFace) -> tuple[hb.Font, int]:
    hb_face = _hb_face(face.path)
    return hb.Font(hb_face), hb_face.upem


@lru_cache(maxsize=65536)
def advance(face: FontFace, text: str, halt: bool = False, fwid: bool = False) -> float:
    """The advance of ``text`` shaped as one run, in ems."""
    font, upem = _font(face)
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.language = "zh-Hans"  # what Pango passes for lang="zh-CN"
    hb.shape(font, buf, HALT if halt else FWID if fwid else {})
    return sum(p.x_advance for p in buf.glyph_positions) / upem


def face_for(role: str, bold: bool) -> FontFace:
    """The shipped face for a role (``serif``/``sans``) and weight."""
    weight = 700 if bold else 400
    for face in FACES:
        if face.role == role and face.weight == weight:
            return face
    raise LookupError(f"no shipped {role} face of weight {weight}")
