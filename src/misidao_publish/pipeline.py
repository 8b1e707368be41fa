"""The pipeline: source → reader → Article → transforms → writer(format) → file.

``build_source`` is the whole job for one source; the CLI and the Python API both call it.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import readers, transforms
from .config import Config
from .errors import ConfigError
from .model import Article, Book, Image, Part, walk
from .transforms.typography import apply_typography, convert_config_text
from .lazy import lazy
from .writers.context import Job

log = logging.getLogger(__name__)

Writer = Callable[[Book, Path, Job], dict[str, object]]

WRITERS: dict[str, Writer] = {
    "epub": lazy("misidao_publish.writers.epub", "write"),
    "pdf": lazy("misidao_publish.writers.pdf", "write"),
    "wechat": lazy("misidao_publish.writers.wechat", "write"),
}
"""Output formats by name, in the order they are built."""

SUFFIXES: dict[str, str] = {"epub": ".epub", "pdf": ".pdf", "wechat": ".wechat.html"}
"""The file name ending of each format's output."""

FORMAT_TRANSFORMS: dict[str, tuple[str, ...]] = {
    "epub": (),
    "pdf": (),
    "wechat": ("links_to_notes",),
}
"""Transforms that only one output needs (the WeChat editor refuses external links)."""


@dataclass
class Output:
    """One file a build wrote."""

    format: str
    path: Path
    seconds: float
    info: dict[str, object] = field(default_factory=dict)


@dataclass
class BuildResult:
    """What building one source produced."""

    source: Path
    outputs: list[Output] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dependencies: set[Path] = field(default_factory=set)
    """Every file the outputs were made from (source, images, config, tip pictures), for the cache."""


def parse_formats(value: str | list[str] | tuple[str, ...] | None) -> list[str]:
    """``"epub,pdf"`` → ``["epub", "pdf"]`` in build order; unknown names are a :class:`ConfigError`."""
    if value is None or value == "" or value == "all":
        return list(WRITERS)
    names = value.split(",") if isinstance(value, str) else list(value)
    names = [n.strip().lower() for n in names if n.strip()]
    unknown = [n for n in names if n not in WRITERS]
    if unknown:
        raise ConfigError(f"unknown format '{unknown[0]}' (choose from {', '.join(WRITERS)})")
    return [n for n in WRITERS if n in names]


def project_root(source: Path, config: Config) -> Path:
    """The folder whose files a build may use: the config file's folder when it holds the
    source, else the source's own folder."""
    source_dir = source.resolve().parent
    if config.path is not None:
        config_dir = config.path.resolve().parent
        if source_dir.is_relative_to(config_dir):
            return config_dir
    return source_dir


def single(article: Article) -> Book:
    """An article published on its own: a one-article book with the article's metadata."""
    return Book(meta=article.meta, parts=(Part(title="", articles=(article,)),), path=article.path)


def build_source(source: Path, config: Config, out_dir: Path, formats: list[str],
                 source_format: str | None = None) -> BuildResult:
    """Read one source and write each requested format into ``out_dir`` as ``<stem><suffix>``."""
    result = BuildResult(source=source)
    config = convert_config_text(config)
    job = Job(config=config, root=project_root(source, config), warnings=result.warnings)
    article = readers.read(source, config, source_format)
    check_images(article, job)
    result.dependencies |= dependencies(article, config)
    # Typography ([typography]) holds for every format, so it runs before the per-format transforms.
    article = apply_typography(article, config.typography)
    stem = source.name[: -len(source.suffix)] if source.suffix else source.name
    for fmt in formats:
        started = time.perf_counter()
        prepared = transforms.apply(article, FORMAT_TRANSFORMS[fmt])
        target = out_dir / f"{stem}{SUFFIXES[fmt]}"
        info = WRITERS[fmt](single(prepared), target, job)
        result.outputs.append(Output(fmt, target, time.perf_counter() - started, info))
    return result


def dependencies(article: Article, config: Config) -> set[Path]:
    """The files an article's outputs depend on besides layouts and fonts."""
    found = {p for p in (article.path, config.path, config.wechat.extra_css, article.meta.cover) if p is not None}
    found |= {m.image for m in config.tip.methods if m.image is not None}
    found |= {n.local for n in walk(article.blocks + article.footnotes) if isinstance(n, Image) and n.local}
    return {p.resolve() for p in found}


def check_images(article: Article, job: Job) -> None:
    """Warn about local images that are missing or outside the project (they are left out)."""
    for node in walk(article.blocks + article.footnotes):
        if isinstance(node, Image) and node.local is not None:
            try:
                job.allowed_file(node.local)
            except ValueError as exc:
                job.warn(f"{article.path}: image '{node.src}' left out: {exc}")
