"""Pictures inside an EPUB: local files embedded under stable ASCII names with the media type
their bytes say (not their suffix), remote ones fetched only when the user asks (``--fetch-remote``).
"""

from __future__ import annotations

import hashlib
import logging
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from ..model import Image
from .context import Job

log = logging.getLogger(__name__)

SUFFIX_OF = {
    "image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/svg+xml": ".svg", "image/webp": ".webp",
}
"""EPUB 3 core image media types and the suffix we give each."""
MAX_REMOTE_BYTES = 20 * 1024 * 1024
REMOTE_TIMEOUT = 20


@dataclass
class Item:
    """One manifest item."""

    id: str
    href: str
    media_type: str
    data: bytes
    properties: str = ""


def sniff(data: bytes) -> str | None:
    """The image media type ``data`` really is (by its magic bytes), or ``None``."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg")) and b"<svg" in data[:4096].lower():
        return "image/svg+xml"
    return None


class ImageStore:
    """Collects the pictures a book shows and gives each a stable ASCII name under ``images/``."""

    def __init__(self, job: Job, source: Path | None) -> None:
        self.job = job
        self.source = source
        self.items: dict[str, Item] = {}
        """Items by a key: the resolved path, or the URL of a fetched image."""
        self.failed: set[str] = set()
        """URLs that could not be fetched (tried once per build)."""

    def _add(self, key: str, data: bytes, what: str) -> str | None:
        media_type = sniff(data)
        if media_type is None:
            self.job.warn(f"{self.source}: image '{what}' left out: not a JPEG, PNG, GIF, SVG or WebP picture")
            return None
        if key not in self.items:
            number = len(self.items) + 1
            name = f"img-{number:03d}"
            self.items[key] = Item(name, f"images/{name}{SUFFIX_OF[media_type]}", media_type, data)
        return self.items[key].href

    def add_path(self, path: Path) -> str | None:
        """Embed a local file; ``None`` (and a warning) when it cannot be used."""
        try:
            resolved = self.job.allowed_file(path)
        except ValueError:
            return None  # the pipeline has warned already
        key = str(resolved)
        if key in self.items:
            return self.items[key].href
        return self._add(key, resolved.read_bytes(), path.name)

    def add_named(self, key: str, item: Item) -> str:
        """Embed a picture we made ourselves (the generated cover)."""
        self.items.setdefault(key, item)
        return self.items[key].href

    def src(self, image: Image) -> str | None:
        """The ``src`` for ``image`` inside the book, or ``None`` to show its alt text instead."""
        if image.local is not None:
            return self.add_path(image.local)
        if not image.src.lower().startswith(("http://", "https://")):
            self.job.warn(f"{self.source}: image '{image.src}' left out: not a local file or web address")
            return None
        if image.src in self.items:
            return self.items[image.src].href
        if image.src in self.failed:
            return None
        if not getattr(self.job.config, "fetch_remote", False):
            self.job.warn(f"{self.source}: remote image {image.src} not embedded (no network at build time; "
                          f"--fetch-remote downloads it); alt text and link shown")
            return None
        data = self._fetch(image.src)
        href = self._add(image.src, data, image.src) if data is not None else None
        if href is None:
            self.failed.add(image.src)
        return href

    def _fetch(self, url: str) -> bytes | None:
        request = urllib.request.Request(url, headers={"User-Agent": "misidao-publish"})
        try:
            with urllib.request.urlopen(request, timeout=REMOTE_TIMEOUT) as response:
                data = response.read(MAX_REMOTE_BYTES + 1)
        except (OSError, ValueError) as exc:
            self.job.warn(f"{self.source}: remote image {url} not fetched: {exc}; alt text and link shown")
            return None
        if len(data) > MAX_REMOTE_BYTES:
            self.job.warn(f"{self.source}: remote image {url} left out: larger than 20 MB")
            return None
        log.info("fetched %s (%d bytes, sha1 %s)", url, len(data), hashlib.sha1(data).hexdigest()[:10])
        return data
