"""``import`` (any source → Markdown with front matter) and ``lint`` / ``lint --fix``."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from misidao_publish import readers
from misidao_publish.cli import main
from misidao_publish.config import load_config
from misidao_publish.model import Figure, Heading, Paragraph, plain_text
from misidao_publish.transforms.typography import apply_typography

from test_text_sources import HEADINGS, SEED, TITLE, needs_seed
from test_web_and_word import PAGE, png, word_file  # noqa: F401 - the fixture

FRONT = re.compile(r"^---\n(.*?)\n---\n", re.S)


def front(path: Path) -> dict:
    return yaml.safe_load(FRONT.match(path.read_text(encoding="utf-8")).group(1))


@needs_seed
def test_import_seed_round_trips(tmp_path: Path, runner) -> None:
    source = tmp_path / "seed.txt"
    source.write_bytes(SEED.read_bytes())
    result = runner.invoke(main, ["import", str(source)])
    assert result.exit_code == 0, result.output
    markdown = tmp_path / "seed.md"
    assert front(markdown) == {"title": TITLE, "source": "永州经开区"}
    config = load_config(None)
    direct = apply_typography(readers.read(source, config), config.typography)
    again = readers.read(markdown, config)
    assert again.meta.title == direct.meta.title and again.meta.source == direct.meta.source
    assert again.blocks == direct.blocks  # the Markdown reads back into the very same article
    assert [plain_text(b.children) for b in again.blocks if isinstance(b, Heading)] == HEADINGS
    # the imported file is already clean: lint finds nothing to change
    assert runner.invoke(main, ["lint", str(markdown)]).exit_code == 0
    # and import never overwrites silently
    second = runner.invoke(main, ["import", str(source)])
    assert second.exit_code != 0 and "already exists" in second.output
    assert runner.invoke(main, ["import", str(source), "--force"]).exit_code == 0


def test_import_web_page_keeps_metadata_and_remote_images(tmp_path: Path, runner) -> None:
    out = tmp_path / "page.md"
    result = runner.invoke(main, ["import", str(PAGE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = front(out)
    assert data["title"] == TITLE and data["author"] == "李文" and data["date"] == "2020-09-18"
    assert data["tags"] == ["卫生城市", "永州"]
    text = out.read_text(encoding="utf-8")
    assert "![湘江西路风光带](https://www.misidao.com/wp-content/uploads/2020/09/xiangjiang.jpg)" in text
    assert "**乘风破浪**" in text and "| 项目 | 数量 |" in text and "- “门前三包”专项整治" in text
    assert "> 历尽天华成此景，人间万事出艰辛。" in text
    assert "[经开区官网](https://www.yzjkq.gov.cn/news/1.html)" in text
    assert not (tmp_path / "page_images").exists()  # nothing local to copy


def test_import_word_copies_images_beside_markdown(word_file: Path, tmp_path: Path, runner) -> None:  # noqa: F811
    out = tmp_path / "edit" / "article.md"
    result = runner.invoke(main, ["import", str(word_file), "-o", str(out)])
    assert result.exit_code == 0, result.output
    images = sorted((tmp_path / "edit" / "article_images").iterdir())
    assert len(images) == 1 and images[0].read_bytes() == png(60, 30, (181, 69, 42))
    text = out.read_text(encoding="utf-8")
    assert f"](article_images/{images[0].name})" in text
    article = readers.read(out, load_config(None))
    figure = next(b for b in article.blocks if isinstance(b, Figure))
    assert figure.image.local == images[0].resolve()
    build = runner.invoke(main, ["build", str(out), "-o", str(tmp_path / "dist"), "-f", "wechat"])
    assert build.exit_code == 0, build.output


LINT_SOURCE = """---
title: 标题,不改:front matter
tags: [a, b]
---

# 第一章:开始

三十多年来,伴随着改革开放的大潮,**乘风破浪**,扬帆起航!

他说:"手机上这个小程序用起来蛮方便..."

