"""The WeChat export: ``<stem>.wechat.html``, a preview page holding the paste-ready fragment.

The fragment goes model → WeChat layout (classed HTML) → css-inline (theme CSS into style
attributes, nothing remote) → structural pass (:mod:`.wechat_fix`: what raw HTML and extra
CSS could break) → nh3 with our whitelist (no class, id, script, handler, frame or foreign
URL survives). DESIGN.md §6 lists the rules it meets; :mod:`..wechat_rules` checks them.
"""

from __future__ import annotations

import os
import base64
import re
from pathlib import Path

import css_inline
import nh3
from markupsafe import Markup

from .. import fonts
from ..errors import ConfigError, ReadError
from ..model import Article, Book, Image, walk
from ..render import layouts
from ..render.document import article_context, tip_context
from ..render.wechat import WechatRenderer
from ..render.wechat_code import CodeOptions, code_styles
from ..tip import tip_page
from ..wechat_rules import check_fragment
from ..wechat_text import fragment_text
from .atomic import write_bytes
from .context import Job
from .wechat_fix import fix_fragment

THEME_COLORS = {"misidao": "rgb(176, 58, 46)", "plain": "rgb(34, 34, 34)", "shuxiang": "rgb(140, 86, 46)"}
"""Each theme's accent colour, used unless ``[wechat] primary_color`` says otherwise."""
THEME_CODE_STYLES = {"misidao": "friendly", "plain": "default", "shuxiang": "solarized-light"}
"""Each theme's Pygments style, used unless ``[wechat] code_theme`` says otherwise."""
EDITOR_LIMITS = {"标题": 64, "作者": 8, "摘要": 120}
"""Lengths the 公众号 editor's own fields accept (title, author, digest), in characters."""
DEFAULT_COLOR = "rgb(176, 58, 46)"
DEFAULT_FONT_PX = 16

FRAGMENT_TAGS = {
    "section", "p", "span", "strong", "em", "del", "s", "u", "sup", "sub", "br", "hr", "a", "img",
    "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "pre", "code", "table",
    "thead", "tbody", "tr", "th", "td", "mark", "small", "ruby", "rt", "rp", "svg", "path", "rect", "g",
    "circle", "ellipse", "line", "polyline", "polygon",
}
FRAGMENT_ATTRIBUTES = {
    "*": {"style"},
    "section": {"style", "data-wechat-fragment"},
    "a": {"style", "href"},
    "img": {"style", "src", "alt"},
    "ol": {"style", "start"},
    "th": {"style", "colspan", "rowspan"},
    "td": {"style", "colspan", "rowspan"},
    "svg": {"style", "width", "height", "viewBox", "xmlns"},
    "path": {"d", "fill", "stroke", "transform"},
    "rect": {"x", "y", "width", "height", "fill"},
    "g": {"fill", "stroke", "transform"},
    "circle": {"cx", "cy", "r", "fill", "stroke"},
    "ellipse": {"cx", "cy", "rx", "ry", "fill", "stroke"},
    "line": {"x1", "y1", "x2", "y2", "stroke", "stroke-width"},
    "polyline": {"points", "fill", "stroke", "stroke-width"},
    "polygon": {"points", "fill", "stroke", "stroke-width"},
}


def sanitize_fragment(html: str) -> str:
    """The last word on what may reach the editor: styles, structure, https links and images."""
    return nh3.clean(html, tags=FRAGMENT_TAGS, attributes=FRAGMENT_ATTRIBUTES, url_schemes={"https"},
                     link_rel=None, strip_comments=True, clean_content_tags={"script", "style", "iframe", "noscript"})


_PRE = re.compile(r"(<pre\b.*?</pre>)", re.S | re.I)
_BETWEEN_TAGS = re.compile(r">\s*\n\s*<")


def _join_lines(html: str) -> str:
    """Template line breaks removed (the editor turns them into blank lines), except inside
    ``<pre>`` from raw HTML, whose line breaks the structural pass turns into ``<br>``."""
    parts = _PRE.split(html)
    for i in range(0, len(parts), 2):  # the parts outside <pre>; a <pre> sits between two of them
        part = _BETWEEN_TAGS.sub("><", parts[i])
        if i > 0:
            part = re.sub(r"^\s*\n\s*(?=<)", "", part)
        if i < len(parts) - 1:
            part = re.sub(r"(?<=>)\s*\n\s*$", "", part)
        parts[i] = part
    return "".join(parts)


def _px(size: float) -> int | float:
    """A font size as the CSS reads best: ``16`` rather than ``16.0``."""
    return int(size) if float(size).is_integer() else round(size, 1)


