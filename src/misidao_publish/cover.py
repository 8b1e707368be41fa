"""A typographic cover for books and articles that bring no cover picture.

The text is set with HarfBuzz in the shipped fonts and drawn as outlines, so the SVG looks
the same in every reading system and in library thumbnails, where no embedded font applies
to an image. Where things go is decided here (line breaking needs glyph advances); how the
cover looks (colours, rules, the frame) lives in ``layouts/<fmt>/cover.svg.j2``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import uharfbuzz as hb
from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen

from . import fonts
from .config import Config
from .render import layouts

WIDTH, HEIGHT = 1600, 2400
"""The cover's box (2:3, what e-book stores ask for)."""
MARGIN = 200

# 禁则 (line-breaking rules): a line never starts with these …
NO_START = set("，。、；：？！）》」』】〕〉”’…—·,.;:?!)%")
# … nor ends with these.
NO_END = set("（《「『【〔〈“‘(")


@dataclass(frozen=True)
class TextLine:
    """One line of cover text, already turned into an outline path."""

    d: str
    """SVG path data in cover coordinates."""
    role: str
    """``title``, ``subtitle``, ``author``, ``site`` or ``tagline``: the layout colours by role."""
    y: float
    """The baseline."""
    width: float
    """The advance width of the line."""


def _face(role: str, weight: int) -> fonts.FontFace:
    return next(f for f in fonts.FACES if f.role == role and f.weight == weight)


@lru_cache(maxsize=8)
def _hb_font(face: fonts.FontFace) -> hb.Font:
    return hb.Font(fonts._hb_face(face.path))


def _shape(face: fonts.FontFace, text: str) -> tuple[list[tuple[int, float]], float, int]:
    """``text`` shaped: ``[(glyph id, x)]`` in font units, total advance, units per em."""
    font = _hb_font(face)
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(font, buf, {"palt": False})
    x = 0.0
    out = []
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions):
        out.append((info.codepoint, x + pos.x_offset))
        x += pos.x_advance
    return out, x, font.face.upem


def measure(face: fonts.FontFace, text: str, size: float) -> float:
    """The advance of ``text`` at ``size`` px."""
    _, advance, upem = _shape(face, text)
    return advance * size / upem


def outline(face: fonts.FontFace, text: str, size: float, x: float, y: float) -> str:
    """``text`` as SVG path data, its baseline starting at ``(x, y)``."""
    glyphs, _, upem = _shape(face, text)
    font = _hb_font(face)
    scale = size / upem
    pen = SVGPathPen(None, ntos=lambda v: f"{v:.1f}".rstrip("0").rstrip("."))
    for gid, gx in glyphs:
        font.draw_glyph_with_pen(gid, TransformPen(pen, (scale, 0, 0, -scale, x + gx * scale, y)))
    return pen.getCommands()


def break_lines(face: fonts.FontFace, text: str, size: float, measure_px: float) -> list[str]:
    """``text`` in balanced lines no wider than ``measure_px``, by the 禁则 rules; spaces are
    preferred break points in Latin runs."""
    text = " ".join(text.split())
    total = measure(face, text, size)
    if total <= measure_px:
        return [text]
    count = math.ceil(total / measure_px)
    target = min(measure_px, total / count * 1.04)
    lines: list[str] = []
    rest = text
    while rest:
        if measure(face, rest, size) <= measure_px:
            lines.append(rest)
            break
        cut = 1
        while cut < len(rest) and measure(face, rest[: cut + 1], size) <= target:
            cut += 1
        # Keep Latin words whole where a space is near.
        space = rest.rfind(" ", 0, cut + 1)
        if rest[cut:cut + 1].isascii() and rest[cut - 1:cut].isascii() and space > cut // 2:
            cut = space
        while 1 < cut < len(rest) and (rest[cut] in NO_START or rest[cut - 1] in NO_END):
            cut -= 1
        lines.append(rest[:cut].strip())
        rest = rest[cut:].strip()
    return lines


def cover_lines(title: str, subtitle: str, author: str, site: str, tagline: str) -> list[TextLine]:
    """Every line of the cover, placed: the title block in the upper half, the author below,
    the site's name and tagline at the foot."""
    measure_px = WIDTH - 2 * MARGIN
    title_face, plain_face = _face("sans", 700), _face("serif", 400)
    size = 132.0
    title_lines = break_lines(title_face, title, size, measure_px)
    while len(title_lines) > 4 and size > 72:
        size -= 12
        title_lines = break_lines(title_face, title, size, measure_px)
    out: list[TextLine] = []
    y = 620.0

    def centred(face: fonts.FontFace, text: str, px: float, baseline: float, role: str) -> None:
        width = measure(face, text, px)
        out.append(TextLine(outline(face, text, px, (WIDTH - width) / 2, baseline), role, baseline, width))

    for line in title_lines:
        y += size * 1.25
        centred(title_face, line, size, y, "title")
    if subtitle:
        y += size * 0.5
        for line in break_lines(plain_face, subtitle, 64, measure_px):
            y += 64 * 1.5
            centred(plain_face, line, 64, y, "subtitle")
    if author:
        centred(plain_face, author, 60, HEIGHT - 620.0, "author")
    if site:
        centred(title_face, site, 56, HEIGHT - 300.0, "site")
    if tagline:
        centred(plain_face, tagline, 40, HEIGHT - 220.0, "tagline")
    return out


def cover_svg(config: Config, title: str, subtitle: str = "", author: str = "", fmt: str = "epub") -> str:
    """The generated cover as an SVG document, drawn by the format's ``cover.svg.j2`` layout."""
    lines = cover_lines(title, subtitle, author, config.site.name, config.site.tagline)
    title_bottom = max((line.y for line in lines if line.role in ("title", "subtitle")), default=800.0)
    return layouts.render(fmt, config, "cover.svg.j2", width=WIDTH, height=HEIGHT, margin=MARGIN, lines=lines,
                          title=title, subtitle=subtitle, author=author, site=config.site.name,
                          title_bottom=title_bottom)
