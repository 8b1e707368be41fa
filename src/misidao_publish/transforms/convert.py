"""Simplified ↔ Traditional conversion with OpenCC (繁简转换), phrase by phrase.

OpenCC converts words, not just characters (``鼠标`` → ``滑鼠`` with ``s2twp``), which a
character table cannot. The language tag follows the script everywhere it appears, since
EPUB readers and browsers pick fonts and line-breaking rules by it.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache, partial

from ..model import Article
from .runs import Segment, map_article

LANGUAGES = {"s2t": "zh-TW", "s2tw": "zh-TW", "s2twp": "zh-TW", "s2hk": "zh-HK", "t2s": "zh-CN"}
"""The language an article has after each conversion (OpenCC's generic ``s2t`` reads as Taiwan's)."""


@lru_cache(maxsize=None)
def converter(target: str):  # type: ignore[no-untyped-def]
    """One OpenCC converter per target (loading the dictionaries costs more than converting)."""
    import opencc  # noqa: PLC0415 - only conversions pay for the dictionaries

    return opencc.OpenCC(target)


def rule(segments: list[Segment], target: str = "s2t") -> list[str]:
    """Convert each editable segment (code stays)."""
    convert = converter(target).convert
    return [convert(s.text) if s.editable and s.text else s.text for s in segments]


def convert_script(article: Article, target: str = "s2t") -> Article:
    """Return ``article`` converted with OpenCC's ``target`` and its language set to match."""
    if target not in LANGUAGES:
        raise ValueError(f"unknown conversion {target!r}")
    converted = map_article(partial(rule, target=target), article)
    meta = dataclasses.replace(converted.meta, lang=LANGUAGES[target],
                               author=converter(target).convert(converted.meta.author),
                               tags=tuple(converter(target).convert(t) for t in converted.meta.tags))
    return dataclasses.replace(converted, meta=meta)
