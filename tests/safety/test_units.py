"""One translation on its own: the small context of its kind, and what the QA reports."""

from __future__ import annotations

import pytest

from pipeline.markdown.extract import fill
from pipeline.model import Kind
from pipeline.safety import unit_findings, unit_problems
from pipeline.safety.units import context


@pytest.mark.parametrize(
    "kind,text,expected",
    [
        ("heading 2", "Title", "## Title\n"),
        ("table cell", "x", "| h |\n| --- |\n| x |\n"),
        ("image alt text", "alt", "![alt](image.png)\n"),
        ("list item", "a\nb", "- a\n  b\n"),
        ("block quote", "a\nb", "> a\n> b\n"),
        ("code block", "x", "```text\nx\n```\n"),
        ("html text", "x", "<div>\nx\n</div>\n"),
        ("html: placeholder attribute", "x", '<div placeholder="x">\n</div>\n'),
        ("paragraph", "x", "x\n"),
        ("front matter: title", "x", "x x\n"),
    ],
)
def test_each_kind_has_a_context_that_parses_like_the_article(kind, text, expected) -> None:
    assert fill(context(Kind.parse(kind), text), lambda m: m) == expected


def checks(msgid, msgstr, kind="paragraph"):
    return [f.check for f in unit_findings(msgid, msgstr, Kind.parse(kind))]


def test_what_each_finding_is_called() -> None:
    assert checks("See [a](/x).", "见[甲](/y)。") == ["markup-injection", "urls"]
    assert checks("![a](/i.png)", "![甲](/j.png)", "paragraph") == ["markup-injection", "images"]
    assert checks("Take 400mg", "服用4\u200b00mg") == ["hidden-text"]
    assert checks("Title", "标题\r", "front matter: title") == ["hidden-text"]
    assert checks("Title", "标题\n副标题", "front matter: title") == ["hidden-text"]
    assert checks("a <sup>1</sup>", "甲") == ["markup-balance", "markup-balance"]


def test_the_same_text_in_another_kind_means_something_else() -> None:
    assert checks("a", "甲 | 乙", "table cell") == ["markup-injection"]
    assert checks("a", "甲 | 乙", "paragraph") == []
    assert checks("a", '甲" onclick="x', "html: title attribute") == ["markup-injection"]
    assert checks("a", '甲" onclick="x', "paragraph") == []


def test_a_front_matter_value_is_not_a_block() -> None:
    assert checks("Overview", "1. 概述", "front matter: title") == []
    assert checks("Overview", "# 概述", "front matter: title") == []
    assert set(checks("Overview", "概述<script>x</script>", "front matter: title")) == {
        "markup-injection"
    }


def test_active_findings_are_what_could_run() -> None:
    found = unit_findings("Read", "读<img src=x onerror=y>", Kind.parse("paragraph"))
    assert [f.active for f in found] == [True]
    found = unit_findings("Read", "读[x](https://other.example)", Kind.parse("paragraph"))
    assert [f.active for f in found] == [False]


def test_problems_are_errors_without_a_place() -> None:
    (p,) = unit_problems("Read", "读<script>x</script>", Kind.parse("paragraph"))[:1]
    assert (p.check, p.severity, p.file, p.line) == ("markup-injection", "error", "", 0)
