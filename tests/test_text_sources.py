"""Plain-text sources (the scraped seed article) and source encodings (GBK, GB18030, Big5, UTF-16)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from misidao_publish import readers
from misidao_publish.cli import main
from misidao_publish.config import load_config
from misidao_publish.errors import ReadError
from misidao_publish.model import Heading, Paragraph, plain_text
from misidao_publish.readers.source import decode
from misidao_publish.transforms.typography import apply_typography

from conftest import epubcheck_problems

SEED = Path(__file__).resolve().parents[1] / "samples" / "yongzhou-scraped.txt"
"""The seed article (shared/seeds/000_0119d9d49717120d.txt) exactly as scraped, chrome included."""

TITLE = "历尽天华成此景——永州经开区巩固国家卫生城市成果纪实"
HEADINGS = ["全民动员强推动", "以点示范促品质", "智慧管理焕新颜"]
CHROME = ["米思岛", "悦享好时光", "misidao.com", "打赏", "未经允许不得转载", "扫一扫", "来源"]

needs_seed = pytest.mark.skipif(not SEED.is_file(), reason="seed article not found")


def seed_paragraphs() -> list[str]:
    """The article's paragraphs as the seed has them, read independently of the reader."""
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").split("\n")]
    start = lines.index(TITLE) + 1
    end = next(i for i, line in enumerate(lines) if line.startswith("来源"))
    return [line for line in lines[start:end] if line and line not in HEADINGS]


@needs_seed
def test_seed_reads_into_a_clean_article() -> None:
    config = load_config(None)
    article = apply_typography(readers.read(SEED, config), config.typography)
    assert article.meta.title == TITLE
    assert article.meta.source == "永州经开区"
    headings = [plain_text(b.children) for b in article.blocks if isinstance(b, Heading)]
    assert headings == HEADINGS
    paragraphs = [plain_text(b.children) for b in article.blocks if isinstance(b, Paragraph)]
    expected = seed_paragraphs()
    assert len(paragraphs) == len(expected) == 15
    for got, raw in zip(paragraphs, expected):
        # same text, in order, with the half-width marks made full-width
        # (and the one stray space the scraper left after 、 gone)
        assert got == raw.replace(",", "，").replace(":", "：").replace("!", "！").replace("、 “", "、“")
        assert not re.search(r"[\u4e00-\u9fff][,:;!?]", got), got
    body = "\n".join(paragraphs + headings)
    for chrome in CHROME:
        assert chrome not in body
    # headings sit where the seed has them: after the 5th, 8th and 10th paragraphs
    kinds = ["h" if isinstance(b, Heading) else "p" for b in article.blocks]
    assert "".join(kinds) == "ppppphppphpphppppp"


@needs_seed
def test_seed_builds_a_valid_epub(tmp_path: Path, runner) -> None:
    source = tmp_path / "seed.txt"
    source.write_bytes(SEED.read_bytes())
    result = runner.invoke(main, ["build", str(source), "-o", str(tmp_path / "out"), "-f", "epub,wechat", "-v"])
    assert result.exit_code == 0, result.output
    assert "read as UTF-8" in result.output
    epub = tmp_path / "out" / "seed.epub"
    with zipfile.ZipFile(epub) as z:
        chapter = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml") and "chapter" in n)
    assert TITLE in chapter
    for heading in HEADINGS:
        assert heading in chapter
    assert "三十多年来，伴随着" in chapter and "三十多年来," not in chapter
    assert "misidao.com" not in chapter and "扫一扫" not in chapter
    assert epubcheck_problems(epub) == []


