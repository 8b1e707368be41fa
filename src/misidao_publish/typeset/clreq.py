"""Character classes and line-breaking rules of Chinese text (W3C clreq, GB/T 15834—2011).

禁则 (line-breaking prohibitions): closing punctuation never starts a line, opening punctuation
never ends one, and the two halves of —— and …… stay together. 标点挤压 (punctuation
compression): of two adjacent full-width marks the first is set half-width.
"""

from __future__ import annotations

import unicodedata

CLOSING = frozenset("，。、；：？！）》」』”’〉】〕〗〙〛｝］｠｡､・·…％‰℃°)]}")
"""Marks that may not start a line (行首禁则)."""

OPENING = frozenset("（《「『“‘〈【〔〖〘〚｛［｟([{·・")
"""Marks that may not end a line (行尾禁则). The 间隔号 (·) is also here: a name such as
马克·吐温 is never split at its dot."""

INSEPARABLE = frozenset("—…")
"""Two-em marks (——, ……) whose halves are never split across lines."""

COMPRESSIBLE = frozenset("，。、；：？！）》」』”’〉】〕（《「『“‘〈【〔")
"""Full-width marks with half an em of blank in their body, which 标点挤压 may remove."""

HALF_IN_PAIR_LEFT = frozenset("（《「『“‘〈【〔")
"""Opening marks: their blank is on the left, so compression pulls the glyph left (the ``halt`` feature does it)."""


def is_han(ch: str) -> bool:
    """A Han ideograph (any CJK block, including the supplementary planes), kana or bopomofo."""
    if len(ch) != 1:
        return False
    cp = ord(ch)
    return (
        0x3400 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x3FFFF
        or 0x3040 <= cp <= 0x30FF or 0x3100 <= cp <= 0x312F or ch == "〇"
    )


def is_alnum(ch: str) -> bool:
    """A Latin, Greek, Cyrillic letter or a digit — what gets a quarter-em from neighbouring Han."""
    if len(ch) != 1:
        return False
    if ch.isascii():
        return ch.isalnum()
    category = unicodedata.category(ch)
    return category[0] in "LN" and not is_han(ch) and unicodedata.east_asian_width(ch) not in ("W", "F")


def is_wide(ch: str) -> bool:
    """Set on the em grid: Han, kana, full-width punctuation and the Chinese quotes."""
    return is_han(ch) or unicodedata.east_asian_width(ch) in ("W", "F") or ch in "“”‘’…—·"


def can_break(before: str, after: str) -> bool:
    """Whether a line may end between the character ``before`` and the character ``after``."""
    if after in CLOSING or before in OPENING:
        return False
    if before in INSEPARABLE and after == before:
        return False
    return True


def compress_pair(first: str, second: str) -> bool:
    """Whether ``first`` is set half-width because ``second`` follows it (标点挤压)."""
    return first in COMPRESSIBLE and second in COMPRESSIBLE
