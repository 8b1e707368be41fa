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
def build(sources: tuple[Path, ...], out_dir: Path, formats: str, config_path: Path | None, layout: str | None,
          page_size: str | None, strict: bool, verbose: int, quiet: bool) -> None:
    """Build each SOURCE into DIR/<stem>.epub, .pdf and .wechat.html."""
    from .pipeline import build_source, parse_formats  # noqa: PLC0415 - keeps `--help` fast

    _setup_logging(verbose, quiet)
    chosen = parse_formats(formats)
    if config_path is not None and not config_path.is_file():
        raise click.BadParameter(f"no such file: {config_path}", param_hint="--config")
    overrides = {"layout": layout, "pdf.page_size": page_size, "strict": strict or None}
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
