"""``lint``: what the typography transforms would change in a Markdown (or plain-text) source.

The transforms run on the source text itself, not on the model, so ``--fix`` can rewrite the
file in place keeping everything else byte for byte: the YAML front matter, fenced and
indented code, inline code, link targets, HTML and Markdown markup are never edited. The
report is a unified diff (line numbers in its ``@@`` hunks) plus a count per transform.
"""

from __future__ import annotations


import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .config import Config
from .errors import ReadError
from .readers.frontmatter import split_front_matter
from .readers.markdown import parser
from .readers.source import read_source
from .transforms.runs import Segment
from .transforms.typography import MAX_PASSES, rules
from .writers.atomic import atomic_path

_MARKUP = re.compile(
    r"(?P<code>(`+).*?(?<!`)\2(?!`))"              # inline code: never edited
    r"|(?P<dest>\]\([^)\n]*\)|\]\[[^\]\n]*\])"     # link and image targets
    r"|(?P<tag><[A-Za-z/!][^>\n]*>)"               # autolinks and inline HTML
    r"|(?P<escape>\\.)"                            # backslash escapes
    r"|(?P<pipe>\|)"                               # table cell borders
    r"|(?P<note>\[\^[^\]\n]+\])"                   # footnote references: no context at all
    r"|(?P<mark>\*{1,3}|_{1,3}|~~|!\[|\[|\])"      # emphasis and link brackets
)
_PREFIX = re.compile(r"^[ \t]*(?:>[ \t]?)*(?:[-*+][ \t]+|\d{1,9}[.)][ \t]+)?(?:\[[ xX]\][ \t]+)?(?:#{1,6}[ \t]+)?")
_REFERENCE = re.compile(r"^[ \t]{0,3}\[[^\]]+\]:[ \t]*\S")
_CLOSING_HASHES = re.compile(r"[ \t]+#+[ \t]*$")


@dataclass
class LintResult:
    """What lint found in one file."""

    path: Path
    original: list[str]
    fixed: list[str]
    counts: dict[str, int] = field(default_factory=dict)
    """Lines each transform changed, by transform name."""
    codec: str = "utf-8"
    """The encoding the file was read in, and is written back in."""

    @property
    def changed(self) -> int:
        return sum(1 for a, b in zip(self.original, self.fixed) if a != b)

    def diff(self) -> str:
        """A unified diff from the source to the fixed text."""
        return "\n".join(difflib.unified_diff(self.original, self.fixed, f"{self.path}", f"{self.path} (fixed)",
                                              n=0, lineterm=""))


def lint(path: Path, config: Config, markdown: bool | None = None) -> LintResult:
    """Run the configured typography rules over ``path``'s text."""
    if path.suffix.lower() in (".html", ".htm", ".docx"):
        raise ReadError("lint reads Markdown and plain text; run `misidao-publish import` first", path)
    decoded = read_source(path, encoding=config.import_.encoding)
    lines = decoded.text.split("\n")
    is_markdown = markdown if markdown is not None else path.suffix.lower() != ".txt"
    blocks = _markdown_blocks(decoded.text, path) if is_markdown else _text_blocks(lines)
    fixed = list(lines)
    counts: dict[str, int] = {}
    chosen = rules(config.typography, config.lang)
    for pass_number in range(MAX_PASSES):  # the rules feed each other; see apply_typography
        stable = list(fixed)
        for name, rule in chosen:
            if name == "convert" and pass_number:
                continue
            before = list(fixed)
            for block in blocks:
                _apply(rule, block, fixed, is_markdown)
            counts[name] = counts.get(name, 0) + sum(1 for a, b in zip(before, fixed) if a != b)
        if fixed == stable:
            break
    return LintResult(path=path, original=lines, fixed=fixed, counts={k: v for k, v in counts.items() if v},
                      codec=decoded.codec)


def write_fix(result: LintResult) -> None:
    """Replace the file with the fixed text, atomically, in its own encoding and line endings."""
    encoding = result.codec
    newline = "\r\n" if "\r\n" in result.path.read_bytes().decode(encoding, errors="replace") else "\n"
    with atomic_path(result.path) as tmp:
        tmp.write_bytes(newline.join(result.fixed).encode(encoding))


def _text_blocks(lines: list[str]) -> list[list[int]]:
    blocks: list[list[int]] = [[]]
    for number, line in enumerate(lines):
        if line.strip():
            blocks[-1].append(number)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _markdown_blocks(text: str, path: Path) -> list[list[int]]:
    """Line numbers of each block of prose: the lines of inline content markdown-it found."""
    _data, body, offset = split_front_matter(text, path)
    seen: set[int] = set()
    blocks: list[list[int]] = []
    for token in parser().parse(body):
        if token.type != "inline" or not token.map:
            continue
        numbers = [n + offset for n in range(*token.map) if n + offset not in seen]
        seen.update(numbers)
        if numbers:
            blocks.append(numbers)
    return blocks


def _segments(line: str) -> list[Segment]:
    if _REFERENCE.match(line):
        return [Segment(line, editable=False)]
    out: list[Segment] = []
    prefix = _PREFIX.match(line)
    pos = prefix.end() if prefix else 0
    if pos:
        out.append(Segment(line[:pos], editable=False, transparent=True))
    closing = _CLOSING_HASHES.search(line) if line[:pos].rstrip().endswith("#") else None
    end = closing.start() if closing else len(line)
    for match in _MARKUP.finditer(line, pos, end):
        if match.start() > pos:
            out.append(Segment(line[pos:match.start()]))
        kind = match.lastgroup
        out.append(Segment(match.group(0), editable=False, transparent=kind in ("note", "mark")))
        pos = match.end()
    if pos < end:
        out.append(Segment(line[pos:end]))
    if end < len(line):
        out.append(Segment(line[end:], editable=False, transparent=True))
    return out


def _apply(rule: object, numbers: list[int], lines: list[str], is_markdown: bool) -> None:
    segments: list[Segment] = []
    owners: list[int] = []
    for i, number in enumerate(numbers):
        if i:
            segments.append(Segment("\n", editable=False))
            owners.append(-1)
        parts = _segments(lines[number]) if is_markdown else [Segment(lines[number])]
        segments.extend(parts)
        owners.extend([number] * len(parts))
    texts = rule(segments)  # type: ignore[operator]
    rebuilt: dict[int, list[str]] = {}
    for owner, text in zip(owners, texts):
        if owner >= 0:
            rebuilt.setdefault(owner, []).append(text)
    for number, parts in rebuilt.items():
        lines[number] = "".join(parts)



