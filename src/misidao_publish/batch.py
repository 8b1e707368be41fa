"""Many sources in one run: parallel worker processes, a progress bar, and an incremental cache.

Each worker process builds whole sources (every format of one source in one process) and is
recycled after ``RECYCLE_AFTER`` sources, so memory stays flat however long the batch.
One failing source never stops the others; each failure is one line in the summary.

The cache (``.misidao-cache/`` in the working directory, see :func:`cache_dir`) remembers, per output, the content
hashes of everything that went into it: the source, its images, the config file, the
layouts, the fonts and the package version. An output whose inputs are unchanged is not
rebuilt; ``--force`` rebuilds anyway. Checking it costs no import of WeasyPrint.
"""

from __future__ import annotations

import glob
import hashlib
import json
import multiprocessing
import os
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from . import __version__
from .config import find_config
from .errors import ReadError
from .resources import data_dir

RECYCLE_AFTER = 25
"""Sources a worker builds before it is replaced by a fresh process (WeasyPrint keeps memory)."""

SOURCE_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm", ".docx")
"""What a folder given to ``build`` contributes (readers decide what they can really read)."""



def cache_dir() -> Path:
    """``.misidao-cache/`` in the working directory (``MISIDAO_CACHE_DIR`` moves it)."""
    return Path(os.environ.get("MISIDAO_CACHE_DIR", ".misidao-cache"))


@dataclass
class Task:
    """One source to build, with everything a worker process needs (picklable)."""

    source: Path
    out_dir: Path
    formats: list[str]
    config_path: Path | None
    overrides: dict[str, Any]
    source_format: str | None = None
    log_level: int = 30
    """The CLI's verbosity (``logging`` level), so ``-v`` works inside worker processes too."""


@dataclass
class Outcome:
    """What became of one task: the summary row and the JSON report entry."""

    source: str
    formats: list[str] = field(default_factory=list)
    outputs: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    cached: bool = False
    dependencies: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int | None:
        pages = [o["pages"] for o in self.outputs if "pages" in o]
        return pages[0] if pages else None


def expand_sources(items: tuple[str, ...] | list[str]) -> list[Path]:
    """Files, folders (every source file below, sorted) and globs, in the order given, once each."""
    found: list[Path] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES
                                and not any(part.startswith(".") for part in p.relative_to(path).parts)))
        elif any(ch in item for ch in "*?[") and not path.exists():
            matches = sorted(Path(m) for m in glob.glob(item, recursive=True))
            if not matches:
                raise ReadError(f"no file matches '{item}'")
            found.extend(matches)
        else:
            found.append(path)
    unique: dict[Path, None] = {}
    for path in found:
        unique.setdefault(path, None)
    return list(unique)


# ------------------------------------------------------------------------------------ the cache


