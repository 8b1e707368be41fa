"""Reading a source file's bytes into text, with errors that name the file and the place.

Chinese sources arrive in more than UTF-8: old Windows editors save GBK/GB18030 (Simplified)
or Big5 (Traditional), Word's "Unicode text" is UTF-16. :func:`decode` tries what the bytes
say about themselves first (a BOM, valid UTF-8), then lets charset-normalizer choose among
the encodings Chinese text really comes in, and never guesses silently: ``-v`` logs which
encoding was used, and bytes nothing can decode are an error naming their offset.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from ..config import Config
from ..errors import ReadError

log = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024
"""Sources larger than this are refused (a 30 MB "article" is a mistake, not a book)."""


def max_bytes(config: Config) -> int:
    """The size limit for one source, from ``[import] max_mb``."""
    return int(config.import_.max_mb * 1024 * 1024)

CANDIDATES = ("gb18030", "big5", "cp950", "utf_16_le", "utf_16_be")
"""Legacy encodings charset-normalizer may choose from when the bytes are not UTF-8.
GB18030 is a superset of GBK and GB2312; cp950 is Microsoft's Big5 with its extra characters."""

BROKEN_UTF8_EVIDENCE = 4
"""This many valid non-ASCII UTF-8 characters before a bad byte means "UTF-8 with a bad
byte", not a legacy encoding: GBK text almost never forms valid UTF-8 sequences."""

_NAMES = {
    "utf_8": "UTF-8", "utf-8-sig": "UTF-8 (with BOM)", "gbk": "GBK", "gb18030": "GB18030", "big5": "Big5",
    "cp950": "Big5 (cp950)", "utf_16_le": "UTF-16LE", "utf_16_be": "UTF-16BE", "utf-16": "UTF-16 (with BOM)",
}


@dataclass(frozen=True)
class Decoded:
    """A source's text and how its bytes were read."""

    text: str
    """The text, with LF line endings and no BOM."""
    encoding: str
    """A human name of the encoding used (``UTF-8``, ``GBK``, ``Big5`` …)."""
    codec: str = "utf-8"
    """The Python codec that reads (and writes back) these bytes."""


def read_bytes(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """The file's bytes; a missing, unreadable, empty or oversized file is a :class:`ReadError`."""
    try:
        if path.is_dir():
            raise ReadError("is a folder, not a source file", path)
        size = path.stat().st_size
        if size > max_bytes:
            raise ReadError(f"file is {size / 2**20:.1f} MB, over the {max_bytes / 2**20:g} MB limit for one source "
                            "([import] max_mb)", path)
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReadError("no such file", path) from None
    except PermissionError:
        raise ReadError("permission denied", path) from None
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}", path) from None
    if not data.strip():
        raise ReadError("file is empty", path)
    return data


def read_text(path: Path, max_bytes: int = MAX_BYTES, encoding: str = "") -> str:
    """The file's text (a BOM is dropped, CRLF becomes LF), its encoding detected.

    Raises :class:`ReadError` for a missing, unreadable, empty, binary, oversized or
    undecodable file, naming the line and byte offset of the first bad byte.
    """
    return read_source(path, max_bytes, encoding).text


def read_source(path: Path, max_bytes: int = MAX_BYTES, encoding: str = "") -> Decoded:
    """Like :func:`read_text`, but also say which encoding was used (logged at ``-v``)."""
    decoded = decode(read_bytes(path, max_bytes), path, encoding)
    log.info("%s: read as %s", path, decoded.encoding)
    return decoded


