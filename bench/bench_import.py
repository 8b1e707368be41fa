"""Import speed against pandoc, in the same run: ``python bench/bench_import.py [ROUNDS]``.

Converts the sample web page, the scraped seed article (repeated into a long text) and a
generated Word file to Markdown with ``misidao-publish import`` (in-process) and with
``pandoc -t markdown``, and prints the time ratio. Nothing here asserts a speed: speed is
a comparison, reported, not a unit test.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from misidao_publish.config import load_config  # noqa: E402
from misidao_publish.importer import import_source  # noqa: E402


def best_of(rounds: int, run) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    pandoc = shutil.which("pandoc")
    work = Path(tempfile.mkdtemp(prefix="bench-import-"))
    seed = (ROOT / "samples" / "yongzhou-scraped.txt").read_text(encoding="utf-8")
    head, _, rest = seed.partition("\n  这是")
    long_text = work / "long.txt"
    long_text.write_text(head + ("\n  这是" + rest.split("来源")[0]) * 30, encoding="utf-8")
    sources = [ROOT / "tests" / "data" / "wordpress_page.html", long_text]
    try:
        import docx  # noqa: PLC0415

        document = docx.Document()
        for i in range(200):
            document.add_heading(f"第{i + 1}节", level=2)
            document.add_paragraph("三十多年来,伴随着改革开放的大潮,永州经开区扬帆起航。" * 5)
        document.save(str(work / "long.docx"))
        sources.append(work / "long.docx")
    except ImportError:
        print("python-docx not installed: Word file skipped")
    config = load_config(None)
    print(f"{'source':<24}{'ours (s)':>10}{'pandoc (s)':>12}{'ratio':>8}")
    for source in sources:
        ours = best_of(rounds, lambda: import_source(source, config, work / "out.md", force=True))
        if pandoc:
            fmt = {".txt": "markdown", ".html": "html", ".docx": "docx"}[source.suffix]
            theirs = best_of(rounds, lambda: subprocess.run(
                [pandoc, "-f", fmt, "-t", "markdown", "-o", str(work / "pandoc.md"), str(source)], check=True))
            print(f"{source.name:<24}{ours:>10.3f}{theirs:>12.3f}{ours / theirs:>8.2f}")
        else:
            print(f"{source.name:<24}{ours:>10.3f}{'-':>12}{'-':>8}")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
