"""The print PDF, rendered by WeasyPrint from the print layout.

WeasyPrint gets fonts already subset by HarfBuzz (served from memory, never from the
machine's font folders) and a URL fetcher that serves only the project's files: nothing
remote is fetched, nothing outside the project reaches the PDF.
"""

from __future__ import annotations

import logging
import mimetypes
import warnings
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from lxml import html as lxml_html

from .. import fonts
from ..model import Book
from ..render.pdf import FONT_URL, render_document
from ..tip import tip_page
from .atomic import atomic_path
from .context import Job

log = logging.getLogger(__name__)


def write(book: Book, target: Path, job: Job) -> dict[str, object]:
    """Render ``book`` to ``target``; returns facts for the build report (pages)."""
    with warnings.catch_warnings():
        # A machine without any system font is fine: we bring our own.
        warnings.filterwarnings("ignore", message="(No fonts configured|FontConfig cannot load)")
        from weasyprint import HTML  # noqa: PLC0415 - heavy import, only when a PDF is asked for
        from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415

    tip = tip_page(book.meta, job.config)
    document = render_document(list(book.articles), job.config, fonts.FACES, tip, title=book.meta.title)
    text = document_text(document)
    job.check_glyphs(text, book.path)
    subsets = {face.filename: fonts.subset(face, set(text)).data for face in fonts.FACES}
    fetcher = _project_fetcher(subsets, job)
    options: dict[str, object] = {}
    if job.config.pdf.variant:
        options["pdf_variant"] = job.config.pdf.variant
    with atomic_path(target) as tmp, job.capture_warnings("weasyprint", book.path):
        rendered = HTML(string=document, base_url=str(job.root) + "/", url_fetcher=fetcher).render(
            font_config=FontConfiguration())
        rendered.write_pdf(str(tmp), **options)
    return {"pages": len(rendered.pages)}


def document_text(document: str) -> str:
    """The characters a reader sees (body text, titles, running heads, generated content),
    for subsetting and glyph checks."""
    tree = lxml_html.document_fromstring(document)
    generated = []
    for style in tree.iter("style"):
        generated.append(fonts.generated_text(style.text or ""))
        style.drop_tree()
    return tree.text_content() + "".join(generated)


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
