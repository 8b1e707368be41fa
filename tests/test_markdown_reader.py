"""The Markdown reader fills the neutral model: no HTML, every feature mapped."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from misidao_publish.config import Config
from misidao_publish.model import (
    CodeBlock, Emphasis, Figure, Heading, Link, ListBlock, NoteRef, Paragraph, Quote, Strikethrough, Strong, Table,
    Text, ThematicBreak, plain_text, walk,
)
from misidao_publish.readers.markdown import parse

CONFIG = Config(author="默认作者")


def read(text: str, name: str = "a.md") -> object:
    return parse(text, Path("/project") / name, CONFIG)


def test_front_matter_fields() -> None:
    article = read("---\ntitle: 标题\nsubtitle: 副题\nauthor: 张三\ndate: 2024-05-01\nsource: 永州经开区\n"
                   "tags: [甲, 乙]\nsummary: 摘要\nlang: zh-TW\ntip: false\n---\n\n正文。\n")
    meta = article.meta  # type: ignore[attr-defined]
    assert (meta.title, meta.subtitle, meta.author, meta.source, meta.lang, meta.tip) == (
        "标题", "副题", "张三", "永州经开区", "zh-TW", False)
    assert meta.date == dt.date(2024, 5, 1) and meta.tags == ("甲", "乙") and meta.summary == "摘要"


def test_title_falls_back_to_first_h1_which_leaves_the_body() -> None:
    article = read("# 大标题\n\n## 第一节\n\n正文。\n")
    assert article.meta.title == "大标题"  # type: ignore[attr-defined]
    headings = [b for b in article.blocks if isinstance(b, Heading)]  # type: ignore[attr-defined]
    assert [plain_text(h.children) for h in headings] == ["第一节"]
    assert headings[0].anchor == "sec-1"
    assert article.meta.author == "默认作者"  # type: ignore[attr-defined]


def test_every_block_kind(samples: Path) -> None:
    article = parse((samples / "features.md").read_text(encoding="utf-8"), samples / "features.md", CONFIG)
    kinds = {type(node) for node in walk(article.blocks)}
    for kind in (Heading, Paragraph, ListBlock, Quote, CodeBlock, Table, ThematicBreak, Figure,
                 Strong, Emphasis, Strikethrough, Link, NoteRef):
        assert kind in kinds, kind
    table = next(n for n in walk(article.blocks) if isinstance(n, Table))
    assert [c.align for c in table.header] == ["left", "right", "center"]
    lists = [n for n in walk(article.blocks) if isinstance(n, ListBlock)]
    assert any(isinstance(b, ListBlock) for lst in lists for item in lst.items for b in item.blocks), "nested list"
    assert any(item.checked is True for lst in lists for item in lst.items)
    assert [f.number for f in article.footnotes] == [1, 2]
    figure = next(n for n in walk(article.blocks) if isinstance(n, Figure))
    assert figure.image.local == (samples / "images" / "xiangjiang.png").resolve()
    code = next(n for n in walk(article.blocks) if isinstance(n, CodeBlock))
    assert code.language == "python" and "    return round" in code.code


def test_soft_breaks_between_han_characters_vanish() -> None:
    article = read("# 标题\n\n第一行\n第二行 and\nEnglish words\n")
    para = article.blocks[0]  # type: ignore[attr-defined]
    assert plain_text(para.children) == "第一行第二行 and English words"


def test_footnote_numbers_follow_first_reference_and_count_repeats() -> None:
    article = read("# 题\n\n甲[^b]乙[^a]丙[^b]\n\n[^a]: 注甲\n[^b]: 注乙\n[^unused]: 没人引用\n")
    notes = article.footnotes  # type: ignore[attr-defined]
    assert [(n.label, n.number, n.references) for n in notes] == [("b", 1, 2), ("a", 2, 1)]
    refs = [n for n in walk(article.blocks) if isinstance(n, NoteRef)]  # type: ignore[attr-defined]
    assert [(r.number, r.occurrence) for r in refs] == [(1, 0), (2, 0), (1, 1)]


def test_raw_html_is_kept_as_raw_nodes_not_rendered() -> None:
    article = read("# 题\n\n<div onclick='x()'>块</div>\n\n正文<sup>1</sup>\n")
    assert type(article.blocks[0]).__name__ == "RawBlock"  # type: ignore[attr-defined]
    texts = [n.text for n in walk(article.blocks) if isinstance(n, Text)]  # type: ignore[attr-defined]
    assert "正文" in texts
