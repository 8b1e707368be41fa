"""One typed configuration, loaded once: ``misidao.toml`` < command-line options.

Every problem in a file is collected and reported together, each naming its key
(``pdf.page_size: expected a string``), so a user fixes the file in one pass.
"""

from __future__ import annotations

import dataclasses
import tomllib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError, ConfigErrors

CONFIG_NAME = "misidao.toml"


@dataclass(frozen=True)
class SiteConfig:
    """The publishing site, shown on tip pages, colophons and metadata."""

    name: str = "米思岛"
    """The site's name (also the default publisher)."""
    tagline: str = "悦享好时光"
    """The site's tagline."""
    url: str = "https://www.misidao.com"
    """The site's address."""


@dataclass(frozen=True)
class TipMethod:
    """One way to tip: a payment QR code with its label."""

    name: str = ""
    """The label under the code (支付宝扫一扫打赏)."""
    url: str = ""
    """A payment URL, drawn as a vector QR code."""
    image: Path | None = None
    """The user's own QR picture instead of ``url`` (relative to the config file)."""


@dataclass(frozen=True)
class TipConfig:
    """The 打赏 (tip) page that ends every output."""

    enabled: bool = True
    """``tip = false`` leaves the page out."""
    heading: str = "觉得文章有用就打赏一下"
    """The heading of the page."""
    copyright: str = "未经允许不得转载："
    """Text before the title on the copyright line."""
    methods: tuple[TipMethod, ...] = ()
    """The payment methods, in order."""


@dataclass(frozen=True)
class PdfConfig:
    """Print options (``[pdf]``)."""

    page_size: str = "A5"
    """A4, A5, B5, 16开, 32开 or ``WIDTHxHEIGHT`` in millimetres."""
    font_size: float = 10.5
    """Body size in points (10.5 pt is 五号)."""
    line_height: float = 1.8
    """Body line height, as a multiple of the font size."""
    margin_top: float = 18.0
    """Top margin in millimetres."""
    margin_bottom: float = 20.0
    """Bottom margin in millimetres."""
    margin_inner: float = 18.0
    """Inner (gutter) margin in millimetres; the text block is then rounded to whole characters."""
    margin_outer: float = 16.0
    """Outer margin in millimetres."""
    bleed: float = 0.0
    """Bleed in millimetres (3 is usual for print)."""
    crop_marks: bool = False
    """Whether to draw crop marks outside the trim."""
    variant: str = ""
    """A PDF variant (``pdf/a-2b``, ``pdf/x-4``) or empty."""


@dataclass(frozen=True)
class EpubConfig:
    """EPUB options (``[epub]``)."""

    writing_mode: str = "horizontal"
    """``horizontal`` or ``vertical`` (vertical-rl, right-to-left page progression)."""


@dataclass(frozen=True)
class WechatConfig:
    """WeChat export options (``[wechat]``)."""

    primary_color: str = ""
    """The theme's accent colour (``#b5452a``); empty keeps the theme's own."""
    font_size: float = 0
    """Body font size in px; 0 keeps the theme's own."""
    extra_css: Path | None = None
    """A CSS file appended to the theme (relative to the config file)."""
    code_theme: str = ""
    """A Pygments style for code blocks (``friendly``, ``solarized-light`` …); empty keeps the theme's."""
    mac_bar: bool = False
    """Draw a Mac-style title bar (three dots and the language) above code blocks."""
    line_numbers: bool = False
    """Number the lines of code blocks."""


DEFAULT_STRIP = (
    r"米思岛",
    r"悦享好时光",
    r"(https?://)?(www\.)?misidao\.com/?",
    r"打赏",
    r"未经允许不得转载[:：].*",
    r"觉得文章有用就打赏一下",
    r"(支付宝|微信)扫一扫打赏",
    r"分享到[:：]?(\s*(微信|微博|新浪微博|QQ空间|QQ|朋友圈|豆瓣|复制链接))*",
)
"""Site chrome of misidao.com pages: header, 打赏 (tip) block, copyright line, scan prompts."""

