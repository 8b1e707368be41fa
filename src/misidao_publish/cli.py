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
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path), default=Path("dist"), show_default=True,
              help="Folder for the outputs.")
@click.option("-f", "--formats", default="epub,pdf,wechat", show_default=True,
              help="Comma-separated formats: epub, pdf, wechat.")
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
              help="Configuration file (default: misidao.toml next to the source or in this folder).")
@click.option("--layout", default=None, help="Layout (theme) name; `misidao-publish layouts` lists them.")
@click.option("--page-size", default=None, help="PDF trim size: A4, A5, B5, 16开, 32开 or WIDTHxHEIGHT (mm).")
@click.option("--strict", is_flag=True, help="Treat warnings (missing glyphs, images) as errors.")
@click.option("-v", "--verbose", count=True, help="Say more (-vv for debug output).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors.")
@click.option("--from", "source_format", type=click.Choice(SOURCE_FORMATS), default=None,
              help="Read every SOURCE as this format instead of going by its suffix.")
@click.option("--convert", type=click.Choice(CONVERSIONS), default=None,
              help="Convert the script with OpenCC (s2t, s2tw, s2twp, s2hk, t2s) and set the language to match.")
def build(sources: tuple[Path, ...], out_dir: Path, formats: str, config_path: Path | None, layout: str | None,
          page_size: str | None, strict: bool, verbose: int, quiet: bool,
          source_format: str | None = None, convert: str | None = None) -> None:
    """Build each SOURCE into DIR/<stem>.epub, .pdf and .wechat.html."""
    from .pipeline import build_source, parse_formats  # noqa: PLC0415 - keeps `--help` fast

    _setup_logging(verbose, quiet)
    chosen = parse_formats(formats)
    if config_path is not None and not config_path.is_file():
        raise click.BadParameter(f"no such file: {config_path}", param_hint="--config")
    overrides = {"layout": layout, "pdf.page_size": page_size, "strict": strict or None,
                 "typography.convert": convert}
    failures = 0
    for source in sources:
        try:
            config = load_config(config_path or find_config(source), overrides)
            result = build_source(source, config, out_dir, chosen, source_format)
        except PublishError as exc:
            failures += 1
            click.echo(f"Error: {exc.format_message()}", err=True)
            continue
        if not quiet:
            for output in result.outputs:
                click.echo(f"{output.path}  ({output.seconds:.2f} s)")
            uploads = [u for o in result.outputs for u in o.info.get("uploads", [])]  # type: ignore[attr-defined]
            if uploads:
                click.echo("Upload these images in the WeChat editor: " + ", ".join(uploads))
    if failures:
        sys.exit(1)


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
