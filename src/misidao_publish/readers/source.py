"""Reading a source file's bytes into text, with errors that name the file and the place."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import ReadError

MAX_BYTES = 20 * 1024 * 1024
"""Sources larger than this are refused (a 30 MB "article" is a mistake, not a book)."""


def read_text(path: Path, max_bytes: int = MAX_BYTES) -> str:
    """The file's text, decoded as UTF-8 (a BOM is dropped, CRLF becomes LF).

    Raises :class:`ReadError` for a missing, unreadable, empty, binary, oversized or
    non-UTF-8 file, naming the line and byte offset of the first bad byte.
    """
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise ReadError("is a folder, not a source file", path)
        if size > max_bytes:
            raise ReadError(f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit for one source", path)
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReadError("no such file", path) from None
    except PermissionError:
        raise ReadError("permission denied", path) from None
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}", path) from None
    if not data.strip():
        raise ReadError("file is empty", path)
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError("looks like a binary file, not text", path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ReadError(f"not valid UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})", path, line) from None
    return clean_text(text.replace("\r\n", "\n").replace("\r", "\n"))


# Characters that only ever arrive by accident (copy-paste from web pages and Word) and break
# outputs: C0/C1 controls (invalid in XML), bidi overrides and isolates (they can reorder what
# a reader sees), zero-width spaces and stray BOMs (the WeChat editor mangles them).
_JUNK = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]")


def clean_text(text: str) -> str:
    """``text`` without control, bidi-override and zero-width characters."""
    return _JUNK.sub("", text)
