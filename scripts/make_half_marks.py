"""Make fonts/MisidaoHalfMarks-{Regular,Bold}.otf: the compressible Chinese marks, half an em wide.

    python scripts/make_half_marks.py

标点挤压 (punctuation compression) sets the first of two adjacent marks half-width. The
shipped Noto faces do it with their ``halt`` feature, which moves glyphs by positioning: in the
PDF the glyph keeps its full-em width, its box overlaps the next glyph's and text extraction
(pdftotext, copy-paste in viewers) breaks the line there. These small derived faces map the same
code points to half-em glyphs (opening marks with their ink moved into the half that remains),
so the PDF says what the eye sees. The print layout sets compressed marks in them.

Derived from Noto Serif CJK SC under the SIL Open Font License 1.1 (see fonts/OFL.txt), renamed
as the licence asks of modified versions.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import uharfbuzz as hb
from fontTools.misc.transform import Transform
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from misidao_publish.typeset import clreq  # noqa: E402

SOURCES = {
    "MisidaoHalfMarks-Regular.otf": ("NotoSerifCJKsc-Regular.otf", "Regular", 400),
    "MisidaoHalfMarks-Bold.otf": ("NotoSerifCJKsc-Bold.otf", "Bold", 700),
}
FAMILY = "Misidao Half Marks"
DROP = ("GSUB", "GPOS", "BASE", "VORG", "vhea", "vmtx")


def subset(path: Path, chars: str) -> bytes:
    inp = hb.SubsetInput()
    for ch in chars:
        inp.unicode_set.add(ord(ch))
    inp.flags = hb.SubsetFlags.NOTDEF_OUTLINE
    face = hb.Face(hb.Blob.from_file_path(str(path)))
    return bytes(hb.subset(face, inp).blob.data)


def make(source: Path, style: str, weight: int) -> bytes:
    marks = "".join(sorted(clreq.COMPRESSIBLE))
    font = TTFont(io.BytesIO(subset(source, marks)), recalcTimestamp=False)
    upem = font["head"].unitsPerEm
    half = upem // 2
    cmap = font.getBestCmap()
    top = font["CFF "].cff.topDictIndex[0]
    strings = top.CharStrings
    glyph_set = font.getGlyphSet()
    hmtx = font["hmtx"]
    done = set()
    for ch in marks:
        name = cmap.get(ord(ch))
        if name is None or name in done:
            continue
        done.add(name)
        original = strings[name]
        private = original.private
        shift = -half if ch in clreq.HALF_IN_PAIR_LEFT else 0
        pen = T2CharStringPen(half - getattr(private, "nominalWidthX", 0), glyph_set)
        glyph_set[name].draw(TransformPen(pen, Transform(1, 0, 0, 1, shift, 0)))
        replacement = pen.getCharString(private=private, globalSubrs=original.globalSubrs)
        strings.charStringsIndex[strings.charStrings[name]] = replacement
        hmtx[name] = (half, hmtx[name][1] + shift)
    for tag in DROP:
        if tag in font:
            del font[tag]
    names = font["name"]
    postscript = f"MisidaoHalfMarks-{style}"
    for record in list(names.names):
        if record.nameID in (1, 16):
            record.string = FAMILY
        elif record.nameID == 2 or record.nameID == 17:
            record.string = style
        elif record.nameID == 4:
            record.string = f"{FAMILY} {style}"
        elif record.nameID in (3, 6):
            record.string = postscript
    top.FullName, top.FamilyName, top.FontName = f"{FAMILY} {style}", FAMILY, postscript
    font["CFF "].cff.fontNames = [postscript]
    font["OS/2"].usWeightClass = weight
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def main() -> int:
    for target, (source, style, weight) in SOURCES.items():
        data = make(ROOT / "fonts" / source, style, weight)
        (ROOT / "fonts" / target).write_bytes(data)
        print(f"fonts/{target}: {len(data)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
