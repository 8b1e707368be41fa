"""Compose justified Chinese lines ourselves, then hand WeasyPrint lines it only has to draw.

WeasyPrint justifies only at spaces, ignores ``text-autospace`` and compresses no
punctuation, which leaves Chinese paragraphs ragged. So a paragraph is cut into atoms (one
Han character or mark, one Latin word, one space), each measured with HarfBuzz on the shipped
fonts; lines are broken by the clreq rules (禁则), adjacent marks are compressed (标点挤压),
Han–Latin boundaries get a quarter em, and each line's slack is spread over its break
opportunities as ``letter-spacing``. Every line ends in ``<br>`` inside a ``nowrap``
paragraph, so WeasyPrint keeps our lines and still does pages, orphans and widows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from markupsafe import escape

from ..model import (
    Code,
    Emphasis,
    Inline,
    LineBreak,
    Link,
    NoteRef,
    Strikethrough,
    Strong,
    Text,
)
from . import clreq
from .metrics import advance, face_for

HAN_LATIN_GAP = 0.25
"""Space between Han and Latin letters or digits, in ems (clreq suggests ¼ em)."""
MAX_SQUEEZE = 0.06
"""How much each break opportunity may shrink (ems) to pull a closing mark back onto its line."""
NOTE_SCALE = 0.7
"""Size of footnote numbers relative to the text."""
CODE_SCALE = 0.9
"""Size of inline code relative to the text."""
SAFETY = 0.02
"""Ems each justified line stays short of the measure, so Pango's rounding of letter-spacing
(1/1024 pt per character) never pushes a line's last character over the edge and onto a line
of its own. A fiftieth of an em (0.2 pt) is invisible."""


@dataclass(frozen=True)
class Style:
    """How a run of text is set: which face, what size, inside which tags."""

    role: str = "serif"
    """``serif`` or ``sans``."""
    bold: bool = False
    """Set in the real bold face."""
    scale: float = 1.0
    """Font size relative to the paragraph's."""
    wrap: tuple[tuple[str, str], ...] = ()
    """Tags around the run, outermost first, as (opening, closing) markup."""

    def inside(self, opening: str, closing: str, **changes: object) -> Style:
        values = {"role": self.role, "bold": self.bold, "scale": self.scale, **changes}
        return Style(wrap=self.wrap + ((opening, closing),), **values)  # type: ignore[arg-type]


@dataclass
class Atom:
    """An unbreakable piece of a line."""

    text: str
    """The characters (one for Han and marks, a whole word for Latin)."""
    style: Style
    """How it is set."""
    kind: str
    """``wide`` (on the em grid), ``word`` (Latin/digits), ``space``, ``note`` (a footnote number),
    or ``break`` (a hard line break)."""
    width: float = 0.0
    """Advance in ems of the paragraph's font size."""
    halt: bool = False
    """Set half-width (标点挤压)."""
    html: str = ""
    """Markup drawn after the atom's text (a footnote body floated to the foot of the page)."""

    @property
    def css_class(self) -> str:
        """``h`` for a half-width mark, ``d`` for a two-em dash drawn full-width, else empty."""
        return "h" if self.halt else ("d" if self.text == "——" else "")


@dataclass
class Line:
    """A composed line: its atoms and the extra space after each."""

    atoms: list[Atom]
    extra: list[float] = field(default_factory=list)
    last: bool = False


NoteHtml = Callable[[NoteRef], str]


def atoms_of(inlines: tuple[Inline, ...], note_html: NoteHtml) -> list[Atom] | None:
    """The paragraph's atoms, or ``None`` when it holds something we do not measure (images, raw HTML)."""
    out: list[Atom] = []
    if not _flatten(inlines, Style(), out, note_html):
        return None
    _drop_spaces(out)
    for atom in out:
        if atom.kind in ("wide", "word", "space"):
            atom.width = _measure(atom)
    for a, b in zip(out, out[1:]):
        if a.kind == "wide" and b.kind == "wide" and a.style.role == "serif" and clreq.compress_pair(a.text, b.text):
            a.halt = True
            a.width = _measure(a)
    return out


