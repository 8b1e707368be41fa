"""Transforms are functions Article -> Article, testable alone."""

from __future__ import annotations

from pathlib import Path

from misidao_publish.config import Config
from misidao_publish.model import Link, LinkNote, plain_text, walk
from misidao_publish.readers.markdown import parse
from misidao_publish.transforms.notes import links_to_notes


def test_links_to_notes() -> None:
    article = parse(
        "# 题\n\n看[米思岛](https://www.misidao.com/)和[原文](https://mp.weixin.qq.com/s/x)，"
        "再看 https://example.org/a 与[本站](https://www.misidao.com/)，还有[锚](#top)。\n",
        Path("/p/a.md"), Config())
    out = links_to_notes(article)
    nodes = list(walk(out.blocks))
    kept = [n.url for n in nodes if isinstance(n, Link)]
    assert kept == ["https://mp.weixin.qq.com/s/x"]
    # A bare URL (its text is the URL) stays as plain text with no note: it already shows the address.
    assert [n.number for n in nodes if isinstance(n, LinkNote)] == [1, 1]
    assert [(e.number, e.text, e.url) for e in out.link_notes] == [(1, "米思岛", "https://www.misidao.com/")]
    assert "https://example.org/a" in plain_text(out.blocks[0].children)  # type: ignore[attr-defined]
    text = plain_text(out.blocks[0].children)  # type: ignore[attr-defined]
    assert "锚" in text and "米思岛" in text
    assert article.link_notes == ()  # the input is untouched
