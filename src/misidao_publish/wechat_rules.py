"""The WeChat paste rules of DESIGN.md §6 as checks over a fragment.

``check_fragment(html)`` returns one :class:`Violation` per broken rule occurrence; an empty
list means the fragment pastes cleanly into the 公众号 editor. ``find_fragment(page)`` takes
the element marked ``data-wechat-fragment`` out of a preview page. The checks read the
fragment as the editor does (an HTML parser, styles as declarations), not as text patterns
over the whole file, so a rule names the element that breaks it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

RULES: dict[int, str] = {
    1: "no <style>/<link>/<script>/<iframe>/<input>, no on* handlers, no class or id",
    2: "every style inline; no var(), no @ rules, no !important",
    3: "no position, top/left/right/bottom, float, flex or grid; margin and padding as longhands",
    4: "no pure black, no text over gradient backgrounds (WeChat's dark mode cannot recolour either)",
    5: "the root has no padding or background; first and last blocks are sections or paragraphs",
    6: "only https://mp.weixin.qq.com/ links; no in-page links",
    7: "images: https with sizes in style, no data: URIs",
    8: "code without raw newlines or runs of spaces; wide code and tables in an overflow-x:auto section",
    9: "lists without li > p, at most two levels deep",
    10: "SVG inline, without id/class/<defs>/<style>/<use>/url(#, with an explicit px width ≤ 677",
    11: "no zero-width characters (U+200B–U+200D)",
    12: "under 20,000 characters of text and 1 MB in all",
    13: "idempotent: inlining the fragment again changes nothing",
}
"""Each rule of DESIGN.md §6 in one line, by number."""

FORBIDDEN_TAGS = {"style", "link", "script", "iframe", "input", "form", "object", "embed", "frame", "frameset",
                  "textarea", "button", "select", "meta", "base", "noscript"}
SVG_FORBIDDEN = {"defs", "style", "use", "script", "foreignobject", "image", "symbol"}
ZERO_WIDTH = re.compile("[\u200b\u200c\u200d]")
MAX_TEXT_CHARS = 20_000
MAX_BYTES = 1_000_000
MAX_SVG_WIDTH = 677
MAX_LIST_DEPTH = 2
POSITIONING = {"position", "top", "left", "right", "bottom", "float", "inset"}
SHORTHANDS = {"margin", "padding"}
PURE_BLACK = re.compile(
    r"(#000000\b|#000\b|#000f\b|#000000ff\b|rgba?\(\s*0\s*,\s*0\s*,\s*0\s*(,\s*(1|1\.0+|100%)\s*)?\)|(^|[\s,:])black\b)",
    re.I)


@dataclass(frozen=True)
class Violation:
    """One broken rule."""

    rule: int
    """The rule's number in DESIGN.md §6."""
    message: str
    """What is wrong, and where."""

    def __str__(self) -> str:
        return f"rule {self.rule}: {self.message}"


def find_fragment(page: str) -> str:
    """The outer HTML of the element marked ``data-wechat-fragment`` in a preview page, or the
    whole input when it is a bare fragment."""
    match = re.search(r"<(\w+)[^>]*\sdata-wechat-fragment", page)
    if not match:
        return page
    tag = match.group(1)
    start = match.start()
    depth = 0
    for m in re.finditer(rf"<(/?){tag}\b[^>]*>", page[start:]):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return page[start: start + m.end()]
    return page[start:]


def declarations(style: str) -> list[tuple[str, str]]:
    """``"a: b; c: d"`` as ``[("a", "b"), ("c", "d")]`` (names lower-cased, values stripped)."""
    out = []
    for part in style.split(";"):
        name, sep, value = part.partition(":")
        if sep and name.strip():
            out.append((name.strip().lower(), value.strip()))
    return out


def _describe(el: etree._Element) -> str:
    text = (el.text_content() if hasattr(el, "text_content") else "".join(el.itertext()))
    text = " ".join((text or "").split())[:20]
    return f"<{_tag(el)}>{' ' + repr(text) if text else ''}"


def _tag(el: etree._Element) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    return tag.rsplit("}", 1)[-1].lower()


def parse(fragment: str) -> lxml_html.HtmlElement:
    """The fragment under a synthetic ``<div>`` parent, as the editor's HTML parser sees it."""
    return lxml_html.fragment_fromstring(fragment or "<p></p>", create_parent="div")


