"""Batch builds: folders and globs, parallel workers, failures isolated, the incremental cache, the API."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from click.testing import CliRunner
from conftest import SAMPLES

from misidao_publish import build
from misidao_publish.cli import main


def site(tmp_path: Path, count: int = 3) -> Path:
    folder = tmp_path / "site"
    (folder / "images").mkdir(parents=True)
    shutil.copy(SAMPLES / "misidao.toml", folder)
    shutil.copy(SAMPLES / "images" / "xiangjiang.png", folder / "images")
    for i in range(count):
        (folder / f"a{i}.md").write_text(f"# 第{i}篇\n\n正文{i}。\n\n![江景](images/xiangjiang.png)\n", encoding="utf-8")
    return folder


def test_folder_in_parallel_with_one_failure(tmp_path: Path) -> None:
    folder = site(tmp_path)
    (folder / "bad.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    out = tmp_path / "out"
    report = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["build", str(folder), "-f", "epub,wechat", "-o", str(out), "-j", "2",
                                       "--json", str(report)])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "bad.md:2" in errors[0]
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"a{i}{s}" for i in range(3) for s in (".epub", ".wechat.html"))
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["ok"] is False
    by_name = {Path(r["source"]).name: r for r in data["results"]}
    assert by_name["bad.md"]["ok"] is False and "bad.md:2" in by_name["bad.md"]["error"]
    assert all(by_name[f"a{i}.md"]["ok"] for i in range(3))
    assert {o["format"] for o in by_name["a0.md"]["outputs"]} == {"epub", "wechat"}
    assert "1 failed" in result.output and "3 built" in result.output


def test_unchanged_outputs_are_not_rebuilt(tmp_path: Path) -> None:
    folder = site(tmp_path, 2)
    out = tmp_path / "out"
    args = ["build", str(folder), "-f", "epub", "-o", str(out), "-j", "1"]
    assert CliRunner().invoke(main, args).exit_code == 0
    stamp = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    again = CliRunner().invoke(main, args)
    assert "0 built, 2 unchanged" in again.output
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == stamp
    # Changing an image both articles use rebuilds both; changing one source rebuilds one.
    with (folder / "images" / "xiangjiang.png").open("ab") as handle:
        handle.write(b"\0")
    assert "2 built, 0 unchanged" in CliRunner().invoke(main, args).output
    (folder / "a1.md").write_text("# 改过\n\n新正文。\n", encoding="utf-8")
    assert "1 built, 1 unchanged" in CliRunner().invoke(main, args).output
    (folder / "misidao.toml").write_text("tip = false\n", encoding="utf-8")
    assert "2 built, 0 unchanged" in CliRunner().invoke(main, args).output
    assert "2 built, 0 unchanged" in CliRunner().invoke(main, [*args, "--force"]).output
    (out / "a0.epub").unlink()
    assert "1 built, 1 unchanged" in CliRunner().invoke(main, args).output


def test_python_api(tmp_path: Path) -> None:
    folder = site(tmp_path, 2)
    results = build([str(folder / "a0.md"), str(folder / "a1.md"), str(tmp_path / "missing.md")],
                    out_dir=tmp_path / "out", formats="wechat", jobs=1)
    assert [bool(r.error) for r in results] == [False, False, True]
    assert "missing.md" in results[2].error and "no such file" in results[2].error
    assert Path(results[0].outputs[0]["path"]).read_text(encoding="utf-8").count("data-wechat-fragment") >= 1


def test_globs_and_no_match(tmp_path: Path) -> None:
    folder = site(tmp_path, 3)
    out = tmp_path / "out"
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        result = CliRunner().invoke(main, ["build", "a[01].md", "-f", "wechat", "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert sorted(p.name for p in out.iterdir()) == ["a0.wechat.html", "a1.wechat.html"]
        result = CliRunner().invoke(main, ["build", "zz*.md", "-o", str(out)])
        assert result.exit_code != 0 and "no file matches 'zz*.md'" in result.output
    finally:
        os.chdir(cwd)


def test_workers_are_recycled_between_rounds(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """More sources than one round of workers: every round gets fresh processes and all finish
    (Python 3.11's own max_tasks_per_child hung here)."""
    from misidao_publish import batch

    monkeypatch.setattr(batch, "RECYCLE_AFTER", 1)
    folder = site(tmp_path, 5)
    results = build([str(folder)], out_dir=tmp_path / "out", formats="wechat", jobs=2)
    assert [r.error for r in results] == [""] * 5
    assert len(list((tmp_path / "out").glob("*.wechat.html"))) == 5
