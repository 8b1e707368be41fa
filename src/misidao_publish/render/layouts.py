"""The shared Jinja layouts: ``layouts/base`` for what every format shares, ``layouts/<format>``
for thin overrides, and a user's ``layouts_dir`` in front of both (a template of the same
name wins). Themes are CSS templates under ``layouts/<format>/themes/<name>.css.j2``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from ..config import Config
from ..errors import ConfigError, RenderError
from ..resources import data_dir

DEFAULT_THEME = "misidao"
FORMATS = ("epub", "pdf", "wechat")


def search_path(fmt: str, user_dir: Path | None) -> list[Path]:
    """Folders searched for a template, first match wins."""
    ours = data_dir("layouts")
    paths = []
    if user_dir is not None:
        paths += [user_dir / fmt, user_dir / "base", user_dir]
    paths += [ours / fmt, ours / "base"]
    return [p for p in paths if p.is_dir()]


@lru_cache(maxsize=32)
def environment(fmt: str, user_dir: Path | None = None) -> jinja2.Environment:
    """The Jinja environment for one output format (autoescaped, strict about undefined names)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in search_path(fmt, user_dir)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


def render(fmt: str, config: Config, template: str, **context: object) -> str:
    """Render ``template`` for ``fmt``, naming the template and line in any error."""
    if config.layouts_dir is not None and not config.layouts_dir.is_dir():
        raise ConfigError(f"layouts_dir: no such folder {config.layouts_dir}", config.path)
    env = environment(fmt, config.layouts_dir)
    try:
        return env.get_template(template).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(f"layout error: {exc.message}", exc.filename or template, exc.lineno) from None
    except jinja2.TemplateNotFound as exc:
        raise RenderError(f"layout '{exc.name}' not found for {fmt}") from None
    except jinja2.UndefinedError as exc:
        raise RenderError(f"layout {template}: {exc.message}") from None


def themes(fmt: str, config: Config | None = None) -> dict[str, str]:
    """Theme names available for ``fmt`` with their one-line descriptions."""
    user = config.layouts_dir if config is not None else None
    found: dict[str, str] = {}
    for folder in reversed(search_path(fmt, user)):
        for css in sorted((folder / "themes").glob("*.css.j2")):
            first = css.read_text(encoding="utf-8").split("\n", 1)[0]
            found[css.name[: -len(".css.j2")]] = first.strip("/* ").strip()
    return found


def all_layouts(config: Config | None = None) -> dict[str, str]:
    """Every layout name of any format with its description (the first format's wins)."""
    found: dict[str, str] = {}
    for fmt in FORMATS:
        for name, description in themes(fmt, config).items():
            found.setdefault(name, description)
    return found


def stylesheet(fmt: str, config: Config, **context: object) -> str:
    """The format's CSS: its structural ``style.css.j2``, then the chosen theme (ours by default
    where the format has no theme of that name)."""
    known = all_layouts(config)
    if config.layout not in known:
        raise ConfigError(f"layout: unknown layout '{config.layout}' (known: {', '.join(sorted(known))})", config.path)
    available = themes(fmt, config)
    name = config.layout if config.layout in available else DEFAULT_THEME
    parts = [render(fmt, config, "style.css.j2", **context)]
    if name in available:
        parts.append(render(fmt, config, f"themes/{name}.css.j2", **context))
    return "\n".join(parts)
