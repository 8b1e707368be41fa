#!/usr/bin/env python3
"""End-to-end speed and memory: misidao-publish vs pandoc on the seed article, same run.

Each round builds samples/yongzhou.md into EPUB, PDF and WeChat HTML with our CLI, then has
pandoc make the same three (``pandoc -o x.epub``, ``pandoc --pdf-engine=weasyprint -o x.pdf``
given the shipped CJK faces by CSS, ``pandoc -s -o x.html``); the order alternates between rounds so neither side always runs on
a warm cache. Prints each side's median wall time and peak memory and the ratios ours/pandoc.

    python bench/bench_pipeline.py [--rounds 7] [--source samples/yongzhou.md]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(cmd: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one command."""
    with tempfile.TemporaryFile() as errors:  # a pipe would fill up and stall a chatty peer
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            raise SystemExit(f"failed: {' '.join(cmd)}\n{errors.read().decode(errors='replace')[-3000:]}")
    return elapsed, usage.ru_maxrss


def ours(source: Path, out: Path) -> tuple[float, int]:
    return run([sys.executable, "-m", "misidao_publish", "build", str(source), "-o", str(out), "-q", "--force"], ROOT)


def pandoc_css(out: Path) -> Path:
    """The machine may have no CJK font at all: pandoc's WeasyPrint gets our shipped faces through
    CSS, so both sides set real Chinese glyphs (without them pandoc would draw boxes, faster)."""
    fonts = ROOT / "fonts"
    css = out / "cjk.css"
    css.write_text(
        f'@font-face {{ font-family: "Noto Serif CJK SC"; src: url("{(fonts / "NotoSerifCJKsc-Regular.otf").as_uri()}"); }}\n'
        f'@font-face {{ font-family: "Noto Serif CJK SC"; font-weight: bold; '
        f'src: url("{(fonts / "NotoSerifCJKsc-Bold.otf").as_uri()}"); }}\n'
        'html, body { font-family: "Noto Serif CJK SC", serif; }\n', encoding="utf-8")
    return css


def pandoc(source: Path, out: Path) -> tuple[float, int]:
    total, peak = 0.0, 0
    css = pandoc_css(out)
    for args in (["-o", str(out / "x.epub")],
                 ["--pdf-engine=weasyprint", "--css", str(css), "-o", str(out / "x.pdf")],
                 ["-s", "-o", str(out / "x.html")]):
        seconds, rss = run(["pandoc", str(source.resolve()), *args], out)  # pandoc leaves html2pdf* files in its cwd
        total += seconds
        peak = max(peak, rss)
    return total, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--source", type=Path, default=ROOT / "samples" / "yongzhou.md")
    args = parser.parse_args()
    for tool in ("pandoc", "weasyprint"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is needed for the comparison (apt-get install pandoc; pip install weasyprint)")
    results: dict[str, list[tuple[float, int]]] = {"ours": [], "pandoc": []}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        ours(args.source, out)  # warm-up: bytecode compilation, font cache
        pandoc(args.source, out)
        for round_number in range(args.rounds):
            order = [("ours", ours), ("pandoc", pandoc)]
            if round_number % 2:
                order.reverse()
            for name, fn in order:
                results[name].append(fn(args.source, out))
    t_ours = statistics.median(t for t, _ in results["ours"])
    t_pandoc = statistics.median(t for t, _ in results["pandoc"])
    m_ours = max(m for _, m in results["ours"]) / 1024
    m_pandoc = max(m for _, m in results["pandoc"]) / 1024
    print(f"source: {args.source.relative_to(ROOT) if args.source.is_relative_to(ROOT) else args.source}, "
          f"{args.rounds} rounds, EPUB + PDF + HTML each")
    print(f"ours    median {t_ours:6.2f} s   peak {m_ours:6.0f} MiB")
    print(f"pandoc  median {t_pandoc:6.2f} s   peak {m_pandoc:6.0f} MiB")
    print(f"ratio ours/pandoc: time {t_ours / t_pandoc:.2f}, peak memory {m_ours / m_pandoc:.2f}")


if __name__ == "__main__":
    main()
