"""The structural pass between css-inline and nh3: fix what the 公众号 editor would break.

Our own layouts already produce paste-safe structures; this pass makes the same true of what
we do not control — raw HTML in an article and a user's extra CSS. It rewrites styles to the
declarations the editor keeps (no positioning, no flex/grid, longhand margins, no pure black),
turns tags the editor mangles into sections, keeps code lines with ``<br>``/``&nbsp;``, sizes
images in ``style`` and puts wide tables and code in sideways-scrolling sections.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from ..render.wechat import UPLOAD_TEXT
from ..render.wechat_code import OFF_BLACK
from ..wechat_rules import POSITIONING, ZERO_WIDTH, declarations

RENAME = {"div": "section", "figure": "section", "article": "section", "header": "section", "footer": "section",
          "aside": "section", "main": "section", "nav": "section", "figcaption": "p"}
"""Tags the editor drops or mangles, and what they become."""
SCROLL = "overflow-x: auto;"
WECHAT_LINK = "https://mp.weixin.qq.com/"
_BLACK = re.compile(r"#000000\b|#000\b|rgba?\(\s*0\s*,\s*0\s*,\s*0\s*(,\s*1(\.0+)?\s*)?\)|\bblack\b", re.I)
NBSP = "\u00a0"


def fix_style(style: str) -> str:
    """``style`` with only declarations the editor keeps, shorthands expanded, black softened."""
    out: dict[str, str] = {}  # later declarations win, as in CSS
    for name, value in declarations(style):
        value = value.replace("!important", "").strip()
        if not value or "var(" in value or "@" in value or "@" in name:
            continue
        if name in POSITIONING or (name == "display" and ("flex" in value or "grid" in value)):
            continue
        if name == "z-index" or (name.startswith("background") and "gradient(" in value):
            continue  # dark mode cannot recolour text over a gradient: keep the plain colour only
        value = _BLACK.sub(OFF_BLACK, value)
        if name in ("margin", "padding"):
            out.update((f"{name}-{side}", v) for side, v in _sides(value))
            continue
        out[name] = value
    return "; ".join(f"{n}: {v}" for n, v in out.items()) + (";" if out else "")


def _sides(value: str) -> list[tuple[str, str]]:
    parts = value.split()
    if not parts or len(parts) > 4:
        return []
    # CSS's 1-to-4 value shorthand: top right bottom left, missing sides copied from their opposite.
    top, right, bottom, left = {1: parts * 4, 2: parts * 2, 3: [*parts, parts[1]], 4: parts}[len(parts)]
    return [("top", top), ("right", right), ("bottom", bottom), ("left", left)]


def _scrolls(el: etree._Element) -> bool:
    for node in [el, *el.iterancestors()]:
        style = dict(declarations(node.get("style", "")))
        if style.get("overflow-x") in ("auto", "scroll") or style.get("overflow") in ("auto", "scroll"):
            return True
    return False


def _wrap(el: etree._Element) -> None:
    wrapper = etree.Element("section", style=SCROLL)
    el.addprevious(wrapper)
    wrapper.append(el)  # moves el (and its tail) into the wrapper
    wrapper.tail, el.tail = el.tail, None


def _code_text(pre: etree._Element) -> None:
    """Raw newlines and space runs in a ``<pre>`` (from raw HTML) as ``<br>`` and no-break spaces."""
    for node in list(pre.iter()):
        for attr in ("text", "tail"):
            if node is pre and attr == "tail":
                continue
            text = getattr(node, attr)
            if not text or not re.search(r"[\n\t]| {2}", text):
                continue
            lines = text.replace("\t", "    ").split("\n")
            setattr(node, attr, lines[0].replace(" ", NBSP))
            anchor_parent = node if attr == "text" else node.getparent()
            index = 0 if attr == "text" else anchor_parent.index(node) + 1
            for line in lines[1:]:
                br = etree.Element("br")
                br.tail = line.replace(" ", NBSP)
                anchor_parent.insert(index, br)
                index += 1
    last = pre[-1] if len(pre) else None
    if last is not None and last.tag == "br" and not (last.tail or "").strip():
        pre.remove(last)  # the newline that ends the source's last line is not a blank line


def fix_fragment(html: str, uploads: list[str] | None = None) -> str:
    """``html`` (one root element) with the editor's breakages fixed, serialised again.

    Pictures in raw HTML that the editor cannot fetch (not https) become upload placeholders,
    their names appended to ``uploads``; raw links it would refuse keep only their text."""
    root = lxml_html.fragment_fromstring(ZERO_WIDTH.sub("", html))
    # The editor puts its own padding and background around the paste: ours would double them.
    kept = [(n, v) for n, v in declarations(root.get("style", "")) if not n.startswith(("padding", "background"))]
    root.set("style", "; ".join(f"{n}: {v}" for n, v in kept) + ";")
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        if el.tag in RENAME:
            el.tag = RENAME[el.tag]
        style = el.get("style")
        if style is not None:
            el.set("style", fix_style(style))
        if el.tag == "img":
            if not el.get("src", "").startswith("https://"):
                _to_placeholder(el, uploads)
                continue
            _size_image(el)
        elif el.tag == "a" and not el.get("href", "").startswith(WECHAT_LINK):
            el.attrib.pop("href", None)
            el.tag = "span"  # the text stays; a link the editor refuses would be dropped with it
        elif el.tag == "p" and el.getparent() is not None and el.getparent().tag == "li":
            el.tag = "section"  # li > p gains blank lines after paste
    for pre in root.iter("pre"):
        _code_text(pre)
    for el in [e for e in root.iter("table", "pre") if not _scrolls(e)]:
        _wrap(el)
    return lxml_html.tostring(root, encoding="unicode")


def _to_placeholder(img: etree._Element, uploads: list[str] | None) -> None:
    src, alt = img.get("src", ""), img.get("alt", "")
    text = UPLOAD_TEXT.format(name=src or "?", alt=f"：{alt}" if alt else "")
    if uploads is not None and src:
        uploads.append(src)
    parent = img.getparent()
    before = img.getprevious()
    tail = text + (img.tail or "")
    if before is not None:
        before.tail = (before.tail or "") + tail
    elif parent is not None:
        parent.text = (parent.text or "") + tail
    if parent is not None:
        parent.remove(img)


def _size_image(img: etree._Element) -> None:
    style = dict(declarations(img.get("style", "")))
    for attr in ("width", "height"):
        value = img.attrib.pop(attr, None)
        if value and value.isdigit() and attr not in style:
            style[attr] = f"{value}px"
    style.setdefault("max-width", "100%")
    if "width" in style:
        style.setdefault("height", "auto")
    img.set("style", "; ".join(f"{k}: {v}" for k, v in style.items()) + ";")
