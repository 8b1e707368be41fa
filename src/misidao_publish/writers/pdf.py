"""The print PDF, rendered by WeasyPrint from the print layout.

WeasyPrint gets fonts already subset by HarfBuzz (served from memory, never from the
machine's font folders) and a URL fetcher that serves only the project's files: nothing
remote is fetched, nothing outside the project reaches the PDF.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import re
import warnings
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from lxml import html as lxml_html

from .. import fonts
from ..errors import ConfigError, PublishError, RenderError
from ..model import Book
from ..render.pdf import FONT_URL, HALF_MARKS, render_document
from ..tip import tip_page
from .atomic import atomic_path
from .context import Job

log = logging.getLogger(__name__)

VARIANTS = ("pdf/a-2b", "pdf/x-4")
"""The PDF variants we offer and test (WeasyPrint knows more; these two are what archives and presses ask for)."""


def write(book: Book, target: Path, job: Job) -> dict[str, object]:
    """Render ``book`` to ``target``; returns facts for the build report (pages)."""
    with warnings.catch_warnings():
        # A machine without any system font is fine: we bring our own.
        warnings.filterwarnings("ignore", message="(No fonts configured|FontConfig cannot load)")
        from weasyprint import HTML  # noqa: PLC0415 - heavy import, only when a PDF is asked for
        from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415

    tip = tip_page(book.meta, job.config)
    document = render_document(book, job.config, fonts.FACES, tip, timestamp=job.timestamp(book.meta.date))
    text = document_text(document)
    job.check_glyphs(text, book.path)
    subsets = {face.filename: fonts.subset(face, set(text)).data for face in fonts.FACES}
    for mark_face in HALF_MARKS:  # 4 KB each, used as they are
        subsets[mark_face.filename] = mark_face.path.read_bytes()
    fetcher = _project_fetcher(subsets, job)
    _keep_our_subsets()
    options = pdf_options(job.config.pdf.variant, document, job.config.path)
    with atomic_path(target) as tmp, job.capture_warnings("weasyprint", book.path):
        try:
            rendered = HTML(string=document, base_url=str(job.root) + "/", url_fetcher=fetcher).render(
                font_config=FontConfiguration(), **options)
            rendered.write_pdf(str(tmp), **options)
        except PublishError:
            raise
        except Exception as exc:  # noqa: BLE001 - a WeasyPrint failure is reported in one line, not a traceback
            raise RenderError(f"PDF rendering failed: {type(exc).__name__}: {exc}", book.path) from None
    return {"pages": len(rendered.pages)}


def _keep_our_subsets() -> None:
    """Our fonts reach WeasyPrint already subset (uharfbuzz), so WeasyPrint embeds them as they
    are: it never needs the system's libharfbuzz-subset (without it, it falls back to slow
    fontTools with a warning). Unlike the ``full_fonts`` option, this keeps WeasyPrint's widths
    and ToUnicode map of the glyphs it drew rather than of the whole font."""
    from weasyprint.pdf import fonts as wp_fonts  # noqa: PLC0415

    original = wp_fonts.Font.subset
    if getattr(original, "misidao", False):
        return

    def subset(self, to_unicode, hinting):  # type: ignore[no-untyped-def]
        if self.family.startswith(OUR_FAMILIES):
            return None
        return original(self, to_unicode, hinting)

    subset.misidao = True  # type: ignore[attr-defined]
    wp_fonts.Font.subset = subset


OUR_FAMILIES = tuple(face.family for face in fonts.FACES + HALF_MARKS)


def pdf_options(variant: str, document: str, config_path: Path | None = None) -> dict[str, object]:
    """WeasyPrint options: the variant with an sRGB output intent (PDF/X-4 defaults to an
    unnamed CMYK one), a file identifier made from the content (rebuilds are identical), and
    fonts embedded as we subset them."""
    options: dict[str, object] = {
        "pdf_identifier": hashlib.md5(document.encode("utf-8")).hexdigest().encode(),
    }
    if variant:
        if variant not in VARIANTS:
            raise ConfigError(f"pdf.variant: unknown variant '{variant}' (use {', '.join(VARIANTS)})", config_path)
        options["pdf_variant"] = variant
        options["output_intent"] = "srgb"
    return options


def document_text(document: str) -> str:
    """The characters a reader sees (body text, titles, running heads, what CSS ``content``
    draws), for subsetting and glyph checks: a character missing from the subset would make
    WeasyPrint reach for the machine's fonts."""
    tree = lxml_html.document_fromstring(document)
    generated = fonts.GENERATED
    for style in tree.iter("style"):
        generated += "".join(re.findall(r'content:\s*([^;}]*)', style.text_content()))
        style.drop_tree()
    return tree.text_content() + generated


def _project_fetcher(subsets: dict[str, bytes], job: Job):  # type: ignore[no-untyped-def]
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: PLC0415

    class ProjectFetcher(URLFetcher):  # type: ignore[misc]
        """Serves our subset fonts and the project's own files; refuses everything else."""

        def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
            if url.startswith(FONT_URL):
                name = url[len(FONT_URL):]
                return URLFetcherResponse(url, body=subsets[name], headers={"Content-Type": "font/otf"})
            if url.startswith("file:"):
                path = Path(url2pathname(urlsplit(url).path))
                resolved = job.allowed_file(path)
                kind = mimetypes.guess_type(resolved.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, body=resolved.read_bytes(), headers={"Content-Type": kind})
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise ValueError(f"not fetched (remote resources are off): {url}")

    return ProjectFetcher()
