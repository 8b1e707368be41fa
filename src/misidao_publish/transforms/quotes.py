"""Straight quotes → Chinese quotation marks: “ ” ‘ ’, or 「 」 『 』 (corner style, usual in Traditional).

Quotes are paired in order within a paragraph (so a quotation may span bold text or a line
break). A pair is Chinese when its content has a Han character or Chinese stands right
outside it (``他说"OK"了``); English quotations and apostrophes (``don't``) stay straight.
In corner style, curly quotes around Chinese become corner quotes too.
"""

from __future__ import annotations

import re
from functools import partial

from ..model import Article
from .runs import CHINESE, Edit, Segment, apply_edits, has_han, joined, map_article, url_spans

STYLES = {
    "curly": ("“", "”", "‘", "’"),
    "corner": ("「", "」", "『", "』"),
}
"""Opening and closing double quotes, then single quotes, per style."""

_DOUBLE = re.compile(r'"')
_SINGLE = re.compile(r"(?<![A-Za-z0-9])'|'(?![A-Za-z0-9])")  # not an apostrophe inside a word
_CHINESE = re.compile(CHINESE)


def _pairs(text: str, pattern: re.Pattern[str], protected: list[tuple[int, int]]) -> list[tuple[int, int]]:
    positions = [m.start() for m in pattern.finditer(text)
                 if not any(s <= m.start() < e for s, e in protected)]
    return list(zip(positions[0::2], positions[1::2]))


def _chinese_pair(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else ""
    after = text[end + 1] if end + 1 < len(text) else ""
    return has_han(text[start + 1:end]) or bool(_CHINESE.fullmatch(before)) or bool(_CHINESE.fullmatch(after))


def rule(segments: list[Segment], style: str = "curly") -> list[str]:
    """The quotes rule on one run, in ``style`` (``curly`` or ``corner``)."""
    open2, close2, open1, close1 = STYLES[style]
    text, _ = joined(segments)
    protected = url_spans(text)
    edits: list[Edit] = []
    for pattern, opening, closing in ((_DOUBLE, open2, close2), (_SINGLE, open1, close1)):
        for start, end in _pairs(text, pattern, protected):
            if _chinese_pair(text, start, end):
                edits += [(start, start + 1, opening), (end, end + 1, closing)]
    if style == "corner" and has_han(text):
        for curly, corner in zip("“”‘’", STYLES["corner"]):
            edits += [(i, i + 1, corner) for i, ch in enumerate(text) if ch == curly]
    return apply_edits(segments, edits)


def style_for(lang: str, configured: str) -> str:
    """The quote style for a document in ``lang``: ``auto`` means corner quotes for Traditional."""
    if configured == "auto":
        return "corner" if lang in ("zh-TW", "zh-HK", "zh-Hant", "zh-MO") else "curly"
    return configured


def smart_quotes(article: Article, style: str = "curly") -> Article:
    """Return ``article`` with straight quotes around Chinese made ``style`` quotes (``auto`` follows the language)."""
    chosen = style_for(article.meta.lang, style)
    return map_article(partial(rule, style=chosen), article)
