"""Books of many articles: the ``BOOK.toml`` manifest, and building one book into EPUB/PDF.

A manifest names the book's metadata and its articles (files or globs relative to the
manifest, in order), optionally grouped into ``[[part]]`` tables. Every problem is reported
together, each naming its manifest key (``part[2].articles[0]: no file matches …``).
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import re
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import readers, transforms
from .config import Config, find_config, load_toml
from .errors import ConfigError, ConfigErrors
from .model import Book, Metadata, Part
from .pipeline import (
    FORMAT_TRANSFORMS,
    SUFFIXES,
    WRITERS,
    BuildResult,
    Output,
    check_images,
    project_root,
)
from .writers.context import Job

BOOK_KEYS = {"title", "subtitle", "author", "publisher", "date", "language", "cover", "isbn", "articles",
             "description", "tags", "tip"}
PART_KEYS = {"title", "articles"}
BOOK_FORMATS = ("epub", "pdf")
"""What a book can become (WeChat posts are one article each)."""

_LANG = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")


@dataclass(frozen=True)
class Manifest:
    """A parsed ``BOOK.toml``: the book's metadata and its article files, before reading them."""

    path: Path
    """The manifest file."""
    meta: Metadata
    """The book's metadata (title, author, date, language, cover …)."""
    publisher: str
    """The publisher (empty: the site)."""
    isbn: str
    """The ISBN as written (hyphens allowed), or empty."""
    parts: tuple[tuple[str, tuple[Path, ...]], ...]
    """``(part title, article files)`` in reading order; title empty for articles outside parts."""
    keys: dict[Path, str] = field(default_factory=dict)
    """The manifest key that listed each article file, for messages."""


def load_manifest(path: Path) -> Manifest:
    """Parse and check ``path``; raises :class:`ConfigErrors` listing every problem."""
    data = load_toml(path, missing="no such book manifest")
    problems: list[str] = []
    base = path.resolve().parent
    for key in sorted(set(data) - {"book", "part"}):
        problems.append(f"{key}: unknown table (use [book] and [[part]])")
    book = data.get("book")
    if not isinstance(book, dict):
        raise ConfigErrors(["book: missing [book] table"], path)
    for key in sorted(set(book) - BOOK_KEYS):
        problems.append(f"book.{key}: unknown key")

    def text(key: str, required: bool = False) -> str:
        value = book.get(key, "")
        if not isinstance(value, str):
            problems.append(f"book.{key}: expected a string")
            return ""
        if required and not value.strip():
            problems.append(f"book.{key}: required")
        return value.strip()

    title = text("title", required=True)
    language = text("language") or "zh-CN"
    if not _LANG.match(language):
        problems.append(f"book.language: '{language}' is not a language tag such as zh-CN")
    date = _date(book.get("date"), problems)
    isbn = text("isbn")
    if isbn and not valid_isbn(isbn):
        problems.append(f"book.isbn: '{isbn}' is not a valid ISBN-10 or ISBN-13")
    cover: Path | None = None
    if text("cover"):
        cover = (base / text("cover")).resolve()
        if not cover.is_file():
            problems.append(f"book.cover: no such file {text('cover')}")
    tags = book.get("tags", [])
    if not (isinstance(tags, list) and all(isinstance(t, str) for t in tags)):
        problems.append("book.tags: expected a list of strings")
        tags = []
    tip = book.get("tip", True)
    if not isinstance(tip, bool):
        problems.append("book.tip: expected true or false")
        tip = True

    parts: list[tuple[str, tuple[Path, ...]]] = []
    keys: dict[Path, str] = {}
    if "articles" in book:
        parts.append(("", _articles(book["articles"], "book.articles", base, problems, keys)))
    raw_parts = data.get("part", [])
    if not isinstance(raw_parts, list):
        problems.append("part: expected [[part]] tables")
        raw_parts = []
    for i, part in enumerate(raw_parts, start=1):
        where = f"part[{i}]"
        if not isinstance(part, dict):
            problems.append(f"{where}: expected a table")
            continue
        for key in sorted(set(part) - PART_KEYS):
            problems.append(f"{where}.{key}: unknown key")
        part_title = part.get("title", "")
        if not isinstance(part_title, str) or not part_title.strip():
            problems.append(f"{where}.title: required")
            part_title = ""
        parts.append((part_title.strip(), _articles(part.get("articles"), f"{where}.articles", base, problems, keys)))
    if not any(files for _, files in parts) and not problems:
        problems.append("book.articles: the book has no articles (give book.articles or [[part]] tables)")
    if problems:
        raise ConfigErrors(problems, path)
    meta = Metadata(
        title=title, subtitle=text("subtitle"), author=text("author"), date=date, cover=cover, lang=language,
        tags=tuple(tags), summary=text("description"), tip=tip,
    )
    return Manifest(path=path, meta=meta, publisher=text("publisher"), isbn=isbn, parts=tuple(parts), keys=keys)


