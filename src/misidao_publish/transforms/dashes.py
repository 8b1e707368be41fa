"""Dashes: ``--``, ``---``, a lone ``—`` and ``――`` between Chinese → the 破折号 ``——`` (two U+2014).

Only in Chinese context (Han or full-width punctuation on one side, nothing Latin glued to
the other), so command-line options (``--convert``) and English dashes stay.
"""

from __future__ import annotations

import re

from ..model import Article
from .runs import CHINESE, Segment, map_article, sub

_DASHES = r"(?:-{2,3}|(?<!—)—(?!—)|―{1,2}|－{2})"
_PATTERN = re.compile(
    rf"(?<={CHINESE})\s*{_DASHES}\s*(?![A-Za-z0-9-])|(?<![A-Za-z0-9-])\s*{_DASHES}\s*(?={CHINESE})"
)


def rule(segments: list[Segment]) -> list[str]:
    """The dash rule on one run."""
    return sub(segments, _PATTERN, lambda m: "——")


def chinese_dashes(article: Article) -> Article:
    """Return ``article`` with dashes in Chinese text made ``——``."""
    return map_article(rule, article)
