"""Saved web pages and Word files: just the article reaches the outputs, with its structure."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from conftest import epubcheck_problems

from misidao_publish import readers
from misidao_publish.cli import main
from misidao_publish.config import load_config
from misidao_publish.errors import ReadError
from misidao_publish.wechat_rules import check_fragment, find_fragment
from misidao_publish.model import (
    Emphasis, Figure, Heading, Link, ListBlock, Paragraph, Quote, Strong, Table, plain_text, walk,
)

DATA = Path(__file__).parent / "data"
PAGE = DATA / "wordpress_page.html"
TITLE = "历尽天华成此景——永州经开区巩固国家卫生城市成果纪实"
# Text that sits in the page's header, menu, sidebar, share box, 打赏 popover, comments, related posts, footer.
CHROME = ["首页", "新闻资讯", "搜索", "最新文章", "热门标签", "分享到", "微博", "QQ空间", "打赏", "扫一扫",
          "未经允许不得转载", "相关推荐", "永州十大美食", "上一篇", "下一篇", "发表评论", "点赞", "游客张三",
          "晨跑确实舒服", "版权所有", "ICP备", "网站地图", "联系我们", "阅读 1,024", "悦享好时光", "来源"]


def all_text(article) -> str:
    parts = []
    for node in walk(article.blocks):
        if hasattr(node, "children") and not isinstance(node, (Strong, Emphasis, Link)):
            parts.append(plain_text(node.children))
        if isinstance(node, Figure):
            parts.append(node.image.alt)
    return "\n".join(parts)


def test_wordpress_page_gives_just_the_article() -> None:
    article = readers.read(PAGE, load_config(None))
    meta = article.meta
    assert meta.title == TITLE
    assert meta.author == "李文"
    assert str(meta.date) == "2020-09-18"
    assert meta.source == "永州经开区"
    assert meta.tags == ("卫生城市", "永州")
    assert meta.summary.startswith("永州经开区巩固")
    kinds = [type(b).__name__ for b in article.blocks]
    assert kinds == ["Paragraph", "Paragraph", "Heading", "Paragraph", "ListBlock", "Quote", "Figure", "Heading",
                     "Paragraph", "Table"]
    assert [plain_text(b.children) for b in article.blocks if isinstance(b, Heading)] == ["全民动员强推动", "以点示范促品质"]
    second = article.blocks[1]
    assert isinstance(second, Paragraph)
    assert any(isinstance(c, Strong) and plain_text(c.children) == "乘风破浪" for c in second.children)
    assert any(isinstance(c, Emphasis) and plain_text(c.children) == "扬帆起航" for c in second.children)
    figure = article.blocks[6]
    assert isinstance(figure, Figure)
    assert figure.image.src == "https://www.misidao.com/wp-content/uploads/2020/09/xiangjiang.jpg"
    assert figure.image.local is None  # remote images stay remote
    assert figure.image.alt == "湘江西路风光带"
    assert isinstance(article.blocks[4], ListBlock) and len(article.blocks[4].items) == 2
    assert isinstance(article.blocks[5], Quote)
    table = article.blocks[9]
    assert isinstance(table, Table) and [plain_text(c.children) for c in table.header] == ["项目", "数量"]
    assert len(table.rows) == 2
    text = all_text(article)
    for chrome in CHROME:
        assert chrome not in text, chrome


def test_wordpress_page_builds(tmp_path: Path, runner) -> None:
    result = runner.invoke(main, ["build", str(PAGE), "-o", str(tmp_path), "-f", "epub,wechat", "-v"])
    assert result.exit_code == 0, result.output
    assert "read as UTF-8" in result.output
    with zipfile.ZipFile(tmp_path / "wordpress_page.epub") as z:
        chapter = "".join(z.read(n).decode() for n in z.namelist() if "chapter" in n and n.endswith(".xhtml"))
    assert "三十多年来，伴随着改革开放的大潮，" in chapter  # typography ran on web pages too
    assert "游客张三" not in chapter and "相关推荐" not in chapter
    fragment = find_fragment((tmp_path / "wordpress_page.wechat.html").read_text(encoding="utf-8"))
    assert [str(v) for v in check_fragment(fragment)] == []  # the WeChat paste rules hold for web content too
    assert "打赏一下" in fragment and "扫一扫" not in fragment.split("觉得文章有用")[0]
    assert epubcheck_problems(tmp_path / "wordpress_page.epub") == []


def test_gbk_web_page_with_declared_charset(tmp_path: Path) -> None:
    page = tmp_path / "old.htm"
    markup = PAGE.read_text(encoding="utf-8").replace('<meta charset="UTF-8">', '<meta charset="gbk">').replace("©", "(C)")
    page.write_bytes(markup.encode("gbk", errors="strict"))
    article = readers.read(page, load_config(None))
    assert article.meta.title == TITLE
    assert "这是一片开放的高地。" in all_text(article)


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


@pytest.fixture
def word_file(tmp_path: Path) -> Path:
    docx = pytest.importorskip("docx")
    from docx.shared import Inches

    document = docx.Document()
    document.core_properties.author = "李文"
    document.add_heading("历尽天华成此景", level=0)  # Word's "Title" style
    p = document.add_paragraph("三十多年来,伴随着改革开放的大潮,永州经开区")
    p.add_run("乘风破浪").bold = True
    p.add_run(",")
    p.add_run("扬帆起航").italic = True
    p.add_run("。")
    document.add_heading("全民动员强推动", level=1)
    document.add_paragraph("门前三包", style="List Bullet")
    document.add_paragraph("禁燃禁放", style="List Bullet")
    document.add_paragraph("先动员", style="List Number")
    document.add_paragraph("再整治", style="List Number")
    table = document.add_table(rows=2, cols=2)
    for (r, c), value in {(0, 0): "项目", (0, 1): "数量", (1, 0): "新增停车位", (1, 1): "1588个"}.items():
        table.cell(r, c).text = value
    document.add_picture(io.BytesIO(png(60, 30, (181, 69, 42))), width=Inches(2))
    document.add_heading("以点示范促品质", level=2)
    document.add_paragraph("来源:永州经开区")
    document.add_paragraph("未经允许不得转载:历尽天华成此景")
    document.add_paragraph("巩卫工作成效明显NOTE_HERE")
    path = tmp_path / "word.docx"
    document.save(str(path))
    add_footnote(path, "NOTE_HERE", "数据来自永州经开区官网。")
    return path


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def add_footnote(path: Path, marker: str, note: str) -> None:
    """Give a python-docx file a real Word footnote (python-docx has no API for them) at ``marker``."""
    with zipfile.ZipFile(path) as z:
        parts = {info.filename: z.read(info.filename) for info in z.infolist()}
    reference = ('</w:t></w:r><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
                 '<w:footnoteReference w:id="1"/></w:r><w:r><w:t>。')
    parts["word/document.xml"] = parts["word/document.xml"].decode().replace(marker, reference).encode()
    parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].decode().replace(
        "</Relationships>", '<Relationship Id="rIdNotes" Target="footnotes.xml" Type="http://schemas.openxmlformats.org'
        '/officeDocument/2006/relationships/footnotes"/></Relationships>').encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].decode().replace(
        "</Types>", '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.footnotes+xml"/></Types>').encode()
    parts["word/footnotes.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
        f'</w:footnote><w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {note}'
        "</w:t></w:r></w:p></w:footnote></w:footnotes>").encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def test_word_file_reads_with_structure(word_file: Path) -> None:
    article = readers.read(word_file, load_config(None))
    assert article.meta.title == "历尽天华成此景"
    assert article.meta.author == "李文"
    assert article.meta.source == "永州经开区"
    headings = [(b.level, plain_text(b.children)) for b in article.blocks if isinstance(b, Heading)]
    assert headings == [(2, "全民动员强推动"), (3, "以点示范促品质")]
    first = article.blocks[0]
    assert isinstance(first, Paragraph)
    assert [type(c).__name__ for c in first.children] == ["Text", "Strong", "Text", "Emphasis", "Text"]
    lists = [b for b in article.blocks if isinstance(b, ListBlock)]
    assert [(lb.ordered, [plain_text(i.blocks[0].children) for i in lb.items]) for lb in lists] == [
        (False, ["门前三包", "禁燃禁放"]), (True, ["先动员", "再整治"])]
    table = next(b for b in article.blocks if isinstance(b, Table))
    assert [plain_text(c.children) for c in table.rows[0]] == ["新增停车位", "1588个"]
    figure = next(b for b in article.blocks if isinstance(b, Figure))
    assert figure.image.local is not None and figure.image.local.read_bytes() == png(60, 30, (181, 69, 42))
    assert figure.image.local.parent == word_file.parent / "word_files"
    assert "未经允许" not in all_text(article)
    last = article.blocks[-1]
    assert isinstance(last, Paragraph) and plain_text(last.children) == "巩卫工作成效明显。"
    assert [type(c).__name__ for c in last.children] == ["Text", "NoteRef", "Text"]
    assert len(article.footnotes) == 1
    assert plain_text(article.footnotes[0].blocks[0].children) == "数据来自永州经开区官网。"
    assert "↑" not in all_text(article)


def test_word_file_builds_with_its_picture(word_file: Path, tmp_path: Path, runner) -> None:
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(word_file), "-o", str(out), "-f", "epub,pdf"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out / "word.epub") as z:
        names = z.namelist()
        chapter = "".join(z.read(n).decode() for n in names if "chapter" in n and n.endswith(".xhtml"))
    assert any(n.endswith(".png") for n in names)
    assert "三十多年来，伴随着改革开放的大潮，永州经开区" in chapter and "<strong>乘风破浪</strong>" in chapter
    assert 'epub:type="footnote"' in chapter and "数据来自永州经开区官网。" in chapter
    assert epubcheck_problems(out / "word.epub") == []
    assert (out / "word.pdf").stat().st_size > 10_000


def test_not_a_word_file(tmp_path: Path, runner) -> None:
    fake = tmp_path / "fake.docx"
    fake.write_text("这不是 Word 文件", encoding="utf-8")
    with pytest.raises(ReadError, match="not a Word .docx file"):
        readers.read(fake, load_config(None))
    result = runner.invoke(main, ["build", str(fake), "-o", str(tmp_path / "out"), "-f", "wechat"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "fake.docx: not a Word .docx file" in result.output


def test_chrome_without_telltale_classes_is_still_dropped() -> None:
    """A 打赏 popover and share box the extractor cannot recognise by class are caught by [import] strip."""
    markup = PAGE.read_text(encoding="utf-8")
    markup = (markup.replace('class="reward-box"', 'class="post-extra"')
              .replace('class="reward-popover" style="display:none"', 'class="box"')
              .replace('class="share-box"', 'class="x"'))
    article = readers.html.parse(markup, PAGE, load_config(None))
    text = all_text(article)
    for chrome in ("打赏", "扫一扫", "分享到", "微博"):
        assert chrome not in text, chrome
    assert not any(isinstance(b, Figure) and "alipay" in b.image.src for b in article.blocks)
    assert len(article.blocks) == 10


def test_body_class_naming_a_sidebar_does_not_drop_the_article() -> None:
    markup = PAGE.read_text(encoding="utf-8").replace(
        '<body class="post-template-default single single-post">', '<body class="has-sidebar"><div class="with-sidebar">'
    ).replace("</body>", "</div></body>")
    article = readers.html.parse(markup, PAGE, load_config(None))
    assert [type(b).__name__ for b in article.blocks][:3] == ["Paragraph", "Paragraph", "Heading"]


@pytest.mark.parametrize(("name", "content", "message"), [
    ("zip.docx", {"hello.txt": "hi"}, "not a readable Word .docx file"),
    ("broken.docx", {"[Content_Types].xml": "<Types/>", "word/document.xml": "<not xml"}, "not a readable Word"),
])
def test_damaged_word_files(tmp_path: Path, runner, name: str, content: dict, message: str) -> None:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as z:
        for member, text in content.items():
            z.writestr(member, text)
    result = runner.invoke(main, ["build", str(path), "-o", str(tmp_path / "out"), "-f", "wechat"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{name}: {message}" in result.output and result.output.count("\n") == 1
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_page_without_article(tmp_path: Path) -> None:
    page = tmp_path / "empty.htm"
    page.write_text("<html><head><title>标题 - 网站</title></head><body><script>var a = 1;</script><div></div></body></html>", encoding="utf-8")
    with pytest.raises(ReadError, match="no article text found"):
        readers.read(page, load_config(None))


def test_from_choices_match_readers() -> None:
    from misidao_publish.cli import SOURCE_FORMATS

    assert set(SOURCE_FORMATS) == set(readers.READERS)
    assert set(readers.SUFFIXES.values()) == set(readers.READERS)


def test_one_paragraph_with_breaks_and_indents_becomes_paragraphs() -> None:
    """Many Chinese sites set a whole article in one <p>, with <br><br> or <br>　　 between paragraphs."""
    long = "这是很长的一段文字，用来让提取器认出这里是正文而不是页面的装饰。"
    page = (f"<html><head><title>测试文章 - 网站</title></head><body><div class=\"article-body\"><p>"
            f"　　第一段,{long}<br><br>　　第二段,{long}<br>　　第三段,{long}<br>同段的下一行</p></div></body></html>")
    article = readers.html.parse(page, PAGE, load_config(None))
    assert article.meta.title == "测试文章"
    texts = [plain_text(b.children) for b in article.blocks]
    assert texts == [f"第一段,{long}", f"第二段,{long}", f"第三段,{long} 同段的下一行"]


@pytest.mark.parametrize(("title", "expected"), [
    ("历尽天华成此景——永州经开区_米思岛", "历尽天华成此景——永州经开区"),
    ("湘江边的春天丨米思岛", "湘江边的春天"),
    ("湘江边的春天 - 某某网", "湘江边的春天"),
    ("COVID-19 的防控", "COVID-19 的防控"),
])
def test_title_from_title_tag_loses_the_site_name(title: str, expected: str) -> None:
    long = "这是很长的一段文字，用来让提取器认出这里是正文而不是页面的装饰。" * 3
    page = f"<html><head><title>{title}</title></head><body><div><p>{long}</p><p>{long}</p></div></body></html>"
    assert readers.html.parse(page, PAGE, load_config(None)).meta.title == expected
