"""Print rendering: the model as one HTML document for WeasyPrint, with page geometry.

The text block is made a whole number of characters wide (版心 = N × 字号) so that lines of
pure Chinese fill the measure exactly; the spare width goes to the outer margin.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from ..config import Config
from ..errors import ConfigError
from ..fonts import FontFace
from ..model import Book, Image
from ..tip import TipPage
from ..typeset.emit import spacing_css
from ..typeset.title import balanced_title
from . import layouts
from .document import article_context, tip_context
from .pdf_book import book_context
from .pdf_html import PdfRenderer

PAGE_SIZES: dict[str, tuple[float, float]] = {
    "A4": (210, 297),
    "A5": (148, 210),
    "B5": (176, 250),
    "16开": (185, 260),
    "32开": (130, 184),
}

FONT_URL = "https://fonts.misidao-publish.invalid/"
"""Subset fonts are served to WeasyPrint from memory under this never-resolved address."""

HALF_MARKS: tuple[FontFace, ...] = (
    FontFace("marks", "Misidao Half Marks", 400, "MisidaoHalfMarks-Regular.otf"),
    FontFace("marks", "Misidao Half Marks", 700, "MisidaoHalfMarks-Bold.otf"),
)
"""The compressible marks, half an em wide (scripts/make_half_marks.py): compressed marks
(标点挤压) are set in these, so the PDF's glyph boxes match what is drawn."""

PT_TO_MM = 25.4 / 72
TIP_SCALE = 0.9
"""The tip page's copyright line size in body ems (``.tip-copyright``)."""
TITLE_SCALE = 1.75
"""The article title's size in body ems (``.article-title`` in style.css.j2)."""


@dataclass(frozen=True)
class PageGeometry:
    """Trim size and margins in millimetres."""

    width: float
    height: float
    margin_top: float
    margin_bottom: float
    margin_inner: float
    margin_outer: float
    bleed: float
    marks: bool
    chars_per_line: int


def parse_page_size(value: str) -> tuple[float, float] | None:
    """``A5``, ``16开`` or ``WIDTHxHEIGHT`` (mm) → (width, height), or ``None`` if unknown."""
    key = value.strip()
    if key.upper() in PAGE_SIZES:
        return PAGE_SIZES[key.upper()]
    if key in PAGE_SIZES:
        return PAGE_SIZES[key]
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*[x×X*]\s*(\d+(?:\.\d+)?)(?:\s*mm)?", key)
    if match:
        w, h = float(match.group(1)), float(match.group(2))
        if 50 <= w <= 1000 and 50 <= h <= 1000:
            return w, h
    return None


def geometry(config: Config) -> PageGeometry:
    """Page geometry from ``[pdf]``, with the measure rounded down to whole characters."""
    pdf = config.pdf
    size = parse_page_size(pdf.page_size)
    if size is None:
        raise ConfigError(
            f"pdf.page_size: unknown size '{pdf.page_size}' (use {', '.join(PAGE_SIZES)} or WIDTHxHEIGHT in mm)",
            config.path)
    width, height = size
    if not 0 <= pdf.bleed <= 20:
        raise ConfigError(f"pdf.bleed: {pdf.bleed:g} mm is outside 0–20 mm", config.path)
    for name in ("margin_top", "margin_bottom", "margin_inner", "margin_outer"):
        if not 0 <= getattr(pdf, name) < min(width, height) / 3:
            raise ConfigError(f"pdf.{name}: {getattr(pdf, name):g} mm does not fit a {width:g}×{height:g} mm page",
                              config.path)
    char_mm = pdf.font_size * PT_TO_MM
    available = width - pdf.margin_inner - pdf.margin_outer
    chars = math.floor(available / char_mm + 1e-6)
    if chars < 8:
        raise ConfigError(f"pdf: margins leave room for only {chars} characters per line", config.path)
    # The width left over by whole characters is shared by both margins, so the gutter keeps the
    # extra width it was given (a bound book loses some of it in the fold).
    spare = available - chars * char_mm
    inner = round(pdf.margin_inner + spare / 2, 3)
    outer = round(width - inner - chars * char_mm, 3)
    return PageGeometry(
        width=width, height=height, margin_top=pdf.margin_top, margin_bottom=pdf.margin_bottom,
        margin_inner=inner, margin_outer=outer, bleed=pdf.bleed, marks=pdf.crop_marks,
        chars_per_line=chars,
    )


def render_document(book: Book, config: Config, faces: tuple[FontFace, ...], tip: TipPage | None,
                    timestamp: dt.datetime | None = None) -> str:
    """One HTML document holding the book (front matter for books of several articles), its
    articles and the tip page, styled for print."""
    page = geometry(config)
    is_book = len(book.articles) > 1 or any(part.title for part in book.parts)
    has_parts = any(part.title for part in book.parts)
    docs = []
    spacings: set[int] = set()
    number = 0
    for part_index, part in enumerate(book.parts, start=1):
        for index, article in enumerate(part.articles):
            number += 1
            renderer = PdfRenderer(article, _file_url, measure=page.chars_per_line, font_size=config.pdf.font_size,
                                   anchor_prefix=f"a{number}-" if is_book else "")
            doc = article_context(article, renderer)
            spacings |= renderer.spacings
            doc["meta"] = dataclasses.replace(
                article.meta, title=balanced_title(article.meta.title, page.chars_per_line, TITLE_SCALE))
            doc["id"] = f"art-{number}"
            doc["part"] = {"id": f"part-{part_index}", "title": part.title} if part.title and index == 0 else None
            docs.append(doc)
    meta = book.meta
    css = layouts.stylesheet(
        "pdf", config,
        fonts=[{"family": f.family, "weight": f.weight, "url": FONT_URL + f.filename} for f in faces + HALF_MARKS],
        page=page, font_size=config.pdf.font_size, line_height=config.pdf.line_height,
        is_book=is_book, has_parts=has_parts, left_head=_css_string(meta.title),
    ) + "\n" + spacing_css(spacings)
    stamp = timestamp.strftime("%Y-%m-%dT%H:%M:%SZ") if timestamp else ""
    return layouts.render(
        "pdf", config, "document.html.j2",
        css=css, docs=docs, tip=_tip(tip, page), book=book_context(book, config) if is_book else None,
        lang=meta.lang, title=meta.title, author=meta.author or config.author or config.site.name,
        description=meta.summary or meta.subtitle or f"{config.site.name}·{config.site.tagline}",
        keywords=", ".join(meta.tags or (config.site.name,)),
        created=meta.date.isoformat() if meta.date else stamp, modified=stamp,
    )


def _tip(tip: TipPage | None, page: PageGeometry) -> dict[str, object] | None:
    """The tip page, its copyright line broken after 转载： rather than before a title's last word."""
    context = tip_context(tip, _tip_image_url)
    if context is not None:
        context["copyright"] = balanced_title(str(context["copyright"]), page.chars_per_line, TIP_SCALE,
                                              role="serif", bold=False, subtitle=False)
    return context


def _css_string(text: str) -> Markup:
    """``text`` as a quoted CSS string."""
    quoted = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3c ")
    return Markup(f'"{quoted}"')


def _file_url(image: Image) -> str | None:
    if image.local is not None:
        return image.local.as_uri() if image.local.is_file() else None
    return image.src


def _tip_image_url(path: Path) -> str:
    return path.as_uri()
