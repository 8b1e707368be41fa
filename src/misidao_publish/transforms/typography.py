"""The typography transforms a configuration asks for, in the order they must run.

Conversion runs first (so ``quote_style = "auto"`` sees the new language), then the
punctuation fixes (ellipses and dashes before single marks, so ``...`` is not read as three
full stops), quotes, and spacing last (it looks at the final punctuation).
"""

from __future__ import annotations

from functools import partial

import dataclasses

from ..config import Config, TypographyConfig
from ..model import Article
from . import convert, dashes, ellipsis, punctuation, quotes, spacing
from .convert import convert_script
from .dashes import chinese_dashes
from .ellipsis import chinese_ellipsis
from .punctuation import full_width_punctuation
from .quotes import smart_quotes
from .spacing import han_latin_spacing

MAX_PASSES = 4
"""Enough for any chain of rules enabling each other; each pass is linear in the text."""

ORDER = ("convert", "ellipsis", "dashes", "punctuation", "quotes", "spacing")
"""The order in which configured typography transforms run."""


def configured(config: TypographyConfig) -> list[tuple[str, object]]:
    """``(name, transform)`` for each transform ``config`` switches on, in :data:`ORDER`."""
    chosen: dict[str, object] = {}
    if config.convert:
        chosen["convert"] = partial(convert_script, target=config.convert)
    if config.ellipsis:
        chosen["ellipsis"] = chinese_ellipsis
    if config.dashes:
        chosen["dashes"] = chinese_dashes
    if config.punctuation:
        chosen["punctuation"] = full_width_punctuation
    if config.quotes:
        chosen["quotes"] = partial(smart_quotes, style=config.quote_style)
    if config.spacing != "css":
        chosen["spacing"] = partial(han_latin_spacing, mode=config.spacing)
    return [(name, chosen[name]) for name in ORDER if name in chosen]


def rules(config: TypographyConfig, lang: str = "zh-CN") -> list[tuple[str, object]]:
    """``(name, rule)`` on text runs for each transform ``config`` switches on (for the linter)."""
    chosen: dict[str, object] = {}
    if config.convert:
        chosen["convert"] = partial(convert.rule, target=config.convert)
        lang = convert.LANGUAGES[config.convert]
    if config.ellipsis:
        chosen["ellipsis"] = ellipsis.rule
    if config.dashes:
        chosen["dashes"] = dashes.rule
    if config.punctuation:
        chosen["punctuation"] = punctuation.rule
    if config.quotes:
        chosen["quotes"] = partial(quotes.rule, style=quotes.style_for(lang, config.quote_style))
    if config.spacing != "css":
        chosen["spacing"] = partial(spacing.rule, mode=config.spacing)
    return [(name, chosen[name]) for name in ORDER if name in chosen]


def apply_typography(article: Article, config: TypographyConfig) -> Article:
    """Apply every typography transform ``config`` switches on, until none changes anything.

    The rules feed each other (``中文,...``: the comma becomes full-width, which makes the dots
    Chinese context), so the punctuation rules repeat until the text is stable — at most
    :data:`MAX_PASSES` times; conversion runs once.
    """
    chosen = configured(config)
    for name, transform in chosen:
        if name == "convert":
            article = transform(article)  # type: ignore[operator]
    for _ in range(MAX_PASSES):
        before = article
        for name, transform in chosen:
            if name != "convert":
                article = transform(article)  # type: ignore[operator]
        if article == before:
            break
    return article


def convert_config_text(config: Config) -> Config:
    """With ``convert`` set, the tip page's words (打赏 heading, copyright line, QR labels) follow the script too.

    The site's name is a brand and stays as configured.
    """
    target = config.typography.convert
    if not target:
        return config
    to = convert.converter(target).convert
    tip = dataclasses.replace(
        config.tip, heading=to(config.tip.heading), copyright=to(config.tip.copyright),
        methods=tuple(dataclasses.replace(m, name=to(m.name)) for m in config.tip.methods),
    )
    return dataclasses.replace(config, tip=tip)