def _date(value: Any, problems: list[str]) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    problems.append(f"book.date: '{value}' is not a date like 2024-05-01")
    return None


def _articles(value: Any, where: str, base: Path, problems: list[str], keys: dict[Path, str]) -> tuple[Path, ...]:
    """Expand one ``articles`` list: globs sorted by name, plain paths as given, no file twice."""
    if not (isinstance(value, list) and value and all(isinstance(v, str) for v in value)):
        problems.append(f"{where}: expected a non-empty list of files or globs")
        return ()
    out: list[Path] = []
    for i, pattern in enumerate(value):
        key = f"{where}[{i}]"
        if glob.has_magic(pattern):
            found = sorted(Path(p).resolve() for p in glob.glob(str(base / pattern), recursive=True))
            found = [p for p in found if p.is_file()]
            if not found:
                problems.append(f"{key}: no file matches '{pattern}'")
        else:
            candidate = (base / pattern).resolve()
            found = [candidate] if candidate.is_file() else []
            if not found:
                problems.append(f"{key}: no such file '{pattern}'")
        for path in found:
            if path in keys:
                problems.append(f"{key}: '{pattern}' gives {path.name}, already listed at {keys[path]}")
            else:
                keys[path] = key
                out.append(path)
    return tuple(out)


def valid_isbn(isbn: str) -> bool:
    """Whether ``isbn`` (hyphens and spaces allowed) has a correct ISBN-10 or ISBN-13 check digit."""
    digits = re.sub(r"[\s-]", "", isbn).upper()
    if re.fullmatch(r"\d{13}", digits):
        total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits))
        return total % 10 == 0
    if re.fullmatch(r"\d{9}[\dX]", digits):
        total = sum((10 - i) * (10 if d == "X" else int(d)) for i, d in enumerate(digits))
        return total % 11 == 0
    return False


def read_book(manifest: Manifest, config: Config) -> Book:
    """Read every article of the manifest into a :class:`Book` (the manifest's own metadata on top)."""
    meta = manifest.meta
    if not meta.author and config.author:
        meta = replace(meta, author=config.author)
    parts = tuple(Part(title=title, articles=tuple(readers.read(p, config) for p in files))
                  for title, files in manifest.parts if files)
    return Book(meta=meta, parts=parts, publisher=manifest.publisher, isbn=manifest.isbn, path=manifest.path)


def prepare(book: Book, names: tuple[str, ...]) -> Book:
    """The book with transforms ``names`` applied to every article."""
    if not names:
        return book
    return replace(book, parts=tuple(replace(p, articles=tuple(transforms.apply(a, names) for a in p.articles))
                                     for p in book.parts))


def book_stem(manifest: Path) -> str:
    """The output name: the manifest's stem, or its folder's name for the usual ``BOOK.toml``."""
    if manifest.stem.lower() == "book":
        return manifest.resolve().parent.name or manifest.stem
    return manifest.stem


def find_book_config(manifest: Path) -> Path | None:
    """``misidao.toml`` beside the manifest, else in the folder above it (a book folder inside a
    site folder), else in the working directory."""
    return find_config(manifest, cwd=manifest.resolve().parent.parent) or find_config(None)


def build_book(manifest_path: Path, config: Config, out_dir: Path, formats: list[str]) -> BuildResult:
    """Build the book of ``manifest_path`` into ``out_dir/<stem>.epub`` (and ``.pdf``)."""

    unsupported = [f for f in formats if f not in BOOK_FORMATS]
    if unsupported:
        raise ConfigError(f"-f {unsupported[0]}: a book can be made as {', '.join(BOOK_FORMATS)} only")
    manifest = load_manifest(manifest_path)
    result = BuildResult(source=manifest_path)
    # The articles the manifest names are trusted, and so are the folders they live in.
    folders = [project_root(manifest_path, config), *(p.parent for _, files in manifest.parts for p in files)]
    job = Job(config=config, root=Path(os.path.commonpath([str(f.resolve()) for f in folders])),
              warnings=result.warnings)
    book = read_book(manifest, config)
    for article in book.articles:
        check_images(article, job)
    stem = book_stem(manifest_path)
    for fmt in formats:
        started = time.perf_counter()
        target = out_dir / f"{stem}{SUFFIXES[fmt]}"
        info = WRITERS[fmt](prepare(book, FORMAT_TRANSFORMS[fmt]), target, job)
        result.outputs.append(Output(fmt, target, time.perf_counter() - started, info))
    return result