def check_fragment(fragment: str) -> list[Violation]:
    """Every violation of the 13 rules of DESIGN.md §6 in ``fragment``."""
    out: list[Violation] = []
    holder = parse(fragment)
    for el in holder.iter():
        if not isinstance(el.tag, str) or el is holder:
            continue
        tag = _tag(el)
        if tag in FORBIDDEN_TAGS:
            out.append(Violation(1, f"<{tag}> is not allowed"))
        for name, value in el.attrib.items():
            lname = name.lower()
            if lname in ("class", "id"):
                rule = 10 if _in_svg(el) else 1
                out.append(Violation(rule, f"{_describe(el)} has a {lname} attribute"))
            elif lname.startswith("on"):
                out.append(Violation(1, f"{_describe(el)} has an event handler {lname}"))
            elif lname == "style":
                out.extend(_check_style(value, el))
            elif lname == "href":
                out.extend(_check_href(value, el))
            elif lname in ("fill", "stroke", "color", "bgcolor") and PURE_BLACK.search(value):
                out.append(Violation(4, f"{_describe(el)} {lname}={value!r} is pure black"))
            if "url(#" in value.replace(" ", ""):
                out.append(Violation(10, f"{_describe(el)} refers to url(#…) in {lname}"))
            if value.strip().lower().startswith(("javascript:", "vbscript:")):
                out.append(Violation(1, f"{_describe(el)} has a script URL in {lname}"))
        if tag == "img":
            out.extend(_check_image(el))
        elif tag == "svg":
            out.extend(_check_svg(el))
        elif tag in ("pre", "code"):
            out.extend(_check_code(el))
        elif tag == "table" and not _scrolls(el):
            out.append(Violation(8, f"{_describe(el)} is not inside an overflow-x:auto section"))
        elif tag == "li":
            out.extend(_check_list_item(el))
    out.extend(_check_root(holder))
    out.extend(_check_text(holder, fragment))
    out.extend(_check_idempotent(fragment))
    return out


def _check_style(style: str, el: etree._Element) -> list[Violation]:
    found: list[tuple[int, str]] = []
    if "var(" in style:
        found.append((2, "style uses var()"))
    if "@" in style:
        found.append((2, "style contains an @ rule"))
    if "!important" in style.replace(" ", "").lower():
        found.append((2, "style uses !important"))
    for name, value in declarations(style):
        lvalue = value.lower()
        if name in POSITIONING:
            found.append((3, f"style uses {name}: {value}"))
        elif name == "display" and ("flex" in lvalue or "grid" in lvalue):
            found.append((3, f"style uses display: {value}"))
        elif name in SHORTHANDS:
            found.append((3, f"style uses the {name} shorthand"))
        if ("0" in lvalue or "black" in lvalue) and PURE_BLACK.search(value):
            found.append((4, f"style {name}: {value} is pure black"))
        if "url(" in lvalue and "url(#" in lvalue.replace(" ", ""):
            found.append((10, "style refers to url(#…)"))
        if "data:" in lvalue or "javascript:" in lvalue:
            found.append((7, f"style {name} embeds a data: or script URL"))
        if name.startswith("background") and "gradient(" in lvalue and (el.text_content() or "").strip():
            found.append((4, f"style puts text over a gradient ({name})"))
    if not found:
        return []
    where = _describe(el)  # only worked out when something is wrong: it walks the element's text
    return [Violation(rule, f"{where} {message}") for rule, message in found]


def _check_href(href: str, el: etree._Element) -> list[Violation]:
    if href.startswith("https://mp.weixin.qq.com/"):
        return []
    if href.startswith("#"):
        return [Violation(6, f"{_describe(el)} links inside the page ({href})")]
    return [Violation(6, f"{_describe(el)} keeps an external link {href}")]


def _style_of(el: etree._Element) -> dict[str, str]:
    return dict(declarations(el.get("style", "")))


def _check_image(el: etree._Element) -> list[Violation]:
    src = el.get("src", "")
    if src.lower().startswith("data:"):
        return [Violation(7, f"<img> embeds a data: URI ({src[:30]}…)")]
    found = []
    if not src.startswith("https://"):
        found.append(Violation(7, f"<img> src {src[:60]!r} is not an https URL (upload it in the editor)"))
    style = _style_of(el)
    if not ({"width", "max-width"} & style.keys()):
        found.append(Violation(7, f"<img> {src[:60]!r} has no width in its style"))
    return found


def _in_svg(el: etree._Element) -> bool:
    return any(_tag(a) == "svg" for a in el.iterancestors()) or _tag(el) == "svg"


