"""The command line: parse options, load one config, call the pipeline. Nothing else lives here."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from . import __version__
from .config import find_config, load_config
from .errors import PublishError

log = logging.getLogger("misidao_publish")

SOURCE_FORMATS = ("markdown", "text", "html", "docx")
"""Names accepted by ``--from`` (kept here so ``--help`` needs no reader imports)."""
CONVERSIONS = ("s2t", "s2tw", "s2twp", "s2hk", "t2s")
"""OpenCC conversions accepted by ``--convert``."""


def _setup_logging(verbose: int, quiet: bool) -> None:
    level = logging.ERROR if quiet else (logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    root = logging.getLogger("misidao_publish")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False
    # WeasyPrint and fontTools talk a lot; their warnings reach users through our own report.
    for noisy in ("weasyprint", "fontTools"):
        logging.getLogger(noisy).setLevel(logging.ERROR)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="misidao-publish")
def main() -> None:
    """Turn Chinese articles into EPUB, print-ready PDF and WeChat HTML."""


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path), default=Path("dist"), show_default=True,
              help="Folder for the outputs.")
@click.option("-f", "--formats", default="epub,pdf,wechat", show_default=True,
              help="Comma-separated formats: epub, pdf, wechat.")
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
              help="Configuration file (default: misidao.toml next to the source or in this folder).")
@click.option("--layout", default=None, help="Layout (theme) name; `misidao-publish layouts` lists them.")
@click.option("--page-size", default=None, help="PDF trim size: A4, A5, B5, 16开, 32开 or WIDTHxHEIGHT (mm).")
@click.option("--strict", is_flag=True, help="Treat warnings (missing glyphs, images) as errors.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, help="Worker processes (default: one per core).")
@click.option("--force", is_flag=True, help="Rebuild even outputs whose inputs have not changed.")
@click.option("--json", "json_report", type=click.Path(path_type=Path), default=None,
              help="Also write the build report as JSON to this file.")
@click.option("-v", "--verbose", count=True, help="Say more (-vv for debug output).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors.")
@click.option("--from", "source_format", type=click.Choice(SOURCE_FORMATS), default=None,
              help="Read every SOURCE as this format instead of going by its suffix.")
@click.option("--convert", type=click.Choice(CONVERSIONS), default=None,
              help="Convert the script with OpenCC (s2t, s2tw, s2twp, s2hk, t2s) and set the language to match.")
@click.option("--vertical", is_flag=True, help="EPUB: vertical-rl edition, pages turning right to left (竖排).")
@click.option("--fetch-remote", is_flag=True, help="Download remote images into the outputs (off: alt text + link).")
@click.option("--bleed", default=None, callback=lambda ctx, param, value: _millimetres(value, "--bleed"),
              help="PDF bleed beyond the trim, e.g. 3mm (MediaBox = trim + 2 × bleed).")
@click.option("--crop-marks/--no-crop-marks", default=None, help="Draw crop marks outside the PDF trim.")
@click.option("--pdf-variant", default=None, type=click.Choice(["pdf/a-2b", "pdf/x-4", "none"], case_sensitive=False),
              help="PDF/A-2b (archival) or PDF/X-4 (press), with an sRGB output intent.")
def build(sources: tuple[str, ...], out_dir: Path, formats: str, config_path: Path | None, layout: str | None,
          page_size: str | None, strict: bool, jobs: int, force: bool, json_report: Path | None, verbose: int,
          quiet: bool, source_format: str | None = None, convert: str | None = None, vertical: bool = False,
          fetch_remote: bool = False, bleed: float | None = None, crop_marks: bool | None = None,
          pdf_variant: str | None = None) -> None:
    """Build each SOURCE (files, folders or globs) into DIR/<stem>.epub, .pdf and .wechat.html."""
    from . import batch  # noqa: PLC0415 - keeps `--help` fast
    from .pipeline import parse_formats  # noqa: PLC0415

    _setup_logging(verbose, quiet)
    chosen = parse_formats(formats)
    if config_path is not None and not config_path.is_file():
        raise click.BadParameter(f"no such file: {config_path}", param_hint="--config")
    overrides = {"layout": layout, "pdf.page_size": page_size, "strict": strict or None,
                 "typography.convert": convert, "pdf.bleed": bleed, "pdf.crop_marks": crop_marks,
                 "pdf.variant": None if pdf_variant is None else ("" if pdf_variant == "none" else pdf_variant.lower())}
    overrides.update(_epub_overrides(vertical, fetch_remote))
    paths = batch.expand_sources(sources)
    level = logging.getLogger("misidao_publish").level
    tasks = [batch.Task(p, out_dir, chosen, config_path, overrides, source_format, level) for p in paths]
    outcomes = run_with_progress(tasks, jobs, force, quiet or len(tasks) == 1)
    if json_report is not None:
        from .writers.atomic import write_bytes  # noqa: PLC0415

        write_bytes(json_report, batch.report_json(outcomes).encode("utf-8"))
    report(outcomes, quiet)
    if any(o.error for o in outcomes):
        sys.exit(1)


def run_with_progress(tasks: list, jobs: int, force: bool, silent: bool) -> list:  # type: ignore[type-arg]
    """Run the batch, with a progress bar on the terminal for more than one source."""
    from . import batch  # noqa: PLC0415

    if silent:
        return batch.run(tasks, jobs, force)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn  # noqa: PLC0415

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=_console(), transient=True) as bar:
        handle = bar.add_task("building", total=len(tasks))
        return batch.run(tasks, jobs, force,
                         progress=lambda o: bar.update(handle, advance=1, description=Path(o.source).name))


def _console(stderr: bool = True):  # type: ignore[no-untyped-def]
    from rich.console import Console  # noqa: PLC0415

    return Console(stderr=stderr, highlight=False)


def _shown(path: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return path


def report(outcomes: list, quiet: bool) -> None:  # type: ignore[type-arg]
    """Errors one line each; then each output (one source) or a summary table (several)."""
    for outcome in outcomes:
        if outcome.error:
            click.echo(f"Error: {outcome.error}", err=True)
        for warning in outcome.warnings:
            click.echo(f"Warning: {warning}", err=True)
    if quiet or (len(outcomes) == 1 and outcomes[0].error):
        return
    if len(outcomes) == 1:
        outcome = outcomes[0]
        for output in outcome.outputs:
            note = " (unchanged)" if outcome.cached else f" ({output.get('seconds', 0):.2f} s)"
            click.echo(f"{output['path']}{note}")
        uploads = [u for o in outcome.outputs for u in o.get("uploads", [])]
        if uploads:
            click.echo("Upload these images in the WeChat editor: " + ", ".join(uploads))
        return
    from rich.table import Table  # noqa: PLC0415

    table = Table(show_edge=False, pad_edge=False)
    for column in ("file", "formats", "pages", "size", "time", "warnings"):
        table.add_column(column, justify="right" if column in ("pages", "size", "time", "warnings") else "left",
                         overflow="fold")
    for o in outcomes:
        size = sum(out.get("size", 0) for out in o.outputs)
        status = "failed" if o.error else ("unchanged" if o.cached else f"{o.seconds:.1f} s")
        table.add_row(_shown(o.source), ",".join(o.formats), str(o.pages or "") if not o.error else "",
                      f"{size / 1024:.0f} KB" if size else "", status, str(len(o.warnings)) if o.warnings else "")
    console = _console(stderr=False)
    console.print(table)
    failed = sum(1 for o in outcomes if o.error)
    built = sum(1 for o in outcomes if not o.error and not o.cached)
    cached = sum(1 for o in outcomes if o.cached)
    console.print(f"{built} built, {cached} unchanged, {failed} failed")


@main.command(name="layouts")
def list_layouts() -> None:
    """List the layouts (themes), one per line."""
    from .render.layouts import all_layouts  # noqa: PLC0415

    for name, description in sorted(all_layouts().items()):
        click.echo(f"{name}\t{description}")


@main.command(name="import")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="The Markdown file to write (default: SOURCE with a .md suffix).")
@click.option("--from", "source_format", type=click.Choice(SOURCE_FORMATS), default=None,
              help="Read SOURCE as this format instead of going by its suffix.")
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
              help="Configuration file (default: misidao.toml next to the source or in this folder).")
@click.option("--convert", type=click.Choice(CONVERSIONS), default=None, help="Convert the script with OpenCC.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.option("-v", "--verbose", count=True, help="Say more (which encoding was read …).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors.")
def import_command(source: Path, output: Path | None, source_format: str | None, config_path: Path | None,
                   convert: str | None, force: bool, verbose: int, quiet: bool) -> None:
    """Turn SOURCE (.txt, .html, .docx, .md) into clean Markdown with YAML front matter."""
    from .importer import import_source  # noqa: PLC0415

    _setup_logging(verbose, quiet)
    try:
        config = load_config(config_path or find_config(source), {"typography.convert": convert})
        result = import_source(source, config, output, source_format, force)
    except PublishError as exc:
        click.echo(f"Error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    if not quiet:
        images = f" and {len(result.images)} image(s) in {result.images[0].parent}" if result.images else ""
        click.echo(f"{result.markdown}{images}")


@main.command(name="lint")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--fix", is_flag=True, help="Rewrite each source in place (front matter and code untouched).")
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
              help="Configuration file (default: misidao.toml next to the source or in this folder).")
@click.option("-q", "--quiet", is_flag=True, help="Only the summary lines, no diff.")
def lint_command(sources: tuple[Path, ...], fix: bool, config_path: Path | None, quiet: bool) -> None:
    """Show what the typography transforms would change in SOURCES, as a diff; exit 1 if anything would."""
    from .lint import lint, write_fix  # noqa: PLC0415

    _setup_logging(0, quiet)
    pending = failures = 0
    for source in sources:
        try:
            config = load_config(config_path or find_config(source))
            result = lint(source, config)
            if fix and result.changed:
                write_fix(result)
        except PublishError as exc:
            failures += 1
            click.echo(f"Error: {exc.format_message()}", err=True)
            continue
        if not result.changed:
            continue
        detail = ", ".join(f"{name} {count}" for name, count in result.counts.items())
        if fix:
            click.echo(f"{source}: fixed {result.changed} line(s) ({detail})")
            continue
        pending += 1
        if not quiet:
            click.echo(result.diff())
        click.echo(f"{source}: {result.changed} line(s) would change ({detail}); `lint --fix` rewrites them")
    if failures:
        sys.exit(2)
    if pending:
        sys.exit(1)


def _epub_overrides(vertical: bool, fetch_remote: bool) -> dict[str, object]:
    return {"epub.writing_mode": "vertical" if vertical else None, "fetch_remote": fetch_remote or None}


@main.command()
@click.argument("manifest", type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path), default=Path("dist"), show_default=True,
              help="Folder for the outputs.")
@click.option("-f", "--formats", default="epub,pdf", show_default=True, help="Comma-separated formats: epub, pdf.")
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
              help="Configuration file (default: misidao.toml next to the manifest or in this folder).")
@click.option("--layout", default=None, help="Layout (theme) name; `misidao-publish layouts` lists them.")
@click.option("--page-size", default=None, help="PDF trim size: A4, A5, B5, 16开, 32开 or WIDTHxHEIGHT (mm).")
@click.option("--vertical", is_flag=True, help="EPUB: vertical-rl edition, pages turning right to left (竖排).")
@click.option("--fetch-remote", is_flag=True, help="Download remote images into the outputs (off: alt text + link).")
@click.option("--strict", is_flag=True, help="Treat warnings (missing glyphs, images) as errors.")
@click.option("-v", "--verbose", count=True, help="Say more (-vv for debug output).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors.")
def book(manifest: Path, out_dir: Path, formats: str, config_path: Path | None, layout: str | None,
         page_size: str | None, vertical: bool, fetch_remote: bool, strict: bool, verbose: int, quiet: bool) -> None:
    """Build the book described by MANIFEST (BOOK.toml) into DIR/<stem>.epub and .pdf."""
    from .book import build_book, find_book_config  # noqa: PLC0415
    from .pipeline import parse_formats  # noqa: PLC0415

    _setup_logging(verbose, quiet)
    if config_path is not None and not config_path.is_file():
        raise click.BadParameter(f"no such file: {config_path}", param_hint="--config")
    overrides = {"layout": layout, "pdf.page_size": page_size, "strict": strict or None,
                 **_epub_overrides(vertical, fetch_remote)}
    config = load_config(config_path or find_book_config(manifest), overrides)
    result = build_book(manifest, config, out_dir, parse_formats(formats))
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    if not quiet:
        for output in result.outputs:
            click.echo(f"{output.path}  ({output.seconds:.2f} s)")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--source", type=click.Path(path_type=Path), default=None,
              help="The article the fragment was made from: its text must match (rule 13).")
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None, help="Configuration file.")
def check(files: tuple[Path, ...], source: Path | None, config_path: Path | None) -> None:
    """Check WeChat fragments (.wechat.html pages or bare HTML) against the paste rules."""
    from .wechat_check import check_files, load_article  # noqa: PLC0415

    article = None
    if source is not None:
        try:
            article = load_article(source, load_config(config_path or find_config(source)))
        except PublishError as exc:
            click.echo(f"Error: {exc.format_message()}", err=True)
            sys.exit(2)
    sys.exit(check_files(files, click.echo, article))


@main.command()
@click.argument("target", required=False, default=".", type=click.Path(exists=True, path_type=Path))
@click.option("--port", default=8000, show_default=True, help="Port to listen on (0 picks a free one).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (keep it local unless you mean it).")
@click.option("-f", "--formats", default="epub,pdf,wechat", show_default=True, help="Formats to preview.")
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None, help="Configuration file.")
@click.option("--layout", default=None, help="Layout (theme) name.")
@click.option("-v", "--verbose", count=True, help="Say more (-vv logs every request).")
def serve(target: Path, port: int, host: str, formats: str, config_path: Path | None, layout: str | None,
          verbose: int) -> None:
    """Preview SOURCE (or every source in DIR) live: rebuild on change, reload the browser."""
    from .pipeline import parse_formats  # noqa: PLC0415
    from .serve import Site, find_sources, serve as run  # noqa: PLC0415

    _setup_logging(max(verbose, 1), False)
    root, sources = find_sources(target)
    if not sources:
        raise click.ClickException(f"{target}: no sources to preview (.md files)")
    chosen = parse_formats(formats)
    overrides = {"layout": layout}

    def config_for(source: Path):  # type: ignore[no-untyped-def]
        return load_config(config_path or find_config(source), overrides)

    config_for(sources[0])  # a broken config stops here, before the server starts
    site = Site(root=root, sources=sources, config_for=config_for, formats=chosen)
    run(site, host, port, lambda url: click.echo(f"Serving {root} on {url} (Ctrl+C to stop)"))


def _millimetres(value: str | None, option: str) -> float | None:
    """``3``, ``3mm`` or ``0.3cm`` → millimetres."""
    if value is None:
        return None
    import re  # noqa: PLC0415

    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(mm|cm|pt|in)?\s*", value)
    if not match:
        raise click.BadParameter(f"expected a length such as 3mm, got '{value}'", param_hint=option)
    factor = {"mm": 1.0, None: 1.0, "cm": 10.0, "pt": 25.4 / 72, "in": 25.4}[match.group(2)]
    mm = float(match.group(1)) * factor
    if mm > 20:
        raise click.BadParameter(f"{value} is more bleed than any press needs (at most 20mm)", param_hint=option)
    return mm
