"""BOOK.toml: what a manifest may say, and the one-line errors naming the key when it is wrong."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SAMPLES

from misidao_publish.book import book_stem, load_manifest, valid_isbn
from misidao_publish.cli import main
from misidao_publish.errors import ConfigError

ARTICLE = "---\ntitle: {title}\n---\n\n正文{title}。\n"


def project(tmp_path: Path, manifest: str, articles: tuple[str, ...] = ("a/01.md", "a/02.md", "z.md")) -> Path:
    for name in articles:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(ARTICLE.format(title=path.stem), encoding="utf-8")
    book = tmp_path / "BOOK.toml"
    book.write_text(manifest, encoding="utf-8")
    return book


def test_sample_manifest() -> None:
    manifest = load_manifest(SAMPLES / "book" / "BOOK.toml")
    assert manifest.meta.title == "湘南小城观察" and manifest.meta.subtitle == "米思岛文选"
    assert manifest.meta.date == dt.date(2024, 5, 1) and manifest.meta.lang == "zh-CN"
    assert [title for title, _ in manifest.parts] == ["城市纪实", "江边日常", "尾声"]
    assert [p.name for p in manifest.parts[0][1]] == ["yongzhou.md", "market.md"]


def test_globs_in_order_and_parts(tmp_path: Path) -> None:
    book = project(tmp_path, '[book]\ntitle = "书"\narticles = ["a/*.md"]\n'
                             '[[part]]\ntitle = "第二辑"\narticles = ["z.md"]\n')
    manifest = load_manifest(book)
    assert [(t, [p.name for p in files]) for t, files in manifest.parts] == [("", ["01.md", "02.md"]),
                                                                             ("第二辑", ["z.md"])]


@pytest.mark.parametrize(("manifest", "message"), [
    ('[book]\narticles = ["z.md"]\n', "book.title: required"),
    ('[book]\ntitle = "书"\narticles = ["nope/*.md"]\n', "book.articles[0]: no file matches 'nope/*.md'"),
    ('[book]\ntitle = "书"\narticles = ["z.md", "missing.md"]\n', "book.articles[1]: no such file 'missing.md'"),
    ('[book]\ntitle = "书"\narticles = ["z.md", "*.md"]\n', "book.articles[1]: '*.md' gives z.md, already listed at book.articles[0]"),
    ('[book]\ntitle = "书"\nisbn = "978-7-111-11111-1"\narticles = ["z.md"]\n', "book.isbn:"),
    ('[book]\ntitle = "书"\ndate = "五月"\narticles = ["z.md"]\n', "book.date: '五月' is not a date"),
    ('[book]\ntitle = "书"\ncover = "c.jpg"\narticles = ["z.md"]\n', "book.cover: no such file c.jpg"),
    ('[book]\ntitle = "书"\nauthr = "x"\narticles = ["z.md"]\n', "book.authr: unknown key"),
    ('[book]\ntitle = "书"\n[[part]]\narticles = ["z.md"]\n', "part[1].title: required"),
    ('[book]\ntitle = "书"\n[[part]]\ntitle = "一"\narticles = []\n', "part[1].articles: expected a non-empty list"),
    ('[book]\ntitle = "书"\n', "the book has no articles"),
    ('[book\ntitle = "书"\n', "invalid TOML"),
])
def test_errors_name_the_key(tmp_path: Path, manifest: str, message: str) -> None:
    book = project(tmp_path, manifest)
    with pytest.raises(ConfigError) as info:
        load_manifest(book)
    assert message in info.value.format_message()
    assert str(book) in info.value.format_message() and "\n" not in info.value.format_message()


def test_every_problem_reported_together(tmp_path: Path) -> None:
    book = project(tmp_path, '[book]\nisbn = "123"\narticles = ["x.md"]\n')
    with pytest.raises(ConfigError) as info:
        load_manifest(book)
    message = info.value.format_message()
    assert "book.title: required" in message and "book.isbn" in message and "book.articles[0]" in message


def test_cli_error_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    book = project(tmp_path, '[book]\ntitle = "书"\narticles = ["z.md", "gone.md"]\n')
    result = CliRunner().invoke(main, ["book", str(book), "-o", str(tmp_path / "out"), "-f", "epub"])
    assert result.exit_code == 2
    assert "book.articles[1]: no such file 'gone.md'" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_cli_refuses_wechat_for_a_book(tmp_path: Path) -> None:
    book = project(tmp_path, '[book]\ntitle = "书"\narticles = ["z.md"]\n')
    result = CliRunner().invoke(main, ["book", str(book), "-o", str(tmp_path / "out"), "-f", "wechat"])
    assert result.exit_code != 0 and "a book can be made as epub, pdf only" in result.output


def test_isbn_check_digits_and_stem(tmp_path: Path) -> None:
    assert valid_isbn("978-0-306-40615-7") and valid_isbn("0-306-40615-2") and valid_isbn("0-8044-2957-X")
    assert not valid_isbn("978-0-306-40615-8") and not valid_isbn("12345")
    assert book_stem(tmp_path / "湘南" / "BOOK.toml") == "湘南"
    assert book_stem(tmp_path / "essays.toml") == "essays"
