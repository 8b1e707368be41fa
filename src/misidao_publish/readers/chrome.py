"""Recognising site chrome and metadata lines in scraped text.

Scraped pages carry the site around the article: its header (米思岛 / 悦享好时光), the 打赏
(tip) block, the copyright line (未经允许不得转载) and the QR scan prompts. Which lines are
chrome is configuration (``[import] strip``), not code, so another site only needs a new list.
Metadata lines (来源：X, 作者：X, 日期：X) are recognised here too, for every reader.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..config import ImportConfig

_META = re.compile(
    r"^\s*(?P<key>来源|来源于|出处|转自|转载自|作者|文|撰文|日期|时间|发布时间|发布日期|发表时间)"
    r"\s*[:：]\s*(?P<value>\S.{0,60}?)\s*$"
)
_META_FIELD = {
    "来源": "source", "来源于": "source", "出处": "source", "转自": "source", "转载自": "source",
    "作者": "author", "文": "author", "撰文": "author",
    "日期": "date", "时间": "date", "发布时间": "date", "发布日期": "date", "发表时间": "date",
}
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


@dataclass
class Chrome:
    """Compiled chrome patterns for one build."""

    patterns: list[re.Pattern[str]] = field(default_factory=list)

    @classmethod
    def from_config(cls, config: ImportConfig) -> Chrome:
        """Compile ``[import] strip`` (the config loader has already checked each pattern)."""
        return cls([re.compile(p) for p in config.strip])

    def is_chrome(self, line: str) -> bool:
        """True when the whole (trimmed) line matches one of the strip patterns."""
        text = clean(line)
        return bool(text) and any(p.fullmatch(text) for p in self.patterns)


def clean(line: str) -> str:
    """A line without its indent (ASCII or full-width 　), trailing spaces or zero-width characters."""
    return line.replace("\u200b", "").replace("\ufeff", "").strip(" \t\u3000\u00a0")


def metadata_line(line: str) -> tuple[str, str | dt.date] | None:
    """``来源：永州经开区`` → ``("source", "永州经开区")``; dates become :class:`datetime.date`."""
    match = _META.match(clean(line))
    if match is None:
        return None
    name = _META_FIELD[match.group("key")]
    value = match.group("value").strip()
    if name == "date":
        parsed = parse_date(value)
        return ("date", parsed) if parsed else None
    return name, value


def parse_date(value: str) -> dt.date | None:
    """The first ``YYYY-MM-DD`` / ``YYYY年M月D日`` / ``YYYY/M/D`` date in ``value``."""
    match = _DATE.search(value)
    if match is None:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
