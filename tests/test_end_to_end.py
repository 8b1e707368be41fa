"""The whole pipeline through the CLI, on the bundled samples, judged by the real validators."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import SAMPLES, epubcheck_problems, pdffonts, pdftotext, require

from misidao_publish.cli import main
from misidao_publish.wechat_rules import check_fragment, find_fragment

SAMPLE_STEMS = sorted(p.stem for p in SAMPLES.glob("*.md"))


def test_every_sample_gives_three_outputs(built_samples: Path) -> None:
    for stem in SAMPLE_STEMS:
        for suffix in (".epub", ".pdf", ".wechat.html"):
            out = built_samples / f"{stem}{suffix}"
            assert out.is_file() and out.stat().st_size > 1000, out
    assert not list(built_samples.glob("*.part")), "temporary files left behind"


@pytest.mark.parametrize("stem", SAMPLE_STEMS)
def test_epubcheck_clean(built_samples: Path, stem: str) -> None:
    require("java")
    assert epubcheck_problems(built_samples / f"{stem}.epub") == []


@pytest.mark.parametrize("stem", SAMPLE_STEMS)
def test_pdf_fonts_embedded_and_subset(built_samples: Path, stem: str) -> None:
    require("pdffonts")
    rows = pdffonts(built_samples / f"{stem}.pdf")
    assert rows, "no fonts in the PDF"
    for row in rows:
        assert row["emb"] == "yes" and row["sub"] == "yes" and row["uni"] == "yes", row
        assert "Type 3" not in row["type"], row
    names = [r["name"].split("+", 1)[1] for r in rows]
    # Only our shipped faces, whatever fonts the machine has.
    assert all(n.startswith(("Misidao-Serif", "Misidao-Sans", "Misidao-Half-Marks")) for n in names), names
    assert any(n.startswith("Misidao-Serif") for n in names) and any(n.startswith("Misidao-Sans") for n in names)


def test_pdf_text_and_tip_page(built_samples: Path) -> None:
    require("pdftotext")
    text = pdftotext(built_samples / "yongzhou.pdf")
    flat = re.sub(r"\s+", "", body_text(text, "历尽天华成此景——永州经开区巩固国家卫生城市成果纪实"))
    source = (SAMPLES / "yongzhou.md").read_text(encoding="utf-8").split("---", 2)[2]
    for paragraph in [p.strip().lstrip("# ") for p in source.split("\n\n") if p.strip()]:
        assert re.sub(r"\s+", "", paragraph) in flat, paragraph[:30]
    pages = text.split("\f")
    last = [p for p in pages if p.strip()][-1]
    assert "觉得文章有用就打赏一下" in last and "支付宝扫一扫打赏" in last and "微信扫一扫打赏" in last
    assert "未经允许不得转载：历尽天华成此景——永州经开区巩固国家卫生城市成果纪实" in re.sub(r"\s+", "", last)
    assert "来源：永州经开区" in re.sub(r"\s+", "", last)
    assert "觉得文章有用" not in "".join(pages[:-2]), "the tip page must be the last page"


def body_text(text: str, running_head: str) -> str:
    """pdftotext output without running heads and folios, so paragraphs read across pages."""
    kept = []
    for page in text.split("\f"):
        lines = [line for line in page.splitlines() if line.strip()]
        if lines and lines[0].strip() == running_head:
            lines = lines[1:]
        if lines and lines[-1].strip().isdigit():
            lines = lines[:-1]
        kept.append("\n".join(lines))
    return "\n".join(kept)


def test_pdf_page_numbers_and_running_head(built_samples: Path) -> None:
    require("pdftotext")
    pages = [p for p in pdftotext(built_samples / "yongzhou.pdf", "-layout").split("\f") if p.strip()]
    assert len(pages) >= 3
    second = pages[1]
    assert re.search(r"^\s*2\s*$", second, re.M), "page number 2 missing on page 2"
    assert "历尽天华成此景" in second.strip().splitlines()[0], "running head missing"


def test_epub_structure(built_samples: Path) -> None:
    with zipfile.ZipFile(built_samples / "yongzhou.epub") as zf:
        names = zf.namelist()
        assert names[0] == "mimetype" and zf.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        assert zf.getinfo("mimetype").extra == b""
        assert all(n.isascii() and " " not in n for n in names)
        opf = zf.read("OEBPS/content.opf").decode()
        assert "<dc:language>zh-CN</dc:language>" in opf and "<dc:publisher>米思岛</dc:publisher>" in opf
        assert 'media-type="font/otf"' in opf
        spine = re.findall(r'<itemref idref="([^"]+)"', opf)
        assert spine[-1] == "tip", "the tip page must be the last spine item"
        nav = zf.read("OEBPS/nav.xhtml").decode()
        for heading in ("全民动员强推动", "以点示范促品质", "智慧管理焕新颜"):
            assert heading in nav
        assert "OEBPS/toc.ncx" in names
        tip = zf.read("OEBPS/tip.xhtml").decode()
        assert "未经允许不得转载：历尽天华成此景" in tip and "来源：永州经开区" in tip and tip.count("<svg") == 2
        for name in names:
            if name.endswith(".xhtml"):
                doc = zf.read(name).decode()
                assert 'lang="zh-CN"' in doc and 'xml:lang="zh-CN"' in doc, name
        fonts = [n for n in names if n.startswith("OEBPS/fonts/")]
        # Only the faces the article sets: body serif and heading sans (it has no bold text, no code).
        assert sorted(fonts) == ["OEBPS/fonts/NotoSansCJKsc-Bold.otf", "OEBPS/fonts/NotoSerifCJKsc-Regular.otf"]
        assert all(zf.getinfo(n).file_size < 1_000_000 for n in fonts)


def test_epub_is_reproducible(tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    outputs = []
    for run in ("a", "b"):
        out = tmp_path / run
        result = runner.invoke(main, ["build", str(SAMPLES / "features.md"), "-f", "epub", "-o", str(out)])
        assert result.exit_code == 0, result.output
        outputs.append((out / "features.epub").read_bytes())
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize("stem", SAMPLE_STEMS)
def test_wechat_fragment_follows_paste_rules(built_samples: Path, stem: str) -> None:
    page = (built_samples / f"{stem}.wechat.html").read_text(encoding="utf-8")
    fragment = find_fragment(page)
    assert fragment.startswith("<section") and len(fragment) > 500
    assert [str(v) for v in check_fragment(fragment)] == []


def test_wechat_links_become_notes(built_samples: Path) -> None:
    fragment = find_fragment((built_samples / "features.wechat.html").read_text(encoding="utf-8"))
    assert "参考链接" in fragment
    assert "https://www.misidao.com/" in fragment and 'href="https://www.misidao.com/"' not in fragment
    assert 'href="https://mp.weixin.qq.com/s/misidao-sample"' in fragment
    assert "[1]" in fragment and "<svg" in fragment and "未经允许不得转载：" in fragment


def test_wechat_validator_catches_breakage() -> None:
    bad = ('<section class="x"><style>p{}</style><p id="a" style="color: var(--c); position: absolute">'
           '<a href="https://example.com/">x</a>\u200b<a href="#top">y</a></p></section>')
    rules = sorted({v.rule for v in check_fragment(bad)})
    assert rules == [1, 2, 3, 5, 6, 11, 13]  # <style> first: rule 5; css-inline would consume it: rule 13


def test_python_m_entry_point(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "misidao_publish", "build", str(SAMPLES / "yongzhou.md"),
                             "-f", "wechat", "-o", str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "yongzhou.wechat.html").is_file()
