"""Han–Latin and Han–digit spacing (中英文间距).

Three modes: ``space`` types a space between Han and Latin letters or digits (what many
Chinese style guides ask of plain text); ``none`` removes such typed spaces; ``css`` leaves
the text alone because the layouts add about ¼em there (the default: spacing is
typesetting, not content, and a typed space is a full ⅓em word space that justification
stretches).
"""

from __future__ import annotations

import re
from functools import partial

from ..model import Article
from .runs import HAN, Segment, chain, map_article, sub

MODES = ("css", "space", "none")

_HAN_LATIN = re.compile(rf"(?<={HAN})(?=[A-Za-z0-9])")
_LATIN_HAN = re.compile(rf"(?<=[A-Za-z0-9%])(?={HAN})")
_SPACED = re.compile(rf"(?<={HAN})[ \u00a0]+(?=[A-Za-z0-9])|(?<=[A-Za-z0-9%])[ \u00a0]+(?={HAN})")


def rule(segments: list[Segment], mode: str = "space") -> list[str]:
    """The spacing rule on one run, in ``mode``."""
    if mode == "space":
        return chain(lambda s: sub(s, _HAN_LATIN, lambda m: " "), lambda s: sub(s, _LATIN_HAN, lambda m: " "))(segments)
    if mode == "none":
        return sub(segments, _SPACED, lambda m: "")
    return [s.text for s in segments]


def han_latin_spacing(article: Article, mode: str = "space") -> Article:
    """Return ``article`` with Han–Latin spacing typed (``space``), removed (``none``) or untouched (``css``)."""
    if mode not in MODES:
        raise ValueError(f"unknown spacing mode {mode!r}")
    if mode == "css":
        return article
    return map_article(partial(rule, mode=mode), article)
