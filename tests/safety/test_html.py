"""Raw HTML read as a browser reads it (quotes, entities, a ``>`` inside a value)."""

from __future__ import annotations

from pipeline.safety.html import Tokenizer


def facts(html: str) -> list[tuple]:
    found: list[tuple] = []
    tokens = Tokenizer()
    tokens.feed_piece(html, found.append)
    tokens.reset_pending(found.append)
    return found


def test_a_quoted_gt_does_not_end_the_tag() -> None:
    assert facts('<abbr title=">" onmouseover="alert(1)">') == [
        ("tag", "abbr", (("onmouseover", "alert(1)"), ("title", "")))
    ]
    assert facts('<img alt="a>b" onerror>') == [("tag", "img", (("alt", ""), ("onerror", None)))]


def test_url_attributes_are_decoded_and_translatable_ones_compared_by_presence() -> None:
    (tag,) = facts('<a href="&#106;avascript:x" title="Hello">')
    assert tag == ("tag", "a", (("href", "javascript:x"), ("title", "")))


def test_comments_declarations_and_open_tags_are_facts() -> None:
    assert facts("a <!-- b --> c") == [("comment",)]
    assert facts("<?php x ?>")[0][0] == "decl"
    assert facts('<div title="')[0][0] == "open"
    assert facts("<!-- never closed")[0][0] == "open"


def test_a_bare_line_break_is_layout_but_one_with_attributes_is_not() -> None:
    assert facts("a<br>b<br/>") == []
    assert facts("<br onclick=x>") == [("tag", "br", (("onclick", "x"),))]


def test_a_tag_the_tokenizer_gives_up_on_is_still_reported() -> None:
    assert ("lt", "<scr<script>ipt>") not in facts("<scr<script>ipt>")
    assert any(f[0] in ("tag", "lt") for f in facts("<scr<script>ipt>"))


def test_markup_the_tokenizer_cannot_read_is_reported_not_a_crash() -> None:
    assert facts("<![y[x]]>")[0][0] == "unreadable"
    assert facts("<![y[x]]>") == facts("<![y[x]]>"), "the tokenizer starts afresh"
