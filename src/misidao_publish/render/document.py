"""What the shared layouts receive for an article and for the tip page, whatever the format."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from markupsafe import Markup

from ..model import Article
from ..tip import TipPage
from .html import HtmlRenderer


def date_text(article: Article) -> str:
    """The date as Chinese readers write it: 2024年5月1日."""
    d = article.meta.date
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def article_context(article: Article, renderer: HtmlRenderer) -> dict[str, Any]:
    """The names ``layouts/base/macros.html.j2`` uses for one article."""
    return {
        "meta": article.meta,
        "date_text": date_text(article),
        "body": renderer.body(),
        "notes": renderer.notes(),
        "link_notes": renderer.link_notes(),
        "toc": renderer.toc(),
    }


def tip_context(tip: TipPage | None, image_src: Callable[[Path], str]) -> dict[str, Any] | None:
    """The tip page for a layout, pictures addressed the way the format needs."""
    if tip is None:
        return None
    return {
        "heading": tip.heading,
        "copyright": tip.copyright,
        "source": tip.source,
        "codes": [
            {"label": c.label, "svg": Markup(c.svg), "src": image_src(c.image) if c.image else ""}
            for c in tip.codes
        ],
    }
