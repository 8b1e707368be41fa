"""Chinese typesetting in the print PDF, measured from glyph positions (DESIGN.md §4)."""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES, pdffonts, pdftotext, require
from test_pdf_print import pdf_bytes_text

from misidao_publish.cli import main
from misidao_publish.model import Code, NoteRef, Strong, Text
from misidao_publish.typeset import clreq
from misidao_publish.typeset.compose import SAFETY, atoms_of, break_lines, breakable, gap

sys.path.insert(0, str(ROOT / "bench"))
from measure_typesetting import measure, source_paragraphs  # noqa: E402

STEMS = ["yongzhou", "features"]


@pytest.mark.parametrize("stem", STEMS)
def test_body_text_meets_clreq_targets(built_samples: Path, stem: str) -> None:
    report = measure(built_samples / f"{stem}.pdf", source_paragraphs(SAMPLES / f"{stem}.md"))
    assert report.paragraphs_found == report.paragraphs, "every body paragraph must be found in the PDF"
    assert report.nonfinal_lines > 0 or stem == "features"
    assert report.short_ratio <= 0.05, f"{report.short_lines} of {report.nonfinal_lines} lines end short"
    assert report.closing_at_start == [] and report.opening_at_end == []
    assert report.pairs == 0 or report.pair_ratio >= 0.8, f"{report.pairs_compressed}/{report.pairs} pairs compressed"
    assert report.han_latin, "the samples have Han–Latin boundaries"
    assert all(0.12 <= g <= 0.4 for g in report.han_latin), report.han_latin
    assert report.indent_ok == 1.0, report.indents


def test_yongzhou_has_punctuation_pairs_to_compress(built_samples: Path) -> None:
    report = measure(built_samples / "yongzhou.pdf", source_paragraphs(SAMPLES / "yongzhou.md"))
    assert report.pairs >= 10 and report.pair_ratio >= 0.8


