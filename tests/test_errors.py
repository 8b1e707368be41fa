"""Bad input: one line naming the file (and line), a non-zero exit, no traceback, nothing left behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from misidao_publish.cli import main


def run(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(main, args)
    return result.exit_code, result.output


def assert_clean_failure(code: int, output: str, out_dir: Path, *needles: str) -> None:
    assert code != 0
    lines = [line for line in output.strip().splitlines() if line.strip()]
    assert len(lines) == 1, output
    assert lines[0].startswith("Error: ")
    assert "Traceback" not in output
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    assert not out_dir.exists() or not any(out_dir.iterdir()), list(out_dir.iterdir())


def test_missing_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, output = run(["build", str(tmp_path / "nope.md"), "-o", str(out)])
    assert_clean_failure(code, output, out, "nope.md", "no such file")


def test_broken_yaml_names_the_line(tmp_path: Path) -> None:
    source = tmp_path / "broken.md"
    source.write_text("---\ntitle: 好\ntags: [a, b\nauthor: x\n---\n\n正文。\n", encoding="utf-8")
    out = tmp_path / "out"
    code, output = run(["build", str(source), "-o", str(out)])
    assert_clean_failure(code, output, out, "broken.md:", "YAML")
    line = int(output.split("broken.md:")[1].split(":")[0])
    assert 3 <= line <= 5


BAD_SOURCES = [
    # (file name, bytes, what the one-line error must say)
    ("open.md", "---\ntitle: 好\n\n正文。\n".encode(), ["open.md:1", "never closed"]),
    ("latin.md", "# 标题\n\n正文".encode() + b"\n\n\xff\xfe bad \x81\n", ["latin.md:5", "UTF-8", "offset"]),
    ("image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), ["image.md", "binary"]),
    ("empty.md", b"\n\n", ["empty.md", "empty"]),
    ("types.md", "---\ntitle: [1, 2]\n---\n\n正文。\n".encode(), ["types.md:2", "title"]),
    ("date.md", "---\ntitle: 好\ndate: 不是日期\n---\n\n正文。\n".encode(), ["date.md:3", "不是日期"]),
    ("tag.md", "---\ntitle: !!python/object/apply:os.system ['echo hacked']\n---\n\n正文。\n".encode(), ["tag.md:2"]),
]


@pytest.mark.parametrize("name,data,needles", BAD_SOURCES, ids=[b[0] for b in BAD_SOURCES])
def test_bad_source_is_one_line_error(tmp_path: Path, name: str, data: bytes, needles: list[str]) -> None:
    source = tmp_path / name
    source.write_bytes(data)
    out = tmp_path / "out"
    code, output = run(["build", str(source), "-o", str(out)])
    assert_clean_failure(code, output, out, *needles)


def test_every_config_error_reported_together(tmp_path: Path) -> None:
    (tmp_path / "misidao.toml").write_text(
        'layout = 3\nbogus = 1\n[pdf]\npage_size = 5\nbleed = "x"\n[tip]\nenabled = "yes"\n', encoding="utf-8")
    source = tmp_path / "a.md"
    source.write_text("# 标题\n\n正文。\n", encoding="utf-8")
    out = tmp_path / "out"
    code, output = run(["build", str(source), "-o", str(out)])
    assert_clean_failure(code, output, out, "misidao.toml", "layout:", "bogus: unknown key", "pdf.page_size:",
                         "pdf.bleed:", "tip.enabled:")


def test_unknown_format_and_layout(tmp_path: Path) -> None:
    source = tmp_path / "a.md"
    source.write_text("# 标题\n\n正文。\n", encoding="utf-8")
    code, output = run(["build", str(source), "-f", "docx", "-o", str(tmp_path / "o")])
    assert code != 0 and "unknown format 'docx'" in output and "Traceback" not in output
    code, output = run(["build", str(source), "--layout", "nosuch", "-o", str(tmp_path / "p")])
    assert code != 0 and "unknown layout 'nosuch'" in output


def test_failed_build_keeps_previous_output(tmp_path: Path) -> None:
    source = tmp_path / "a.md"
    source.write_text("# 标题\n\n正文。\n", encoding="utf-8")
    out = tmp_path / "out"
    code, _ = run(["build", str(source), "-f", "wechat", "-o", str(out)])
    assert code == 0
    before = (out / "a.wechat.html").read_bytes()
    source.write_text("---\ntitle: [\n---\n", encoding="utf-8")
    code, _ = run(["build", str(source), "-f", "wechat", "-o", str(out)])
    assert code != 0
    assert (out / "a.wechat.html").read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == ["a.wechat.html"]


def test_unwritable_output_folder(tmp_path: Path) -> None:
    source = tmp_path / "a.md"
    source.write_text("# 标题\n\n正文。\n", encoding="utf-8")
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    code, output = run(["build", str(source), "-f", "wechat", "-o", str(blocker / "sub")])
    assert code != 0 and "Traceback" not in output and "file/sub" in output


def test_strict_fails_on_missing_glyph(tmp_path: Path) -> None:
    source = tmp_path / "emoji.md"
    source.write_text("# 标题\n\n笑脸😀不在字体里。\n", encoding="utf-8")
    out = tmp_path / "out"
    code, output = run(["build", str(source), "-f", "pdf", "-o", str(out), "--strict"])
    assert_clean_failure(code, output, out, "emoji.md", "U+1F600")
    code, output = run(["build", str(source), "-f", "pdf", "-o", str(out)])
    assert code == 0 and "U+1F600" in output and (out / "emoji.pdf").is_file()


@pytest.mark.parametrize("fmt", ["epub", "wechat"])
def test_missing_image_warns_and_builds(tmp_path: Path, fmt: str) -> None:
    source = tmp_path / "img.md"
    source.write_text("# 标题\n\n![江景](nowhere.png)\n\n![密码](../../../../etc/passwd)\n", encoding="utf-8")
    out = tmp_path / "out"
    code, output = run(["build", str(source), "-f", fmt, "-o", str(out)])
    assert code == 0, output
    assert "nowhere.png" in output and "/etc/passwd" in output
    data = b"".join(p.read_bytes() for p in out.iterdir())
    assert b"root:x:0:0" not in data
