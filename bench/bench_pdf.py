"""PDF speed, compared with a peer in the same run.

    python bench/bench_pdf.py [--runs 5] [--pages 300]

1. The seed article (samples/yongzhou.md): ``misidao-publish build -f pdf`` against
   ``pandoc --pdf-engine=weasyprint``, each a fresh process, alternating, median of the runs
   and their ratio (goal ≤ 0.6). Run twice: as the machine is, and with WeasyPrint denied the
   system's libharfbuzz-subset (both tools get a ``weasyprint`` that cannot load it) — ours
   hands WeasyPrint fonts we already subset with uharfbuzz, so it should not care.
2. A book of about ``--pages`` pages (the samples repeated as chapters): wall time and peak
   memory of the process (goals ≤ 30 s and ≤ 1 GB).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "samples" / "yongzhou.md"

NO_HB_SUBSET = """
import weasyprint.pdf.fonts as fonts
fonts.harfbuzz_subset = None
"""

WEASYPRINT_SHIM = """#!{python}
import sys
{prelude}
from weasyprint.__main__ import main
sys.exit(main())
"""

PANDOC_CSS = """
@font-face {{ font-family: "Noto Serif CJK SC"; src: url({fonts}/NotoSerifCJKsc-Regular.otf); font-weight: 400; }}
@font-face {{ font-family: "Noto Serif CJK SC"; src: url({fonts}/NotoSerifCJKsc-Bold.otf); font-weight: 700; }}
html, body {{ font-family: "Noto Serif CJK SC"; }}
"""

BOOK_SCRIPT = """
import datetime as dt, resource, sys, time
from pathlib import Path
{prelude}
started = time.perf_counter()
from misidao_publish import readers
from misidao_publish.config import load_config
from misidao_publish.model import Book, Metadata, Part
from misidao_publish.writers import pdf
from misidao_publish.writers.context import Job
samples = Path({samples!r})
config = load_config(samples / "misidao.toml")
articles = [readers.read(samples / name, config) for name in ("yongzhou.md", "features.md")]
chapters = int(sys.argv[1])
parts = tuple(Part(f"第{{i + 1}}辑", tuple((articles * 3)[:6])) for i in range(chapters // 6))
book = Book(meta=Metadata(title="米思岛文选", author="米思岛编辑部", date=dt.date(2024, 6, 1)), parts=parts)
info = pdf.write(book, Path(sys.argv[2]), Job(config=config, root=samples))
print(info["pages"], time.perf_counter() - started)
"""


def run(command: list[str], env: dict[str, str] | None = None, cwd: Path = ROOT) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env, cwd=cwd)
    return time.perf_counter() - started


def seed_ratio(runs: int, deny_subset: bool, work: Path) -> tuple[float, float]:
    """Median seconds of ours and of pandoc, alternating, fresh processes."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    prelude = NO_HB_SUBSET if deny_subset else ""
    shim_dir = work / ("shim-deny" if deny_subset else "shim")
    shim_dir.mkdir(exist_ok=True)
    shim = shim_dir / "weasyprint"
    shim.write_text(WEASYPRINT_SHIM.format(python=sys.executable, prelude=prelude), encoding="utf-8")
    shim.chmod(0o755)
    ours_cmd = [sys.executable, "-c", prelude + "\nfrom misidao_publish.cli import main\nmain()",
                "build", str(SEED), "-f", "pdf", "-o", str(work / "ours"), "-q"]
    # pandoc gets the same shipped CJK faces (the machine may have none): WeasyPrint then embeds
    # them the way it does for any pandoc user, subsetting the 12 MB files itself.
    css = work / "cjk.css"
    css.write_text(PANDOC_CSS.format(fonts=(ROOT / "fonts").as_uri()), encoding="utf-8")
    pandoc_cmd = ["pandoc", str(SEED), "--pdf-engine", str(shim), "-V", "lang=zh-CN", "--css", str(css),
                  "-o", str(work / "pandoc.pdf")]
    ours, peer = [], []
    # pandoc leaves its intermediate HTML in the working folder: keep it out of the repository.
    run(ours_cmd, env, work)  # warm the disk cache for both before timing
    run(pandoc_cmd, env, work)
    for _ in range(runs):
        ours.append(run(ours_cmd, env, work))
        peer.append(run(pandoc_cmd, env, work))
    fonts = subprocess.run(["pdffonts", str(work / "pandoc.pdf")], capture_output=True, text=True).stdout
    if "Noto" not in fonts:
        print("warning: pandoc's PDF has no CJK font embedded; its time is not comparable", file=sys.stderr)
    return statistics.median(ours), statistics.median(peer)


def book(pages: int, work: Path) -> tuple[int, float, float]:
    """(pages, seconds, peak MiB) for a book of about ``pages`` pages, in a fresh process."""
    chapters = max(6, round(pages / 5 / 6) * 6)  # an article of the samples fills about 5 pages
    script = BOOK_SCRIPT.format(prelude=NO_HB_SUBSET, samples=str(ROOT / "samples"))
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", script, str(chapters), str(work / "book.pdf")], check=True,
                         capture_output=True, text=True, env=env, cwd=ROOT).stdout.split()
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return int(out[0]), seconds, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if shutil.which("pandoc"):
            for deny in (False, True):
                ours, peer = seed_ratio(args.runs, deny, work)
                label = "without libharfbuzz-subset" if deny else "as installed"
                print(f"seed article, {label}: ours {ours:.2f} s, pandoc+weasyprint {peer:.2f} s, "
                      f"ratio {ours / peer:.2f} (goal ≤ 0.6), median of {args.runs}")
        else:
            print("pandoc not installed: seed comparison skipped")
        pages, seconds, peak = book(args.pages, work)
        print(f"book: {pages} pages in {seconds:.1f} s (goal ≤ 30 s), peak memory {peak:.0f} MiB (goal ≤ 1024)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