DEFAULT_DROP = (
    "share", "sharing", "social", "reward", "dashang", "donate", "tip-box", "related", "comment", "comments",
    "sidebar", "widget", "breadcrumb", "post-nav", "pagination", "copyright", "advert", "ads",
)
"""Class/id words of web-page chrome that extractors sometimes keep (the 打赏 popover above all)."""


@dataclass(frozen=True)
class ImportConfig:
    """How scraped text, saved web pages and Word files are cleaned (``[import]``)."""

    strip: tuple[str, ...] = DEFAULT_STRIP
    """Regular expressions; a line (or web-page paragraph) matching one as a whole is site chrome and dropped."""
    encoding: str = ""
    """Force a source encoding (``gbk``, ``big5`` …); empty detects it."""
    drop: tuple[str, ...] = DEFAULT_DROP
    """Words in a web page element's class or id that mark it as chrome (share box, 打赏 popover …)."""
    heading_max: float = 24
    """Longest line, in characters, that a plain-text reader may take for a section heading."""
    max_mb: float = 20
    """Largest source file accepted, in megabytes: a 30 MB "article" is a mistake, not a book."""


@dataclass(frozen=True)
class TypographyConfig:
    """Typography transforms applied to every output (``[typography]``); code and URLs are never touched."""

    punctuation: bool = True
    """Half-width ``, : ; ? ! ( )`` in Chinese context become full-width."""
    quotes: bool = True
    """Straight quotes become curly (or corner) quotes around Chinese text."""
    quote_style: str = "curly"
    """``curly`` (“ ” ‘ ’), ``corner`` (「 」 『 』) or ``auto`` (corner for zh-TW/zh-HK)."""
    ellipsis: bool = True
    """``...`` and ``。。。`` become ``……`` in Chinese context."""
    dashes: bool = True
    """``--`` between Chinese becomes the 破折号 ``——``."""
    spacing: str = "css"
    """Han–Latin/digit spacing: ``space`` (type a space), ``none`` (remove typed spaces) or ``css`` (layouts add ¼em)."""
    convert: str = ""
    """OpenCC conversion: ``s2t``, ``s2tw``, ``s2twp``, ``s2hk``, ``t2s`` or empty for none."""


@dataclass(frozen=True)
class Config:
    """Everything a build needs to know besides the sources."""

    site: SiteConfig = field(default_factory=SiteConfig)
    """The site."""
    author: str = ""
    """Default author for articles that name none."""
    lang: str = "zh-CN"
    """Default language for articles that name none."""
    layout: str = "misidao"
    """The layout (theme) name."""
    layouts_dir: Path | None = None
    """A folder whose templates override ours by name (relative to the config file)."""
    tip: TipConfig = field(default_factory=TipConfig)
    """The tip page."""
    pdf: PdfConfig = field(default_factory=PdfConfig)
    """Print options."""
    epub: EpubConfig = field(default_factory=EpubConfig)
    """EPUB options."""
    wechat: WechatConfig = field(default_factory=WechatConfig)
    """WeChat options."""
    strict: bool = False
    """Turn warnings (missing glyphs, missing images) into failures."""
    import_: ImportConfig = field(default_factory=ImportConfig)
    """Cleaning of scraped and converted sources (``[import]`` in the file)."""
    typography: TypographyConfig = field(default_factory=TypographyConfig)
    """Typography transforms."""
    path: Path | None = None
    """The file this was loaded from, if any."""
    fetch_remote: bool = False
    """Download remote images into outputs (``--fetch-remote``); off by default: no network at build time."""


def find_config(source: Path | None, cwd: Path | None = None) -> Path | None:
    """The ``misidao.toml`` next to ``source``, else the one in the working directory."""
    candidates = []
    if source is not None:
        candidates.append(source.resolve().parent / CONFIG_NAME)
    candidates.append((cwd or Path.cwd()) / CONFIG_NAME)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    return None


