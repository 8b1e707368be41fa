"""Composed lines → HTML for WeasyPrint: runs with their letter-spacing, ``<br>`` after each line."""

from __future__ import annotations

from markupsafe import escape

from .compose import Atom, Line, Style


def lines_html(lines: list[Line], font_size_pt: float) -> str:
    """The markup of a composed paragraph (its tags reopened as runs change)."""
    out: list[str] = []
    open_wrap: tuple[tuple[str, str], ...] = ()
    for number, line in enumerate(lines):
        runs = _runs(line)
        for style, spacing, css_class, text, html in runs:
            open_wrap = _rewrap(out, open_wrap, style.wrap)
            body = text
            if css_class:
                body = f'<span class="{css_class}">{body}</span>'
            if spacing:
                body = f'<span style="letter-spacing:{spacing * font_size_pt:.3f}pt">{body}</span>'
            out.append(body + html)
        if number < len(lines) - 1:
            out.append("<br>")
    _rewrap(out, open_wrap, ())
    return "".join(out)


def _rewrap(out: list[str], current: tuple[tuple[str, str], ...], wanted: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    common = 0
    while common < min(len(current), len(wanted)) and current[common] == wanted[common]:
        common += 1
    for _, closing in reversed(current[common:]):
        out.append(closing)
    for opening, _ in wanted[common:]:
        out.append(opening)
    return wanted


Run = tuple[Style, float, str, str, str]


def _runs(line: Line) -> list[Run]:
    """Consecutive characters set alike, merged: (style, spacing after each character in ems,
    CSS class, escaped text, markup after)."""
    pieces: list[Run] = []
    for atom, extra in zip(line.atoms, line.extra):
        pieces.extend(_pieces(atom, extra))
    merged: list[Run] = []
    for piece in pieces:
        if merged:
            style, spacing, css_class, text, html = merged[-1]
            if (style, abs(spacing - piece[1]) < 1e-9, css_class) == (piece[0], True, piece[2]) and not html:
                merged[-1] = (style, spacing, css_class, text + piece[3], piece[4])
                continue
        merged.append(piece)
    return merged


def _pieces(atom: Atom, extra: float) -> list[Run]:
    if atom.kind == "note":
        return [(atom.style, extra, "", f'<sup class="noteref">{escape(atom.text)}</sup>', atom.html)]
    text = str(escape(atom.text))
    if atom.kind == "word" and len(atom.text) > 1:
        return [(atom.style, 0.0, "", str(escape(atom.text[:-1])), ""),
                (atom.style, extra, "", str(escape(atom.text[-1])), atom.html)]
    return [(atom.style, extra, atom.css_class, text, atom.html)]
