"""Hostile input: every case ends in a one-line error naming the file or a build with a warning —
never a traceback, a hang, a half-written output, or anything from outside the project in an output."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from misidao_publish.cli import main
from misidao_publish.wechat_rules import check_fragment, find_fragment

SECRET = "TOP-SECRET-outside-the-project"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file outside the project folder that must never reach an output."""
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    return secret


def build(tmp_path: Path, text: str | bytes, formats: str = "epub,pdf,wechat", name: str = "a.md",
          extra: list[str] | None = None) -> tuple[int, str, Path]:
    project = tmp_path / "project"
    project.mkdir(exist_ok=True)
    source = project / name
    if isinstance(text, bytes):
        source.write_bytes(text)
    else:
        source.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(source), "-f", formats, "-o", str(out), *(extra or [])])
    assert "Traceback" not in result.output
    assert not list(out.glob("*.part")) if out.exists() else True
    return result.exit_code, result.output, out


def outputs_text(out: Path) -> str:
    """Everything the outputs contain, EPUB entries unpacked, as one string."""
    parts = []
    for path in out.iterdir():
        if path.suffix == ".epub":
            with zipfile.ZipFile(path) as zf:
                parts.extend(zf.read(n).decode("utf-8", "replace") for n in zf.namelist()
                             if n.endswith((".xhtml", ".opf", ".ncx", ".css", ".xml")))
        elif path.suffix == ".pdf":
            import subprocess
            parts.append(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout)
        else:
            parts.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(parts)


def assert_one_line_error(code: int, output: str, out: Path, *needles: str) -> None:
    assert code != 0
    errors = [line for line in output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, output
    for needle in needles:
        assert needle in errors[0], (needle, errors[0])
    assert not out.exists() or not any(out.iterdir())


# ----------------------------------------------------------------------------- files that are not articles

@pytest.mark.parametrize("data,needle", [
    (b"", "empty"),
    (b"   \n\n", "empty"),
    (b"\x7fELF\x02\x01\x01" + bytes(64), "binary"),
    (b"\xd5\xfd\xce\xc4 GBK? \xff\xfe\xfd", "offset 10"),
])
def test_not_an_article(tmp_path: Path, data: bytes, needle: str) -> None:
    code, output, out = build(tmp_path, data)
    assert_one_line_error(code, output, out, "a.md", needle)


def test_oversized_source_is_refused_clearly(tmp_path: Path) -> None:
    code, output, out = build(tmp_path, "# 大\n\n" + "很长的文章。" * 1_800_000)  # about 32 MB of UTF-8
    assert_one_line_error(code, output, out, "a.md", "30.9 MB", "20 MB limit", "max_mb")


def test_size_limit_is_configurable(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "misidao.toml").write_text("[import]\nmax_mb = 0.5\n", encoding="utf-8")
    code, output, out = build(tmp_path, "# 中\n\n" + "一段正文。" * 40_000)  # about 0.6 MB
    assert_one_line_error(code, output, out, "a.md", "0.5 MB limit")
    (project / "misidao.toml").write_text("[import]\nmax_mb = 2\n", encoding="utf-8")
    code, output, out = build(tmp_path, "# 中\n\n" + "一段正文。" * 40_000, formats="wechat")
    assert code == 0, output  # under the raised limit it builds (with a rule-12 warning: too long to paste)


# ----------------------------------------------------------------------------- front matter

@pytest.mark.parametrize("front,needle", [
    ("title: [1, 2]", "a.md:2"),
    ("date: 不是日期", "a.md:2"),
    ("title: !!python/object/apply:os.system ['touch /tmp/pwned-misidao']", "a.md:2"),
    ("title: &a [*a, *a]\ntags: {x: 1}", "a.md"),
    ("tags: 3\ntip: maybe", "a.md"),
])
def test_front_matter_abuse(tmp_path: Path, front: str, needle: str) -> None:
    code, output, out = build(tmp_path, f"---\n{front}\n---\n\n正文。\n")
    assert_one_line_error(code, output, out, needle)
    assert not Path("/tmp/pwned-misidao").exists()


# ----------------------------------------------------------------------------- structure bombs

@pytest.mark.parametrize("body", [
    ">" * 5000 + " 深引用\n",
    "".join("  " * i + "- 层\n" for i in range(3000)),
    "| " + " | ".join(f"列{i}" for i in range(400)) + " |\n|" + "---|" * 400 + "\n| " + " | ".join("x" * 1 for _ in range(400)) + " |\n",
    "[" * 10000 + "x" + "]" * 10000 + "\n",
    "*" * 20000 + "\n",
])
def test_structure_bombs_build_or_fail_cleanly(tmp_path: Path, body: str) -> None:
    code, output, out = build(tmp_path, "# 题\n\n" + body)
    if code == 0:
        assert all(line.startswith(("Warning:", "dist", str(out), "Upload")) or not line.strip()
                   for line in output.splitlines()), output
    else:
        assert_one_line_error(code, output, out, "a.md")


def test_huge_title_is_refused(tmp_path: Path) -> None:
    code, output, out = build(tmp_path, f"---\ntitle: {'长' * 20000}\n---\n\n正文。\n")
    assert_one_line_error(code, output, out, "a.md:2", "20000 characters")
    code, output, out = build(tmp_path, f"# {'长' * 20000}\n\n正文。\n")
    assert_one_line_error(code, output, out, "a.md", "20000 characters")


def test_control_and_bidi_characters_are_dropped(tmp_path: Path) -> None:
    body = "---\ntitle: 控制\x01标题\u202e\n---\n\n控制\x01字符\x07与\u202e反向\u202c覆盖\u200b零宽。\n"
    code, output, out = build(tmp_path, body)
    assert code == 0, output
    text = outputs_text(out)
    assert "\x01" not in text and "\x07" not in text and "\u202e" not in text
    fragment = find_fragment((out / "a.wechat.html").read_text(encoding="utf-8"))
    assert check_fragment(fragment) == []


def test_emoji_and_characters_outside_the_fonts_warn(tmp_path: Path) -> None:
    code, output, out = build(tmp_path, "# 表情\n\n笑😀与𪚥。\n")
    assert code == 0
    assert "U+1F600" in output and "U+2A6A5" in output
    code, output, out = build(tmp_path, "# 表情\n\n笑😀。\n", extra=["--strict"])
    assert code != 0 and "U+1F600" in output


# ----------------------------------------------------------------------------- escaping the project

def test_images_outside_the_project_never_reach_outputs(tmp_path: Path, outside: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "link.png").symlink_to(outside)
    body = (f"# 图\n\n![a](../secret.txt)\n\n![b]({outside})\n\n![c](file://{outside})\n\n![d](link.png)\n\n"
            "![e](/etc/passwd)\n\n![f](missing.png)\n\n![g](https://example.invalid/x.png)\n")
    code, output, out = build(tmp_path, body)
    assert code == 0, output
    text = outputs_text(out)
    assert SECRET not in text and "root:x:0:0" not in text
    for needle in ("secret.txt", "link.png", "/etc/passwd", "missing.png"):
        assert needle in output, needle


def test_remote_stylesheets_and_images_are_not_fetched(tmp_path: Path) -> None:
    body = ('# 远程\n\n<link rel="stylesheet" href="https://example.invalid/x.css">\n\n'
            '<img src="http://10.255.255.1/x.png">\n\n![远](https://example.invalid/y.png)\n')
    code, output, out = build(tmp_path, body)
    assert code == 0, output


# ----------------------------------------------------------------------------- raw HTML

HOSTILE_HTML = """# 标题

<script>alert('body')</script>

<div onclick="steal()" style="position:fixed;top:0;left:0;width:100%;height:100%">覆盖层</div>

<iframe src="https://evil.example/"></iframe>

正文<a href="javascript:alert(1)">点我</a>，<img src=x onerror="alert(2)">，<span style="position:absolute">浮</span>。

[链接](javascript:alert(3)) 与 <svg onload="alert(4)"><script>alert(5)</script></svg>
"""


def test_raw_html_is_sanitised_in_all_outputs(tmp_path: Path) -> None:
    code, output, out = build(tmp_path, HOSTILE_HTML)
    assert code == 0, output
    for path in out.iterdir():
        if path.suffix == ".pdf":
            continue
        if path.suffix == ".epub":
            with zipfile.ZipFile(path) as zf:
                text = "\n".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist() if n.endswith(".xhtml"))
        else:
            text = find_fragment(path.read_text(encoding="utf-8"))
        lowered = text.lower()
        for bad in ("<script", "onclick", "onerror", "onload", "<iframe", 'href="javascript:', "position:fixed",
                    "position: fixed", "position:absolute"):
            assert bad not in lowered, (path.name, bad)
    assert "覆盖层" in outputs_text(out)


