"""A printed book of several articles: front matter, TOC page numbers, bookmarks, right-hand chapters."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES, pdftotext, require

from misidao_publish import readers
from misidao_publish.config import load_config
from misidao_publish.model import Book, Metadata, Part
from misidao_publish.writers import pdf as pdf_writer
from misidao_publish.writers.context import Job

sys.path.insert(0, str(ROOT / "bench"))
from measure_typesetting import glyph_lines  # noqa: E402

BOOK_TITLE = "米思岛文选"


@pytest.fixture(scope="module")
def book_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    config = load_config(SAMPLES / "misidao.toml")
    yongzhou = readers.read(SAMPLES / "yongzhou.md", config)
    features = readers.read(SAMPLES / "features.md", config)
    book = Book(
        meta=Metadata(title=BOOK_TITLE, subtitle="二〇二四年卷", author="米思岛编辑部", date=dt.date(2024, 6, 1)),
        parts=(Part("第一辑　城市", (yongzhou, features)), Part("第二辑　江边", (features,))),
        publisher="米思岛出版部", isbn="978-7-5321-0000-1", extra={"edition": "第1版"},
    )
    target = tmp_path_factory.mktemp("book") / "book.pdf"
    job = Job(config=config, root=SAMPLES)
    info = pdf_writer.write(book, target, job)
    assert job.warnings == []
    assert info["pages"] > 10
    return target


def pages_text(pdf: Path) -> list[str]:
    return pdftotext(pdf, "-layout").split("\f")[:-1]


def outline(pdf: Path) -> list[tuple[int, str, int]]:
    """The bookmarks: (level, title, 1-based page)."""
    from pdfminer.pdfdocument import PDFDocument  # noqa: PLC0415
    from pdfminer.pdfpage import PDFPage  # noqa: PLC0415
    from pdfminer.pdfparser import PDFParser  # noqa: PLC0415
    from pdfminer.pdftypes import resolve1  # noqa: PLC0415

    with pdf.open("rb") as handle:
        document = PDFDocument(PDFParser(handle))
        numbers = {page.pageid: i + 1 for i, page in enumerate(PDFPage.create_pages(document))}
        return [(level, title, numbers[resolve1(dest)[0].objid]) for level, title, dest, _, _ in document.get_outlines()]


def toc_entries(pdf: Path) -> list[tuple[str, int]]:
    pages = pages_text(pdf)
    toc = next(p for p in pages if re.search(r"目\s*录", p))
    entries = []
    for line in toc.splitlines():
        match = re.match(r"\s*(\S.*?)\s*\.{3,}\s*(\d+)\s*$", line)
        if match:
            entries.append((re.sub(r"\s+", "", match.group(1)), int(match.group(2))))
    return entries


def test_toc_page_numbers_point_at_article_openings(book_pdf: Path) -> None:
    require("pdftotext")
    entries = toc_entries(book_pdf)
    assert [title[:4] for title, _ in entries] == ["第一辑城", "历尽天华", "湘江边的", "第二辑江", "湘江边的"]
    pages = pages_text(book_pdf)
    for title, number in entries:
        opening = re.sub(r"\s+", "", pages[number - 1])
        assert opening.startswith(title[:6]), f"TOC says {title} starts on page {number}"
    # The bookmarks agree with the printed TOC.
    marks = [(title, page) for level, title, page in outline(book_pdf) if level <= 2 and title != "目录"]
    assert [page for _, page in marks][:5] == [number for _, number in entries]


def test_bookmarks_nest_parts_articles_sections(book_pdf: Path) -> None:
    marks = outline(book_pdf)
    levels = [(level, title) for level, title, _ in marks]
    assert (1, "目录") in levels
    assert (1, "第一辑　城市") in levels and (1, "第二辑　江边") in levels
    part = levels.index((1, "第一辑　城市"))
    assert levels[part + 1] == (2, "历尽天华成此景——永州经开区巩固国家卫生城市成果纪实")
    assert levels[part + 2] == (3, "全民动员强推动")
    assert levels[-1][1] == "觉得文章有用就打赏一下"


def test_chapters_start_on_right_hand_pages_and_tip_is_last(book_pdf: Path) -> None:
    for _, number in toc_entries(book_pdf):
        assert number % 2 == 1, f"page {number} is a left-hand page"
    pages = pages_text(book_pdf)
    assert "觉得文章有用就打赏一下" in pages[-1]
    assert all("觉得文章有用就打赏一下" not in page for page in pages[:-1])


def test_front_matter_and_copyright_page(book_pdf: Path) -> None:
    pages = [re.sub(r"\s+", "", page) for page in pages_text(book_pdf)]
    assert pages[0] == BOOK_TITLE, "half-title page"
    assert pages[1] == "", "the half-title's back is blank, without a folio"
    assert pages[2].startswith(BOOK_TITLE) and "米思岛编辑部" in pages[2] and "米思岛出版部" in pages[2]
    colophon = next(page for page in pages if "版权信息" in page)
    for expected in (f"书名：{BOOK_TITLE}", "作者：米思岛编辑部", "出版：米思岛出版部", "出版日期：2024年6月",
                     "版次：第1版", "ISBN978-7-5321-0000-1"):
        assert expected in colophon, expected


def test_running_heads_and_folios(book_pdf: Path) -> None:
    lines = glyph_lines(book_pdf)
    heads: dict[int, str] = {}
    inked: set[int] = set()
    for line in lines:  # top to bottom: a page's first line is its head if set in the 7.5 pt head size
        if line.page not in inked and all(abs(g.size - 7.5) < 0.3 for g in line.glyphs):
            heads[line.page] = "".join(g.text for g in line.glyphs)
        inked.add(line.page)
    openings = [number for _, number in toc_entries(book_pdf)]
    for page in openings:
        assert page not in heads, f"running head on the opening page {page}"
    total = max(inked)
    blank = [page for page in range(1, total + 1) if page not in inked]
    assert blank, "right-hand starts leave blank pages"
    article = openings[1]  # 历尽天华成此景, several pages long
    assert heads[article + 1] == BOOK_TITLE, "left pages carry the book's title"
    assert heads[article + 2].startswith("历尽天华成此景"), "right pages carry the article's title"
    folios = pages_text(book_pdf)[article].split("\n")
    assert any(line.strip() == str(article + 1) for line in folios), "folio on the page"
