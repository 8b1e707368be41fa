"""WeChat export speed: samples/yongzhou.md (the seed article) in-process, median of 20 runs.

Goal: at most 30 ms per export (read, links-to-notes, render, css-inline, structural pass,
nh3, preview page written). For scale, the same run times pandoc turning the same Markdown
into standalone HTML (a subprocess, so its figure includes process start-up) and prints the
ratio. Run: ``PYTHONPATH=src python bench/bench_wechat.py [--runs 20]``.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from misidao_publish.config import load_config  # noqa: E402
from misidao_publish.pipeline import build_source  # noqa: E402
from misidao_publish.tip import qr_svg  # noqa: E402

SOURCE = ROOT / "samples" / "yongzhou.md"
GOAL_MS = 30.0


def time_ours(runs: int, out: Path, cold_qr: bool = False) -> list[float]:
    config = load_config(ROOT / "samples" / "misidao.toml")
    build_source(SOURCE, config, out, ["wechat"])  # warm-up: imports, template compilation, caches
    times = []
    for _ in range(runs):
        if cold_qr:
            qr_svg.cache_clear()  # as in a one-shot CLI build: the tip QR codes are encoded afresh
        started = time.perf_counter()
        build_source(SOURCE, config, out, ["wechat"])
        times.append((time.perf_counter() - started) * 1000)
    return times


def time_pandoc(runs: int, out: Path) -> list[float] | None:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        return None
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([pandoc, str(SOURCE), "-f", "markdown", "-t", "html", "-s", "-o", str(out / "p.html")],
                       check=True, capture_output=True)
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ours = statistics.median(time_ours(args.runs, Path(tmp)))
        cold = statistics.median(time_ours(args.runs, Path(tmp), cold_qr=True))
        pandoc_times = time_pandoc(args.runs, Path(tmp))
    print(f"misidao-publish wechat export of {SOURCE.name}: median {ours:.1f} ms over {args.runs} runs "
          f"(goal <= {GOAL_MS:.0f} ms: {'met' if ours <= GOAL_MS else 'NOT met'})")
    print(f"  with the tip QR codes encoded afresh each run (a one-shot CLI build): median {cold:.1f} ms")
    if pandoc_times is not None:
        theirs = statistics.median(pandoc_times)
        print(f"pandoc markdown -> standalone html (subprocess): median {theirs:.1f} ms; "
              f"ratio ours/pandoc = {ours / theirs:.2f}")
    else:
        print("pandoc not installed: no peer comparison")
    return 0 if ours <= GOAL_MS else 1


if __name__ == "__main__":
    sys.exit(main())
