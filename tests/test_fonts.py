"""The shipped fonts cover what Chinese text needs and subset small."""

from __future__ import annotations

import io

from fontTools.ttLib import TTFont

from misidao_publish import fonts


def test_shipped_faces_cover_rare_han_and_punctuation() -> None:
    for face in fonts.FACES:
        covered = fonts.coverage(face.path)
        for ch in "龘㐀𠮷，。、：；！？（）《》“”‘’—…·ＡＢ１２abcāáǎà":
            assert ord(ch) in covered, (face.filename, ch)
        assert not any(0xAC00 <= cp <= 0xD7A3 for cp in covered), "Hangul should have been dropped"


def test_missing_glyphs_names_exactly_the_uncovered() -> None:
    assert fonts.missing_glyphs("中文 text 龘\n\t") == []
    assert fonts.missing_glyphs("笑😀好🎉") == ["🎉", "😀"] or fonts.missing_glyphs("笑😀好🎉") == ["😀", "🎉"]


def test_subset_keeps_only_what_is_asked() -> None:
    face = fonts.FACES[0]
    small = fonts.subset(face, set("永州经开区"))
    assert len(small.data) < 60_000
    font = TTFont(io.BytesIO(small.data))
    cmap = font.getBestCmap()
    assert all(ord(ch) in cmap for ch in "永州经开区")
    assert ord("龘") not in cmap
    assert fonts.subset(face, set("永州经开区")).data == small.data  # deterministic
    punct = TTFont(io.BytesIO(fonts.subset(face, set("永，。（）")).data))
    # vertical forms and half-width punctuation (标点挤压) survive subsetting
    assert {"vert", "vrt2"} <= {r.FeatureTag for r in punct["GSUB"].table.FeatureList.FeatureRecord}
    assert {"halt", "palt"} <= {r.FeatureTag for r in punct["GPOS"].table.FeatureList.FeatureRecord}
