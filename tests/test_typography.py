"""Table-driven tests for each typography transform, including what must not change."""

from __future__ import annotations

from pathlib import Path

import pytest

from misidao_publish.config import TypographyConfig
from misidao_publish.model import (
    Article, Code, CodeBlock, Emphasis, Heading, Link, Metadata, NoteRef, Paragraph, Strong, Text, plain_text,
)
from misidao_publish.transforms import TRANSFORMS
from misidao_publish.transforms.typography import apply_typography, configured


def article(*inlines, title="标题") -> Article:
    return Article(meta=Metadata(title=title), blocks=(Paragraph(children=tuple(inlines)),), path=Path("t.md"))


def body(a: Article) -> str:
    return plain_text(a.blocks[0].children)


def run(name: str, text: str, **kwargs) -> str:
    return body(TRANSFORMS[name](article(Text(text)), **kwargs))


PUNCTUATION = [
    ("三十多年来,伴随着改革开放", "三十多年来，伴随着改革开放"),
    ("来源:永州经开区", "来源：永州经开区"),
    ("他说:真好", "他说：真好"),
    ("真的吗?", "真的吗？"),
    ("太好了!!", "太好了！！"),
    ("第一;第二", "第一；第二"),
    ("中文, 后面的空格", "中文，后面的空格"),
    ("永远在路上.", "永远在路上。"),
    ("经开区(永州)成立", "经开区（永州）成立"),
    ("措施(1)加强", "措施（1）加强"),
    ("应用接口(API)", "应用接口（API）"),
    ("学校、 “小手拉大手”", "学校、“小手拉大手”"),
    ("中文 ，后面", "中文，后面"),
    # must not change
    ("8,200 元", "8,200 元"),
    ("投资3.14万元", "投资3.14万元"),
    ("时间12:30开会", "时间12:30开会"),
    ("Hello, world! How are you?", "Hello, world! How are you?"),
    ("函数f(x)等", "函数f(x)等"),
    ("访问https://example.com/a?b=1,c:2 即可", "访问https://example.com/a?b=1,c:2 即可"),
    ("百度.com", "百度.com"),
    ("“Quoted” said he", "“Quoted” said he"),
]

QUOTES = [
    ('他说"你好"', "他说“你好”"),
    ('"手机上这个小程序"很方便', "“手机上这个小程序”很方便"),
    ('他说"OK"了', "他说“OK”了"),
    ("打通'最后一米'", "打通‘最后一米’"),
    # must not change
    ('He said "hello" to me', 'He said "hello" to me'),
    ("don't stop", "don't stop"),
    ('只有一个"引号', '只有一个"引号'),
]

ELLIPSIS = [
    ("等等...", "等等……"),
    ("好。。。", "好……"),
    ("好。。。。。。", "好……"),
    ("然后…", "然后……"),
    ("已经……", "已经……"),
    # must not change
    ("Wait...", "Wait..."),
    ("1...5", "1...5"),
]

DASHES = [
    ("中文--英文", "中文——英文"),
    ("成此景---纪实", "成此景——纪实"),
    ("成此景—纪实", "成此景——纪实"),
    ("成此景――纪实", "成此景——纪实"),
    ("成此景——纪实", "成此景——纪实"),
    # must not change
    ("run --convert s2t", "run --convert s2t"),
    ("a--b", "a--b"),
]

SPACING_SPACE = [
    ("中文English中文", "中文 English 中文"),
    ("2019年启动", "2019 年启动"),
    ("共推出124个项目", "共推出 124 个项目"),
    ("50%的人", "50% 的人"),
    # must not change
    ("中文，English", "中文，English"),
    ("already spaced 中文 here", "already spaced 中文 here"),
    ("plain English", "plain English"),
]

SPACING_NONE = [
    ("中文 English 中文", "中文English中文"),
    ("2019 年", "2019年"),
    ("plain English words", "plain English words"),
]


@pytest.mark.parametrize(("before", "after"), PUNCTUATION)
def test_punctuation(before: str, after: str) -> None:
    assert run("punctuation", before) == after


@pytest.mark.parametrize(("before", "after"), QUOTES)
def test_quotes(before: str, after: str) -> None:
    assert run("quotes", before) == after


@pytest.mark.parametrize(("before", "after"), [
    ('他说"你好"', "他说「你好」"),
    ("打通'最后一米'", "打通『最后一米』"),
    ("他说“你好”", "他说「你好」"),
    ('He said "hello"', 'He said "hello"'),
])
def test_corner_quotes(before: str, after: str) -> None:
    assert run("quotes", before, style="corner") == after


def test_auto_quote_style_follows_language() -> None:
    traditional = Article(meta=Metadata(title="t", lang="zh-TW"), blocks=(Paragraph((Text('他說"你好"'),)),))
    assert body(TRANSFORMS["quotes"](traditional, style="auto")) == "他說「你好」"
    assert run("quotes", '他说"你好"', style="auto") == "他说“你好”"


@pytest.mark.parametrize(("before", "after"), ELLIPSIS)
def test_ellipsis(before: str, after: str) -> None:
    assert run("ellipsis", before) == after


