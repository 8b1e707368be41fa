"""Errors a user can cause, each one line naming the file (and line where known).

They derive from :class:`click.ClickException`, so the CLI prints ``Error: <message>`` and
exits non-zero without a traceback.
"""

from __future__ import annotations

from pathlib import Path

import click


class PublishError(click.ClickException):
    """Base of every error a user can cause.

    ``path`` and ``line`` locate the problem; the message is prefixed with them as
    ``path:line: message`` so editors and terminals can jump to it.
    """

    exit_code = 1

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self.line = line
        self.reason = " ".join(message.split())  # always one line
        super().__init__(self._compose())

    def _compose(self) -> str:
        if self.path is None:
            return self.reason
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
        return f"{where}: {self.reason}"


class ConfigError(PublishError):
    """A configuration file, book manifest or option is wrong."""

    exit_code = 2


class ReadError(PublishError):
    """A source file cannot be read or parsed."""


class RenderError(PublishError):
    """The model cannot be turned into pages (a layout is broken, a glyph is missing under --strict)."""


class WriteError(PublishError):
    """An output file cannot be written."""


class ConfigErrors(ConfigError):
    """Several configuration problems found at once, reported together on one line."""

    def __init__(self, problems: list[str], path: str | Path | None = None) -> None:
        self.problems = problems
        super().__init__("; ".join(problems), path)
