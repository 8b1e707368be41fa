"""The front matter of a printed book: half-title, title page, 版权页 (copyright page) and 目录 (contents)."""

from __future__ import annotations

from typing import Any

from ..config import Config
from ..model import Book


def book_context(book: Book, config: Config) -> dict[str, Any]:
    """What ``layouts/pdf/book.html.j2`` needs: the title page, the 版权页 lines and the TOC entries
    (each pointing at an article's id, so ``target-counter`` gives its page)."""
    meta = book.meta
    publisher = book.publisher or config.site.name
    date_text = f"{meta.date.year}年{meta.date.month}月" if meta.date else ""
    edition = book.extra.get("edition", "")
    colophon = [("书名", meta.title)]
    if meta.subtitle:
        colophon.append(("副书名", meta.subtitle))
    if meta.author:
        colophon.append(("作者", meta.author))
    colophon.append(("出版", publisher))
    if date_text:
        colophon.append(("出版日期", date_text))
    if edition:
        colophon.append(("版次", edition))
    if book.isbn:
        colophon.append(("书号", f"ISBN {book.isbn}"))
    colophon.append(("网址", config.site.url))
    toc: list[dict[str, Any]] = []
    number = 0
    for part_index, part in enumerate(book.parts, start=1):
        if part.title:
            toc.append({"kind": "part", "title": part.title, "href": f"#part-{part_index}"})
        for article in part.articles:
            number += 1
            toc.append({"kind": "article", "title": article.meta.title, "author": article.meta.author,
                        "href": f"#art-{number}"})
    return {
        "title": meta.title, "subtitle": meta.subtitle, "author": meta.author, "publisher": publisher,
        "tagline": config.site.tagline, "date_text": date_text, "colophon": colophon, "toc": toc,
        "rights": "版权所有，未经允许不得转载。",
    }
