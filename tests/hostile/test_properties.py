"""Property tests: any Markdown and any Unicode either builds into valid outputs or fails with our own error."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from misidao_publish.config import Config
from misidao_publish.errors import PublishError
from misidao_publish.pipeline import build_source
from misidao_publish.wechat_rules import check_fragment, find_fragment

PIECES = st.sampled_from([
    "# ", "## ", "### ", "- ", "1. ", "> ", "```\n", "`", "*", "**", "~~", "[", "](", ")", "![", "|", "---",
    "[^1]", "[^1]: ", "\n", "\n\n", "  ", "<b>", "</b>", "<span>", "</div>", "<script>", "&amp;", "&#0;", "\\",
    "https://example.com/a?b=1&c=2", "中文", "，。", "“引号”", "《书名》", "English words", "12,345.67",
    "龘", "𠮷", "😀", "\u202e", "\u200b", "\x00", "\x1b", "\ufffd", "---\n", "title: x\n",
])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=40).map("".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_any_markdown_builds_valid_outputs_or_fails_cleanly(source_text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "a.md"
        source.write_text(source_text, encoding="utf-8", errors="surrogatepass")
        out = folder / "out"
        try:
            build_source(source, Config(), out, ["epub", "wechat"])
        except PublishError as exc:
            message = exc.format_message()
            assert "\n" not in message and "a.md" in message
            assert not out.exists() or not any(out.iterdir())
            return
        with zipfile.ZipFile(out / "a.epub") as zf:
            assert zf.namelist()[0] == "mimetype"
            for name in zf.namelist():
                if name.endswith((".xhtml", ".opf", ".ncx")):
                    etree.fromstring(zf.read(name))  # well-formed XML, or this raises
        fragment = find_fragment((out / "a.wechat.html").read_text(encoding="utf-8"))
        assert check_fragment(fragment) == []
