"""Readers turn a source file into the neutral :class:`~misidao_publish.model.Article`.

They know input formats and nothing about outputs. ``READERS`` maps a format name to its
reader; ``SUFFIXES`` maps file suffixes to format names.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..config import Config
from ..errors import ReadError
from ..model import Article
from ..lazy import lazy

Reader = Callable[[Path, Config], Article]

READERS: dict[str, Reader] = {
    "markdown": lazy("misidao_publish.readers.markdown", "read"),
    "text": lazy("misidao_publish.readers.text", "read"),
    "html": lazy("misidao_publish.readers.html", "read"),
    "docx": lazy("misidao_publish.readers.docx", "read"),
}

SUFFIXES: dict[str, str] = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
}


def read(path: Path, config: Config, fmt: str | None = None) -> Article:
    """Read ``path`` with the reader for ``fmt`` (or for its suffix)."""
    name = fmt or SUFFIXES.get(path.suffix.lower())
    if name is None or name not in READERS:
        known = ", ".join(sorted(SUFFIXES))
        raise ReadError(f"unknown source type '{path.suffix or path.name}' (known: {known})", path)
    return READERS[name](path, config)
