"""Ellipses: ``...``, ``。。。`` and a lone ``…`` → the Chinese 省略号 ``……`` (two U+2026).

``。。。`` is always Chinese; dots and a single ``…`` change only in Chinese context, so
``Wait...`` in an English sentence and ``1...5`` stay.
"""

from __future__ import annotations

import re

from ..model import Article
from .runs import CHINESE, Segment, chain, map_article, sub

_STOPS = re.compile(r"。{2,}")
_DOTS = re.compile(rf"(?<={CHINESE})(?:\.{{3,}}|(?<!…)…(?!…)|…{{3,}})|(?:\.{{3,}}|(?<!…)…(?!…))(?={CHINESE})")


def rule(segments: list[Segment]) -> list[str]:
    """The ellipsis rule on one run."""
    return chain(
        lambda s: sub(s, _STOPS, lambda m: "……"),
        lambda s: sub(s, _DOTS, lambda m: "……"),
    )(segments)


def chinese_ellipsis(article: Article) -> Article:
    """Return ``article`` with its ellipses in Chinese text made ``……``."""
    return map_article(rule, article)
