"""The WeChat paste rules of DESIGN.md §6 as checks over a fragment.

``check_fragment(html)`` returns one :class:`Violation` per broken rule occurrence; an empty
list means the fragment pastes cleanly. ``find_fragment(page)`` takes the element marked
``data-wechat-fragment`` out of a preview page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import html as lxml_html

FORBIDDEN_TAGS = {"style", "link", "script", "iframe", "input", "form", "object", "embed", "frame", "frameset"}
ZERO_WIDTH = re.compile("[\u200b\u200c\u200d]")


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


def _describe(el: lxml_html.HtmlElement) -> str:
    text = (el.text_content() or "").strip().replace("\n", " ")[:20]
    return f"<{el.tag}>{' ' + repr(text) if text else ''}"


def check_fragment(fragment: str) -> list[Violation]:
    """Every violation of rules 1, 2, 3, 4, 6 and 11 in ``fragment``."""
    out: list[Violation] = []
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        if tag in FORBIDDEN_TAGS:
            out.append(Violation(1, f"<{tag}> is not allowed"))
        for name, value in el.attrib.items():
            lname = name.lower()
            if lname in ("class", "id"):
                out.append(Violation(1, f"{_describe(el)} has a {lname} attribute"))
            elif lname.startswith("on"):
                out.append(Violation(1, f"{_describe(el)} has an event handler {lname}"))
            elif lname == "style":
                out.extend(_check_style(value, el))
            elif lname == "href":
                out.extend(_check_href(value, el))
    text = root.text_content()
    if ZERO_WIDTH.search(text) or ZERO_WIDTH.search(fragment):
        out.append(Violation(11, "zero-width characters (U+200B–U+200D) present"))
    return out


_STYLE_RULES: list[tuple[int, re.Pattern[str], str]] = [
    (2, re.compile(r"var\("), "uses var()"),
    (2, re.compile(r"@"), "contains an @ rule"),
    (2, re.compile(r"!important"), "uses !important"),
    (3, re.compile(r"(^|;)\s*(position|top|left|right|bottom|float)\s*:"), "uses positioning or float"),
    (3, re.compile(r"(^|;)\s*display\s*:\s*(flex|grid|inline-flex|inline-grid)"), "uses flex or grid layout"),
    (3, re.compile(r"(^|;)\s*(margin|padding)\s*:"), "uses margin/padding shorthand"),
    (4, re.compile(r"(#000000|#000\b|rgb\(\s*0\s*,\s*0\s*,\s*0\s*\)|:\s*black\b)", re.I), "uses pure black"),
]


def _check_style(style: str, el: lxml_html.HtmlElement) -> list[Violation]:
    found = []
    for rule, pattern, message in _STYLE_RULES:
        if pattern.search(style):
            found.append(Violation(rule, f"{_describe(el)} style {message}"))
    return found


def _check_href(href: str, el: lxml_html.HtmlElement) -> list[Violation]:
    if href.startswith("https://mp.weixin.qq.com/"):
        return []
    if href.startswith("#"):
        return [Violation(6, f"{_describe(el)} links inside the page ({href})")]
    return [Violation(6, f"{_describe(el)} keeps an external link {href}")]
