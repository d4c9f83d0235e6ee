"""Rendering: CommonMark to HTML where nothing can run, and the word diff."""

from __future__ import annotations

import re

import pytest

from pipeline.review import render

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "[click](javascript:alert(3))",
    '<a href="javascript:alert(4)">x</a>',
    "<svg onload=alert(5)><circle/></svg>",
    '<iframe src="https://example.org"></iframe>',
    '<a href="data:text/html,<script>alert(6)</script>">d</a>',
    '<p style="background:url(javascript:alert(7))" onclick="alert(8)">p</p>',
    "[ref]\n\n[ref]: javascript:alert(9)",
    '<form action="/api/save"><button>go</button></form>',
]


@pytest.mark.parametrize("text", HOSTILE)
def test_nothing_that_can_run_survives(text: str) -> None:
    html = render.markdown(text).lower()
    assert "<script" not in html
    assert not re.search(r"""(href|src|action)\s*=\s*["']?\s*(javascript|data|vbscript):""", html)
    assert not re.search(r"<[^>]*\son\w+\s*=", html), html
    for tag in ("<iframe", "<svg", "<img", "<form", "style="):
        assert tag not in html


def test_commonmark_renders_as_the_site_does() -> None:
    html = render.markdown(
        "## Title\n\n**bold** and [link](https://x.org)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    assert "<h2>Title</h2>" in html and "<strong>bold</strong>" in html
    assert 'href="https://x.org"' in html and "<table>" in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_images_are_shown_as_their_alt_text_and_address_not_loaded() -> None:
    html = render.markdown("![Pelvis diagram](/images/pelvis.png)")
    assert "<img" not in html
    assert "Pelvis diagram" in html and "/images/pelvis.png" in html


def test_a_reference_defined_elsewhere_in_the_document_resolves() -> None:
    refs = render.references("Intro\n\n[who]: https://who.int\n")
    assert 'href="https://who.int"' in render.markdown("See [WHO][who].", refs)


def test_word_diff_marks_what_changed() -> None:
    html = render.diff_words("Take 200 mg daily", "Take 400 mg twice daily")
    assert html == "Take <del>200</del><ins>400</ins> mg <ins>twice </ins>daily"
    assert "&lt;b&gt;" in render.diff_words("a", "<b>")