def test_front_matter_html_is_text_not_markup(tmp_path: Path) -> None:
    body = '---\ntitle: "<script>alert(1)</script>标题"\nauthor: "<img src=x onerror=alert(1)>"\n---\n\n正文。\n'
    code, output, out = build(tmp_path, body)
    assert code == 0, output
    for path in out.iterdir():
        if path.suffix == ".epub":
            with zipfile.ZipFile(path) as zf:
                text = "\n".join(zf.read(n).decode() for n in zf.namelist() if n.endswith((".xhtml", ".opf", ".ncx")))
        elif path.suffix == ".html":
            text = path.read_text(encoding="utf-8")
        else:
            continue
        assert "<script>alert" not in text and "<img src=x" not in text, path.name


# ----------------------------------------------------------------------------- output trouble

def test_unwritable_output_folder(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        blocker = tmp_path / "blocker"
        blocker.write_text("a file where a folder should be")
        out = blocker / "out"
    else:
        out = tmp_path / "ro"
        out.mkdir()
        out.chmod(0o500)
    project = tmp_path / "project"
    project.mkdir()
    (project / "a.md").write_text("# 题\n\n正文。\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(project / "a.md"), "-o", str(out), "-f", "wechat"])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert str(out) in result.output


def test_disk_full_leaves_nothing_half_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A write that fails part-way (ENOSPC) leaves neither a partial output nor a temporary file."""
    import errno

    real_write = Path.write_bytes

    def half_then_full(self: Path, data: bytes) -> int:
        real_write(self, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    project = tmp_path / "project"
    project.mkdir()
    (project / "a.md").write_text("# 题\n\n正文。\n", encoding="utf-8")
    out = tmp_path / "out"
    monkeypatch.setattr(Path, "write_bytes", half_then_full)
    result = CliRunner().invoke(main, ["build", str(project / "a.md"), "-o", str(out), "-f", "epub,wechat"])
    monkeypatch.undo()
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "No space left on device" in result.output and "a.epub" in result.output
    assert not out.exists() or list(out.iterdir()) == []
