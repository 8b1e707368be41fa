"""Property: any Markdown article — Chinese text, notes, lists, tables, quotes, stray markup
characters — and any book of such articles, with or without parts, gives an EPUB that
EPUBCheck 5 passes, in either writing mode.

Hypothesis makes the articles; EPUBCheck judges them all in one JVM afterwards (a start costs
seconds), so a failure is reported with the Markdown that caused it rather than shrunk.
"""

from __future__ import annotations

from pathlib import Path

from conftest import require
from epub_tools import epubcheck_many
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from misidao_publish.book import build_book
from misidao_publish.config import load_config
from misidao_publish.pipeline import build_source

HANZI = "湘江永州米思岛的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可里后"
PUNCT = "，。、；：？！“”‘’（）《》——…·"
MARKUP = "*_`<>&[]#|\\!~"
LATIN = "abcXYZ019 "

text = st.text(alphabet=HANZI + PUNCT + LATIN + MARKUP, min_size=1, max_size=40).map(lambda s: s.replace("\n", " "))
plain = st.text(alphabet=HANZI + PUNCT + "0123456789", min_size=1, max_size=20)


@st.composite
def inline(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(
        text, plain.map(lambda s: f"**{s}**"), plain.map(lambda s: f"*{s}*"), plain.map(lambda s: f"`{s}`"),
        plain.map(lambda s: f"[{s}](https://www.misidao.com/{len(s)})"), st.just("[^n1]"), st.just("[^n2]"),
    ), min_size=1, max_size=6))
    return "".join(parts)


@st.composite
def block(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["para", "heading", "list", "olist", "nested", "table", "quote", "code", "hr"]))
    if kind == "heading":
        return "#" * draw(st.integers(1, 4)) + " " + draw(plain)
    if kind in ("list", "olist"):
        marker = "-" if kind == "list" else "1."
        return "\n".join(f"{marker} {draw(inline())}" for _ in range(draw(st.integers(1, 4))))
    if kind == "nested":
        return f"- {draw(plain)}\n  - {draw(inline())}\n    - {draw(plain)}\n- {draw(plain)}"
    if kind == "table":
        cols = draw(st.integers(1, 4))
        rows = [" | ".join(draw(plain) for _ in range(cols)) for _ in range(draw(st.integers(1, 3)))]
        return "\n".join([" | ".join(draw(plain) for _ in range(cols)), " | ".join(["---"] * cols), *rows])
    if kind == "quote":
        return "> " + draw(inline())
    if kind == "code":
        return "```\n" + draw(text) + "\n```"
    if kind == "hr":
        return "---"
    return draw(inline())


@st.composite
def article(draw: st.DrawFn) -> str:
    blocks = draw(st.lists(block(), min_size=1, max_size=8))
    notes = f"\n\n[^n1]: {draw(inline())}\n\n[^n2]: {draw(plain)}\n"
    title = draw(plain)
    return f"---\ntitle: \"{title}\"\nauthor: 测试\n---\n\n" + "\n\n".join(blocks) + notes


def test_any_article_gives_a_valid_epub(tmp_path: Path) -> None:
    require("java")
    config = load_config(None)
    built: list[tuple[Path, str]] = []

    @settings(max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(source=article(), vertical=st.booleans())
    def make(source: str, vertical: bool) -> None:
        number = len(built)
        path = tmp_path / f"a{number:03d}.md"
        path.write_text(source, encoding="utf-8")
        mode = "vertical" if vertical else "horizontal"
        cfg = config.__class__(**{**config.__dict__, "epub": config.epub.__class__(writing_mode=mode)})
        build_source(path, cfg, tmp_path / "out", ["epub"])
        built.append((tmp_path / "out" / f"a{number:03d}.epub", source))

    @settings(max_examples=8, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(sources=st.lists(article(), min_size=1, max_size=4), parts=st.lists(plain, max_size=3),
           vertical=st.booleans())
    def make_book(sources: list[str], parts: list[str], vertical: bool) -> None:
        number = len(built)
        folder = tmp_path / f"b{number:03d}"
        folder.mkdir()
        for i, source in enumerate(sources):
            (folder / f"{i:02d}.md").write_text(source, encoding="utf-8")
        files = [f"{i:02d}.md" for i in range(len(sources))]
        manifest = '[book]\ntitle = "随机之书"\nauthor = "测试"\n'
        if parts:  # the articles dealt out over the parts, in order; parts left empty are dropped
            share = -(-len(files) // len(parts))
            for k, title in enumerate(parts):
                chunk = files[k * share:(k + 1) * share]
                if chunk:
                    manifest += f'[[part]]\ntitle = "{title}"\narticles = {chunk!r}\n'.replace("'", '"')
        else:
            manifest += f"articles = {files!r}\n".replace("'", '"')
        (folder / "BOOK.toml").write_text(manifest, encoding="utf-8")
        mode = "vertical" if vertical else "horizontal"
        cfg = config.__class__(**{**config.__dict__, "epub": config.epub.__class__(writing_mode=mode)})
        build_book(folder / "BOOK.toml", cfg, folder, ["epub"])
        built.append((folder / f"{folder.name}.epub", manifest + "\n\n".join(sources)))

    make()
    make_book()
    assert len(built) >= 25
    reports = epubcheck_many([path for path, _ in built])
    failures = [f"{problems}\n--- source:\n{source}" for (path, source) in built if (problems := reports[path])]
    assert failures == []
