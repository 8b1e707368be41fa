"""Pages as an editor checks them: repeated table heads, wrapped code, scaled images, no stranded
headings, no lone lines, backgrounds into the bleed."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES, pdftotext

from misidao_publish.cli import main

sys.path.insert(0, str(ROOT / "bench"))
from measure_typesetting import _match, glyph_lines, source_paragraphs  # noqa: E402

MM = 72 / 25.4
PARAGRAPH = ("永州经开区明确提出，国卫复审迎检不仅是“保牌”行动，更重要的是通过迎检提高市民素质、美化城市环境、"
             "提升城市品质，务必要高点站位，高标要求。在这一重大决策的指引下，经开区上下全体动员、全民参与。")


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An article with a table of 80 rows, an overlong code line, a wide image and many sections."""
    folder = tmp_path_factory.mktemp("long")
    shutil.copytree(SAMPLES / "images", folder / "images")
    rows = "\n".join(f"| 地点{i} | {i * 0.3:.1f} | {i} 分钟 |" for i in range(80))
    sections = "\n\n".join(f"## 第{i}节\n\n{PARAGRAPH * (1 + i % 3)}" for i in range(1, 16))
    code = "x = '" + "汉字abc" * 60 + "'"
    text = (f"---\ntitle: 长文测试\nauthor: 米思岛编辑部\n---\n\n{PARAGRAPH}\n\n| 地点 | 距离 | 用时 |\n|---|---:|---|\n{rows}\n\n"
            f"```python\n{code}\n```\n\n![湘江晚景](images/xiangjiang.png)\n\n{sections}\n")
    (folder / "long.md").write_text(text, encoding="utf-8")
    from click.testing import CliRunner  # noqa: PLC0415

    result = CliRunner().invoke(main, ["build", str(folder / "long.md"), "-f", "pdf", "-o", str(folder), "--strict"])
    assert result.exit_code == 0, result.output
    return folder / "long.pdf"


def test_table_head_repeats_on_every_page(long_pdf: Path) -> None:
    pages = [page for page in pdftotext(long_pdf).split("\f") if "地点7" in page or "地点4" in page]
    assert len(pages) >= 2, "the 80-row table should cross a page"
    for page in pages:
        assert "距离" in page and "用时" in page, "each page of the table starts with its head"


def test_code_wraps_inside_the_text_block(long_pdf: Path) -> None:
    width = 148 * MM
    for line in glyph_lines(long_pdf):
        assert line.glyphs[-1].x1 <= width - 10 * MM, "".join(g.text for g in line.glyphs)[:30]
    assert "汉字abc" * 3 in pdftotext(long_pdf).replace("\n", "")


def test_image_scaled_to_the_text_block(long_pdf: Path) -> None:
    from pdfminer.high_level import extract_pages  # noqa: PLC0415
    from pdfminer.layout import LTImage  # noqa: PLC0415

    images = []
    for page in extract_pages(str(long_pdf)):
        stack = [page]
        while stack:
            node = stack.pop()
            if isinstance(node, LTImage):
                images.append(node)
            elif hasattr(node, "__iter__"):
                stack.extend(node)
    assert images
    for image in images:
        assert image.x0 >= 10 * MM and image.x1 <= (148 - 10) * MM
    assert "湘江晚景" in pdftotext(long_pdf)


def test_no_heading_stranded_at_a_page_foot(long_pdf: Path) -> None:
    lines = glyph_lines(long_pdf)
    for index, line in enumerate(lines):
        if line.glyphs[0].size > 13 and "Bold" in line.glyphs[0].font and "节" in "".join(g.text for g in line.glyphs):
            following = [l for l in lines[index + 1:] if l.page == line.page and l.glyphs[0].size > 10]
            assert following, f"heading alone at the foot of page {line.page}"


def test_no_single_line_of_a_paragraph_alone_on_a_page(long_pdf: Path) -> None:
    paragraphs = source_paragraphs(long_pdf.with_suffix(".md"))
    body = [line for line in glyph_lines(long_pdf) if abs(line.glyphs[0].size - 10.5) < 0.3]
    split = 0
    for para in _match(body, paragraphs):
        pages = [line.page for line in para]
        if len(set(pages)) > 1:
            split += 1
            for page in set(pages):
                assert pages.count(page) >= 2, "orphan or widow"
    assert split, "some paragraph should cross a page in this article"


def test_title_page_band_runs_into_the_bleed(tmp_path: Path) -> None:
    """A book's title page background reaches the edge of the bleed, not just the trim."""
    import dataclasses  # noqa: PLC0415
    import datetime as dt  # noqa: PLC0415
    import subprocess  # noqa: PLC0415

    from PIL import Image  # noqa: PLC0415

    from misidao_publish import readers  # noqa: PLC0415
    from misidao_publish.config import load_config  # noqa: PLC0415
    from misidao_publish.model import Book, Metadata, Part  # noqa: PLC0415
    from misidao_publish.writers import pdf as pdf_writer  # noqa: PLC0415
    from misidao_publish.writers.context import Job  # noqa: PLC0415

    config = load_config(SAMPLES / "misidao.toml")
    config = dataclasses.replace(config, pdf=dataclasses.replace(config.pdf, bleed=3.0))
    article = readers.read(SAMPLES / "features.md", config)
    book = Book(meta=Metadata(title="文选", date=dt.date(2024, 1, 1)), parts=(Part("", (article, article)),))
    target = tmp_path / "book.pdf"
    pdf_writer.write(book, target, Job(config=config, root=SAMPLES))
    subprocess.run(["pdftoppm", "-r", "72", "-png", "-f", "3", "-l", "3", "-singlefile", str(target), str(tmp_path / "t")],
                   check=True)
    image = Image.open(tmp_path / "t.png").convert("RGB")
    red, green, blue = image.getpixel((1, 1))  # inside the bleed, outside the trim
    assert red > 120 and green < 80 and blue < 80, (red, green, blue)


def test_full_bleed_picture_fills_its_page_and_the_bleed(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import subprocess  # noqa: PLC0415

    from PIL import Image  # noqa: PLC0415

    shutil.copytree(SAMPLES / "images", tmp_path / "images")
    (tmp_path / "a.md").write_text('---\ntitle: 出血图\n---\n\n前面一段。\n\n![湘江晚景](images/xiangjiang.png "full-bleed")\n\n'
                                   "后面一段。\n", encoding="utf-8")
    result = runner.invoke(main, ["build", str(tmp_path / "a.md"), "-f", "pdf", "-o", str(tmp_path), "--bleed", "3mm",
                                  "--strict"])
    assert result.exit_code == 0, result.output
    pages = pdftotext(tmp_path / "a.pdf").split("\f")
    assert "湘江晚景" in pages[1] and "前面一段" not in pages[1], "the picture has a page of its own"
    subprocess.run(["pdftoppm", "-r", "72", "-png", "-f", "2", "-l", "2", "-singlefile", str(tmp_path / "a.pdf"),
                    str(tmp_path / "p")], check=True)
    image = Image.open(tmp_path / "p.png").convert("RGB")
    width, height = image.size
    for corner in [(0, 0), (width - 1, 0), (0, height - 1), (width - 1, height - 1)]:
        assert image.getpixel(corner) != (255, 255, 255), f"white at {corner}: the picture must run into the bleed"
