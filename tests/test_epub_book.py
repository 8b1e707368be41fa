"""EPUBs of sample articles and of the sample book, in both writing modes, judged by EPUBCheck 5,
by the package rules of DESIGN §5, and read back by pandoc and Calibre."""

from __future__ import annotations

import functools
import http.server
import io
import re
import threading
import zipfile
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner
from conftest import SAMPLES, require
from epub_tools import (
    article_passages,
    calibre_text,
    epubcheck_many,
    missing_or_out_of_order,
    pandoc_text,
)
from fontTools.ttLib import TTFont
from lxml import etree

from misidao_publish import fonts
from misidao_publish.book import load_manifest, read_book
from misidao_publish.cli import main
from misidao_publish.config import load_config
from misidao_publish.readers import read
from misidao_publish.writers.epub_fonts import face_chars

BOOK = SAMPLES / "book" / "BOOK.toml"
ARTICLES = sorted(p.stem for p in SAMPLES.glob("*.md"))
NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NAMES = [f"{mode}/{stem}" for mode in ("h", "v") for stem in [*ARTICLES, "book"]]


def cli(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def png_bytes(fmt: str) -> bytes:
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), (180, 60, 40)).save(buffer, fmt)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def pictures(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An article showing one picture of every EPUB image type, one misnamed, and a remote one."""
    folder = tmp_path_factory.mktemp("pictures")
    (folder / "a.jpg").write_bytes(png_bytes("JPEG"))
    (folder / "b.png").write_bytes(png_bytes("PNG"))
    (folder / "c.gif").write_bytes(png_bytes("GIF"))
    (folder / "d.webp").write_bytes(png_bytes("WEBP"))
    (folder / "e.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30">'
                                  '<rect width="40" height="30" fill="#b5452a"/></svg>', encoding="utf-8")
    (folder / "wrong.png").write_bytes(png_bytes("JPEG"))  # a JPEG under a .png name
    body = "\n\n".join(f"![图{n}：江景]({name})" for n, name in enumerate(
        ["a.jpg", "b.png", "c.gif", "d.webp", "e.svg", "wrong.png"], start=1))
    (folder / "pictures.md").write_text(
        f"---\ntitle: 图片测试\nauthor: 测试\ncover: a.jpg\n---\n\n各种图片。\n\n{body}\n\n"
        "![远处的江景](https://example.com/river.jpg)\n\n行内远程图片 ![小图](https://example.com/x.png) 结束。\n",
        encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, pictures: Path) -> dict[str, Path]:
    """Every sample article and the sample book, horizontal (h/) and vertical (v/), plus the pictures article."""
    out = tmp_path_factory.mktemp("epubs")
    sources = [str(SAMPLES / f"{stem}.md") for stem in ARTICLES]
    cli("build", *sources, "-f", "epub", "-o", str(out / "h"), "--strict")
    cli("build", *sources, "-f", "epub", "-o", str(out / "v"), "--strict", "--vertical")
    cli("book", str(BOOK), "-f", "epub", "-o", str(out / "h"), "--strict")
    cli("book", str(BOOK), "-f", "epub", "-o", str(out / "v"), "--strict", "--vertical")
    cli("build", str(pictures / "pictures.md"), "-f", "epub", "-o", str(out / "pictures"))
    cli("book", str(wide_book(out / "wide")), "-f", "epub", "-o", str(out / "wide"))
    paths = {name: out / f"{name}.epub" for name in NAMES}
    paths["pictures"] = out / "pictures" / "pictures.epub"
    paths["wide"] = out / "wide" / "wide.epub"
    return paths


def level1() -> str:
    """The 3,755 GB2312 level-1 characters (常用字)."""
    return "".join(ch for hi in range(0xB0, 0xD8) for lo in range(0xA1, 0xFF)
                   if (ch := bytes([hi, lo]).decode("gb2312", errors="ignore")))


def wide_book(folder: Path) -> Path:
    """Fifty articles that between them use every common character: the worst case for fonts."""
    chars = level1()
    (folder / "a").mkdir(parents=True)
    for n in range(50):
        piece = chars[n * 76:(n + 1) * 76]
        (folder / "a" / f"{n:02d}.md").write_text(
            f"---\ntitle: 第{n + 1}篇\n---\n\n## 字表{n + 1}\n\n{piece}。**{piece[:20]}**\n", encoding="utf-8")
    (folder / "BOOK.toml").write_text('[book]\ntitle = "常用字"\narticles = ["a/*.md"]\n', encoding="utf-8")
    return folder / "BOOK.toml"


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory, built: dict[str, Path]) -> Path:
    """The sample book with its stylesheet left out of the zip: EPUBCheck must object."""
    path = tmp_path_factory.mktemp("broken") / "broken.epub"
    with zipfile.ZipFile(built["h/book"]) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            if not info.filename.endswith("style.css"):
                dst.writestr(info, src.read(info))
    return path


@pytest.fixture(scope="module")
def checked(built: dict[str, Path], broken: Path) -> dict[Path, list[str]]:
    require("java")
    return epubcheck_many([*built.values(), broken])


@pytest.mark.parametrize("name", [*NAMES, "pictures", "wide"])
def test_epubcheck_silent(checked: dict[Path, list[str]], built: dict[str, Path], name: str) -> None:
    assert checked[built[name]] == []


def test_epubcheck_catches_a_broken_book(checked: dict[Path, list[str]], broken: Path) -> None:
    assert any("RSC-001" in p or "RSC-007" in p for p in checked[broken]), checked[broken]


# ---------------------------------------------------------------- the package rules (DESIGN §5)


class Epub:
    """A built EPUB opened for inspection."""

    def __init__(self, path: Path) -> None:
        self.zip = zipfile.ZipFile(path)
        self.opf = etree.fromstring(self.zip.read("OEBPS/content.opf"))
        self.items = {i.get("id"): i for i in self.opf.iterfind("opf:manifest/opf:item", NS)}
        self.spine = [r.get("idref") for r in self.opf.iterfind("opf:spine/opf:itemref", NS)]

    def doc(self, href: str) -> etree._Element:
        return etree.fromstring(self.zip.read(f"OEBPS/{href}"))

    def xhtml(self) -> dict[str, etree._Element]:
        return {i.get("href"): self.doc(i.get("href")) for i in self.items.values()
                if i.get("media-type") == "application/xhtml+xml"}

    def meta(self, prop: str) -> list[str]:
        return [m.text for m in self.opf.iterfind(f"opf:metadata/opf:meta[@property='{prop}']", NS)]


@pytest.mark.parametrize("name", NAMES)
def test_container(built: dict[str, Path], name: str) -> None:
    with zipfile.ZipFile(built[name]) as zf:
        first = zf.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED and first.extra == b""
        assert zf.read("mimetype") == b"application/epub+zip"
        for info in zf.infolist():
            assert info.filename.isascii() and " " not in info.filename, info.filename
        assert "META-INF/com.apple.ibooks.display-options.xml" in zf.namelist()


@pytest.mark.parametrize("name", NAMES)
def test_references_ids_and_languages(built: dict[str, Path], name: str) -> None:
    epub = Epub(built[name])
    hrefs = {i.get("href") for i in epub.items.values()}
    assert len(epub.items) == len(set(epub.items))
    assert all(f"OEBPS/{h}" in epub.zip.namelist() for h in hrefs)
    lang = epub.opf.findtext("opf:metadata/dc:language", namespaces=NS)
    assert lang == "zh-CN"
    modified = epub.meta("dcterms:modified")
    assert len(modified) == 1 and modified[0].endswith("Z")
    for href, root in epub.xhtml().items():
        ids = [e.get("id") for e in root.iter() if e.get("id")]
        assert len(ids) == len(set(ids)), f"duplicate ids in {href}"
        assert {e.get("lang") for e in root.iter() if e.get("lang")} <= {lang}, href
        assert {e.get(XML_LANG) for e in root.iter() if e.get(XML_LANG)} <= {lang}, href
        for el in root.iter():
            for attr in ("href", "src"):
                target = el.get(attr)
                if not target or urlsplit(target).scheme in ("http", "https", "mailto"):
                    continue
                path, _, fragment = target.partition("#")
                resolved = str(PurePosixPath(href).parent / unquote(path)) if path else href
                resolved = resolved.removeprefix("./")
                assert resolved in hrefs, f"{href}: {target} is not in the manifest"
                if fragment:
                    assert epub.doc(resolved).xpath(f"//*[@id='{fragment}']"), f"{href}: no #{fragment}"
    css = epub.zip.read("OEBPS/css/style.css").decode()
    for url in re.findall(r"url\(\"?([^\")]+)", css):
        assert str(PurePosixPath("css") / url).replace("css/../", "") in hrefs, url


@pytest.mark.parametrize("name", NAMES)
def test_reading_order_cover_and_metadata(built: dict[str, Path], name: str) -> None:
    epub = Epub(built[name])
    cover = [i for i in epub.items.values() if "cover-image" in (i.get("properties") or "")]
    assert len(cover) == 1 and cover[0].get("media-type").startswith("image/")
    assert epub.spine[0] == "cover"
    assert epub.opf.find("opf:spine/opf:itemref", NS).get("linear") is None  # the cover is read, not hidden
    nav = epub.doc("nav.xhtml")
    landmarks = {a.get(EPUB_TYPE) for a in nav.iterfind(".//x:nav[@id='landmarks']//x:a", NS)}
    assert {"cover", "toc", "bodymatter"} <= landmarks
    assert nav.findtext(".//x:h1", namespaces=NS) == "目录"
    # The TOC follows the spine.
    spine_hrefs = [epub.items[i].get("href") for i in epub.spine]
    toc_docs = [a.get("href").split("#")[0] for a in nav.iterfind(".//x:nav[@id='toc']//x:a", NS)]
    positions = [spine_hrefs.index(h) for h in toc_docs]
    assert toc_docs and positions == sorted(positions)
    assert spine_hrefs[-1] == "tip.xhtml"
    for prop in ("schema:accessMode", "schema:accessModeSufficient", "schema:accessibilityFeature",
                 "schema:accessibilityHazard", "schema:accessibilitySummary"):
        assert epub.meta(prop), prop
    vertical = name.startswith("v/")
    direction = epub.opf.find("opf:spine", NS).get("page-progression-direction")
    assert direction == ("rtl" if vertical else None)
    css = epub.zip.read("OEBPS/css/style.css").decode()
    assert ("writing-mode: vertical-rl" in css) == vertical
    kindle = epub.opf.find("opf:metadata/opf:meta[@name='primary-writing-mode']", NS)
    assert (kindle is not None and kindle.get("content") == "vertical-rl") == vertical


@pytest.mark.parametrize("name", NAMES)
def test_fonts_subset_to_what_each_face_sets(built: dict[str, Path], name: str) -> None:
    epub = Epub(built[name])
    docs = [epub.zip.read(f"OEBPS/{i.get('href')}") for i in epub.items.values()
            if i.get("media-type") == "application/xhtml+xml"]
    css = epub.zip.read("OEBPS/css/style.css").decode()
    wanted = face_chars(docs, css)
    fonts = [i for i in epub.items.values() if i.get("media-type", "").startswith("font/")]
    assert fonts
    all_text = set().union(*wanted.values())
    for item in fonts:
        assert item.get("media-type") in ("font/otf", "font/woff2")
        data = epub.zip.read(f"OEBPS/{item.get('href')}")
        assert len(data) < 1_000_000, item.get("href")
        font = TTFont(io.BytesIO(data))
        cmap = set(font.getBestCmap())
        name_ = item.get("href")
        key = ("sans" if "Sans" in name_ else "serif", 700 if "Bold" in name_ else 400)
        assert {ord(c) for c in wanted[key]} <= cmap, name_
        # A subset, not the whole face: nothing far beyond the book's own characters.
        assert len(cmap) < len(all_text) + 64, name_
    assert any("Serif" in i.get("href") and "Regular" in i.get("href") for i in fonts)


def test_fonts_stay_under_1_mb_for_every_common_character(built: dict[str, Path]) -> None:
    epub = Epub(built["wide"])
    fonts = {i.get("href"): i.get("media-type") for i in epub.items.values() if i.get("href").startswith("fonts/")}
    serif = epub.zip.read("OEBPS/fonts/NotoSerifCJKsc-Regular.woff2")
    assert fonts["fonts/NotoSerifCJKsc-Regular.woff2"] == "font/woff2"
    assert len(serif) < 1_000_000
    assert {ord(c) for c in level1()} <= set(TTFont(io.BytesIO(serif)).getBestCmap())
    # The bold faces only carry the headings' and bold text's characters, so they stay small OTF files.
    assert fonts["fonts/NotoSansCJKsc-Bold.otf"] == "font/otf"
    assert len(epub.zip.read("OEBPS/fonts/NotoSansCJKsc-Bold.otf")) < 300_000
    assert all(info.file_size < 1_000_000 for info in epub.zip.infolist())


def test_notes_are_popup_footnotes(built: dict[str, Path]) -> None:
    epub = Epub(built["h/book"])
    refs = 0
    for root in epub.xhtml().values():
        for ref in root.iterfind(".//x:a[@role='doc-noteref']", NS):
            refs += 1
            assert ref.get(EPUB_TYPE) == "noteref"
            note = root.xpath(f"//*[@id='{ref.get('href').lstrip('#')}']")[0]
            assert note.get(EPUB_TYPE) == "footnote" and note.get("role") == "doc-footnote"
            backs = [a.get("href") for a in note.iterfind(".//x:a[@role='doc-backlink']", NS)]
            assert f"#{ref.get('id')}" in backs
    assert refs >= 3


def test_book_structure(built: dict[str, Path]) -> None:
    epub = Epub(built["h/book"])
    manifest = load_manifest(BOOK)
    assert epub.opf.findtext("opf:metadata/dc:title", namespaces=NS) == "湘南小城观察"
    assert "米思岛文选" in [t.text for t in epub.opf.iterfind("opf:metadata/dc:title", NS)]
    assert epub.opf.findtext("opf:metadata/dc:publisher", namespaces=NS) == "米思岛"
    assert epub.opf.findtext("opf:metadata/dc:identifier", namespaces=NS).startswith("urn:uuid:")
    subjects = [s.text for s in epub.opf.iterfind("opf:metadata/dc:subject", NS)]
    assert subjects[:2] == ["湘南", "城市生活"] and "排版" in subjects  # the book's tags, then its articles'
    assert "titlepage" in epub.spine and "nav" in epub.spine
    nav = epub.doc("nav.xhtml")
    top = nav.findall(".//x:nav[@id='toc']/x:ol/x:li", NS)
    part_titles = [title for title, _ in manifest.parts]
    assert [li.findtext("x:a", namespaces=NS) for li in top][:3] == [
        f"第{n}部分　{t}" for n, t in zip("一二三", part_titles)]
    first_part_articles = top[0].findall("x:ol/x:li", NS)
    assert first_part_articles[0].findtext("x:a", namespaces=NS).startswith("历尽天华成此景")
    sections = first_part_articles[0].findall("x:ol/x:li", NS)
    assert [s.findtext("x:a", namespaces=NS) for s in sections] == ["全民动员强推动", "以点示范促品质", "智慧管理焕新颜"]
    chapters = [h for h in (epub.items[i].get("href") for i in epub.spine) if h.startswith("chapter-")]
    assert len(chapters) == 4
    market = epub.doc(chapters[1])
    byline = "".join(market.find(".//x:p[@class='article-byline']", NS).itertext())
    assert "米思岛编辑部" in byline and "2024年4月12日" in byline
    tips = [h for h in (epub.items[i].get("href") for i in epub.spine) if "tip" in h]
    assert tips == ["tip.xhtml"]


def test_isbn_is_the_identifier(tmp_path: Path) -> None:
    book = tmp_path / "isbn-test.toml"
    article = SAMPLES / "book" / "afterword.md"
    book.write_text(f'[book]\ntitle = "有书号的书"\nisbn = "978-0-306-40615-7"\narticles = ["{article}"]\n',
                    encoding="utf-8")
    cli("book", str(book), "-f", "epub", "-o", str(tmp_path))
    epub = Epub(tmp_path / "isbn-test.epub")
    assert epub.opf.findtext("opf:metadata/dc:identifier", namespaces=NS) == "urn:isbn:9780306406157"
    assert "ISBN 978-0-306-40615-7" in epub.zip.read("OEBPS/titlepage.xhtml").decode()


def test_book_of_two_languages_declares_both(tmp_path: Path) -> None:
    (tmp_path / "tw.md").write_text("---\ntitle: 繁體\nlang: zh-TW\n---\n\n這是繁體中文。\n", encoding="utf-8")
    (tmp_path / "cn.md").write_text("---\ntitle: 简体\n---\n\n这是简体中文。\n", encoding="utf-8")
    (tmp_path / "BOOK.toml").write_text('[book]\ntitle = "两种文字"\narticles = ["cn.md", "tw.md"]\n', encoding="utf-8")
    cli("book", str(tmp_path / "BOOK.toml"), "-f", "epub,pdf", "-o", str(tmp_path / "out"))
    epub = Epub(tmp_path / "out" / f"{tmp_path.name}.epub")
    assert [e.text for e in epub.opf.iterfind("opf:metadata/dc:language", NS)] == ["zh-CN", "zh-TW"]
    assert 'lang="zh-TW"' in epub.zip.read("OEBPS/chapter-002.xhtml").decode()
    assert (tmp_path / "out" / f"{tmp_path.name}.pdf").read_bytes()[:5] == b"%PDF-"  # the print writer makes the PDF


def test_vertical_digits_stand_upright(built: dict[str, Path]) -> None:
    epub = Epub(built["v/book"])
    text = epub.zip.read("OEBPS/chapter-002.xhtml").decode()
    assert '守了<span class="tcy">12</span>年' in text
    assert 'tcy">3000' not in text  # long numbers lie on their side
    assert '2024年<span class="tcy">4</span>月<span class="tcy">12</span>日' in text  # the byline too
    horizontal = Epub(built["h/book"]).zip.read("OEBPS/chapter-002.xhtml").decode()
    assert "tcy" not in horizontal


def test_pictures(built: dict[str, Path], pictures: Path) -> None:
    epub = Epub(built["pictures"])
    types = sorted(i.get("media-type") for i in epub.items.values()
                   if i.get("href").startswith("images/img-"))
    assert types == ["image/gif", "image/jpeg", "image/jpeg", "image/png", "image/svg+xml", "image/webp"]
    cover = [i for i in epub.items.values() if i.get("properties") == "cover-image"]
    assert [(c.get("href"), c.get("media-type")) for c in cover] == [("images/cover.jpg", "image/jpeg")]
    assert epub.zip.read("OEBPS/images/cover.jpg") == (pictures / "a.jpg").read_bytes()
    misnamed = [i.get("href") for i in epub.items.values() if i.get("href").startswith("images/img-")]
    assert all(not (h.endswith(".png") and epub.zip.read(f"OEBPS/{h}")[:3] == b"\xff\xd8\xff") for h in misnamed)
    chapter = epub.doc("chapter-001.xhtml")
    alts = [img.get("alt") for img in chapter.iter("{http://www.w3.org/1999/xhtml}img")]
    assert alts == [f"图{n}：江景" for n in range(1, 7)]
    links = {a.get("href"): "".join(a.itertext()) for a in chapter.iter("{http://www.w3.org/1999/xhtml}a")}
    assert links["https://example.com/river.jpg"] == "〔图：远处的江景〕"
    assert links["https://example.com/x.png"] == "〔图：小图〕"
    assert "alternativeText" in epub.meta("schema:accessibilityFeature")


def test_pictures_without_alt_text_claim_no_alternative_text(tmp_path: Path, pictures: Path) -> None:
    source = pictures / "bare.md"
    source.write_text("---\ntitle: 无说明的图\n---\n\n![](b.png)\n", encoding="utf-8")
    cli("build", str(source), "-f", "epub", "-o", str(tmp_path))
    assert "alternativeText" not in Epub(tmp_path / "bare.epub").meta("schema:accessibilityFeature")


def test_remote_pictures_warn_and_strict_fails(pictures: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(pictures / "pictures.md"), "-f", "epub", "-o", str(tmp_path)])
    assert result.exit_code == 0 and "remote image https://example.com/river.jpg not embedded" in result.output
    result = CliRunner().invoke(main, ["build", str(pictures / "pictures.md"), "-f", "epub", "-o", str(tmp_path / "s"),
                                       "--strict"])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert not (tmp_path / "s" / "pictures.epub").exists()


def test_fetch_remote_embeds_pictures(tmp_path: Path) -> None:
    served = tmp_path / "www"
    served.mkdir()
    (served / "river.png").write_bytes(png_bytes("PNG"))
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        source = tmp_path / "remote.md"
        source.write_text(f"---\ntitle: 远程图片\n---\n\n![江景](http://127.0.0.1:{server.server_port}/river.png)\n",
                          encoding="utf-8")
        cli("build", str(source), "-f", "epub", "-o", str(tmp_path / "out"), "--fetch-remote", "--strict")
    finally:
        server.shutdown()
    epub = Epub(tmp_path / "out" / "remote.epub")
    assert [i.get("media-type") for i in epub.items.values() if i.get("href").startswith("images/img-")] == ["image/png"]


# ---------------------------------------------------------------- reproducible bytes


def test_same_input_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cli("book", str(BOOK), "-f", "epub", "-o", str(tmp_path / "a"))
    cli("book", str(BOOK), "-f", "epub", "-o", str(tmp_path / "b"))
    assert (tmp_path / "a" / "book.epub").read_bytes() == (tmp_path / "b" / "book.epub").read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    cli("book", str(BOOK), "-f", "epub", "-o", str(tmp_path / "c"))
    epub = Epub(tmp_path / "c" / "book.epub")
    assert epub.meta("dcterms:modified") == ["2023-11-14T22:13:20Z"]
    assert epub.zip.infolist()[1].date_time == (2023, 11, 14, 22, 13, 20)


# ---------------------------------------------------------------- two real readers


def _passages(name: str) -> list[str]:
    config = load_config(SAMPLES / "misidao.toml")
    stem = name.split("/")[1]
    if stem == "book":
        articles = read_book(load_manifest(BOOK), config).articles
    else:
        articles = (read(SAMPLES / f"{stem}.md", config),)
    return [p for a in articles for p in article_passages(a)]


@pytest.mark.parametrize("name", NAMES)
def test_pandoc_reads_the_whole_text_in_order(built: dict[str, Path], name: str) -> None:
    require("pandoc")
    passages = _passages(name)
    assert len(passages) > 5
    assert missing_or_out_of_order(passages, pandoc_text(built[name])) == []


@pytest.mark.parametrize("name", NAMES)
def test_calibre_reads_the_whole_text_in_order(built: dict[str, Path], name: str, tmp_path: Path) -> None:
    require("ebook-convert")
    passages = _passages(name)
    assert missing_or_out_of_order(passages, calibre_text(built[name], tmp_path)) == []


def test_reader_check_can_fail() -> None:
    assert missing_or_out_of_order(["第一段", "第二段"], "第二段……第一段") == ["第二段（顺序错）"]
    assert missing_or_out_of_order(["第三段"], "第一段") == ["第三段（缺失）"]


def test_face_characters_follow_the_stylesheet() -> None:
    css = ('h1 { font-family: "Misidao Sans"; font-weight: 700; }\n'
           '/* a theme */ .lead { font-family: "Misidao Sans", sans-serif; }\n'
           'blockquote p.loud, em:first-child { font-weight: bold; }')
    doc = ('<html xmlns="http://www.w3.org/1999/xhtml"><head><title>题</title></head><body>'
           '<h1>标题</h1><p>正文<strong>粗</strong></p><p class="lead">导语</p>'
           '<blockquote><p class="loud">响</p></blockquote><p><em>着重</em></p></body></html>').encode()
    chars = face_chars([doc], css)
    assert chars[("sans", 700)] == set("标题")
    assert chars[("sans", 400)] == set("导语")
    assert chars[("serif", 700)] == set("粗响着重")
    # body face: everything, plus the list markers and counters a reader draws (the title in <head> is not set)
    assert chars[("serif", 400)] == set("正文标题粗导语响着重") | (set(fonts.GENERATED) - set(" \t\r\n"))
