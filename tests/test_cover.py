"""The generated typographic cover: outlines, not text; lines inside the margins, broken by 禁则."""

from __future__ import annotations

from lxml import etree

from misidao_publish.config import Config
from misidao_publish.cover import (
    MARGIN,
    NO_END,
    NO_START,
    WIDTH,
    _face,
    break_lines,
    cover_lines,
    cover_svg,
    measure,
)

LONG = "历尽天华成此景——永州经开区巩固国家卫生城市成果纪实，（附录）《湘江》“江边”的一天：米思岛功能示例"


def test_cover_is_outlines_with_an_accessible_title() -> None:
    svg = etree.fromstring(cover_svg(Config(), "湘南小城观察", "米思岛文选", "米思岛编辑部").encode())
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert svg.find("s:text", ns) is None  # no font needed to show it, in a reader or a library thumbnail
    assert svg.findtext("s:title", namespaces=ns) == "湘南小城观察：米思岛文选（米思岛编辑部）"
    assert len(svg.findall("s:path", ns)) == 5  # title, subtitle, author, site name, tagline


def test_title_lines_fit_and_follow_line_breaking_rules() -> None:
    face = _face("sans", 700)
    lines = break_lines(face, LONG, 132, WIDTH - 2 * MARGIN)
    assert "".join(lines) == LONG.replace(" ", "")
    assert len(lines) > 2
    for line in lines:
        assert measure(face, line, 132) <= WIDTH - 2 * MARGIN
        assert line[0] not in NO_START and line[-1] not in NO_END, lines
    placed = [line for line in cover_lines(LONG, "", "", "米思岛", "") if line.role == "title"]
    assert len(placed) == 4  # set smaller until it takes at most four lines
    assert all(line.width <= WIDTH - 2 * MARGIN for line in placed)
    assert [b.y for b in placed] == sorted(b.y for b in placed)


def test_latin_words_stay_whole() -> None:
    face = _face("sans", 700)
    lines = break_lines(face, "Reading Chinese typography with HarfBuzz and WeasyPrint today", 132, WIDTH - 2 * MARGIN)
    words = ["Reading", "Chinese", "typography", "with", "HarfBuzz", "and", "WeasyPrint", "today"]
    assert [w for line in lines for w in line.split()] == words
