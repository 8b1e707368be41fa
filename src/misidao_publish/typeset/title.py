"""Break a long title into balanced lines at a place a Chinese editor would choose.

A title that does not fit one line is broken where its sense breaks (before ——, after ：
or ，) rather than wherever the line happens to fill ("巩固国 / 家卫生城市").
"""

from __future__ import annotations

from markupsafe import Markup, escape

from . import clreq
from .metrics import advance, face_for

PREFERRED_BEFORE = ("——", "（", "《")
SUBTITLE_SCALE = 0.7
"""The size of a title's part after —— when it goes to its own line (``.title-rest`` in style.css.j2)."""
PREFERRED_AFTER = ("：", "，", "、", "；", "？", "！")


def balanced_title(title: str, measure: float, scale: float, role: str = "sans", bold: bool = True,
                   subtitle: bool = True) -> str | Markup:
    """``title`` as markup with a ``<br>`` where two balanced lines should part, or unchanged
    when it fits one line (or needs more than two). ``measure`` is in body ems, ``scale`` the
    title's size in body ems; ``subtitle`` lets the part after —— become a smaller second line."""
    face = face_for(role, bold)
    available = measure / scale
    if advance(face, title) <= available or len(title) < 4:
        return title
    dash = title.find("——")
    if subtitle and dash > 1:
        # 主题——副题: the part after the dash is a subtitle, set on its own line a size smaller.
        main, rest = title[:dash], title[dash:]
        if advance(face, main) <= available and advance(face, rest) * SUBTITLE_SCALE <= available:
            return Markup(f'{escape(main)}<br><span class="title-rest">{escape(rest)}</span>')
    best: tuple[float, int] | None = None
    for cut in range(1, len(title)):
        if not clreq.can_break(title[cut - 1], title[cut]):
            continue
        first, second = advance(face, title[:cut]), advance(face, title[cut:])
        if max(first, second) > available:
            continue
        natural = title[cut:].startswith(PREFERRED_BEFORE) or title[:cut].endswith(PREFERRED_AFTER)
        score = max(first, second) - (available if natural else 0.0)
        if best is None or score < best[0]:
            best = (score, cut)
    if best is None:
        return title
    cut = best[1]
    return Markup(f"{escape(title[:cut])}<br>{escape(title[cut:])}")