代码 `print("a, b")` 不动,链接 [官网](https://example.com/a,b:c) 也不动。

```python
print("中文,不改")  # 注释:不改
```

- 列表项,第一
- 8,200 元和 3.14 不动

English sentence, with "quotes" stays.
"""

LINT_FIXED = """---
title: 标题,不改:front matter
tags: [a, b]
---

# 第一章：开始

三十多年来，伴随着改革开放的大潮，**乘风破浪**，扬帆起航！

他说：“手机上这个小程序用起来蛮方便……”

代码 `print("a, b")` 不动，链接 [官网](https://example.com/a,b:c) 也不动。

```python
print("中文,不改")  # 注释:不改
```

- 列表项，第一
- 8,200 元和 3.14 不动

English sentence, with "quotes" stays.
"""


def test_lint_reports_a_diff_with_line_numbers(tmp_path: Path, runner) -> None:
    source = tmp_path / "a.md"
    source.write_text(LINT_SOURCE, encoding="utf-8")
    result = runner.invoke(main, ["lint", str(source)])
    assert result.exit_code == 1
    assert "@@ -6 +6 @@" in result.output and "-# 第一章:开始" in result.output and "+# 第一章：开始" in result.output
    assert "@@ -8 +8 @@" in result.output and "@@ -18 +18 @@" in result.output
    assert "@@ -2 " not in result.output and "@@ -15 " not in result.output  # front matter, code
    assert "5 line(s) would change" in result.output
    assert source.read_text(encoding="utf-8") == LINT_SOURCE  # lint alone changes nothing


def test_lint_fix_rewrites_only_prose(tmp_path: Path, runner) -> None:
    source = tmp_path / "a.md"
    source.write_text(LINT_SOURCE, encoding="utf-8")
    result = runner.invoke(main, ["lint", "--fix", str(source)])
    assert result.exit_code == 0, result.output
    assert source.read_text(encoding="utf-8") == LINT_FIXED
    assert runner.invoke(main, ["lint", str(source)]).exit_code == 0  # idempotent
    assert not [p for p in tmp_path.iterdir() if p.name != "a.md"]  # no temporary files left


def test_lint_fix_keeps_a_gbk_file_gbk(tmp_path: Path, runner) -> None:
    source = tmp_path / "old.txt"
    source.write_bytes("标题\n\n三十多年来,伴随着改革开放的大潮。\n".encode("gbk"))
    assert runner.invoke(main, ["lint", "--fix", str(source)]).exit_code == 0
    assert source.read_bytes().decode("gbk") == "标题\n\n三十多年来，伴随着改革开放的大潮。\n"


def test_lint_fix_keeps_windows_line_endings_and_bom(tmp_path: Path, runner) -> None:
    source = tmp_path / "win.md"
    source.write_bytes("\ufeff# 标题\r\n\r\n他说:好\r\n".encode("utf-8"))
    assert runner.invoke(main, ["lint", "--fix", str(source)]).exit_code == 0
    assert source.read_bytes() == "\ufeff# 标题\r\n\r\n他说：好\r\n".encode("utf-8")


def test_lint_refuses_word_and_web_pages(tmp_path: Path, runner) -> None:
    result = runner.invoke(main, ["lint", str(PAGE)])
    assert result.exit_code == 2 and "run `misidao-publish import` first" in result.output


def test_paragraph_model_from_import_has_no_markup(word_file: Path) -> None:  # noqa: F811
    article = readers.read(word_file, load_config(None))
    for block in article.blocks:
        if isinstance(block, Paragraph):
            assert "<" not in plain_text(block.children)


def test_saved_page_with_local_images(tmp_path: Path, runner) -> None:
    """Browsers save a page's pictures in page_files/; they are used from there and copied on import."""
    (tmp_path / "page_files").mkdir()
    (tmp_path / "page_files" / "river.png").write_bytes(png(40, 20, (30, 90, 160)))
    markup = PAGE.read_text(encoding="utf-8").replace(
        "https://www.misidao.com/wp-content/uploads/2020/09/xiangjiang.jpg", "page_files/river.png")
    page = tmp_path / "page.html"
    page.write_text(markup, encoding="utf-8")
    article = readers.read(page, load_config(None))
    figure = next(b for b in article.blocks if isinstance(b, Figure))
    assert figure.image.local == (tmp_path / "page_files" / "river.png").resolve()
    out = tmp_path / "edit" / "page.md"
    assert runner.invoke(main, ["import", str(page), "-o", str(out)]).exit_code == 0
    assert (tmp_path / "edit" / "page_images" / "river.png").read_bytes() == png(40, 20, (30, 90, 160))
    assert "![湘江西路风光带](page_images/river.png)" in out.read_text(encoding="utf-8")


def test_markdown_writer_escapes_what_would_read_as_markup() -> None:
    from misidao_publish.model import Article, Code, Emphasis, Link, ListBlock, ListItem, Metadata, Quote, Strong, Table, TableCell, Text
    from misidao_publish.readers.markdown import parse
    from misidao_publish.writers.markdown import to_markdown

    blocks = (
        Paragraph((Text("10~20 元，~~不是删除~~、*不是强调*、a_b、[不是链接]、<不是标签>"),)),
        Paragraph((Text("1. 开头像列表"),)),
        Paragraph((Text("# 开头像标题"),)),
        Paragraph((Text("中文"), Strong((Text("粗体"),)), Text("和"), Emphasis((Text("斜体"),)), Text("及"),
                   Code("a `b` c"), Text("见"), Link("https://x.cn/a_(b)", (Text("链接"),)))),
        Quote((Paragraph((Text("引用"),)),)),
        ListBlock((ListItem((Paragraph((Text("一"),)), ListBlock((ListItem((Paragraph((Text("子项"),)),)),)))),
                   ListItem((Paragraph((Text("二"),)),))), ordered=True),
        Table((TableCell((Text("a|b"),)), TableCell((Text("数量"),))), ((TableCell((Text("1"),)), TableCell((Text("2"),))),)),
    )
    article = Article(meta=Metadata(title="标题"), blocks=blocks)
    again = parse(to_markdown(article), Path("x.md"), load_config(None))
    assert again.blocks == blocks
    assert again.meta.title == "标题"
