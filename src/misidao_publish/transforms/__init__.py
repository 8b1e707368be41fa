"""Transforms are functions ``Article -> Article``, independent and testable alone.

``TRANSFORMS`` maps a name to its function; the pipeline applies them in the order that
configuration and the output format ask for.
"""

from __future__ import annotations

from typing import Callable

from ..model import Article
from .notes import links_to_notes

Transform = Callable[[Article], Article]

TRANSFORMS: dict[str, Transform] = {
    "links_to_notes": links_to_notes,
}


def apply(article: Article, names: list[str] | tuple[str, ...]) -> Article:
    """Apply the named transforms in order."""
    for name in names:
        article = TRANSFORMS[name](article)
    return article