def test_strip_patterns_come_from_config(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text("本站头部\n\n标题在这里\n\n第一段。\n\n广告：买一送一\n\n第二段。\n", encoding="utf-8")
    (tmp_path / "misidao.toml").write_text('[import]\nstrip = ["本站头部", "广告[:：].*"]\n', encoding="utf-8")
    article = readers.read(source, load_config(tmp_path / "misidao.toml"))
    assert article.meta.title == "标题在这里"
    assert [plain_text(b.children) for b in article.blocks] == ["第一段。", "第二段。"]
    default = readers.read(source, load_config(None))
    assert default.meta.title == "本站头部"  # not this site's chrome by default


@pytest.mark.parametrize("line", ["“好的。”", "（图为湘江风光带）", "图：清水河小游园", "记者 王宁", "https://x.cn/a"])
def test_short_lines_that_are_not_headings(line: str) -> None:
    text = f"标题\n\n第一段很长，写满了内容。\n\n{line}\n\n第二段也很长，写满了内容。\n"
    article = readers.text.parse(text, Path("p.txt"), load_config(None))
    assert not any(isinstance(b, Heading) for b in article.blocks)
    assert len(article.blocks) == 3


def test_indented_hard_wrapped_text_and_verse() -> None:
    text = ("题目\n\u3000\u3000第一段的第一行\n接着第一段。\n\u3000\u3000第二段。\n\n"
            "床前明月光\n疑是地上霜\n举头望明月\n低头思故乡\n\n作者：李白\n日期：2020年3月5日\n")
    article = readers.text.parse(text, Path("p.txt"), load_config(None))
    texts = [plain_text(b.children) for b in article.blocks]
    assert texts[:2] == ["第一段的第一行接着第一段。", "第二段。"]
    assert not any(isinstance(b, Heading) for b in article.blocks)  # short verse lines are no headings
    assert article.meta.author == "李白"
    assert str(article.meta.date) == "2020-03-05"


SAMPLE = "历尽天华成此景\n\n　　三十多年来，伴随着改革开放的大潮，永州经开区扬帆起航。\n\n全民动员强推动\n\n　　这是一片开放的高地。\n"
TRADITIONAL = "歷盡天華成此景\n\n　　三十多年來，伴隨著改革開放的大潮，永州經開區揚帆起航。\n\n全民動員強推動\n\n　　這是一片開放的高地。\n"


def as_markdown(text: str) -> str:
    lines = [line.strip("\u3000") for line in text.split("\n")]
    lines[0] = "# " + lines[0]
    lines[4] = "## " + lines[4]
    return "\n".join(lines)


@pytest.mark.parametrize(("codec", "text", "name"), [
    ("gbk", SAMPLE, "GBK"),
    ("gb18030", SAMPLE + "　　生僻字𠀀与欧元符号€。\n", "GB18030"),
    ("big5", TRADITIONAL, "Big5"),
    ("utf-16", SAMPLE, "UTF-16 (with BOM)"),
    ("utf-16-le", SAMPLE, "UTF-16LE"),
    ("utf-8-sig", SAMPLE, "UTF-8 (with BOM)"),
])
@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_encodings_are_detected(tmp_path: Path, runner, codec: str, text: str, name: str, suffix: str) -> None:
    source = tmp_path / f"legacy{suffix}"
    content = text if suffix == ".txt" else as_markdown(text)
    source.write_bytes(content.encode(codec))
    article = readers.read(source, load_config(None))
    assert decode(source.read_bytes(), source).encoding == name
    assert plain_text(article.blocks[0].children).endswith("扬帆起航。" if codec != "big5" else "揚帆起航。")
    if codec == "gb18030":
        assert "𠀀与欧元符号€" in plain_text(article.blocks[-1].children)
    result = runner.invoke(main, ["build", str(source), "-o", str(tmp_path / "out"), "-f", "wechat", "-v"])
    assert result.exit_code == 0, result.output
    assert f"read as {name}" in result.output
    html = (tmp_path / "out" / "legacy.wechat.html").read_text(encoding="utf-8")
    assert ("这是一片开放的高地" if codec != "big5" else "這是一片開放的高地") in html


def test_undecodable_bytes_name_the_offset(tmp_path: Path, runner) -> None:
    source = tmp_path / "broken.md"
    good = "# 标题\n\n这是一片开放的高地。\n".encode("utf-8")
    source.write_bytes(good + b"\xff\xfe\xfa tail\n")
    with pytest.raises(ReadError) as info:
        readers.read(source, load_config(None))
    assert f"offset {len(good)}" in str(info.value) and "0xff" in str(info.value)
    assert info.value.line == 4
    result = runner.invoke(main, ["build", str(source), "-o", str(tmp_path / "out"), "-f", "wechat"])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert f"broken.md:4: not valid UTF-8 text (byte 0xff at offset {len(good)})" in result.output
    assert not (tmp_path / "out" / "broken.wechat.html").exists()


def test_forced_encoding_from_config(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_bytes("标题\n\n正文。\n".encode("gbk"))
    (tmp_path / "misidao.toml").write_text('[import]\nencoding = "big5"\n', encoding="utf-8")
    article = readers.read(source, load_config(tmp_path / "misidao.toml"))
    assert article.meta.title != "标题"  # the user's (wrong) choice wins over detection


@needs_seed
def test_traditional_edition_sets_language_everywhere(tmp_path: Path, runner) -> None:
    source = tmp_path / "seed.txt"
    source.write_bytes(SEED.read_bytes())
    result = runner.invoke(main, ["build", str(source), "-o", str(tmp_path / "out"), "-f", "epub,wechat",
                                  "--convert", "s2twp"])
    assert result.exit_code == 0, result.output
    epub = tmp_path / "out" / "seed.epub"
    with zipfile.ZipFile(epub) as z:
        texts = {n: z.read(n).decode() for n in z.namelist() if n.endswith((".xhtml", ".opf", ".ncx"))}
    langs = {m for text in texts.values() for m in re.findall(r'(?:xml:)?lang="([^"]+)"', text)}
    assert langs == {"zh-TW"}
    assert "<dc:language>zh-TW</dc:language>" in "".join(texts.values())
    chapter = next(t for n, t in texts.items() if "chapter" in n)
    assert "歷盡天華成此景——永州經開區鞏固國家衛生城市成果紀實" in chapter
    assert "全民動員強推動" in chapter and "三十多年來，伴隨著" in chapter
    tip = next(t for n, t in texts.items() if "tip" in n)
    assert "覺得文章有用就打賞一下" in tip
    assert epubcheck_problems(epub) == []
    wechat = (tmp_path / "out" / "seed.wechat.html").read_text(encoding="utf-8")
    assert 'lang="zh-TW"' in wechat and "這是一片開放的高地" in wechat


def test_damaged_gbk_file_names_the_bad_byte(tmp_path: Path) -> None:
    good = "标题\n\n这是一片开放的高地。三十多年来，伴随着改革开放的大潮。\n".encode("gbk")
    source = tmp_path / "old.txt"
    source.write_bytes(good + b"\x81\x20tail\n")
    with pytest.raises(ReadError) as info:
        readers.read(source, load_config(None))
    message = str(info.value)
    assert f"byte 0x81 at offset {len(good)}" in message and "GB18030" in message
    assert info.value.line == 4
