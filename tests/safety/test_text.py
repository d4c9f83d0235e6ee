"""Hidden text: what a reader cannot see, and messages that cannot forge output."""

from __future__ import annotations

from pipeline.safety import text


def test_hidden_finds_comments_bidi_and_invisible_characters_in_numbers() -> None:
    assert list(text.hidden("约<!--60-70%")) == [
        "an opened HTML comment (<!--) hides the text after it"
    ]
    assert "U+202E" in next(text.hidden("约\u202e07-06%"))
    assert "U+200B" in next(text.hidden("4\u200b00mg"))
    assert "U+0007" in next(text.hidden("a\x07b"))


def test_zero_width_joiners_in_emoji_and_between_words_are_fine() -> None:
    assert list(text.hidden("医生👩\u200d⚕️说")) == []
    assert list(text.hidden("热敷\u200b疗法")) == []


def test_controls_in_front_matter_values() -> None:
    assert list(text.controls("标题\tA\nB")) == []
    found = list(text.controls("a\rb\x85c\u2028d\x07"))
    assert [f.split(",")[0] for f in found] == [
        "line break U+000D",
        "line break U+0085",
        "line break U+2028",
        "control character U+0007",
    ]


def test_bare_urls_stop_at_chinese_punctuation() -> None:
    assert text.bare_urls("来源：https://www.nhs.uk/x。更多见www.acog.org，") == [
        "https://www.nhs.uk/x",
        "www.acog.org",
    ]


def test_visible_escapes_what_a_terminal_would_not_show() -> None:
    assert text.visible("a\n::error x\x1b[31m\u202e中文") == "a\\x0a::error x\\x1b[31m\\u202e中文"
    assert text.visible("普通文本 ok") == "普通文本 ok"


def test_plain_text_needs_no_parse() -> None:
    assert text.plain("许多女性在月经期间会腰痛。")
    for markup in ("a [b]", "<b>", "`x`", "# x", "1. x", "https://x", "a\nb", "a|b", "4\u200b0"):
        assert not text.plain(markup), markup
