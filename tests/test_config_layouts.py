"""Configuration, user layouts and the tip page options, through the CLI."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from click.testing import CliRunner
from conftest import SAMPLES, pdffonts, pdftotext, require

from misidao_publish.cli import main
from misidao_publish.wechat_rules import find_fragment


def project(tmp_path: Path, toml: str, body: str = "# 标题\n\n正文一段。\n") -> Path:
    (tmp_path / "misidao.toml").write_text(toml, encoding="utf-8")
    source = tmp_path / "a.md"
    source.write_text(body, encoding="utf-8")
    return source


def test_several_sources_chosen_formats(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(SAMPLES / "yongzhou.md"), str(SAMPLES / "features.md"),
                                       "-f", "epub,pdf", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["features.epub", "features.pdf", "yongzhou.epub", "yongzhou.pdf"]


def test_user_layouts_dir_overrides_by_name(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    (mine / "wechat").mkdir(parents=True)
    ours = Path(__file__).resolve().parents[1] / "layouts" / "wechat" / "fragment.html.j2"
    text = ours.read_text(encoding="utf-8").replace("{{ doc.body }}", "<p>自定义开头</p>{{ doc.body }}")
    (mine / "wechat" / "fragment.html.j2").write_text(text, encoding="utf-8")
    source = project(tmp_path, 'layouts_dir = "mine"\n')
    result = CliRunner().invoke(main, ["build", str(source), "-f", "wechat", "-o", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    fragment = find_fragment((tmp_path / "o" / "a.wechat.html").read_text(encoding="utf-8"))
    assert "自定义开头" in fragment and "正文一段" in fragment


def test_broken_user_layout_is_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "mine" / "wechat").mkdir(parents=True)
    (tmp_path / "mine" / "wechat" / "fragment.html.j2").write_text("{% if %}\n", encoding="utf-8")
    source = project(tmp_path, 'layouts_dir = "mine"\n')
    result = CliRunner().invoke(main, ["build", str(source), "-f", "wechat", "-o", str(tmp_path / "o")])
    assert result.exit_code != 0 and "fragment.html.j2:1" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


def test_tip_off_in_front_matter_and_config(tmp_path: Path) -> None:
    source = project(tmp_path, "tip = false\n")
    result = CliRunner().invoke(main, ["build", str(source), "-f", "wechat,epub", "-o", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert "打赏" not in (tmp_path / "o" / "a.wechat.html").read_text(encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "o" / "a.epub") as zf:
        assert "OEBPS/tip.xhtml" not in zf.namelist()
    source.write_text("---\ntitle: 题\ntip: false\n---\n\n正文。\n", encoding="utf-8")
    (tmp_path / "misidao.toml").write_text("", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(source), "-f", "wechat", "-o", str(tmp_path / "p")])
    assert "觉得文章有用" not in (tmp_path / "p" / "a.wechat.html").read_text(encoding="utf-8")


def test_tip_with_own_qr_image(tmp_path: Path) -> None:
    shutil.copy(SAMPLES / "images" / "xiangjiang.png", tmp_path / "qr.png")
    source = project(tmp_path, '[tip]\nheading = "请作者喝茶"\n[[tip.methods]]\nname = "扫我"\nimage = "qr.png"\n')
    result = CliRunner().invoke(main, ["build", str(source), "-f", "epub,wechat", "-o", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(tmp_path / "o" / "a.epub") as zf:
        tip = zf.read("OEBPS/tip.xhtml").decode()
        assert "请作者喝茶" in tip and "扫我" in tip
        src = re.search(r'<img class="tip-image" src="(images/[^"]+\.png)"', tip)
        assert src, tip
        assert zf.read(f"OEBPS/{src.group(1)}") == (tmp_path / "qr.png").read_bytes()
    page = (tmp_path / "o" / "a.wechat.html").read_text(encoding="utf-8")
    assert "qr.png" in page  # listed for upload


def test_missing_tip_image_is_a_config_error(tmp_path: Path) -> None:
    source = project(tmp_path, '[[tip.methods]]\nname = "扫我"\nimage = "nope.png"\n')
    result = CliRunner().invoke(main, ["build", str(source), "-f", "epub", "-o", str(tmp_path / "o")])
    assert result.exit_code != 0 and "misidao.toml" in result.output and "tip.methods[0].image" in result.output


def test_builds_on_a_machine_without_any_font(tmp_path: Path) -> None:
    """Outputs never depend on the machine's fonts: hide them all from fontconfig."""
    require("pdffonts")
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><fontconfig><dir>/nonexistent</dir>'
                    f"<cachedir>{tmp_path}/fc-cache</cachedir></fontconfig>", encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    result = subprocess.run([sys.executable, "-m", "misidao_publish", "build", str(SAMPLES / "features.md"),
                             "-f", "pdf", "-o", str(tmp_path / "o"), "--strict"],
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""
    rows = pdffonts(tmp_path / "o" / "features.pdf")
    assert {r["name"].split("+")[1] for r in rows} == {"Misidao-Serif", "Misidao-Serif-Bold", "Misidao-Sans",
                                                       "Misidao-Sans-Bold", "Misidao-Half-Marks"}
    assert "𠮷" in pdftotext(tmp_path / "o" / "features.pdf")


def test_wechat_preview_brings_its_own_chinese_fonts(tmp_path: Path) -> None:
    """The preview page (not the fragment) carries subset fallbacks, so it shows Chinese even
    where the machine has no CJK font; a local font of the same name still wins."""
    import base64
    import io

    from fontTools.ttLib import TTFont

    result = CliRunner().invoke(main, ["build", str(SAMPLES / "yongzhou.md"), "-f", "wechat", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "yongzhou.wechat.html").read_text(encoding="utf-8")
    fragment = find_fragment(page)
    assert "@font-face" not in fragment and "base64" not in fragment
    faces = re.findall(r'@font-face \{ font-family: "(Noto S\w+ CJK SC)"; font-weight: (\d+); '
                       r'src: local\("[^"]+"\), url\(data:font/otf;base64,([A-Za-z0-9+/=]+)\)', page)
    assert {(family, weight) for family, weight, _ in faces} == {
        ("Noto Sans CJK SC", "400"), ("Noto Sans CJK SC", "700"), ("Noto Serif CJK SC", "400"), ("Noto Serif CJK SC", "700")}
    cmap = TTFont(io.BytesIO(base64.b64decode(faces[0][2]))).getBestCmap()
    assert all(ord(ch) in cmap for ch in "历尽天华成此景复制到公众号")
