"""The print PDF as a print shop checks it: boxes, marks, variants, metadata, reproducibility, errors."""

from __future__ import annotations

import re
import subprocess
import zlib
from pathlib import Path

import pytest
from conftest import SAMPLES, require

from misidao_publish.cli import main
from misidao_publish.render.pdf import PAGE_SIZES, parse_page_size

MM = 72 / 25.4


def boxes(pdf: Path) -> dict[str, list[float]]:
    """``pdfinfo -box`` of the first page: box name → [x0, y0, x1, y1] in points."""
    out = subprocess.run(["pdfinfo", "-box", str(pdf)], capture_output=True, text=True, check=True).stdout
    found = {}
    for line in out.splitlines():
        match = re.match(r"(\w+Box):\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)", line)
        if match:
            found[match.group(1)] = [float(v) for v in match.groups()[1:]]
    return found


def build(runner, out: Path, *options: str, source: str = "features.md") -> Path:  # type: ignore[no-untyped-def]
    result = runner.invoke(main, ["build", str(SAMPLES / source), "-f", "pdf", "-o", str(out), "--strict", *options],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out / (Path(source).stem + ".pdf")


def pdf_bytes_text(pdf: Path) -> bytes:
    """The file with its Flate streams inflated, to look for catalog entries and XMP."""
    data = pdf.read_bytes()
    out = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.DOTALL):
        try:
            out.append(zlib.decompress(match.group(1)))
        except zlib.error:
            pass
    return b"\n".join(out)


def test_page_sizes_parse() -> None:
    assert parse_page_size("A5") == (148, 210)
    assert parse_page_size("a4") == (210, 297)
    assert parse_page_size("16开") == (185, 260)
    assert parse_page_size("32开") == (130, 184)
    assert parse_page_size("B5") == PAGE_SIZES["B5"]
    assert parse_page_size("170x240") == (170, 240)
    assert parse_page_size("170×240mm") == (170, 240)
    assert parse_page_size("letter") is None
    assert parse_page_size("10x10") is None


def test_bleed_and_crop_marks_boxes(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    require("pdfinfo")
    pdf = build(runner, tmp_path, "--page-size", "16开", "--bleed", "3mm", "--crop-marks")
    box = boxes(pdf)
    trim, media, bleed = box["TrimBox"], box["MediaBox"], box["BleedBox"]
    assert trim[2] - trim[0] == pytest.approx(185 * MM, abs=0.05)
    assert trim[3] - trim[1] == pytest.approx(260 * MM, abs=0.05)
    assert media[2] - media[0] == pytest.approx((185 + 6) * MM, abs=0.05)
    assert media[3] - media[1] == pytest.approx((260 + 6) * MM, abs=0.05)
    assert bleed[0] < trim[0] and bleed[2] > trim[2], "BleedBox must reach beyond the trim"
    # Crop marks are drawn in the bleed corners, outside the trim: dark pixels there, none without marks.
    plain = build(runner, tmp_path / "plain", "--page-size", "16开", "--bleed", "3mm")
    assert _corner_ink(pdf) > 0 and _corner_ink(plain) == 0


def _corner_ink(pdf: Path) -> int:
    from PIL import Image  # noqa: PLC0415

    png = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(png)], check=True)
    image = Image.open(str(png) + ".png").convert("L")
    bleed = int(3 / 25.4 * 150) - 2  # the top bleed band at 150 dpi, in pixels, kept clear of the trim line
    band = image.crop((0, 0, image.width, bleed))
    return sum(1 for value in band.tobytes() if value < 128)


def test_default_pdf_trim_is_a5_without_bleed(built_samples: Path) -> None:
    require("pdfinfo")
    box = boxes(built_samples / "yongzhou.pdf")
    assert box["TrimBox"] == box["MediaBox"]
    assert box["TrimBox"][2] - box["TrimBox"][0] == pytest.approx(148 * MM, abs=0.05)


@pytest.mark.parametrize("variant,marker", [("pdf/a-2b", b"pdfaid:part"), ("pdf/x-4", b"pdfxid:GTS_PDFXVersion")])
def test_variants_declare_themselves_with_srgb_intent(runner, tmp_path: Path, variant: str, marker: bytes) -> None:  # type: ignore[no-untyped-def]
    require("qpdf")
    pdf = build(runner, tmp_path, "--pdf-variant", variant, source="yongzhou.md")
    check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    raw = pdf_bytes_text(pdf)
    assert marker in raw
    if variant == "pdf/a-2b":
        assert re.search(rb"pdfaid:part[>=\"']+2", raw) and re.search(rb"pdfaid:conformance[>=\"']+B", raw)
        assert b"/GTS_PDFA1" in raw
    else:
        assert b"PDF/X-4" in raw and b"/GTS_PDFX" in raw
    assert b"sRGB" in raw, "the output intent must be sRGB"


