"""Measure Chinese typesetting in a PDF from glyph positions (what a reader's eye sees).

    python bench/measure_typesetting.py ARTICLE.md OUTPUT.pdf [more.pdf …]

For each PDF: the share of non-final body lines ending more than ½ em short of the measure,
lines starting with closing or ending with opening punctuation (禁则), adjacent full-width
punctuation pairs compressed to about ½ em (标点挤压), Han–Latin/digit gaps, and first-line
indents. Body text is the most common font and size of Han characters; each body paragraph of
the source is found in the PDF by its Han characters, so the script also judges PDFs that other
tools (pandoc) made from the same source.
"""

from __future__ import annotations

import json
import re
import statistics
import sys
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from misidao_publish.typeset import clreq  # noqa: E402


@dataclass
class Glyph:
    text: str
    x0: float
    x1: float
    y: float
    size: float
    font: str


@dataclass
class PdfLine:
    page: int
    glyphs: list[Glyph]

    @property
    def han(self) -> str:
        return "".join(g.text for g in self.glyphs if clreq.is_han(g.text))


@dataclass
class Report:
    """The figures DESIGN.md §4 asks for."""

    body_font: str = ""
    em: float = 0.0
    paragraphs: int = 0
    paragraphs_found: int = 0
    nonfinal_lines: int = 0
    short_lines: int = 0
    short_ratio: float = 0.0
    closing_at_start: list[str] = field(default_factory=list)
    opening_at_end: list[str] = field(default_factory=list)
    pairs: int = 0
    pairs_compressed: int = 0
    pair_ratio: float = 1.0
    han_latin: list[float] = field(default_factory=list)
    han_latin_ok: float = 1.0
    indents: list[float] = field(default_factory=list)
    indent_ok: float = 1.0


def glyph_lines(pdf: Path) -> list[PdfLine]:
    """Every line of text, in reading order, as the glyphs on one baseline of one page."""
    out: list[PdfLine] = []
    for number, page in enumerate(extract_pages(str(pdf)), start=1):
        glyphs: list[Glyph] = []
        stack = [page]
        while stack:
            node = stack.pop()
            if isinstance(node, LTChar):
                glyphs.append(Glyph(node.get_text(), node.x0, node.x1, round(node.y0, 1), node.size, node.fontname))
            elif hasattr(node, "__iter__"):
                stack.extend(node)
        rows: dict[float, list[Glyph]] = {}
        for glyph in glyphs:
            rows.setdefault(_baseline(glyph, rows), []).append(glyph)
        for _, row in sorted(rows.items(), key=lambda item: -item[0]):
            out.append(PdfLine(number, sorted(row, key=lambda g: g.x0)))
    return out


def _baseline(glyph: Glyph, rows: dict[float, list[Glyph]]) -> float:
    for y in rows:
        if abs(y - glyph.y) < 1.0:
            return y
    return glyph.y


def _family(font: str) -> str:
    """``ABCDEF+Misidao-Serif-Bold`` → ``Misidao-Serif``: regular and bold are both body text."""
    name = font.split("+", 1)[-1]
    return re.sub(r"[-,]?(Bold|Regular|Medium|Italic)$", "", name)


def measure(pdf: Path, paragraphs: list[str]) -> Report:
    """Judge the body text of ``pdf`` given the plain text of the source's body paragraphs."""
    lines = glyph_lines(pdf)
    han_glyphs = [g for line in lines for g in line.glyphs if clreq.is_han(g.text)]
    report = Report()
    if not han_glyphs:
        return report
    font, size = Counter((g.font, round(g.size, 1)) for g in han_glyphs).most_common(1)[0][0]
    em = statistics.median(g.x1 - g.x0 for g in han_glyphs if g.font == font)
    report.body_font, report.em = font, round(em, 3)
    family = _family(font)
    # Marks may come from another face (ours sets compressed marks in a half-width one).
    body = [PdfLine(l.page, [g for g in l.glyphs if (_family(g.font) == family or g.text in clreq.COMPRESSIBLE)
                             and abs(round(g.size, 1) - size) < 0.3])
            for l in lines]
    body = [l for l in body if l.glyphs]
    found = _match(body, paragraphs)
    report.paragraphs = sum(1 for p in paragraphs if _han(p))
    report.paragraphs_found = len(found)
    left, right = _edges(found)
    for para in found:
        for index, line in enumerate(para):
            L, R = left.get(line.page), right.get(line.page)
            if L is None or R is None:
                continue
            if index == 0:
                report.indents.append(round((line.glyphs[0].x0 - L) / em, 3))
            if index < len(para) - 1:
                report.nonfinal_lines += 1
                if R - line.glyphs[-1].x1 > em / 2:
                    report.short_lines += 1
            _pairs(line, L, em, report)
            _han_latin(line, em, report)
    for line in body:
        first, last = line.glyphs[0].text, line.glyphs[-1].text
        if first in clreq.CLOSING:
            report.closing_at_start.append("".join(g.text for g in line.glyphs)[:12])
        if last in clreq.OPENING:
            report.opening_at_end.append("".join(g.text for g in line.glyphs)[-12:])
    report.short_ratio = round(report.short_lines / report.nonfinal_lines, 4) if report.nonfinal_lines else 0.0
    report.pair_ratio = round(report.pairs_compressed / report.pairs, 4) if report.pairs else 1.0
    report.han_latin_ok = _share(report.han_latin, 0.12, 0.4)
    report.indent_ok = _share(report.indents, 1.85, 2.15)
    return report


