"""WeChat blocks one by one: code, lists, tables, images, themes and the options under [wechat]."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SAMPLES
from lxml import html as lxml_html
from test_wechat import THEMES, config_with, fragment_of, write_article

from misidao_publish.cli import main
from misidao_publish.wechat_rules import check_fragment, declarations, find_fragment

CODE = '''```python
def steps(km: float) -> int:
    """按步幅估算。"""
    if km > 0:
        return round(km * 1000 / 0.7)

print(steps(5.5))  # 注释
```
'''


def tree(fragment: str) -> lxml_html.HtmlElement:
    return lxml_html.fragment_fromstring(fragment)


def style(el: lxml_html.HtmlElement) -> dict[str, str]:
    return dict(declarations(el.get("style", "")))


def test_code_is_highlighted_inline_with_br_lines_and_nbsp_indents(tmp_path: Path) -> None:
    fragment, _, _ = fragment_of(write_article(tmp_path, CODE), config_with(tmp_path))
    assert check_fragment(fragment) == []
    code = tree(fragment).find(".//pre/code")
    inner = lxml_html.tostring(code, encoding="unicode")
    assert "\n" not in inner and "  " not in inner
    assert inner.count("<br>") == 5  # six lines, the blank one kept
    spans = code.findall(".//span")
    colours = {style(s).get("color") for s in spans}
    assert len(colours) >= 4, colours  # keywords, names, numbers, strings, comments differ
    assert all(c and c.replace(" ", "") not in ("#000", "#000000", "rgb(0,0,0)") for c in colours)
    # Indents are no-break spaces at the start of the line: 4 before the docstring, 8 before return.
    lines = [re.sub(r"<[^>]+>", "", line) for line in inner.split("<br>")]
    indents = [len(line) - len(line.lstrip("\xa0")) for line in lines]
    assert indents == [0, 4, 4, 8, 1, 0]  # the blank line is one no-break space, so it keeps its height
    wrappers = [a for a in code.iterancestors() if style(a).get("overflow-x") == "auto"]
    assert wrappers, "code must scroll sideways inside an overflow-x:auto section"
    assert code.text_content().replace("\xa0", " ").startswith("def steps(km: float) -> int:")


def test_code_title_bar_and_line_numbers(tmp_path: Path) -> None:
    config = config_with(tmp_path, '[wechat]\nmac_bar = true\nline_numbers = true\ncode_theme = "monokai"\n')
    fragment, _, _ = fragment_of(write_article(tmp_path, CODE), config)
    assert check_fragment(fragment) == []
    root = tree(fragment)
    svg = root.find(".//svg")
    assert svg is not None and len(svg.findall("circle")) == 3 and int(svg.get("width")) <= 677
    assert "python" in root.text_content()
    numbers = re.findall(r"(\d+)\xa0\xa0", root.find(".//pre/code").text_content())
    assert numbers == [str(n) for n in range(1, 7)]
    # monokai is dark: its background is on the container, its text light.
    pre = root.find(".//pre")
    assert style(pre)["background-color"].lower() == "#272822"


def test_unknown_language_is_plain_code(tmp_path: Path) -> None:
    fragment, _, _ = fragment_of(write_article(tmp_path, "```nosuchlang\na  b\n```\n"), config_with(tmp_path))
    code = tree(fragment).find(".//pre/code")
    assert code.findall(".//span") == [] and code.text_content() == "a\xa0\xa0b"


LISTS = """1. 一级甲
   - 二级乙
     - 三级丙
       1. 四级丁
       2. 四级戊
2. 一级己

段落。

- 松散一

  第二段

