"""mtmarkup: the round trip is exact, nothing secret is sent, broken answers never crash."""

from __future__ import annotations

import random

import pytest

from pipeline.drafting.mtmarkup import MarkupError, from_xml, text_of, to_xml

CASES = [
    "",
    "plain text",
    "**Bold** and __bold__, *it* and _it_",
    "***both*** and **_mixed_**",
    '[link **bold** text](https://example.com/a_b?x=1&y=2 "Title")',
    "[angle](<https://example.com/a b>) and [single](/zh/x 'Tt')",
    '![alt text](/img/a.png "cap") after',
    "[![inner](a.png)](https://b.example)",
    "use `code *not emph*` and ``double `tick` code``",
    '<span class="x">inline</span> html <br>',
    "hard  \nbreak and back\\\nslash break",
    "soft\nbreak\n  indented continuation",
    "escaped \\* star \\_ under \\[bracket\\] and R&amp;D, a < b > c & d",
    "emoji 🙂 and family 👨‍👩‍👧 and flag 🇨🇳",
    "Take 400-600mg at 37.5°C for 3–5 days (L4-S1), 50% of cases",
    "autolink <https://auto.example> and <mail@example.com>",
    "bare https://example.com/path_(x). and www.example.org, ok",
    "footnote[^1] and [ref link][ref] and [collapsed][] and [shortcut]",
    "~~strike~~ and ~single~",
    "# not a heading in a unit",
    "1. looks like a list",
    "> quote marker",
    "entity &copy; &#8212; &#x2014; &nbsp;",
    "[](https://empty.example) empty link",
    "[nested [brackets] inside](u)",
    "**bold with [link](u) and `code`** tail",
    "**标签**：内容 and 中文 *强调*",
    "trailing spaces   ",
    "  leading spaces",
    "line\r\nwith crlf",
    "<div>\nblock html\n</div>",
    "*unclosed emphasis and **unclosed strong",
    "a * b * c and 2*3*4",
    '[text](u "t")[^n]',
    "a **b** [c](d) `e` ![f](g) <h> i",
]


@pytest.mark.parametrize("s", CASES)
def test_round_trip(s: str) -> None:
    xml, spans = to_xml(s)
    assert from_xml(xml, spans) == s


def test_round_trip_random_mixtures() -> None:
    """Random concatenations of pieces (incl. ones that interact) still round-trip."""
    pieces = [
        "**b**",
        "__u__",
        "*i*",
        "_e_",
        "[l](u)",
        "[**x**](v 't')",
        "`c`",
        "<i>",
        "</i>",
        "![a](p)",
        "  \n",
        "\n",
        "\\*",
        "&amp;",
        "🙂",
        "你好",
        " ",
        "word",
        "*",
        "_",
        "[",
        "]",
        "(",
        ")",
        "<",
        ">",
        "&",
        "https://x.y/z",
        "~~s~~",
        "400-600mg",
        "[^1]",
        "`",
    ]
    rng = random.Random(4)
    for _ in range(400):
        s = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        xml, spans = to_xml(s)
        assert from_xml(xml, spans) == s, (s, xml)


def test_literal_mode_ignores_markdown() -> None:
    s = "graph TD; A[*start*] --> B"
    xml, spans = to_xml(s, literal=True)
    assert "<i" not in xml and from_xml(xml, spans) == s


def test_tags_and_placeholders() -> None:
    xml, spans = to_xml('See **[the guide](https://x.example/g "G")** and `pip install`.')
    assert xml == 'See <b i="0"><a i="1">the guide</a></b> and <x i="2"/>.'
    assert spans.items[1].close == '](https://x.example/g "G")'
    assert spans.items[2].open == "`pip install`"


def test_nothing_secret_is_sent() -> None:
    s = (
        "Read [this](https://secret.example/p?q=1) ![pic](https://img.example/a.png), "
        "`rm -rf /` <b>raw</b> and https://bare.example/x."
    )
    sent = text_of(to_xml(s)[0])
    for leak in ("secret.example", "img.example", "rm -rf", "<b>", "bare.example", "pic"):
        assert leak not in sent
    assert "Read" in sent and "this" in sent


def test_xml_escaping() -> None:
    xml, _ = to_xml("a < b & c > d")
    assert xml == "a &lt; b &amp; c &gt; d"
    assert text_of(xml) == "a < b & c > d"


def test_translation_reorders_and_keeps_syntax() -> None:
    _, spans = to_xml("**Back pain** is common, see [here](/en/x) and `x`")
    answer = '见<a i="1">这里</a>和<x i="2"/>，<b i="0">背痛</b>很常见'
    assert from_xml(answer, spans) == "见[这里](/en/x)和`x`，**背痛**很常见"


def test_placeholder_written_as_pair_and_spaced() -> None:
    _, spans = to_xml("`a` and **b**")
    assert from_xml('<x i="0"></x> 和 <b i = "1" >乙</b>', spans) == "`a` 和 **乙**"


@pytest.mark.parametrize(
    "answer, expected, problem",
    [
        ('<b i="0">背痛</b>很常见', "**背痛**很常见", "lost"),  # link dropped
        ('<b i="0">背痛很常见<a i="1">这里</a>', "**背痛很常见[这里](/u)**", "not closed"),
        ('<b i="0">背痛</b><a i="9">x</a></a>', "**背痛**x", "unexpected"),
        ('<b i="0">背<a i="1">痛</b>常</a>', "**背[痛](/u)**常", "out of order"),
        (
            '<b i="0">背痛</b> <b i="0">再</b> <a i="1">这里</a>',
            "**背痛** **再** [这里](/u)",
            "repeated",
        ),
        ('<q>背痛 & < 5</q> <b i="0">x</b><a i="1">y</a>', "背痛 & < 5 **x**[y](/u)", "unexpected"),
    ],
)
def test_broken_answers_never_crash(answer: str, expected: str, problem: str) -> None:
    _, spans = to_xml("**Back pain** is common [here](/u)")
    with pytest.raises(MarkupError) as info:
        from_xml(answer, spans)
    assert info.value.text == expected
    assert any(problem in p for p in info.value.problems)


def test_spans_json_round_trip() -> None:
    from pipeline.drafting.mtmarkup import Spans

    _, spans = to_xml("**a** [b](c) `d`")
    assert Spans.from_json(spans.to_json()) == spans
