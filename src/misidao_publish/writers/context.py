"""What every writer needs besides the book: config, the project folder, and the warnings list."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .. import fonts
from ..config import Config
from ..errors import RenderError

log = logging.getLogger("misidao_publish")

FALLBACK_TIME = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)


@dataclass
class Job:
    """One build of one source (or book): its configuration, its project folder and its warnings."""

    config: Config
    """The configuration in force."""
    root: Path
    """The project folder: files outside it never reach an output."""
    warnings: list[str] = field(default_factory=list)
    """Warnings so far, as one-line messages."""

    def warn(self, message: str) -> None:
        """Record a warning; under ``--strict`` it fails the build."""
        if self.config.strict:
            raise RenderError(f"{message} (--strict)")
        if message not in self.warnings:
            self.warnings.append(message)  # the CLI prints them once, in its report
            log.debug("warning: %s", message)

    def timestamp(self, date: dt.date | None) -> dt.datetime:
        """The moment outputs claim to be made: ``SOURCE_DATE_EPOCH`` if set, else the
        publication date, else a fixed day — never the clock, so rebuilds are byte-identical."""
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        if epoch.isdigit():
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
        if date is not None:
            return dt.datetime(date.year, date.month, date.day, tzinfo=dt.timezone.utc)
        return FALLBACK_TIME

    def check_glyphs(self, text: str, path: Path | None) -> None:
        """Warn about characters no shipped font can draw (each named, with its code point)."""
        missing = fonts.missing_glyphs(text)
        if missing:
            listed = " ".join(f"{ch} (U+{ord(ch):04X})" for ch in missing[:12])
            more = f" and {len(missing) - 12} more" if len(missing) > 12 else ""
            where = f"{path}: " if path else ""
            self.warn(f"{where}no glyph in the shipped fonts for {listed}{more}")

    def allowed_file(self, path: Path) -> Path:
        """``path`` resolved, if it is a file inside the project; else :class:`ValueError`."""
        resolved = path.resolve()
        if not resolved.is_relative_to(self.root.resolve()):
            raise ValueError(f"outside the project folder: {path}")
        if not resolved.is_file():
            raise ValueError(f"no such file: {path}")
        return resolved

    @contextlib.contextmanager
    def capture_warnings(self, logger_name: str, path: Path | None) -> Iterator[None]:
        """Turn a library's log warnings (WeasyPrint's) into our warnings, one line each."""
        job = self

        class Collect(logging.Handler):
            def emit(self, record: logging.LogRecord) -> None:
                first = record.getMessage().strip().split("\n")[0]
                message = f"{path}: {first}" if path else first
                job.warnings.append(message)
                log.warning("%s", message)  # shown even without --strict (a .notdef names its character)

        handler = Collect(level=logging.WARNING)
        library = logging.getLogger(logger_name)
        library.addHandler(handler)
        previous = library.propagate, library.level
        library.propagate = False
        library.setLevel(logging.WARNING)
        try:
            yield
        finally:
            library.removeHandler(handler)
            library.propagate, level = previous
            library.setLevel(level)
        if self.config.strict and self.warnings:
            raise RenderError(f"{self.warnings[0]} (--strict)")