@lru_cache(maxsize=None)
def _file_hash(path: str, size: int, mtime_ns: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def file_hash(path: Path) -> str:
    """Content hash of a file ('' when it is missing); memoised on size and mtime within a run."""
    stat = _stat(path)
    return _file_hash(str(path), *stat) if stat else ""


def fingerprint(path: Path) -> list[Any]:
    """What the cache remembers of a file: size, mtime and content hash."""
    stat = _stat(path)
    return [*stat, file_hash(path)] if stat else [None, None, ""]


def unchanged(path: Path, remembered: list[Any]) -> bool:
    """True when ``path`` still has the content it had; like git's index, a file whose size and
    mtime are as remembered is not read again."""
    stat = _stat(path)
    if stat is None:
        return remembered[2] == ""
    if list(stat) == remembered[:2]:
        return True
    return file_hash(path) == remembered[2]


@lru_cache(maxsize=None)
def environment_hash(layouts_dir: Path | None) -> str:
    """Hash of what every build shares: package version, shipped layouts and fonts, user layouts.
    Fonts (44 MB) are known by name, size and mtime; layouts (small) by content."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(p for p in data_dir("fonts").glob("*") if p.is_file()):
        digest.update(f"{path.name}{_stat(path)}".encode())
    for folder in [data_dir("layouts")] + ([layouts_dir] if layouts_dir else []):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(file_hash(path).encode())
    return digest.hexdigest()


def _cache_file(output: Path) -> Path:
    return cache_dir() / (hashlib.sha1(str(output.resolve()).encode()).hexdigest() + ".json")


def _task_key(task: Task, fmt: str) -> dict[str, Any]:
    layouts_dir = task.overrides.get("layouts_dir")
    return {"format": fmt, "overrides": {k: v for k, v in sorted(task.overrides.items()) if v is not None},
            "environment": environment_hash(Path(layouts_dir) if layouts_dir else None),
            "config": str(task.config_path or find_config(task.source) or "")}


def is_fresh(task: Task, output: Path, fmt: str) -> bool:
    """True when ``output`` exists and nothing that went into it has changed since it was made."""
    entry_path = _cache_file(output)
    if not output.is_file() or not entry_path.is_file():
        return False
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if entry.get("key") != _task_key(task, fmt) or not unchanged(output, entry.get("output", [None, None, ""])):
        return False
    return all(unchanged(Path(dep), seen) for dep, seen in entry.get("dependencies", {}).items())


def remember(task: Task, outcome: Outcome) -> None:
    """Record the inputs of every output of a successful build."""
    cache_dir().mkdir(parents=True, exist_ok=True)
    deps = {dep: fingerprint(Path(dep)) for dep in outcome.dependencies}
    for output in outcome.outputs:
        path = Path(output["path"])
        entry = {"key": _task_key(task, output["format"]), "dependencies": deps, "output": fingerprint(path)}
        _cache_file(path).write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")


# ------------------------------------------------------------------------------------ building


def _worker_logging(level: int) -> None:
    """A spawned worker starts with no logging set up: give it the CLI's level and format."""
    import logging  # noqa: PLC0415
    import sys  # noqa: PLC0415

    ours = logging.getLogger("misidao_publish")
    if ours.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    ours.addHandler(handler)
    ours.setLevel(level)
    ours.propagate = False


def build_task(task: Task) -> Outcome:
    """Build one task in this process; never raises (errors become the outcome's one-line error)."""
    from .config import load_config  # noqa: PLC0415 - workers import the pipeline once, on first use
    from .errors import PublishError  # noqa: PLC0415
    from .pipeline import build_source  # noqa: PLC0415

    _worker_logging(task.log_level)
    started = time.perf_counter()
    outcome = Outcome(source=str(task.source), formats=task.formats)
    try:
        config = load_config(task.config_path or find_config(task.source), task.overrides)
        result = build_source(task.source, config, task.out_dir, task.formats, task.source_format)
    except PublishError as exc:
        outcome.error = exc.format_message()
    except Exception as exc:  # noqa: BLE001 - a bug of ours must not stop the batch nor show a traceback
        outcome.error = f"{task.source}: internal error ({type(exc).__name__}: {exc})"
    else:
        outcome.outputs = [
            {"format": o.format, "path": str(o.path), "size": o.path.stat().st_size, "seconds": round(o.seconds, 3),
             **{k: v for k, v in o.info.items() if isinstance(v, (int, float, str, list))}}
            for o in result.outputs
        ]
        outcome.warnings = result.warnings
        outcome.dependencies = sorted(str(p) for p in result.dependencies)
    outcome.seconds = time.perf_counter() - started
    return outcome


def run(tasks: list[Task], jobs: int = 0, force: bool = False,
        progress: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """Build ``tasks`` (skipping fresh ones unless ``force``) on ``jobs`` processes (0: one per core)."""
    from .pipeline import SUFFIXES  # noqa: PLC0415 - light: only names

    outcomes: dict[int, Outcome] = {}
    todo: list[tuple[int, Task]] = []
    for index, task in enumerate(tasks):
        stem = task.source.name[: -len(task.source.suffix)] if task.source.suffix else task.source.name
        targets = {fmt: task.out_dir / f"{stem}{SUFFIXES[fmt]}" for fmt in task.formats}
        if not force and all(is_fresh(task, path, fmt) for fmt, path in targets.items()):
            outcome = Outcome(source=str(task.source), formats=task.formats, cached=True,
                              outputs=[{"format": f, "path": str(p), "size": p.stat().st_size} for f, p in targets.items()])
            outcomes[index] = outcome
            if progress:
                progress(outcome)
        else:
            todo.append((index, task))

    def finished(index: int, task: Task, outcome: Outcome) -> None:
        outcomes[index] = outcome
        if not outcome.error:
            remember(task, outcome)
        if progress:
            progress(outcome)

    workers = min(jobs or os.cpu_count() or 1, len(todo))
    if workers <= 1:
        for index, task in todo:
            finished(index, task, build_task(task))
        return [outcomes[i] for i in range(len(tasks))]
    # Workers are recycled by running the batch in rounds, a fresh pool each round. (The pool's own
    # max_tasks_per_child deadlocks on Python 3.11 once a worker retires with work still queued.)
    context = multiprocessing.get_context("spawn")  # no fork under the progress bar's thread
    per_round = workers * RECYCLE_AFTER
    for start in range(0, len(todo), per_round):
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            pending: dict[Future[Outcome], tuple[int, Task]] = {
                pool.submit(build_task, t): (i, t) for i, t in todo[start:start + per_round]}
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    index, task = pending.pop(future)
                    try:
                        outcome = future.result()
                    except Exception as exc:  # noqa: BLE001 - a worker died (killed, out of memory)
                        outcome = Outcome(source=str(task.source), formats=task.formats,
                                          error=f"{task.source}: worker process failed ({type(exc).__name__})")
                    finished(index, task, outcome)
    return [outcomes[i] for i in range(len(tasks))]


def report_json(outcomes: list[Outcome]) -> str:
    """The batch report as JSON for scripts."""
    rows = []
    for o in outcomes:
        row = asdict(o)
        row.pop("dependencies")
        row["ok"] = not o.error
        rows.append(row)
    return json.dumps({"ok": all(not o.error for o in outcomes), "results": rows}, ensure_ascii=False, indent=2)
