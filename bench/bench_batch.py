#!/usr/bin/env python3
"""A whole archive: N sample-sized articles into all three outputs, ours vs pandoc, same run.

* ours: ``misidao-publish build DIR -j 2`` (one command, parallel workers);
* pandoc: a loop running pandoc's three commands per article (epub, weasyprint PDF, html);
* a rebuild with nothing changed (the incremental cache), goal under 2 s;
* peak memory (PSS) of our whole process tree, sampled every 0.1 s, and whether it stays flat
  (peak in the first quarter of the run vs the last quarter).

    python bench/bench_batch.py [--count 200] [--jobs 2] [--pandoc-sample 20]

``--pandoc-sample K`` times pandoc on K articles and scales to N (pandoc's per-article cost is
constant: it starts afresh for every file), which keeps the run short; 0 runs all N.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
from bench_pipeline import pandoc_css

ROOT = Path(__file__).resolve().parents[1]


def make_archive(folder: Path, count: int) -> list[Path]:
    """``count`` articles like the seed sample, each a little different (so fonts subset differently)."""
    seed = (ROOT / "samples" / "yongzhou.md").read_text(encoding="utf-8")
    shutil.copy(ROOT / "samples" / "misidao.toml", folder)
    extra = "春夏秋冬东南西北甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"
    paths = []
    for i in range(count):
        text = seed.replace("title: 历尽天华成此景", f"title: 第{i + 1}篇·历尽天华成此景", 1)
        text += f"\n\n附记：本文是第{i + 1}篇，{extra[i % len(extra)]}{extra[(i * 7) % len(extra)]}。\n"
        path = folder / f"article-{i:04d}.md"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def tree_rss(proc: psutil.Process) -> int:
    """Memory of a process and its children, by PSS so pages shared after fork count once."""
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_full_info().pss
        except (psutil.Error, AttributeError):
            try:
                total += p.memory_info().rss
            except psutil.Error:
                pass
    return total


def run_sampled(cmd: list[str], cwd: Path) -> tuple[float, list[tuple[float, int]]]:
    """Wall time and (time, RSS of the process tree) samples of one command."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    watched = psutil.Process(proc.pid)
    samples: list[tuple[float, int]] = []

    def sample() -> None:
        while proc.poll() is None:
            samples.append((time.perf_counter() - started, tree_rss(watched)))
            time.sleep(0.1)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    _, err = proc.communicate()
    thread.join()
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err.decode(errors='replace')[-2000:]}")
    return time.perf_counter() - started, samples


def pandoc_loop(paths: list[Path], out: Path) -> float:
    css = pandoc_css(out)  # the same shipped CJK faces for pandoc's WeasyPrint
    started = time.perf_counter()
    for path in paths:
        for args in (["-o", str(out / f"{path.stem}.epub")],
                     ["--pdf-engine=weasyprint", "--css", str(css), "-o", str(out / f"{path.stem}.pdf")],
                     ["-s", "-o", str(out / f"{path.stem}.html")]):
            subprocess.run(["pandoc", str(path), *args], check=True, capture_output=True, cwd=out)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--pandoc-sample", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "site"
        folder.mkdir()
        paths = make_archive(folder, args.count)
        env_cache = Path(tmp) / "cache"
        os.environ["MISIDAO_CACHE_DIR"] = str(env_cache)
        cmd = [sys.executable, "-m", "misidao_publish", "build", str(folder), "-o", str(Path(tmp) / "ours"),
               "-j", str(args.jobs), "-q"]
        t_ours, samples = run_sampled(cmd, ROOT)
        t_again, _ = run_sampled(cmd, ROOT)
        sample_n = args.count if args.pandoc_sample <= 0 else min(args.pandoc_sample, args.count)
        pandoc_out = Path(tmp) / "pandoc"
        pandoc_out.mkdir()
        t_pandoc = pandoc_loop(paths[:sample_n], pandoc_out) * args.count / sample_n
    peak = max(rss for _, rss in samples) / 2**20
    quarter = max(1, len(samples) // 4)
    first = max(rss for _, rss in samples[:quarter]) / 2**20
    last = max(rss for _, rss in samples[-quarter:]) / 2**20
    print(f"{args.count} articles → EPUB + PDF + WeChat HTML each; ours with -j {args.jobs}")
    print(f"ours            {t_ours:8.1f} s   ({t_ours / args.count * 1000:.0f} ms per article)")
    print(f"pandoc loop     {t_pandoc:8.1f} s   (timed on {sample_n} articles, scaled)")
    print(f"speed-up        {t_pandoc / t_ours:8.2f} ×  (ratio ours/pandoc {t_ours / t_pandoc:.2f})")
    print(f"rebuild, nothing changed: {t_again:.2f} s")
    print(f"peak memory (our process tree): {peak:.0f} MiB; first quarter {first:.0f} MiB, last quarter {last:.0f} MiB")


if __name__ == "__main__":
    main()