- 松散二
"""


def test_lists_keep_text_markers_two_levels_and_no_li_p(tmp_path: Path) -> None:
    fragment, _, _ = fragment_of(write_article(tmp_path, LISTS), config_with(tmp_path))
    assert check_fragment(fragment) == []
    root = tree(fragment)
    for li in root.iter("li"):
        assert sum(1 for a in li.iterancestors() if a.tag in ("ul", "ol")) <= 2
        assert all(child.tag != "p" for child in li)
    for lst in root.iter("ul", "ol"):
        assert style(lst).get("list-style-type") == "none"  # the marker is text, not list-style
    text = root.text_content()
    assert "1.一级甲" in text and "2.一级己" in text and "◦二级乙" in text
    assert "▪三级丙" in text and "1.四级丁" in text and "2.四级戊" in text  # flattened, still marked
    deep = [s for s in root.iter("section") if s.text_content().endswith("三级丙")][-1]
    assert deep.getparent().tag == "li" and float(style(deep)["padding-left"].rstrip("em")) > 1.6
    loose = [li for li in root.iter("li") if "松散一" in li.text_content()][0]
    assert [c.tag for c in loose] == ["section", "section"] and "第二段" in loose.text_content()


def test_table_scrolls_and_has_a_styled_header(tmp_path: Path) -> None:
    fragment, _, _ = fragment_of(SAMPLES / "features.md")
    table = tree(fragment).find(".//table")
    assert style(table.getparent()).get("overflow-x") == "auto"
    th = table.find(".//th")
    assert "background-color" in style(th) and style(th).get("font-weight") == "bold"
    assert style(table.findall(".//td")[1]).get("text-align") == "right"


def test_images_https_kept_with_size_and_caption_local_listed(tmp_path: Path) -> None:
    (tmp_path / "local.png").write_bytes((SAMPLES / "images" / "xiangjiang.png").read_bytes())
    body = ("![江上晚霞](https://example.com/sunset.jpg)\n\n![本地图](local.png)\n\n"
            "行内图 ![小图](http://example.com/small.png) 在此。\n")
    fragment, uploads, _ = fragment_of(write_article(tmp_path, body), config_with(tmp_path))
    assert check_fragment(fragment) == []
    root = tree(fragment)
    imgs = root.findall(".//img")
    assert [i.get("src") for i in imgs] == ["https://example.com/sunset.jpg"]
    assert style(imgs[0]).get("max-width") == "100%" and style(imgs[0]).get("height") == "auto"
    assert imgs[0].getnext().text_content() == "江上晚霞"  # the caption, from the alt text
    assert uploads == ["local.png", "http://example.com/small.png"]
    assert "data:" not in fragment and "上传图片 local.png：本地图" in root.text_content()


def test_raw_html_images_get_their_size_in_style(tmp_path: Path) -> None:
    body = '<p><img src="https://example.com/a.png" width="300" height="200" alt="x"></p>\n'
    fragment, _, _ = fragment_of(write_article(tmp_path, body), config_with(tmp_path))
    img = tree(fragment).find(".//img")
    assert img.get("width") is None and style(img)["width"] == "300px" and style(img)["max-width"] == "100%"
    assert check_fragment(fragment) == []


# ------------------------------------------------------------------ themes
def test_layouts_lists_every_theme_with_a_description(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(main, ["layouts"])
    assert result.exit_code == 0
    lines = dict(line.split("\t", 1) for line in result.output.strip().splitlines())
    for theme in THEMES:
        assert theme in lines and len(lines[theme]) > 10, lines


def test_themes_differ_and_avoid_dark_mode_traps(tmp_path: Path) -> None:
    fragments = {}
    for theme in THEMES:
        fragment, _, _ = fragment_of(SAMPLES / "features.md", config_with(tmp_path, layout=theme))
        assert "gradient" not in fragment  # WeChat's dark mode cannot recolour text over gradients
        fragments[theme] = fragment
    assert len(set(fragments.values())) == len(THEMES)
    assert "serif" in style(tree(fragments["shuxiang"]))["font-family"]


@pytest.mark.parametrize("theme", THEMES)
def test_theme_takes_colour_size_and_extra_css(tmp_path: Path, theme: str) -> None:
    (tmp_path / "extra.css").write_text(".h2 { letter-spacing: 3px; }\n", encoding="utf-8")
    config = config_with(tmp_path, '[wechat]\nprimary_color = "rgb(12, 96, 160)"\nfont_size = 17\n'
                                   'extra_css = "extra.css"\n', layout=theme)
    fragment, _, _ = fragment_of(SAMPLES / "features.md", config)
    root = tree(fragment)
    assert style(root)["font-size"] == "17px"
    h2 = root.find(".//h2")
    assert style(h2)["letter-spacing"] == "3px"
    assert "rgb(12, 96, 160)" in fragment
    assert check_fragment(fragment) == []


def test_unknown_layout_is_one_line_error(tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(main, ["build", str(SAMPLES / "yongzhou.md"), "-f", "wechat", "--layout", "nope",
                                  "-o", str(tmp_path)])
    assert result.exit_code != 0 and "unknown layout 'nope'" in result.output and "Traceback" not in result.output
    assert not list(tmp_path.iterdir())


def test_unknown_code_theme_is_one_line_config_error(tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    config_with(tmp_path, '[wechat]\ncode_theme = "nosuchstyle"\n')
    source = write_article(tmp_path, CODE)
    result = runner.invoke(main, ["build", str(source), "-f", "wechat", "-o", str(tmp_path / "out")])
    assert result.exit_code != 0 and "code_theme: unknown Pygments style 'nosuchstyle'" in result.output
    assert result.output.count("\n") == 1 and not (tmp_path / "out" / "a.wechat.html").exists()


def test_own_qr_pictures_are_uploads_and_the_cli_lists_them(tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "alipay.png").write_bytes((SAMPLES / "images" / "xiangjiang.png").read_bytes())
    text = (SAMPLES / "misidao.toml").read_text(encoding="utf-8")
    text = text.replace('url = "https://qr.alipay.com/fkx10000misidaosample"', 'image = "alipay.png"')
    (tmp_path / "misidao.toml").write_text(text, encoding="utf-8")
    source = write_article(tmp_path, "正文。\n\n![本地图](alipay.png)\n")
    result = runner.invoke(main, ["build", str(source), "-f", "wechat", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "Upload these images in the WeChat editor: alipay.png\n" in result.output  # listed once
    page = (tmp_path / "out" / "a.wechat.html").read_text(encoding="utf-8")
    fragment = find_fragment(page)
    assert check_fragment(fragment) == [] and "<img" not in fragment
    assert fragment.count("<svg") == 1  # the WeChat Pay code is still drawn from its URL


@pytest.mark.parametrize(("style", "expected"), [
    ("margin: 0 auto; color: #000", "margin-top: 0; margin-right: auto; margin-bottom: 0; margin-left: auto; "
                                    "color: rgb(34, 34, 34);"),
    ("padding: 1px 2px 3px; position: fixed; top: 0", "padding-top: 1px; padding-right: 2px; padding-bottom: 3px; "
                                                      "padding-left: 2px;"),
    ("display: flex; color: var(--x); float: left; z-index: 9", ""),
    ("color: red !important; color: blue", "color: blue;"),
    ("border-left-color: black; background-color: rgb(0,0,0)",
     "border-left-color: rgb(34, 34, 34); background-color: rgb(34, 34, 34);"),
    ("color: #0000ff", "color: #0000ff;"),
    ("background-image: linear-gradient(red, blue); background-color: rgb(250, 240, 230)",
     "background-color: rgb(250, 240, 230);"),
])
def test_fix_style_keeps_only_what_the_editor_keeps(style: str, expected: str) -> None:
    from misidao_publish.writers.wechat_fix import fix_style

    assert fix_style(style) == expected


def test_builds_check_the_rules_and_strict_fails_on_a_too_long_article(tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    config_with(tmp_path)
    source = write_article(tmp_path, "\n\n".join("很长的文章。" * 40 for _ in range(90)))  # 21,600 characters
    result = runner.invoke(main, ["build", str(source), "-f", "wechat", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0 and "WeChat paste rule 12:" in result.output
    strict = runner.invoke(main, ["build", str(source), "-f", "wechat", "-o", str(tmp_path / "strict"), "--strict"])
    assert strict.exit_code == 1 and "rule 12" in strict.output and "Traceback" not in strict.output
    assert not (tmp_path / "strict" / "a.wechat.html").exists()


def test_raw_html_pictures_and_links_the_editor_refuses(tmp_path: Path) -> None:
    body = ('<p>图：<img src="http://example.com/raw.png" alt="原图">，'
            '<a href="https://example.com/page">外链文字</a>，<a href="https://mp.weixin.qq.com/s/x">公众号</a></p>\n')
    fragment, uploads, article = fragment_of(write_article(tmp_path, body), config_with(tmp_path))
    assert check_fragment(fragment) == []
    assert "http://example.com/raw.png" in uploads and "<img" not in fragment
    root = tree(fragment)
    assert "〔请在此处上传图片 http://example.com/raw.png：原图〕" in root.text_content()
    assert "外链文字" in root.text_content() and 'href="https://example.com/page"' not in fragment
    assert [a.get("href") for a in root.iter("a")] == ["https://mp.weixin.qq.com/s/x"]
    from misidao_publish.wechat_text import check_text
    assert check_text(fragment, article, config_with(tmp_path)) == []


def test_fields_over_the_editors_limits_are_warned(tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    config_with(tmp_path)
    source = write_article(tmp_path, "---\ntitle: " + "长" * 65 + "\nauthor: 米思岛编辑部的老朋友们\n---\n\n正文。\n")
    result = runner.invoke(main, ["build", str(source), "-f", "wechat", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert "标题 has 65 characters; the WeChat editor takes 64" in result.output
    assert "作者 has 11 characters; the WeChat editor takes 8" in result.output
    page = (tmp_path / "out" / "a.wechat.html").read_text(encoding="utf-8")
    assert page.count('class="field-count over"') == 2


def test_links_become_notes_and_bare_urls_plain_text(tmp_path: Path) -> None:
    body = ("见[报道](https://example.com/a)、再见[报道](https://example.com/a)、"
            "<https://example.com/bare> 与[公众号](https://mp.weixin.qq.com/s/abc)。\n")
    fragment, _, _ = fragment_of(write_article(tmp_path, body), config_with(tmp_path))
    root = tree(fragment)
    text = root.text_content()
    assert "见报道[1]、再见报道[1]、https://example.com/bare与公众号。" in re.sub(r"\s+", "", text)
    assert "参考链接" in text and "[1]报道：https://example.com/a" in re.sub(r"\s+", "", text)
    assert "[2]" not in text  # the bare URL is already readable: no note for it
    assert [a.get("href") for a in root.iter("a")] == ["https://mp.weixin.qq.com/s/abc"]
    assert root.find(".//sup") is not None


def test_raw_html_pre_keeps_its_lines(tmp_path: Path) -> None:
    body = "<pre><span>first  line</span>\n<span>second</span>\n</pre>\n\n后文。\n"
    fragment, _, _ = fragment_of(write_article(tmp_path, body), config_with(tmp_path))
    assert check_fragment(fragment) == []
    assert "<pre><span>first&nbsp;&nbsp;line</span><br><span>second</span></pre>" in fragment