def test_metadata_and_reproducible_dates(runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    require("pdfinfo")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = build(runner, tmp_path / "a", source="yongzhou.md")
    second = build(runner, tmp_path / "b", source="yongzhou.md")
    assert first.read_bytes() == second.read_bytes(), "two builds of one source must be byte-identical"
    info = subprocess.run(["pdfinfo", "-isodates", str(first)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert fields["Title"].strip() == "历尽天华成此景——永州经开区巩固国家卫生城市成果纪实"
    for name in ("Author", "Subject", "Keywords"):
        assert fields[name].strip(), f"{name} missing"
    assert fields["CreationDate"].strip().startswith("2023-11-14T22:13:20")
    assert fields["ModDate"].strip().startswith("2023-11-14T22:13:20")
    assert b"/Lang (zh-CN)" in pdf_bytes_text(first)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    third = build(runner, tmp_path / "c", source="yongzhou.md")
    assert third.read_bytes() != first.read_bytes()


def test_qpdf_check_clean(built_samples: Path) -> None:
    require("qpdf")
    for pdf in built_samples.glob("*.pdf"):
        check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr


def test_bad_print_options_are_one_line_errors(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(main, ["build", str(SAMPLES / "features.md"), "-f", "pdf", "-o", str(tmp_path),
                                  "--page-size", "foolscap"])
    assert result.exit_code != 0
    assert "page_size" in result.output and "Traceback" not in result.output
    assert not list(tmp_path.glob("*.pdf")), "nothing half-written"
    result = runner.invoke(main, ["build", str(SAMPLES / "features.md"), "-o", str(tmp_path), "--bleed", "three"])
    assert result.exit_code != 0 and "--bleed" in result.output


def test_missing_glyphs_named_and_fatal_under_strict(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "glyphs.md"
    source.write_text("---\ntitle: 缺字\n---\n\n古埃及文字𓀀在这里没有字形。\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(source), "-f", "pdf", "-o", str(out), "--strict"])
    assert result.exit_code != 0
    assert "𓀀 (U+13000)" in result.output and "glyphs.md" in result.output
    assert not (out / "glyphs.pdf").exists()
    result = runner.invoke(main, ["build", str(source), "-f", "pdf", "-o", str(out)])
    assert result.exit_code == 0 and (out / "glyphs.pdf").exists()


@pytest.mark.parametrize("size", ["A5", "A4", "B5", "16开", "32开", "170x240"])
def test_text_block_is_whole_characters_with_the_wider_gutter(size: str) -> None:
    from misidao_publish.config import load_config  # noqa: PLC0415
    from misidao_publish.render.pdf import PT_TO_MM, geometry  # noqa: PLC0415

    config = load_config(None, {"pdf.page_size": size})
    page = geometry(config)
    block = page.width - page.margin_inner - page.margin_outer
    assert block == pytest.approx(page.chars_per_line * config.pdf.font_size * PT_TO_MM, abs=0.002)
    assert page.margin_inner > page.margin_outer


@pytest.mark.parametrize("toml,message", [
    ('[pdf]\nvariant = "pdf/z"\n', "pdf.variant: unknown variant 'pdf/z'"),
    ("[pdf]\nbleed = 30\n", "pdf.bleed: 30 mm is outside"),
    ("[pdf]\nmargin_inner = 90\n", "pdf.margin_inner: 90 mm does not fit"),
])
def test_bad_pdf_config_names_the_file(runner, tmp_path: Path, toml: str, message: str) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "misidao.toml").write_text(toml, encoding="utf-8")
    (tmp_path / "a.md").write_text("---\ntitle: 测试\n---\n\n正文。\n", encoding="utf-8")
    result = runner.invoke(main, ["build", str(tmp_path / "a.md"), "-f", "pdf", "-o", str(tmp_path / "out")])
    assert result.exit_code != 0
    assert message in result.output and "misidao.toml" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "out" / "a.pdf").exists()
