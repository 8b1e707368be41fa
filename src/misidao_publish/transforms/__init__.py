"""Transforms are functions ``Article -> Article``, independent and testable alone.

``TRANSFORMS`` maps a name to its function; the pipeline applies them in the order that
configuration and the output format ask for.
"""

from __future__ import annotations

from typing import Callable

from ..model import Article
from .convert import convert_script
from .dashes import chinese_dashes
from .ellipsis import chinese_ellipsis
from .notes import links_to_notes
from .punctuation import full_width_punctuation
from .quotes import smart_quotes
from .spacing import han_latin_spacing

Transform = Callable[[Article], Article]

TRANSFORMS: dict[str, Transform] = {
    "links_to_notes": links_to_notes,
    # Typography: switched and parametrised by [typography] (see typography.configured).
    "convert": convert_script,
    "ellipsis": chinese_ellipsis,
    "dashes": chinese_dashes,
    "punctuation": full_width_punctuation,
    "quotes": smart_quotes,
    "spacing": han_latin_spacing,
}


def apply(article: Article, names: list[str] | tuple[str, ...]) -> Article:
    """Apply the named transforms in order."""
    for name in names:
        article = TRANSFORMS[name](article)
    return article