def test_measurement_catches_weasyprint_alone(runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Without our composition the same measure fails: the targets are not met by accident."""
    from misidao_publish.render import html, pdf_html  # noqa: PLC0415

    monkeypatch.setattr(pdf_html.PdfRenderer, "paragraph", html.HtmlRenderer.paragraph)
    result = runner.invoke(main, ["build", str(SAMPLES / "yongzhou.md"), "-f", "pdf", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    report = measure(tmp_path / "yongzhou.pdf", source_paragraphs(SAMPLES / "yongzhou.md"))
    assert report.short_ratio > 0.05 and report.pair_ratio < 0.8


@pytest.mark.parametrize("stem", STEMS)
def test_no_line_starts_with_closing_punctuation(built_samples: Path, stem: str) -> None:
    require("pdftotext")
    for line in pdftotext(built_samples / f"{stem}.pdf", "-layout").splitlines():
        stripped = line.strip()
        if stripped:
            assert stripped[0] not in "，。、；：？！）》」』”’…", line
            assert stripped[-1] not in "（《「『“‘", line


def test_real_bold_and_language(built_samples: Path) -> None:
    names = " ".join(row["name"] for row in pdffonts(built_samples / "features.pdf"))
    assert "Misidao-Serif-Bold" in names, "**strong** must use the real bold face"
    assert b"/Lang (zh-CN)" in pdf_bytes_text(built_samples / "features.pdf")


def test_footnote_sits_on_the_page_that_calls_it(built_samples: Path) -> None:
    pages = pdftotext(built_samples / "features.pdf").split("\f")
    calling = [i for i, page in enumerate(pages) if "每一项功能" in re.sub(r"\s+", "", page)]
    noting = [i for i, page in enumerate(pages) if "示例文章用到的每一种写法" in re.sub(r"\s+", "", page)]
    assert calling and calling == noting
    assert "注释" not in pages[-1], "no end-of-article notes section in print"


# --------------------------------------------------------------------------- the composer alone

SAMPLE_TEXT = (SAMPLES / "yongzhou.md").read_text(encoding="utf-8").split("---", 2)[2]


@pytest.mark.parametrize("width", [12, 17, 25, 33])
def test_composed_lines_fill_the_measure_and_keep_kinsoku(width: int) -> None:
    rng = random.Random(width)
    paragraphs = [p for p in SAMPLE_TEXT.split("\n\n") if len(p) > 40 and not p.startswith("#")]
    for paragraph in rng.sample(paragraphs, 5):
        atoms = atoms_of((Text(paragraph),), lambda ref: "")
        assert atoms is not None
        lines = break_lines(atoms, width, 2.0)
        assert "".join(a.text for line in lines for a in line.atoms) == paragraph.replace(" ", "")
        for number, line in enumerate(lines):
            measure = width - (2.0 if number == 0 else 0.0)
            filled = sum(a.width for a in line.atoms) + sum(line.extra[:-1])
            if not line.last:
                # Lines of whole characters fill the grid exactly; others stop a hair short.
                assert filled == pytest.approx(measure, abs=1e-6) or filled == pytest.approx(measure - SAFETY, abs=1e-6)
                assert all(e >= -0.07 for e in line.extra), "shrinking is limited"
            else:
                assert filled <= measure + 1e-6
            assert line.atoms[0].text[0] not in clreq.CLOSING, line.atoms[0].text
            assert line.atoms[-1].text[-1] not in clreq.OPENING or line.last


def test_han_latin_gap_and_pairs_in_atoms() -> None:
    atoms = atoms_of((Text("在2015年用 Python 写了“示例”。"), Strong((Text("粗体"),)), Code("x = 1"),
                      NoteRef(1, "n")), lambda ref: '<span class="fn">注</span>')
    assert atoms is not None
    texts = [a.text for a in atoms]
    assert " " not in texts[:8], "typed spaces next to Han are dropped: the gap is ours"
    two = texts.index("2015")
    assert gap(atoms[two - 1], atoms[two]) == 0.25 and gap(atoms[two], atoms[two + 1]) == 0.25
    closing = texts.index("”")
    assert atoms[closing].halt and atoms[closing].width == pytest.approx(0.5)
    assert atoms[-1].kind == "note" and atoms[-1].html.startswith('<span class="fn">')
    bold = atoms[texts.index("粗")]
    assert bold.style.bold and "<strong>" in bold.style.wrap[0][0]


@pytest.mark.parametrize("size", ["32开", "B5"])
def test_targets_hold_on_other_trim_sizes(runner, tmp_path: Path, size: str) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(main, ["build", str(SAMPLES / "yongzhou.md"), "-f", "pdf", "-o", str(tmp_path),
                                  "--page-size", size, "--strict"])
    assert result.exit_code == 0, result.output
    report = measure(tmp_path / "yongzhou.pdf", source_paragraphs(SAMPLES / "yongzhou.md"))
    assert report.paragraphs_found == report.paragraphs
    assert report.short_ratio <= 0.05 and report.closing_at_start == [] and report.opening_at_end == []
    assert report.pair_ratio >= 0.8 and report.indent_ok == 1.0
    assert all(0.12 <= g <= 0.4 for g in report.han_latin)


def test_no_lone_character_on_a_paragraph_last_line() -> None:
    """孤字: "“了”。" alone would end the paragraph; a character comes down to keep it company."""
    text = ("三十多年来，伴随着改革开放的大潮，永州经济技术开发区如一艘满载希望与梦想的航船，"
            "在新时代的征程中乘风破浪，扬帆起航“了”。")
    atoms = atoms_of((Text(text),), lambda ref: "")
    assert atoms is not None
    lines = break_lines(atoms, 30, 2.0)
    last = "".join(a.text for a in lines[-1].atoms)
    assert sum(1 for ch in last if clreq.is_han(ch)) >= 2, last
    above = lines[-2]
    assert sum(a.width for a in above.atoms) + sum(above.extra[:-1]) == pytest.approx(30 - SAFETY)


PIECES = ["永州", "经开区", "，", "。", "、", "“", "”", "（", "）", "《", "》", "——", "……", "2015", "年",
          "Python", " ", "WeasyPrint", "https://www.example.org/a/very/long/path/that/must/break", "：", "？", "！"]


def test_composer_invariants_on_random_text() -> None:
    """Whatever the mix, lines never overflow, never start with closing or end with opening marks
    (unless nothing else is possible), and keep every character."""
    rng = random.Random(4)
    for _ in range(300):
        parts = [rng.choice(PIECES) for _ in range(rng.randint(1, 60))]
        inlines = tuple(Strong((Text(p),)) if rng.random() < 0.1 else Code(p) if p == "Python" and rng.random() < 0.5
                        else Text(p) for p in parts)
        atoms = atoms_of(inlines, lambda ref: "")
        assert atoms is not None
        width = rng.choice([8, 15, 30])
        lines = break_lines(atoms, width, 2.0)
        assert "".join(a.text for line in lines for a in line.atoms).replace(" ", "") == "".join(parts).replace(" ", "")
        for number, line in enumerate(lines):
            measure = width - (2.0 if number == 0 else 0.0)
            filled = sum(a.width for a in line.atoms) + sum(line.extra[:-1])
            overlong = any(a.width > measure for a in line.atoms)
            assert filled <= measure + 1e-6 or overlong or len(line.atoms) == 1, (parts, number)
            previous = lines[number - 1].atoms if number else []
            if any(breakable(a, b) for a, b in zip(previous, previous[1:])):  # a legal break existed
                assert line.atoms[0].text[0] not in clreq.CLOSING, ([a.text for a in previous], line.atoms[0].text)
