"""Property: whatever merge publishes shows a reader the English's links, images, HTML,
comments and blocks.

Random Markdown articles, random translations made of Chinese text plus markup taken
from the English unit and a few dangerous characters; merge publishes some units and
withholds others. The published article is compared with the English by an oracle
that shares nothing with ``pipeline.safety`` but the parser: pulldown-cmark's own HTML
rendering, tokenized, reduced to tags (translatable attributes by presence, URLs
decoded), comments, block order and invisible characters.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import unquote

import polib
import pyromark
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import config, merge
from pipeline.markdown import extract

OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_TASKLISTS
    | pyromark.Options.ENABLE_STRIKETHROUGH
)
CFG = config.Config(localize_links=True)
INLINE_TAGS = frozenset(
    [
        "a",
        "img",
        "abbr",
        "b",
        "i",
        "span",
        "code",
        "em",
        "strong",
        "del",
        "sup",
        "sub",
        "input",
        "br",
    ]
)
IGNORED = frozenset({"em", "strong"})
BY_PRESENCE = frozenset({"alt", "title", "placeholder", "aria-label"})
INVISIBLE = re.compile(
    "[\u202a-\u202e\u2066-\u2069\u200e\u200f]|[\u200b\u200c\u200d\u2060\ufeff]\\d|\\d[\u200b\u200c\u200d\u2060\ufeff]"
)

# -- random articles -------------------------------------------------------------------
word = st.sampled_from(["heat", "pain", "rest", "dose", "tea", "cycle", "nerve", "care"])
url = st.sampled_from(["/en/a", "/en/b/c", "https://x.org/p", "#top", "/img/x.png"])
inline = st.one_of(
    word,
    word.map(lambda w: f"**{w}**"),
    word.map(lambda w: f"*{w}*"),
    st.tuples(word, url).map(lambda t: f"[{t[0]}]({t[1]})"),
    st.tuples(word, url).map(lambda t: f"![{t[0]}]({t[1]})"),
    word.map(lambda w: f"`{w}`"),
    word.map(lambda w: f"<b>{w}</b>"),
    st.tuples(url, word).map(lambda t: f'<a href="{t[0]}">{t[1]}</a>'),
    word.map(lambda w: f'<abbr title="{w}">{w.upper()}</abbr>'),
    st.just("see https://y.org/z now"),
    st.just("400-600mg"),
    word.map(lambda w: f"[{w}][ref]"),
)
line = st.lists(inline, min_size=1, max_size=5).map(" ".join).map(lambda s: "Text " + s)
block = st.one_of(
    line,
    st.tuples(st.integers(1, 3), line).map(lambda t: "#" * t[0] + " " + t[1]),
    st.lists(line, min_size=1, max_size=3).map(lambda ls: "\n".join("- " + x for x in ls)),
    st.lists(line, min_size=1, max_size=2).map(lambda ls: "\n".join("> " + x for x in ls)),
    st.tuples(line, line).map(lambda t: f"| A | B |\n| --- | --- |\n| {t[0]} | {t[1]} |"),
    line.map(lambda x: f"```text\n{x}\n```"),
    line.map(lambda x: f'<div class="c">\n<p>{x}</p>\n<input placeholder="Find it">\n</div>'),
    st.just("---"),
)
document = st.lists(block, min_size=1, max_size=6).map(
    lambda bs: "---\ntitle: Random title\n---\n\n" + "\n\n".join(bs) + "\n\n[ref]: /en/ref\n"
)

_MARKUP = re.compile(r"\*\*|\*|!?\[|\]\([^)]*\)|\]\[[^\]]*\]|\]|`[^`]*`|<[^>]+>|https?://\S+")
DANGER = ["\n", "\n\n", "# ", "- ", "|", "<!--", "-->", "`", "[", "]", "(", ")", "<", ">",
          "&#106;", "javascript:", "\r", "\u202e", "5\u200b0", "~~", "\n---", "\\",
          "1. ", "> ", "    ", "\t", "<div>", "</p>", "<span hidden>", '" onclick="x',
          "[x](/en/a)", "![y](/img/x.png)", "https://evil.example", "&lt;b&gt;", "[ref]: /x",
          "\n```\n", "\n===", "*", "**", "_"]  # fmt: skip


def translation(draw, msgid: str) -> str:
    pieces = _MARKUP.findall(msgid) + ["中文", "翻译", "，", "。"]
    safe = st.sampled_from(pieces)
    pool = st.one_of(safe, safe, safe, st.sampled_from(DANGER))  # mostly harmless, often not
    return "".join(draw(st.lists(pool, min_size=1, max_size=8)))


# -- the oracle --------------------------------------------------------------------------
class _Tokens(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.inline: Counter = Counter()
        self.text: list[str] = []
        self.pre = 0

    def handle_starttag(self, tag, attrs):
        self.pre += tag == "pre"
        if (
            tag in IGNORED
            or (tag == "code" and not self.pre)
            or (tag in ("br", "wbr") and not attrs)
        ):
            return
        shown = tuple(sorted((n, "" if n in BY_PRESENCE else _url(v)) for n, v in attrs))
        if tag in INLINE_TAGS:
            self.inline[(tag, shown)] += 1
        else:
            self.blocks.append(f"<{tag} {shown}>")

    def handle_endtag(self, tag):
        self.pre -= tag == "pre"
        if tag not in INLINE_TAGS and tag not in ("br", "wbr"):
            self.blocks.append(f"</{tag}>")

    def handle_comment(self, data):
        self.inline["comment"] += 1

    def handle_data(self, data):
        self.text.append(data)


def _url(value):
    if value is None:
        return None
    value = unquote(html.unescape(value)).strip()
    return re.sub(r"^/en/", "/zh/", value)


def oracle(body: str) -> tuple:
    tokens = _Tokens()
    tokens.feed(pyromark.html(body, options=OPTIONS))
    tokens.close()
    text = "".join(tokens.text)
    return tuple(tokens.blocks), tokens.inline, len(INVISIBLE.findall(text)), text.count("<!--")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), document)
def test_what_merge_publishes_shows_the_english_links_html_and_blocks(data, text) -> None:
    article = extract.article(text, "content/en/r.md", "r")
    entries = {}
    for unit in article.units:
        if unit.key not in entries:  # one entry per English text and role (msgctxt)
            msgstr = translation(data.draw, unit.msgid)
            entries[unit.key] = polib.POEntry(msgid=unit.msgid, msgstr=msgstr)
    result = merge.localize(article, entries, CFG, "zh")
    published = result.text.split("\n---\n", 1)[1]
    english = text.split("\n---\n", 1)[1]
    assert oracle(published) == oracle(english), result.withheld
    assert result.draft == bool(result.withheld)


def test_the_oracle_sees_what_the_review_refuses(monkeypatch) -> None:
    """Without merge's review, each of these would reach the page and the oracle says so."""
    monkeypatch.setattr(merge, "withheld", lambda *args: {})
    text = "---\ntitle: T\n---\n\nText with [a link](/en/a) here.\n"
    article = extract.article(text, "content/en/r.md", "r")
    english = oracle(text.split("\n---\n", 1)[1])
    for hostile in (
        "文字[链接](javascript:alert(1))",
        "文字[链接](/en/a)<!--藏-->",
        "文字[链接](/en/a)\n\n# 标题",
        '文字[链接](/en/a)<img src=x onerror="y">',
        "文字[链接](/en/a)约5\u200b0%",
    ):
        entries = {"Text with [a link](/en/a) here.": polib.POEntry(msgstr=hostile)}
        published = merge.localize(article, entries, CFG, "zh").text.split("\n---\n", 1)[1]
        assert oracle(published) != english, hostile
