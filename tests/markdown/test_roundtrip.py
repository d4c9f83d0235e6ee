"""The core promise: filling every hole with its own msgid gives back the input exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, SEED, corpus_files, needs_corpus

from pipeline.markdown import extract


def identity(text: str, path: str = "a.md") -> str:
    a = extract.article(text, path, Path(path).stem)
    return a.bom + a.fm_open + a.fm_text + a.fm_close + extract.fill(a.body, lambda m: m)


GOLDEN = sorted(DATA.glob("*.md")) + [SEED]


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.name)
def test_golden_files_round_trip_byte_for_byte(path: Path) -> None:
    text = path.read_bytes().decode("utf-8")
    assert identity(text) == text


@needs_corpus
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_corpus_article_round_trips_byte_for_byte(lang: str) -> None:
    failed = [
        p.name for p in corpus_files(lang) if identity(p.read_text("utf-8")) != p.read_text("utf-8")
    ]
    assert failed == []


FM = '---\ntitle: "T"\n---\n'
CASES = {
    "nested and lazy lists": "- a\n  - b\nlazy\n    - c\n",
    "ordered from 7 with )": "7) seven\n8) eight\n",
    "task list": "- [ ] open\n- [x] done\n",
    "table with alignment and escaped pipe": "| a | b |\n|:--|--:|\n| x \\| y | z |\n",
    "block quote with list": "> intro\n>\n> - one\n>   more\n> - two\n",
    "fence with markdown-looking content": "```\n# not a heading\n- not a list\n```\n",
    "html block with attributes": (
        '<div class="c" title="Hello there">\n  <p>Text <em>here</em></p>\n</div>\n'
    ),
    "two-space and backslash hard breaks": "one  \ntwo\\\nthree\n",
    "crlf": "# H\r\n\r\npara\r\nline  \r\nbreak\r\n",
    "no final newline": "last paragraph",
    "emoji zwj": "👩‍⚕️ doctor 👨‍👩‍👧 family\n",
    "reference links": "see [x][1]\n\n[1]: https://e.org\n",
    "setext headings": "Title\n=====\n\nSub\n---\n",
    "entities": "&amp; &nbsp; &#x41; text\n",
    "indented code in list": "1. item\n\n       code\n       more\n",
    "fence in list item": "- item\n\n  ```text\n  prose\n    indented\n  ```\n",
    "quote with lazy line": "> quoted\nlazy line\n",
    "trailing whitespace at end": "para  \n\n",
    "empty table cells": "| a | b |\n|---|---|\n| | |\n",
    "html with blank line": "<div>\n  <span>one</span>\n\n    <div>two</div>\n</div>\n",
}


@pytest.mark.parametrize("body", CASES.values(), ids=CASES.keys())
def test_edge_cases_round_trip(body: str) -> None:
    assert identity(FM + body) == FM + body
    assert identity("\ufeff" + FM + body) == "\ufeff" + FM + body


@pytest.mark.parametrize("body", CASES.values(), ids=CASES.keys())
def test_translated_fill_keeps_the_structure(body: str) -> None:
    """A translation of different length and line count lands in the same blocks."""
    a = extract.article(FM + body, "a.md", "a")
    out = extract.fill(a.body, lambda m: "译" + m.replace("\n", "\n行") + "文")
    b = extract.article(FM + out, "a.md", "a")
    assert [u.kind for u in b.units] == [u.kind for u in a.units]