def _check_svg(svg: etree._Element) -> list[Violation]:
    found = []
    for el in svg.iter():
        tag = _tag(el)
        if tag in SVG_FORBIDDEN:
            found.append(Violation(10, f"<svg> contains <{tag}>"))
    width = svg.get("width") or _style_of(svg).get("width", "")
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(px)?\s*", width)
    if not match:
        found.append(Violation(10, f"<svg> has no explicit px width (width={width!r})"))
    elif float(match.group(1)) > MAX_SVG_WIDTH:
        found.append(Violation(10, f"<svg> is {match.group(1)} px wide (at most {MAX_SVG_WIDTH})"))
    return found


def _scrolls(el: etree._Element) -> bool:
    """Whether ``el`` sits in (or is) a block that scrolls sideways."""
    for node in [el, *el.iterancestors()]:
        style = _style_of(node)
        if style.get("overflow-x") in ("auto", "scroll") or style.get("overflow") in ("auto", "scroll"):
            return True
    return False


def _check_code(el: etree._Element) -> list[Violation]:
    found = []
    if _tag(el) == "pre" or not any(_tag(a) == "pre" for a in el.iterancestors()):
        # Text directly in code: raw newlines and space runs collapse in the editor.
        texts = [t for t in (el.text, *(c.tail for c in el)) if t]
        texts += [t for c in el.iterdescendants() if isinstance(c.tag, str) for t in (c.text, c.tail) if t]
        joined = "".join(texts)
        if "\n" in joined or "\r" in joined or "\t" in joined:
            found.append(Violation(8, f"{_describe(el)} keeps raw newlines or tabs (use <br>)"))
        if "  " in joined:
            found.append(Violation(8, f"{_describe(el)} keeps runs of spaces (use &nbsp;)"))
    if _tag(el) == "pre" and not _scrolls(el):
        found.append(Violation(8, f"{_describe(el)} is not inside an overflow-x:auto section"))
    return found


def _check_list_item(li: etree._Element) -> list[Violation]:
    found = []
    for child in li:
        if _tag(child) == "p":
            found.append(Violation(9, f"{_describe(li)} holds a <p> (wrap item text in a section)"))
            break
    depth = sum(1 for a in li.iterancestors() if _tag(a) in ("ul", "ol"))
    if depth > MAX_LIST_DEPTH:
        found.append(Violation(9, f"{_describe(li)} is nested {depth} lists deep (at most {MAX_LIST_DEPTH})"))
    return found


def _check_root(holder: etree._Element) -> list[Violation]:
    found = []
    roots = [c for c in holder if isinstance(c.tag, str)]
    if len(roots) != 1 or (holder.text or "").strip():
        return [Violation(5, f"the fragment has {len(roots)} top-level elements (wrap it in one section)")]
    root = roots[0]
    for name in _style_of(root):
        if name.startswith(("padding", "background")):
            found.append(Violation(5, f"the root carries {name}"))
    blocks = [c for c in root if isinstance(c.tag, str)]
    if (root.text or "").strip():
        found.append(Violation(5, "the root starts with bare text"))
    if blocks:
        for which, block in (("first", blocks[0]), ("last", blocks[-1])):
            if _tag(block) not in ("section", "p"):
                found.append(Violation(5, f"the {which} block is <{_tag(block)}>, not a section or paragraph"))
    return found


def _check_text(holder: etree._Element, fragment: str) -> list[Violation]:
    found = []
    if ZERO_WIDTH.search(fragment):
        found.append(Violation(11, "zero-width characters (U+200B–U+200D) present"))
    text = re.sub(r"\s+", "", holder.text_content())
    if len(text) >= MAX_TEXT_CHARS:
        found.append(Violation(12, f"{len(text)} characters of text (under {MAX_TEXT_CHARS})"))
    size = len(fragment.encode("utf-8"))
    if size >= MAX_BYTES:
        found.append(Violation(12, f"{size} bytes in all (under {MAX_BYTES})"))
    return found


def _check_idempotent(fragment: str) -> list[Violation]:
    import css_inline  # noqa: PLC0415 - only this rule needs it

    inliner = css_inline.CSSInliner(keep_style_tags=False, keep_link_tags=False, load_remote_stylesheets=False)
    try:
        again = inliner.inline_fragment(fragment, "")
    except Exception as exc:  # css_inline.InlineError: the fragment's own CSS is broken
        return [Violation(13, f"css-inline cannot read the fragment: {exc}")]
    if again != fragment:
        pairs = enumerate(zip(again, fragment, strict=False))
        at = next((i for i, (a, b) in pairs if a != b), min(len(again), len(fragment)))
        return [Violation(13, f"inlining again changes the fragment near {fragment[max(0, at - 30): at + 30]!r}")]
    return []