@pytest.mark.parametrize(("before", "after"), DASHES)
def test_dashes(before: str, after: str) -> None:
    assert run("dashes", before) == after


@pytest.mark.parametrize(("before", "after"), SPACING_SPACE)
def test_spacing_space(before: str, after: str) -> None:
    assert run("spacing", before, mode="space") == after


@pytest.mark.parametrize(("before", "after"), SPACING_NONE)
def test_spacing_none(before: str, after: str) -> None:
    assert run("spacing", before, mode="none") == after


def test_spacing_css_leaves_text_alone() -> None:
    assert run("spacing", "中文English 2019年", mode="css") == "中文English 2019年"


@pytest.mark.parametrize(("target", "before", "after", "lang"), [
    ("s2t", "这是一片开放的高地", "這是一片開放的高地", "zh-TW"),
    ("s2twp", "鼠标和软件", "滑鼠和軟體", "zh-TW"),  # phrases, not characters
    ("s2hk", "开放的高地", "開放的高地", "zh-HK"),
    ("t2s", "這是一片開放的高地", "这是一片开放的高地", "zh-CN"),
])
def test_convert(target: str, before: str, after: str, lang: str) -> None:
    converted = TRANSFORMS["convert"](article(Text(before), title="开放的高地"), target=target)
    assert body(converted) == after
    assert converted.meta.lang == lang
    if target != "t2s":
        assert converted.meta.title == "開放的高地"


def test_convert_leaves_code_alone() -> None:
    converted = TRANSFORMS["convert"](article(Text("软件"), Code("软件 = 1")), target="s2twp")
    assert converted.blocks[0].children == (Text("軟體"), Code("软件 = 1"))


def test_context_crosses_markup_but_code_is_never_edited() -> None:
    a = article(Text("中文"), Strong((Text("粗体"),)), Text(",然后"), Code('a,b:"c"'), Text("结束."))
    out = TRANSFORMS["punctuation"](TRANSFORMS["quotes"](a))
    children = out.blocks[0].children
    assert children[2] == Text("，然后")
    assert children[3] == Code('a,b:"c"')
    assert children[4] == Text("结束。")


def test_quotes_pair_across_emphasis_and_link_urls_untouched() -> None:
    a = article(Text('他说"'), Emphasis((Text("好"),)), Text('"了,见'), Link("https://x.cn/a,b", (Text("这里"),)),
                NoteRef(1, "1"), Text(",完"))
    out = apply_typography(a, TypographyConfig())
    assert plain_text(out.blocks[0].children) == "他说“好”了，见这里，完"
    assert out.blocks[0].children[3].url == "https://x.cn/a,b"


def test_code_blocks_and_headings() -> None:
    a = Article(meta=Metadata(title="标题:副题"), blocks=(
        Heading(2, (Text("第一节:开始"),)), CodeBlock('print("a, b")  # 中文,注释', "python")))
    out = apply_typography(a, TypographyConfig())
    assert out.meta.title == "标题：副题"
    assert plain_text(out.blocks[0].children) == "第一节：开始"
    assert out.blocks[1] == a.blocks[1]


def test_configured_switches_and_order() -> None:
    assert [n for n, _ in configured(TypographyConfig())] == ["ellipsis", "dashes", "punctuation", "quotes"]
    names = [n for n, _ in configured(TypographyConfig(punctuation=False, spacing="space", convert="s2t"))]
    assert names == ["convert", "ellipsis", "dashes", "quotes", "spacing"]
    off = TypographyConfig(punctuation=False, quotes=False, ellipsis=False, dashes=False)
    a = article(Text('他说:"好..."'))
    assert apply_typography(a, off) == a


# --------------------------------------------------------------------------- properties

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

PIECES = st.sampled_from(["中文", "永州", "经开区", "English", "word", "8,200", "3.14", "12:30", ",", ":", ";", "?",
                          "!", ".", "...", "。。。", "--", '"', "'", "(", ")", " ", "https://x.cn/a,b", "2019", "年"])


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, min_size=1, max_size=14))
def test_typography_is_idempotent(pieces: list[str]) -> None:
    config = TypographyConfig(spacing="space")
    once = apply_typography(article(Text("".join(pieces))), config)
    assert apply_typography(once, config) == once


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["English", "word", "8,200", "3.14", "12:30", ",", ":", ";", "?", "!", ".",
                                 "...", "--", '"', "'", "(", ")", " ", "https://x.cn/a,b", "2019"]),
                min_size=1, max_size=14))
def test_text_without_han_never_changes(pieces: list[str]) -> None:
    a = article(Text("".join(pieces)))
    assert apply_typography(a, TypographyConfig(spacing="space")) == a


@settings(max_examples=200, deadline=None)
@given(st.lists(PIECES, min_size=1, max_size=10), st.lists(PIECES, min_size=1, max_size=6))
def test_code_is_never_touched(before: list[str], code: list[str]) -> None:
    a = article(Text("".join(before)), Code("".join(code)), Text("".join(before)))
    out = apply_typography(a, TypographyConfig(spacing="space", convert="s2t"))
    assert out.blocks[0].children[1] == Code("".join(code))
