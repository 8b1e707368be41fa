"""``import``: any source → clean Markdown with YAML front matter, its local images copied beside it.

Scraped text, saved pages and Word files are hard to edit; the Markdown this writes is the
article alone, typography fixed, ready for a person to correct and for ``build``.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from . import readers
from .config import Config
from .errors import WriteError
from .model import Image, walk
from .transforms.typography import apply_typography
from .writers.atomic import atomic_path
from .writers.markdown import to_markdown

log = logging.getLogger(__name__)


@dataclass
class ImportResult:
    """What an import wrote."""

    markdown: Path
    images: list[Path] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def default_output(source: Path) -> Path:
    """``article.txt`` → ``article.md`` beside it."""
    return source.with_suffix(".md")


def import_source(source: Path, config: Config, output: Path | None = None, source_format: str | None = None,
                  force: bool = False) -> ImportResult:
    """Read ``source``, apply the configured typography, write Markdown to ``output``."""
    target = output or default_output(source)
    if target.resolve() == source.resolve():
        raise WriteError("would overwrite the source itself; choose another file with -o", target)
    if target.exists() and not force:
        raise WriteError("already exists (use --force to replace it)", target)
    article = apply_typography(readers.read(source, config, source_format), config.typography)
    result = ImportResult(markdown=target)
    folder = target.parent / f"{target.stem}_images"
    copied: dict[Path, str] = {}

    def image_src(image: Image) -> str:
        if image.local is None:
            return image.src  # remote images stay remote
        if image.local in copied:
            return copied[image.local]
        if not image.local.is_file():
            result.missing.append(image.src)
            log.warning("%s: image '%s' not found; reference kept as it was", source, image.src)
            return image.src
        name = image.local.name
        stem, suffix, n = image.local.stem, image.local.suffix, 1
        while (folder / name).exists() and (folder / name).read_bytes() != image.local.read_bytes():
            n += 1
            name = f"{stem}-{n}{suffix}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if not (folder / name).exists():
                shutil.copyfile(image.local, folder / name)
        except OSError as exc:
            raise WriteError(f"cannot copy image: {exc.strerror or exc}", folder / name) from None
        result.images.append(folder / name)
        copied[image.local] = f"{folder.name}/{name}"
        return copied[image.local]

    for node in walk(article.blocks):  # copy in reading order, so numbering is stable
        if isinstance(node, Image):
            image_src(node)
    text = to_markdown(article, image_src, config.lang)
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return result
