"""YAML front matter: split it off a source and turn it into :class:`Metadata` fields.

Safe loading only (no ``!!python/object``); every problem names the file and the line.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from ..errors import ReadError

MAX_LENGTHS = {"title": 300, "subtitle": 300, "author": 300, "source": 300, "summary": 5000}
"""Longer values are mistakes (a pasted article in the title) and would wreck page heads."""

KNOWN_KEYS = {
    "title", "subtitle", "author", "date", "source", "source_url", "tags", "summary",
    "cover", "lang", "tip",
}


def split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], str, int]:
    """Return (front matter, body, number of lines taken by the front matter).

    The body keeps its own line numbering offset by the returned count, so a reader can
    report ``file:line`` for problems in the body too.
    """
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return {}, text, 0
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            break
    else:
        raise ReadError("front matter opened with '---' on line 1 is never closed", path, 1)
    raw = "\n".join(lines[1:end])
    try:
        data = yaml.safe_load(raw) if raw.strip() else {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark is not None else 1  # +1 for 1-based, +1 for the '---'
        raise ReadError(f"invalid YAML front matter: {exc.problem or exc.context}", path, line) from None
    except yaml.YAMLError as exc:
        raise ReadError(f"invalid YAML front matter: {exc}", path, 1) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ReadError("front matter must be a mapping of keys to values", path, 2)
    body = "\n".join(lines[end + 1:])
    return data, body, end + 1


def _line_of(key: str, text: str) -> int | None:
    for number, line in enumerate(text.split("\n")[:200], start=1):
        if line.startswith(f"{key}:"):
            return number
    return None


def metadata_fields(data: dict[str, Any], path: Path, text: str) -> dict[str, Any]:
    """Check types of front-matter values and convert them to :class:`Metadata` keyword arguments."""
    out: dict[str, Any] = {}

    def fail(key: str, message: str) -> ReadError:
        return ReadError(f"front matter '{key}': {message}", path, _line_of(key, text))

    for key, value in data.items():
        if key not in KNOWN_KEYS or value is None:
            continue  # unknown keys are allowed: other tools put their own there
        if key == "date":
            out[key] = _parse_date(value, lambda m: fail(key, m))
        elif key == "tags":
            if isinstance(value, str):
                value = [t.strip() for t in value.replace("，", ",").split(",") if t.strip()]
            if not isinstance(value, list) or not all(isinstance(t, (str, int, float)) for t in value):
                raise fail(key, "expected a list of words")
            out[key] = tuple(str(t) for t in value)
        elif key == "tip":
            if not isinstance(value, bool):
                raise fail(key, "expected true or false")
            out[key] = value
        elif key == "cover":
            if not isinstance(value, str):
                raise fail(key, "expected a file path")
            out[key] = (path.parent / value).resolve()
        else:
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                value = str(value)
            if not isinstance(value, str):
                raise fail(key, f"expected text, got {type(value).__name__}")
            out[key] = " ".join(value.split()) if key != "summary" else value.strip()
            limit = MAX_LENGTHS.get(key)
            if limit is not None and len(out[key]) > limit:
                raise fail(key, f"is {len(out[key])} characters long (at most {limit})")
    return out


def _parse_date(value: Any, fail: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        cleaned = value.strip().replace("年", "-").replace("月", "-").replace("日", "").replace("/", "-")
        try:
            return dt.date.fromisoformat("-".join(p.zfill(2) for p in cleaned.split("-")))
        except ValueError:
            pass
    raise fail(f"'{value}' is not a date (use YYYY-MM-DD)")