def _flatten(nodes: tuple[Inline, ...], style: Style, out: list[Atom], note_html: NoteHtml) -> bool:
    for node in nodes:
        if isinstance(node, Text):
            _text(node.text, style, out)
        elif isinstance(node, Strong):
            ok = _flatten(node.children, style.inside("<strong>", "</strong>", bold=True), out, note_html)
            if not ok:
                return False
        elif isinstance(node, Emphasis):
            if not _flatten(node.children, style.inside("<em>", "</em>"), out, note_html):
                return False
        elif isinstance(node, Strikethrough):
            if not _flatten(node.children, style.inside("<del>", "</del>"), out, note_html):
                return False
        elif isinstance(node, Link):
            opening = f'<a href="{escape(node.url)}">'
            if not _flatten(node.children, style.inside(opening, "</a>"), out, note_html):
                return False
        elif isinstance(node, Code):
            _text(node.text, style.inside("<code>", "</code>", role="sans", bold=False, scale=style.scale * CODE_SCALE),
                  out, keep_spaces=True)
        elif isinstance(node, NoteRef):
            note_style = Style(role="sans", scale=NOTE_SCALE, wrap=style.wrap)
            out.append(Atom(str(node.number), note_style, "note", html=note_html(node),
                            width=advance(face_for("sans", False), str(node.number)) * NOTE_SCALE))
        elif isinstance(node, LineBreak):
            out.append(Atom("", style, "break"))
        else:
            return False
    return True


def _text(text: str, style: Style, out: list[Atom], keep_spaces: bool = False) -> None:
    word = ""
    skip = False
    for index, ch in enumerate(text):
        if skip:
            skip = False
            continue
        if ch.isspace():
            if word:
                out.append(Atom(word, style, "word"))
                word = ""
            if keep_spaces or not (out and out[-1].kind == "space"):
                out.append(Atom(" ", style, "space"))
        elif clreq.is_wide(ch):
            if word:
                out.append(Atom(word, style, "word"))
                word = ""
            if ch in clreq.INSEPARABLE and text[index + 1:index + 2] == ch:
                out.append(Atom(ch * 2, style, "wide"))  # —— and …… are one mark two ems wide
                skip = True
            else:
                out.append(Atom(ch, style, "wide"))
        else:
            word += ch
    if word:
        out.append(Atom(word, style, "word"))


def _drop_spaces(atoms: list[Atom]) -> None:
    """Spaces typed next to Chinese text go: the Han–Latin gap is ours to set."""
    keep = []
    for i, atom in enumerate(atoms):
        if atom.kind == "space" and "<code>" not in str(atom.style.wrap):
            prev = atoms[i - 1] if i else None
            nxt = atoms[i + 1] if i + 1 < len(atoms) else None
            if prev is None or nxt is None or prev.kind in ("wide", "space", "break") or nxt.kind in ("wide", "break"):
                continue
        keep.append(atom)
    atoms[:] = keep


def _measure(atom: Atom) -> float:
    face = face_for(atom.style.role, atom.style.bold)
    if atom.kind == "word" and len(atom.text) > 1:
        # Drawn as two runs (the last letter carries the line's spacing), so measured as two.
        width = advance(face, atom.text[:-1]) + advance(face, atom.text[-1])
    else:
        width = advance(face, atom.text, atom.halt, fwid=atom.text == "——")
    return width * atom.style.scale


def gap(a: Atom, b: Atom) -> float:
    """Fixed space between two atoms: a quarter em where Han meets a Latin letter or digit."""
    if a.kind == "note" or b.kind == "note" or not a.text or not b.text:
        return 0.0
    if (clreq.is_han(a.text[-1]) and clreq.is_alnum(b.text[0])) or (clreq.is_alnum(a.text[-1]) and clreq.is_han(b.text[0])):
        return HAN_LATIN_GAP
    return 0.0


def stretchable(a: Atom, b: Atom) -> bool:
    """Whether the line's slack may widen the space between ``a`` and ``b``."""
    if b.kind in ("note", "space") or (a.kind == "word" and b.kind == "word"):
        return False
    return gap(a, b) == 0.0


def breakable(a: Atom, b: Atom) -> bool:
    """Whether a line may end between ``a`` and ``b`` (禁则)."""
    if b.kind == "note" or (a.kind == "word" and b.kind == "word"):
        return False
    if b.kind == "space":
        return False
    return clreq.can_break(a.text[-1:] or " ", b.text[:1] or " ")


def break_lines(atoms: list[Atom], width: float, indent: float) -> list[Line]:
    """Cut ``atoms`` into lines ``width`` ems wide (the first ``indent`` ems narrower), justified."""
    _split_long_words(atoms, width)
    lines: list[Line] = []
    start = 0
    n = len(atoms)
    while start < n:
        while start < n and atoms[start].kind == "space":
            start += 1
        if start >= n:
            break
        measure = width - (indent if not lines else 0.0)
        used = 0.0
        end = start  # exclusive
        hard = False
        while end < n:
            atom = atoms[end]
            if atom.kind == "break":
                hard = True
                break
            add = atom.width + (gap(atoms[end - 1], atom) if end > start else 0.0)
            if used + add > measure + 1e-6 and end > start:
                break
            used += add
            end += 1
        if hard or end >= n:
            lines.append(_justify(atoms[start:end], measure, last=True))
            start = end + 1 if hard else end
            continue
        cut = _choose_break(atoms, start, end, measure)
        lines.append(_justify(atoms[start:cut], measure, last=False))
        start = cut
    _no_lone_character(lines, width, indent)
    return lines


