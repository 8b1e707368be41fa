"""Real half-width punctuation glyphs for 标点挤压, added to a document's subset font.

The fonts' own ``halt`` feature compresses a mark by GPOS positioning: the glyph keeps its
full-em width in the PDF, so its box overlaps the next glyph's, and text extraction (pdftotext,
copy-paste in viewers) breaks the line there. Here each compressible mark gets a twin glyph,
half an em wide with its ink moved into that half, reached by a GSUB ``halt`` lookup; the PDF
then says what the eye sees and extraction stays whole.
"""

from __future__ import annotations

import io
from functools import lru_cache

from fontTools.misc.transform import Transform
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables import otTables as ot

from . import clreq

FEATURE = "halt"


@lru_cache(maxsize=16)
def add_half_width(data: bytes) -> bytes:
    """``data`` (an OpenType CFF subset) with half-width twins of its compressible marks."""
    font = TTFont(io.BytesIO(data), recalcBBoxes=False, recalcTimestamp=False)
    cmap = font.getBestCmap()
    marks = sorted(ch for ch in clreq.COMPRESSIBLE if ord(ch) in cmap)
    if not marks or "CFF " not in font or "GSUB" not in font:
        return data
    upem = font["head"].unitsPerEm
    half = upem // 2
    top = font["CFF "].cff.topDictIndex[0]
    strings = top.CharStrings
    order = list(font.getGlyphOrder())
    used = {name for name in order}
    hmtx, vmtx = font["hmtx"], font["vmtx"] if "vmtx" in font else None
    glyph_set = font.getGlyphSet()
    mapping: dict[str, str] = {}
    cid = 65535
    for ch in marks:
        source = cmap[ord(ch)]
        if source in mapping or hmtx[source][0] != upem:
            continue
        while f"cid{cid:05d}" in used:
            cid -= 1
        name = f"cid{cid:05d}"
        used.add(name)
        original = strings[source]
        private = original.private
        # Opening marks carry their ink in the right half: move it left with the box.
        shift = -half if ch in clreq.HALF_IN_PAIR_LEFT else 0
        pen = T2CharStringPen(half - getattr(private, "nominalWidthX", 0), glyph_set)
        glyph_set[source].draw(TransformPen(pen, Transform(1, 0, 0, 1, shift, 0)))
        charstring = pen.getCharString(private=private, globalSubrs=original.globalSubrs)
        _append_glyph(top, strings, name, charstring, source)
        order.append(name)
        lsb = hmtx[source][1] + shift
        hmtx[name] = (half, lsb)
        if vmtx is not None:
            vmtx[name] = vmtx[source]
        mapping[source] = name
    if not mapping:
        return data
    font.setGlyphOrder(order)
    top.charset = order
    font["maxp"].numGlyphs = len(order)  # not recomputed for CFF fonts; readers check FDSelect against it
    _add_lookup(font["GSUB"].table, mapping)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _append_glyph(top, strings, name: str, charstring, source: str) -> None:  # type: ignore[no-untyped-def]
    index = len(strings.charStringsIndex)
    source_index = strings.charStrings[source]
    strings.charStringsIndex.append(charstring)
    strings.charStrings[name] = index
    if hasattr(top, "FDSelect"):  # CID-keyed: the twin uses its original's font dict
        top.FDSelect.append(top.FDSelect[source_index])


def _add_lookup(gsub, mapping: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    """A single-substitution lookup under the ``halt`` feature of every script and language
    (feature records stay sorted by tag: HarfBuzz looks them up by binary search)."""
    lookup = ot.Lookup()
    lookup.LookupType, lookup.LookupFlag = 1, 0
    subst = ot.SingleSubst()
    subst.mapping = dict(mapping)
    lookup.SubTable, lookup.SubTableCount = [subst], 1
    gsub.LookupList.Lookup.append(lookup)
    gsub.LookupList.LookupCount = len(gsub.LookupList.Lookup)
    feature = ot.Feature()
    feature.FeatureParams = None
    feature.LookupListIndex = [gsub.LookupList.LookupCount - 1]
    feature.LookupCount = 1
    record = ot.FeatureRecord()
    record.FeatureTag, record.Feature = FEATURE, feature
    records = list(gsub.FeatureList.FeatureRecord) + [record]
    order = sorted(range(len(records)), key=lambda i: (records[i].FeatureTag, i))
    new_index = {old: new for new, old in enumerate(order)}
    gsub.FeatureList.FeatureRecord = [records[i] for i in order]
    gsub.FeatureList.FeatureCount = len(records)
    added = new_index[len(records) - 1]
    for script in gsub.ScriptList.ScriptRecord:
        systems = [script.Script.DefaultLangSys] + [r.LangSys for r in script.Script.LangSysRecord]
        for system in systems:
            if system is None:
                continue
            system.FeatureIndex = sorted(new_index[i] for i in system.FeatureIndex) + [added]
            system.FeatureCount = len(system.FeatureIndex)
