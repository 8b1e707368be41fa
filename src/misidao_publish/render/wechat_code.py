"""Code blocks for the WeChat editor: Pygments colours as inline styles, one ``<br>`` per line.

The editor collapses raw newlines and runs of spaces and strips classes, so a highlighted
block is built from ``<span style="color:…">`` runs with every space written as ``&nbsp;``
and lines joined by ``<br>``. The block sits in an ``overflow-x:auto`` section so long lines
scroll instead of wrapping; an optional Mac-style title bar (three dots as inline SVG, which
the editor keeps where it drops empty spans) and line numbers are configured under ``[wechat]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from markupsafe import escape
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.lexers.special import TextLexer
from pygments.style import StyleMeta
from pygments.styles import get_all_styles, get_style_by_name
from pygments.token import Token, _TokenType
from pygments.util import ClassNotFound

OFF_BLACK = "rgb(34, 34, 34)"
"""What replaces pure black: the editor drops #000 (DESIGN.md §6 rule 4)."""
TAB = "    "
MAC_DOTS = (
    '<svg width="46" height="12" viewBox="0 0 46 12" xmlns="http://www.w3.org/2000/svg" '
    'style="display: inline-block; vertical-align: middle;">'
    '<circle cx="6" cy="6" r="5.5" fill="rgb(255, 95, 86)"/>'
    '<circle cx="23" cy="6" r="5.5" fill="rgb(255, 189, 46)"/>'
    '<circle cx="40" cy="6" r="5.5" fill="rgb(39, 201, 63)"/></svg>'
)


@dataclass(frozen=True)
class CodeOptions:
    """How code blocks look (from ``[wechat]`` in the config, else the theme)."""

    style: str = "default"
    """A Pygments style name (``default``, ``friendly``, ``solarized-light``, ``github-dark`` …)."""
    mac_bar: bool = False
    """Draw a Mac-style title bar with three dots and the language name."""
    line_numbers: bool = False
    """Number the lines in a muted colour."""


def _colour(value: str) -> str:
    value = value.lower().lstrip("#")
    if value in ("000", "000000"):
        return OFF_BLACK
    return f"#{value}"


@lru_cache(maxsize=1)
def code_styles() -> frozenset[str]:
    """The Pygments style names ``[wechat] code_theme`` may use."""
    return frozenset(get_all_styles())


@lru_cache(maxsize=16)
def _style(name: str) -> StyleMeta:
    try:
        return get_style_by_name(name)
    except ClassNotFound:
        return get_style_by_name("default")


@lru_cache(maxsize=512)
def _token_css(style_name: str, token: _TokenType) -> str:
    spec = _style(style_name).style_for_token(token)
    parts = []
    if spec["color"]:
        parts.append(f"color: {_colour(spec['color'])};")
    if spec["bold"]:
        parts.append("font-weight: bold;")
    if spec["italic"]:
        parts.append("font-style: italic;")
    return " ".join(parts)


def palette(style_name: str) -> tuple[str, str]:
    """The style's background and plain-text colours, never pure black."""
    style = _style(style_name)
    background = _colour(style.background_color or "#f8f8f8")
    if background == OFF_BLACK:
        background = "rgb(40, 40, 40)"  # an off-black page that still differs from off-black text
    text = style.style_for_token(Token.Text)["color"] or style.style_for_token(Token)["color"]
    if not text:
        dark = background.startswith("#") and _luminance(background) < 0.4
        return background, "rgb(230, 230, 230)" if dark else "rgb(51, 51, 51)"
    return background, _colour(text)


def _luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    r, g, b = (int(h[i: i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _lexer(language: str) -> Lexer:
    # stripnl/ensurenl off: blank first lines are the author's, and no newline may be invented.
    if language:
        try:
            return get_lexer_by_name(language.lower(), stripnl=False, ensurenl=False)
        except ClassNotFound:
            pass
    return TextLexer(stripnl=False, ensurenl=False)


def _spaces(text: str) -> str:
    # Every space becomes &nbsp;: the editor collapses runs of spaces, even inside <pre>.
    return str(escape(text.replace("\t", TAB))).replace(" ", "&nbsp;")


def highlight_lines(code: str, language: str, style_name: str) -> list[str]:
    """``code`` as HTML lines, each a run of inline-styled spans (no newline anywhere)."""
    lines: list[list[str]] = [[]]
    plain = palette(style_name)[1]
    for token, value in _lexer(language).get_tokens(code.rstrip("\n")):
        css = _token_css(style_name, token)
        for i, piece in enumerate(value.split("\n")):
            if i:
                lines.append([])
            if not piece:
                continue
            if css and css != f"color: {plain};" and piece.strip():
                lines[-1].append(f'<span style="{css}">{_spaces(piece)}</span>')
            else:
                lines[-1].append(_spaces(piece))
    return ["".join(parts) for parts in lines]


def code_block_html(code: str, language: str, options: CodeOptions) -> str:
    """The whole block: title bar (optional), then the scrolling, highlighted code."""
    background, text = palette(options.style)
    lines = highlight_lines(code, language, options.style)
    if options.line_numbers:
        width = len(str(len(lines)))
        lines = [
            f'<span style="color: rgb(153, 153, 153);">{"&nbsp;" * (width - len(str(n)))}{n}&nbsp;&nbsp;</span>{line}'
            for n, line in enumerate(lines, start=1)
        ]
    body = "<br>".join(line or "&nbsp;" for line in lines) or "&nbsp;"
    bar = ""
    if options.mac_bar:
        label = f'<span class="code-lang">{escape(language)}</span>' if language else ""
        bar = f'<section class="code-bar" style="background-color: {background};">{MAC_DOTS}{label}</section>'
    code_html = (f'<section class="code-scroll" style="background-color: {background};">'
                 f'<pre class="code" style="background-color: {background};">'
                 f'<code class="code-text" style="color: {text};">{body}</code></pre></section>')
    return f'<section class="code-wrap">{bar}{code_html}</section>'