MAX_STRETCH = 0.12
"""How much each break opportunity may widen (ems) to take a character down to a lone last line."""


def _no_lone_character(lines: list[Line], width: float, indent: float) -> None:
    """A paragraph should not end with one character alone on its line (孤字): take one more
    character down from the line above when that line can stretch over the gap it leaves."""
    if len(lines) < 2 or lines[-2].last:
        return
    last, above = lines[-1], lines[-2]
    if sum(1 for a in last.atoms if a.kind == "word" or (a.kind == "wide" and clreq.is_han(a.text[0]))) != 1:
        return
    measure = width - (indent if len(lines) == 2 else 0.0)
    atoms = above.atoms
    for cut in range(len(atoms) - 1, max(len(atoms) - 4, 1), -1):
        if not breakable(atoms[cut - 1], atoms[cut]):
            continue
        kept = atoms[:cut]
        opportunities = _opportunities(kept)
        if opportunities and (measure - _natural(kept)) / opportunities <= MAX_STRETCH:
            lines[-2] = _justify(kept, measure, last=False)
            lines[-1] = _justify(atoms[cut:] + last.atoms, width, last=True)
        return


def _choose_break(atoms: list[Atom], start: int, end: int, measure: float) -> int:
    """Where the line from ``start`` ends, ``atoms[end]`` being the first that did not fit.

    Squeezing the closing marks that may not start the next line back onto this one (挤进)
    comes first when the shrink is small; otherwise characters are pushed to the next line (推出)."""
    if breakable(atoms[end - 1], atoms[end]):
        return end
    over = end
    while over < len(atoms) and atoms[over].kind not in ("break",) and not breakable(atoms[over - 1], atoms[over]):
        over += 1
    squeezed = atoms[start:over]
    last = squeezed[-1]
    if last.kind == "wide" and last.style.role == "serif" and last.text in clreq.COMPRESSIBLE and not last.halt:
        last.halt = True
        last.width = _measure(last)
        natural = _natural(squeezed)
        opportunities = _opportunities(squeezed)
        if opportunities and (natural - measure) / opportunities <= MAX_SQUEEZE:
            return over
        last.halt = False
        last.width = _measure(last)
    elif _opportunities(squeezed) and (_natural(squeezed) - measure) / _opportunities(squeezed) <= MAX_SQUEEZE:
        return over
    for cut in range(end - 1, start, -1):
        if breakable(atoms[cut - 1], atoms[cut]):
            return cut
    return end  # nothing allowed: an overlong run is cut where it overflows


def _split_long_words(atoms: list[Atom], width: float) -> None:
    """Words longer than half a line (URLs) may break anywhere, like Chinese text."""
    i = 0
    while i < len(atoms):
        atom = atoms[i]
        if atom.kind == "word" and atom.width > width / 2 and len(atom.text) > 1:
            pieces = [Atom(ch, atom.style, "wide") for ch in atom.text]
            for piece in pieces:
                piece.width = _measure(piece)
            pieces[-1].html = atom.html
            atoms[i:i + 1] = pieces
            i += len(pieces)
        else:
            i += 1


def _natural(atoms: list[Atom]) -> float:
    return sum(a.width for a in atoms) + sum(gap(a, b) for a, b in zip(atoms, atoms[1:]))


def _opportunities(atoms: list[Atom]) -> int:
    return sum(1 for a, b in zip(atoms, atoms[1:]) if stretchable(a, b))


def _justify(atoms: list[Atom], measure: float, last: bool) -> Line:
    while atoms and atoms[-1].kind == "space":
        atoms = atoms[:-1]
    extra = [gap(a, b) for a, b in zip(atoms, atoms[1:])] + [0.0]
    natural = _natural(atoms)
    if abs(natural - measure) < 1e-9:
        # A line of whole characters on the em grid fills the measure exactly (版心 = N × 字号):
        # nothing to spread, and no letter-spacing run for WeasyPrint to lay out.
        return Line(atoms=atoms, extra=extra, last=last)
    target = measure - SAFETY
    if atoms and (not last or natural > target):
        slack = target - natural
        slots = [i for i, (a, b) in enumerate(zip(atoms, atoms[1:])) if stretchable(a, b)]
        if not slots:  # a line of one long word: spread between its letters as a last resort
            slots = [i for i in range(len(atoms) - 1)]
        if slots:
            share = slack / len(slots)
            for i in slots:
                extra[i] += share
    return Line(atoms=atoms, extra=extra, last=last)
