#!/usr/bin/env python3
"""Extract the Simplified Chinese faces we ship from Debian's ``fonts-noto-cjk`` collections.

Debian ships Noto Serif/Sans CJK as OpenType collections (``.ttc``) holding the JP, KR, SC,
TC and HK faces. We keep the SC face of each, then drop what Chinese text never uses so the
repository stays small:

* Hangul syllables and jamo (Korean only);
* every glyph reachable only through ``locl`` and other regional/stylistic features
  (the JP/KR/TC/HK shapes of shared code points, ``aalt``/``jp78``/``trad`` alternates).

We keep every Han character the face maps (URO, Extensions A to G where present,
compatibility ideographs), CJK punctuation and full-width forms, kana (``・``, ``の`` turn up
in Chinese web text), Bopomofo, Latin with pinyin tone letters, Greek, Cyrillic, digits and
common symbols, and the layout features that Chinese typesetting needs: vertical forms
(``vert``/``vrt2``), proportional and half-width punctuation for 标点挤压 (``palt``/``halt``
and their vertical twins), width variants and kerning.

Usage: ``python scripts/extract_fonts.py [SOURCE_DIR] [DEST_DIR]`` (defaults:
``/usr/share/fonts/opentype/noto`` and ``fonts/``). Needs ``fonttools``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

FACES = {
    # collection file → the file name we ship
    "NotoSerifCJK-Regular.ttc": "NotoSerifCJKsc-Regular.otf",
    "NotoSerifCJK-Bold.ttc": "NotoSerifCJKsc-Bold.otf",
    "NotoSansCJK-Regular.ttc": "NotoSansCJKsc-Regular.otf",
    "NotoSansCJK-Bold.ttc": "NotoSansCJKsc-Bold.otf",
}

# Inclusive code point ranges kept; everything else the face maps is dropped.
KEEP_RANGES = [
    (0x0020, 0x024F),  # Basic Latin … Latin Extended-B (pinyin tone letters ǎ ǐ ǒ ǔ ǘ)
    (0x0250, 0x02FF),  # IPA, spacing modifiers (ˇ ˉ ˊ ˋ ˙)
    (0x0300, 0x036F),  # combining diacritics
    (0x0370, 0x04FF),  # Greek, Cyrillic (both in GB 2312)
    (0x1E00, 0x1EFF),  # Latin Extended Additional
    (0x2000, 0x2BFF),  # punctuation, currency, letterlike, arrows, maths, box drawing, shapes
    (0x2E80, 0x2FFF),  # radicals, Kangxi radicals, ideographic description
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3040, 0x30FF),  # kana
    (0x3100, 0x312F),  # Bopomofo
    (0x3190, 0x31FF),  # kanbun, Bopomofo extended, CJK strokes, kana extension
    (0x3200, 0x33FF),  # enclosed CJK, CJK compatibility
    (0x3400, 0x4DBF),  # Extension A
    (0x4DC0, 0x4DFF),  # Yijing hexagrams
    (0x4E00, 0x9FFF),  # unified ideographs
    (0xE000, 0xF8FF),  # private use (Noto maps a few)
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFE10, 0xFE1F),  # vertical forms
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # half-width and full-width forms
    (0x1F100, 0x1F2FF),  # enclosed alphanumerics/ideographic supplements
    (0x20000, 0x3FFFF),  # Extensions B to H, compatibility supplement
]

LAYOUT_FEATURES = [
    "ccmp", "kern", "vkrn", "palt", "vpal", "halt", "vhal", "vert", "vrt2",
    "fwid", "hwid", "pwid", "chws", "vchw",
]


def extract(src_dir: Path, dest_dir: Path) -> None:
    dest_dir.mkdir(parents=True, exist_ok=True)
    for collection_name, out_name in FACES.items():
        collection = TTCollection(str(src_dir / collection_name))
        font = next(f for f in collection.fonts if f["name"].getDebugName(1).endswith(" SC"))
        cmap = font.getBestCmap()
        keep = sorted(cp for cp in cmap if any(lo <= cp <= hi for lo, hi in KEEP_RANGES))
        options = subset.Options()
        options.layout_features = LAYOUT_FEATURES
        options.name_IDs = ["*"]
        options.name_languages = ["*"]
        options.notdef_outline = True
        options.glyph_names = False
        options.hinting = True
        options.desubroutinize = False
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=keep)
        subsetter.subset(font)
        font.save(str(dest_dir / out_name))
        size = (dest_dir / out_name).stat().st_size
        print(f"{out_name}: {len(keep)} code points, {len(font.getGlyphOrder())} glyphs, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/usr/share/fonts/opentype/noto")
    dest = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).resolve().parents[1] / "fonts"
    extract(source, dest)