def _share(values: list[float], low: float, high: float) -> float:
    return round(sum(1 for v in values if low <= v <= high) / len(values), 4) if values else 1.0


def _han(text: str) -> str:
    return "".join(ch for ch in text if clreq.is_han(ch))


def _match(lines: list[PdfLine], paragraphs: list[str]) -> list[list[PdfLine]]:
    """The PDF lines of each paragraph, found in order by their Han characters."""
    found = []
    start = 0
    for paragraph in paragraphs:
        target = _han(paragraph)
        if not target:
            continue
        for j in range(start, len(lines)):
            if not lines[j].han or not target.startswith(lines[j].han):
                continue
            text, k = "", j
            while k < len(lines) and len(text) < len(target):
                if lines[k].han and not target[len(text):].startswith(lines[k].han):
                    break
                text += lines[k].han
                k += 1
            if text == target:
                found.append([l for l in lines[j:k] if l.han or l.glyphs])
                start = k
                break
    return found


def _edges(paragraphs: list[list[PdfLine]]) -> tuple[dict[int, float], dict[int, float]]:
    """The text block's left and right edge on each page: the commonest start of continuation
    lines and the commonest end of non-final lines (pages without any borrow from same-parity pages)."""
    starts: dict[int, list[float]] = {}
    ends: dict[int, list[float]] = {}
    for para in paragraphs:
        for index, line in enumerate(para):
            if index > 0:
                starts.setdefault(line.page, []).append(round(line.glyphs[0].x0, 0))
            if index < len(para) - 1:
                ends.setdefault(line.page, []).append(round(line.glyphs[-1].x1, 0))
    pages = {line.page for para in paragraphs for line in para}

    def pick(values: dict[int, list[float]], best: str) -> dict[int, float]:
        out = {}
        for page in pages:
            pool = values.get(page) or [v for p, vs in values.items() if p % 2 == page % 2 for v in vs]
            if pool:
                common = Counter(pool).most_common()
                top = common[0][1]
                candidates = [v for v, n in common if n == top]
                out[page] = max(candidates) if best == "max" else min(candidates)
        return out

    return pick(starts, "min"), pick(ends, "max")


def _pairs(line: PdfLine, left: float, em: float, report: Report) -> None:
    glyphs = line.glyphs
    for i in range(len(glyphs) - 1):
        a, b = glyphs[i], glyphs[i + 1]
        if not clreq.compress_pair(a.text, b.text) or b.x0 - a.x0 > 1.3 * em:
            continue  # not a pair, or something in another font (code, a note number) sits between
        report.pairs += 1
        ok = (b.x0 - a.x0) <= 0.65 * em
        if not ok and a.text in clreq.HALF_IN_PAIR_LEFT:
            # Compressed by positioning (GPOS halt) an opening mark keeps its width but moves
            # half an em back over the previous glyph's box (or the left edge at a line start).
            pen = glyphs[i - 1].x1 if i else left
            ok = a.x0 - pen <= -0.35 * em
        report.pairs_compressed += ok


def _han_latin(line: PdfLine, em: float, report: Report) -> None:
    glyphs = line.glyphs
    for a, b in zip(glyphs, glyphs[1:]):
        if (clreq.is_han(a.text) and clreq.is_alnum(b.text)) or (clreq.is_alnum(a.text) and clreq.is_han(b.text)):
            report.han_latin.append(round((b.x0 - a.x1) / em, 3))


def source_paragraphs(source: Path) -> list[str]:
    """The plain text of the top-level body paragraphs of a source article."""
    from misidao_publish import readers  # noqa: PLC0415
    from misidao_publish.config import find_config, load_config  # noqa: PLC0415
    from misidao_publish.model import Paragraph, plain_text  # noqa: PLC0415

    article = readers.read(source, load_config(find_config(source)))
    out = []
    for block in article.blocks:
        if isinstance(block, Paragraph):
            out.append(plain_text(block.children))
    return out


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__)
        return 2
    paragraphs = source_paragraphs(Path(argv[0]))
    for pdf in argv[1:]:
        report = measure(Path(pdf), paragraphs)
        summary = {k: v for k, v in asdict(report).items() if k not in ("han_latin", "indents")}
        summary["han_latin_sample"] = report.han_latin[:8]
        print(pdf)
        print(json.dumps(summary, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
