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
@click.option("--bleed", default=None, callback=lambda ctx, param, value: _millimetres(value, "--bleed"),
              help="PDF bleed beyond the trim, e.g. 3mm (MediaBox = trim + 2 × bleed).")
@click.option("--crop-marks/--no-crop-marks", default=None, help="Draw crop marks outside the PDF trim.")
@click.option("--pdf-variant", default=None, type=click.Choice(["pdf/a-2b", "pdf/x-4", "none"], case_sensitive=False),
              help="PDF/A-2b (archival) or PDF/X-4 (press), with an sRGB output intent.")
def build(sources: tuple[Path, ...], out_dir: Path, formats: str, config_path: Path | None, layout: str | None,
          page_size: str | None, strict: bool, verbose: int, quiet: bool, bleed: float | None = None,
          crop_marks: bool | None = None, pdf_variant: str | None = None) -> None:
    """Build each SOURCE into DIR/<stem>.epub, .pdf and .wechat.html."""
    from .pipeline import build_source, parse_formats  # noqa: PLC0415 - keeps `--help` fast

    _setup_logging(verbose, quiet)
    chosen = parse_formats(formats)
    if config_path is not None and not config_path.is_file():
        raise click.BadParameter(f"no such file: {config_path}", param_hint="--config")
    overrides = {"layout": layout, "pdf.page_size": page_size, "strict": strict or None, "pdf.bleed": bleed,
                 "pdf.crop_marks": crop_marks,
                 "pdf.variant": None if pdf_variant is None else ("" if pdf_variant == "none" else pdf_variant.lower())}
    failures = 0
    for source in sources:
        try:
            config = load_config(config_path or find_config(source), overrides)
            result = build_source(source, config, out_dir, chosen)
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
