"""Composed lines → HTML for WeasyPrint: runs with their letter-spacing, ``<br>`` after each line."""

from __future__ import annotations

from markupsafe import escape

from .compose import Atom, Line, Style


def lines_html(lines: list[Line], font_size_pt: float, spacings: set[int]) -> str:
    """The markup of a composed paragraph (its tags reopened as runs change). Runs with the same
    spacing share one letter-spacing span, marks with a class nest inside it: WeasyPrint's time
    grows with every element. Spacings are classes (``ls-194`` is 0.194 pt, see
    :func:`spacing_css`), added to ``spacings``: WeasyPrint parses every ``style`` attribute
    anew, and a book has thousands of lines."""
    out: list[str] = []
    open_wrap: tuple[tuple[str, str], ...] = ()
    for number, line in enumerate(lines):
        runs = _runs(line)
        index = 0
        while index < len(runs):
            style, spacing = runs[index][0], runs[index][1]
            group = []
            while index < len(runs) and runs[index][0] == style and abs(runs[index][1] - spacing) < 1e-9:
                group.append(runs[index])
                index += 1
            open_wrap = _rewrap(out, open_wrap, style.wrap)
            body = "".join((f'<span class="{cls}">{text}</span>' if cls else text) + html
                           for _, _, cls, text, html in group)
            milli = round(spacing * font_size_pt * 1000)
            if milli:
                spacings.add(milli)
                body = f'<span class="{_spacing_class(milli)}">{body}</span>'
            out.append(body)
        if number < len(lines) - 1:
            out.append("<br>")
    _rewrap(out, open_wrap, ())
    return "".join(out)


def _spacing_class(milli: int) -> str:
    return f"ls-{milli}" if milli > 0 else f"ls_{-milli}"


def spacing_css(spacings: set[int]) -> str:
    """One rule per letter-spacing the composed lines use (thousandths of a point)."""
    return "\n".join(f".{_spacing_class(m)}{{letter-spacing:{m / 1000:.3f}pt}}" for m in sorted(spacings))


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