def render_fragment(article: Article, job: Job) -> tuple[str, list[str]]:
    """The paste-ready fragment of ``article`` and the local images the user must upload."""
    config = job.config
    if config.wechat.code_theme and config.wechat.code_theme not in code_styles():
        raise ConfigError(f"wechat.code_theme: unknown Pygments style '{config.wechat.code_theme}' "
                          f"(for example: {', '.join(sorted(code_styles())[:8])} …)", config.path)
    code = CodeOptions(
        style=config.wechat.code_theme or THEME_CODE_STYLES.get(config.layout, "default"),
        mac_bar=config.wechat.mac_bar, line_numbers=config.wechat.line_numbers,
    )
    renderer = WechatRenderer(article, code=code)
    doc = article_context(article, renderer)
    tip = tip_page(article.meta, config, size_px=140)
    tip_uploads: list[str] = []

    def tip_image(path: Path) -> str:
        tip_uploads.append(path.name)
        return path.name

    css = layouts.stylesheet(
        "wechat", config,
        primary=config.wechat.primary_color or THEME_COLORS.get(config.layout, DEFAULT_COLOR),
        font_size=_px(config.wechat.font_size or DEFAULT_FONT_PX),
    )
    if config.wechat.extra_css is not None:
        try:
            css += "\n" + config.wechat.extra_css.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"wechat.extra_css: cannot read {config.wechat.extra_css}: {exc}", config.path) from None
    raw = layouts.render("wechat", config, "fragment.html.j2", doc=doc, tip=tip_context(tip, tip_image))
    raw = _join_lines(raw.strip())
    try:
        inliner = css_inline.CSSInliner(keep_style_tags=False, keep_link_tags=False, load_remote_stylesheets=False)
        inlined = inliner.inline_fragment(raw, css)
    except Exception as exc:  # css_inline.InlineError and friends: a broken theme or extra CSS
        raise ReadError(f"cannot apply the WeChat theme CSS: {exc}", config.path) from None
    raw_uploads: list[str] = []
    fragment = sanitize_fragment(fix_fragment(inlined, raw_uploads))
    uploads = [str(image.local.name if image.local else image.src) for image in renderer.uploads]
    # One upload per file; the article's own pictures first, the tip page's last, as on the page.
    return fragment, list(dict.fromkeys(uploads + raw_uploads + tip_uploads))


def _upload_links(article: Article, job: Job, target: Path) -> dict[str, str]:
    """Local pictures to upload, by name, as links from the preview page (to open or drag)."""
    local = [n.local for n in walk(article.blocks + article.footnotes) if isinstance(n, Image) and n.local]
    local += [m.image for m in job.config.tip.methods if m.image is not None]
    links: dict[str, str] = {}
    for path in local:
        try:
            resolved = job.allowed_file(path)
        except ValueError:
            continue  # missing or outside the project: already warned about, never linked
        links.setdefault(path.name, Path(os.path.relpath(resolved, target.resolve().parent)).as_posix())
    return links


# The families our pages and themes name for Chinese text, and the shipped faces standing in for them.
PREVIEW_FACES = (("Noto Sans CJK SC", "sans"), ("Noto Serif CJK SC", "serif"))


def preview_fonts(text: str) -> Markup:
    """``@font-face`` fallbacks for the preview page only (never the fragment): on a machine
    without any CJK font the preview still shows Chinese, set in our shipped faces cut to the
    page's characters. A locally installed font of the same name wins (``local()`` first)."""
    rules = []
    chars = set(text)
    for family, role in PREVIEW_FACES:
        for face in (f for f in fonts.FACES if f.role == role):
            data = base64.b64encode(fonts.subset(face, chars).data).decode("ascii")
            local = family if face.weight == 400 else f"{family} Bold"
            rules.append(f'@font-face {{ font-family: "{family}"; font-weight: {face.weight}; '
                         f'src: local("{local}"), url(data:font/otf;base64,{data}) format("opentype"); }}')
    return Markup("\n".join(rules))


def write(book: Book, target: Path, job: Job) -> dict[str, object]:
    """Write the preview page with the fragment for each article (one article per file)."""
    article = book.articles[0]
    fragment, uploads = render_fragment(article, job)
    job.check_glyphs(article.meta.title, book.path)
    # Prove the rules on every build: what the layouts cannot prevent (an article over the
    # editor's length limit, a theme a user edited) is reported, and fails under --strict.
    for violation in check_fragment(fragment):
        job.warn(f"{book.path}: WeChat paste {violation}")
    text_length = len(fragment_text(fragment))
    meta = article.meta
    fields = [
        {"label": label, "value": value, "limit": limit, "over": bool(limit) and len(value) > limit}
        for label, value, limit in (
            ("标题", meta.title, EDITOR_LIMITS["标题"]),
            ("作者", meta.author or job.config.author, EDITOR_LIMITS["作者"]),
            ("摘要", meta.summary, EDITOR_LIMITS["摘要"]),
            ("原文链接", meta.source_url, 0),
        ) if value
    ]
    for field in fields:
        if field["over"]:
            job.warn(f"{book.path}: {field['label']} has {len(str(field['value']))} characters; "
                     f"the WeChat editor takes {field['limit']}")
    links = _upload_links(article, job, target)
    context = dict(
        lang=meta.lang, title=meta.title, fragment=Markup(fragment), fields=fields,
        uploads=[{"name": name, "href": links.get(name, "")} for name in uploads],
        stats=f"正文约 {text_length} 字 · 片段 {len(fragment.encode('utf-8')) // 1024} KB",
    )
    draft = layouts.render("wechat", job.config, "preview.html.j2", preview_fonts=Markup(""), **context)
    page = layouts.render("wechat", job.config, "preview.html.j2",
                          preview_fonts=preview_fonts(re.sub(r"<[^>]+>", "", draft)), **context)
    write_bytes(target, page.encode("utf-8"))
    return {"size": len(page.encode("utf-8")), "uploads": uploads}
