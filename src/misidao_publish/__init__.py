"""misidao-publish: Chinese articles into EPUB, print-ready PDF and WeChat-ready HTML.

The Python API mirrors the CLI::

    from misidao_publish import build
    results = build(["samples/yongzhou.md"], out_dir="dist", formats="epub,pdf", jobs=2)
    for r in results:
        print(r.source, r.error or [o["path"] for o in r.outputs])
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .batch import Outcome

__all__ = ["__version__", "build"]


def build(sources: str | Path | list[str | Path], out_dir: str | Path = "dist", formats: str | list[str] = "all",
          config: str | Path | None = None, layout: str | None = None, page_size: str | None = None,
          strict: bool = False, jobs: int = 1, force: bool = False, **options: Any) -> list[Outcome]:
    """Build sources (files, folders, globs) like ``misidao-publish build``; one :class:`Outcome`
    per source, in order. Errors do not raise: each failed outcome carries its one-line ``error``.

    ``options`` are further config overrides by dotted key (``{"pdf.bleed": 3}``).
    """
    from . import batch  # noqa: PLC0415
    from .pipeline import parse_formats  # noqa: PLC0415

    items = [str(s) for s in (sources if isinstance(sources, list) else [sources])]
    overrides: dict[str, Any] = {"layout": layout, "pdf.page_size": page_size, "strict": strict or None, **options}
    chosen = parse_formats(formats)
    config_path = Path(config) if config is not None else None
    tasks = [batch.Task(p, Path(out_dir), chosen, config_path, overrides) for p in batch.expand_sources(items)]
    return batch.run(tasks, jobs, force)
