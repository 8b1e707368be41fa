"""Half-width punctuation in Chinese context → full-width (GB/T 15834 标点符号用法).

Scraped and typed Chinese often carries ASCII punctuation: ``三十多年来,伴随着``, ``来源:永州``.
A mark is Chinese when the character before it is Chinese (Han or full-width punctuation),
or when nothing Latin precedes it and Chinese follows. Numbers (``8,200``, ``3.14``,
``12:30``), English sentences, code and URLs keep their marks. Spaces typed around a mark
that becomes full-width, or next to a full-width mark in Chinese text, go: the full-width
mark carries its own space.
"""

from __future__ import annotations

import re

from ..model import Article
from .runs import CHINESE, CJK_PUNCT, HAN, Segment, chain, has_han, map_article, sub

FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", ".": "。"}

# After Chinese: the mark (or a run like ?!) and any spaces around it.
_AFTER_CHINESE = re.compile(rf"(?<={CHINESE})[ \t]*([,;:?!]+)[ \t]*")
# Before Chinese, with nothing Latin or numeric in front: ``(7,然后`` stays, ``,然后`` changes.
_BEFORE_CHINESE = re.compile(rf"(?<![A-Za-z0-9,;:?!.])([,;:?!]+)[ \t]*(?={CHINESE})")
# A full stop ends a Chinese sentence only after Han and before nothing Latin (``百度.com`` stays).
_PERIOD = re.compile(rf"(?<={HAN})\.(?![.A-Za-z0-9])")
_PARENS = re.compile(r"\(([^()\n]*)\)")
# A typed space next to full-width punctuation in Chinese text (``学校、 “小手``): the mark has its own.
_STRAY_SPACE = re.compile(rf"(?<={CJK_PUNCT})[ \t]+(?={CHINESE})|(?<={HAN})[ \t]+(?={CJK_PUNCT})")


def _marks(match: re.Match[str]) -> str:
    return "".join(FULL_WIDTH[ch] for ch in match.group(1))


def _parens(match: re.Match[str]) -> str | None:
    before = match.string[match.start() - 1] if match.start() else ""
    inner = match.group(1)
    if has_han(inner) or (before and re.fullmatch(HAN, before)):
        return f"（{inner}）"
    return None


def rule(segments: list[Segment]) -> list[str]:
    """The punctuation rule on one run."""
    return chain(
        lambda s: sub(s, _AFTER_CHINESE, _marks),
        lambda s: sub(s, _BEFORE_CHINESE, _marks),
        lambda s: sub(s, _PERIOD, lambda m: "。"),
        lambda s: sub(s, _PARENS, _parens),
        lambda s: sub(s, _STRAY_SPACE, lambda m: ""),
    )(segments)


def full_width_punctuation(article: Article) -> Article:
    """Return ``article`` with half-width punctuation in Chinese context made full-width."""
    return map_article(rule, article)
