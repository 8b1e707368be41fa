"""``misidao-publish check``: the paste rules (DESIGN.md §6) applied to files a user names."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from lxml import html as lxml_html

from .config import Config
from .errors import ReadError
from .model import Article
from .wechat_rules import RULES, Violation, check_fragment, find_fragment


def read_fragment(path: Path) -> str:
    """The fragment in ``path`` (a preview page or a bare fragment); :class:`ReadError` if unreadable."""
    try:
        page = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ReadError("no such file", path) from None
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}", path) from None
    except UnicodeDecodeError:
        raise ReadError("not UTF-8 text", path) from None
    if not page.strip():
        raise ReadError("empty file, no HTML to check", path)
    return find_fragment(page)


def split_document(page: str) -> tuple[str, list[Violation]]:
    """A whole HTML page (not one of our previews) as what a user would select and copy: the
    body's content in one section; stylesheets in the page become a rule-2 problem, since
    a paste leaves them behind."""
    if "data-wechat-fragment" in page or not re.search(r"<(html|body)\b", page, re.I):
        return page, []
    doc = lxml_html.document_fromstring(page)
    problems = [Violation(2, f"the page styles its content with <{el.tag}> (a paste leaves it behind)")
                for el in doc.iter("style", "link") if el.tag == "style" or "stylesheet" in el.get("rel", "")]
    body = doc.find("body")
    inner = "" if body is None else (body.text or "") + "".join(
        lxml_html.tostring(child, encoding="unicode") for child in body)
    return f"<section>{inner}</section>", problems


def load_article(source: Path, config: Config) -> tuple[Article, Config]:
    """``source`` as the WeChat writer sees it (links already turned into notes), with its config."""
    from . import readers, transforms  # noqa: PLC0415
    from .pipeline import FORMAT_TRANSFORMS  # noqa: PLC0415

    article = readers.read(source, config)
    return transforms.apply(article, FORMAT_TRANSFORMS["wechat"]), config


def check_files(files: tuple[Path, ...] | list[Path], echo: Callable[..., None],
                article: tuple[Article, Config] | None = None) -> int:
    """Check each file, print every broken rule as ``FILE: rule N: message``; the exit status.

    With ``article``, each fragment's text must also be that article's text plus its notes."""
    from .wechat_text import check_text  # noqa: PLC0415
    status = 0
    for path in files:
        try:
            fragment = read_fragment(path)
        except ReadError as exc:
            echo(f"Error: {exc.format_message()}", err=True)
            status = max(status, 2)
            continue
        fragment, violations = split_document(fragment)
        violations += check_fragment(fragment)
        if article is not None:
            violations += check_text(fragment, *article)
        for violation in violations:
            echo(f"{path}: {violation}")
        if violations:
            broken = sorted({v.rule for v in violations})
            echo(f"{path}: {len(violations)} problem(s); rules broken: {', '.join(map(str, broken))}", err=True)
            status = max(status, 1)
        else:
            echo(f"{path}: OK, all {len(RULES)} paste rules hold")
    return status