def decode(data: bytes, path: Path, encoding: str = "") -> Decoded:
    """Decode ``data`` read from ``path``: ``encoding`` if given, else detected."""
    if encoding:
        return _finish(_strict(data, encoding, path), _NAMES.get(codecs.lookup(encoding).name, encoding), encoding)
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _finish(_strict(data, codec, path), _NAMES[codec], codec)
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _finish(_strict(data, utf16, path), _NAMES[utf16], utf16)
    if b"\x00" in data[:8192]:
        raise ReadError("looks like a binary file, not text", path)
    try:
        return _finish(data.decode("utf-8"), "UTF-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if _looks_like_utf8(data, utf8_error.start):
        raise _bad_bytes(data, utf8_error, "UTF-8", path)
    legacy = _detect_legacy(data)
    if legacy is None:
        raise _closest_failure(data, utf8_error, path)
    codec, text = legacy
    if codec == "gb18030":
        try:
            data.decode("gbk")
            codec = "gbk"  # the narrower name tells the user which editor setting they used
        except UnicodeDecodeError:
            pass
    return _finish(text, _NAMES.get(codec, codec), codec)


def _finish(text: str, name: str, codec: str = "utf-8") -> Decoded:
    return Decoded(clean_text(text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")), name, codec)


# Characters that only ever arrive by accident (copy-paste from web pages and Word) and break
# outputs: C0/C1 controls (invalid in XML), bidi overrides and isolates (they can reorder what
# a reader sees), zero-width spaces and stray BOMs (the WeChat editor mangles them).
_JUNK = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]")


def clean_text(text: str) -> str:
    """``text`` without control, bidi-override and zero-width characters."""
    return _JUNK.sub("", text)


def _strict(data: bytes, codec: str, path: Path) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise _bad_bytes(data, exc, _NAMES.get(codec, codec), path) from None
    except LookupError:
        raise ReadError(f"unknown encoding '{codec}'", path) from None


def _bad_bytes(data: bytes, exc: UnicodeDecodeError, tried: str, path: Path) -> ReadError:
    line = data.count(b"\n", 0, exc.start) + 1
    return ReadError(f"not valid {tried} text (byte 0x{data[exc.start]:02x} at offset {exc.start})", path, line)


def _closest_failure(data: bytes, utf8_error: UnicodeDecodeError, path: Path) -> ReadError:
    """The error of the encoding that read furthest: that is the file's encoding, damaged at that byte."""
    best, best_codec = utf8_error, "UTF-8"
    for codec in ("gb18030", "big5"):
        try:
            data.decode(codec)
        except UnicodeDecodeError as exc:
            if exc.start > best.start:
                best, best_codec = exc, _NAMES[codec]
    if best_codec == "UTF-8":
        return _bad_bytes(data, utf8_error, "UTF-8, GB18030, Big5 or UTF-16", path)
    line = data.count(b"\n", 0, best.start) + 1
    return ReadError(f"looks like {best_codec} text, but byte 0x{data[best.start]:02x} at offset {best.start} "
                     f"is not valid {best_codec}", path, line)


def _looks_like_utf8(data: bytes, bad: int) -> bool:
    """Valid multi-byte UTF-8 before the first bad byte: the file is UTF-8 with damage in it."""
    prefix = data[:bad].decode("utf-8", errors="ignore")
    return sum(1 for ch in prefix if ord(ch) > 0x7F) >= BROKEN_UTF8_EVIDENCE


def _utf16_without_bom(data: bytes) -> str:
    """UTF-16 without a BOM: the only one of LE/BE that decodes the zero-containing bytes to plausible text."""
    sample = data[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return ""  # UTF-8 and the legacy encodings never contain zero bytes
    sample = sample[: len(sample) // 2 * 2]
    for codec in ("utf_16_le", "utf_16_be"):
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        plausible = sum(1 for ch in text if ch in "\n\r\t" or " " <= ch <= "~" or _is_cjk(ch))
        if plausible >= 0.95 * len(text):
            return codec
    return ""


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return 0x2000 <= code <= 0x206F or 0x3000 <= code <= 0x9FFF or 0xF900 <= code <= 0xFFEF or 0xD800 <= code <= 0xDFFF


def _detect_legacy(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's best guess among :data:`CANDIDATES`, with the decoded text."""
    from charset_normalizer import from_bytes  # noqa: PLC0415 - only legacy files pay for it

    best = from_bytes(data, cp_isolation=list(CANDIDATES)).best()
    if best is None:
        return None
    try:
        return best.encoding, data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None