def load_toml(path: Path, missing: str = "no such file") -> dict[str, Any]:
    """A TOML file (config or book manifest) as a table; :class:`ConfigError` in one line if it
    is missing (``missing`` says what was expected), unreadable, not UTF-8 or not TOML."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(missing, path) from None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror or exc}", path) from None
    except UnicodeDecodeError:
        raise ConfigError("not UTF-8 text", path) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", path) from None


def load_config(path: Path | None, overrides: dict[str, Any] | None = None) -> Config:
    """Load ``path`` (or the defaults), then apply ``overrides`` (dotted keys from the CLI).

    Raises :class:`ConfigErrors` listing every problem found.
    """
    data: dict[str, Any] = load_toml(path) if path is not None else {}
    if isinstance(data.get("tip"), bool):
        data["tip"] = {"enabled": data["tip"]}
    for dotted, value in (overrides or {}).items():
        if value is None:
            continue
        *parents, last = dotted.split(".")
        table = data
        for key in parents:
            table = table.setdefault(key, {})
        table[last] = value
    problems: list[str] = []
    base = path.parent if path is not None else Path.cwd()
    config = _build(Config, data, "", problems, base)
    problems.extend(_check_choices(config))
    if problems:
        raise ConfigErrors(problems, path)
    return dataclasses.replace(config, path=path)


def _build(cls: type, data: Any, prefix: str, problems: list[str], base: Path) -> Any:
    """Make a ``cls`` dataclass from a TOML table, collecting problems instead of stopping."""
    if not isinstance(data, dict):
        problems.append(f"{prefix.rstrip('.') or 'config'}: expected a table")
        return cls()
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls) if f.name != "path"}
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        name = key.replace("-", "_")
        name = _KEYWORD_KEYS.get(name, name)
        where = f"{prefix}{key}"
        if name not in names:
            problems.append(f"{where}: unknown key")
            continue
        converted = _convert(hints[name], value, where, problems, base)
        if converted is not _INVALID:
            kwargs[name] = converted
    return cls(**kwargs)


_INVALID = object()

CHOICES: dict[str, tuple[str, ...]] = {
    "typography.quote_style": ("curly", "corner", "auto"),
    "typography.spacing": ("css", "space", "none"),
    "typography.convert": ("", "s2t", "s2tw", "s2twp", "s2hk", "t2s"),
}
"""Keys whose string value must be one of a few words."""


def _check_choices(config: Config) -> list[str]:
    """Problems with values that have the right type but a wrong word, or a bad pattern."""
    import re  # noqa: PLC0415

    problems = []
    for dotted, allowed in CHOICES.items():
        section, key = dotted.split(".")
        value = getattr(getattr(config, section), key)
        if value not in allowed:
            shown = ", ".join(a or '""' for a in allowed)
            problems.append(f"{dotted}: '{value}' is not one of {shown}")
    for i, pattern in enumerate(config.import_.strip):
        try:
            re.compile(pattern)
        except re.error as exc:
            problems.append(f"import.strip[{i}]: bad regular expression '{pattern}': {exc}")
    return problems


_KEYWORD_KEYS = {"import": "import_"}
"""TOML table names that are Python keywords, and the field that holds them."""


def _convert(hint: Any, value: Any, where: str, problems: list[str], base: Path) -> Any:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):  # ``X | None``
        inner = [a for a in args if a is not type(None)]
        return _convert(inner[0], value, where, problems, base)
    if dataclasses.is_dataclass(hint):
        return _build(hint, value, f"{where}.", problems, base)
    if origin is tuple:
        if not isinstance(value, list):
            problems.append(f"{where}: expected a list")
            return _INVALID
        items = [_convert(args[0], v, f"{where}[{i}]", problems, base) for i, v in enumerate(value)]
        return tuple(i for i in items if i is not _INVALID)
    if hint is Path:
        if not isinstance(value, str) or not value:
            problems.append(f"{where}: expected a path")
            return _INVALID
        return (base / value).resolve()
    if hint is bool:
        if not isinstance(value, bool):
            problems.append(f"{where}: expected true or false")
            return _INVALID
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            problems.append(f"{where}: expected a number")
            return _INVALID
        return float(value)
    if hint is str:
        if not isinstance(value, str):
            problems.append(f"{where}: expected a string")
            return _INVALID
        return value
    raise TypeError(f"unsupported config type {hint!r}")  # a bug in this module, not user input
