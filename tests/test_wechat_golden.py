"""Golden files: the WeChat fragment of each sample, byte for byte, in each theme.

A change to the fragment shows up here as a diff a reviewer can read. After an intended
change, refresh them with ``MISIDAO_UPDATE_GOLDEN=1 python -m pytest tests/test_wechat_golden.py``
and review ``git diff tests/golden``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import SAMPLES
from test_wechat import SAMPLE_FILES, THEMES, config_with, fragment_of

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("source", SAMPLE_FILES, ids=lambda p: p.stem)
def test_fragment_matches_golden(tmp_path: Path, source: Path, theme: str) -> None:
    fragment, _, _ = fragment_of(source, config_with(tmp_path, layout=theme))
    golden = GOLDEN / f"{source.stem}.{theme}.wechat-fragment.html"
    # One block per line, so a diff points at the block that changed.
    readable = fragment.replace("><section", ">\n<section").replace("><p ", ">\n<p ") + "\n"
    if os.environ.get("MISIDAO_UPDATE_GOLDEN"):
        golden.write_text(readable, encoding="utf-8")
    assert golden.is_file(), f"missing {golden.name}: run with MISIDAO_UPDATE_GOLDEN=1"
    assert readable == golden.read_text(encoding="utf-8"), f"{golden.name} changed (see module docstring)"


def test_golden_files_all_belong_to_a_sample() -> None:
    expected = {f"{s.stem}.{t}.wechat-fragment.html" for s in SAMPLES.glob("*.md") for t in THEMES}
    assert {p.name for p in GOLDEN.glob("*.wechat-fragment.html")} == expected
