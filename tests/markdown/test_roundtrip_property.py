"""Property: for any CommonMark + GFM-table input, identity fill gives back every byte."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.markdown import extract

pytestmark = pytest.mark.slow

FM = '---\ntitle: "T"\n---\n'

INLINE = st.sampled_from(
    [
        "word",
        "two words",
        "**bold**",
        "*em*",
        "_u_",
        "`code`",
        "[link](https://e.org/a)",
        "![alt](/i.png)",
        "<b>x</b>",
        "&amp;",
        "\\*",
        "\\|",
        "中文",
        "👩‍⚕️",
        "400-600mg",
        "  ",
        " ",
        "#",
        "*",
        "-",
        ">",
        "|",
        "1.",
        "<",
        "\\",
        "~~s~~",
        "[ref][1]",
        "http://x.y",
    ]
)
LINE_START = st.sampled_from(
    [
        "",
        "",
        "",
        "# ",
        "## ",
        "- ",
        "* ",
        "+ ",
        "1. ",
        "7) ",
        "> ",
        "> - ",
        "  ",
        "    ",
        "   - ",
        "- [ ] ",
        "| ",
        "```",
        "~~~",
        "<div>",
        "</div>",
        '<p title="t">',
        "---",
        "***",
        "[1]: https://e.org",
        "===",
        "\t",
    ]
)
EOL = st.sampled_from(["\n", "\n", "\n", "\r\n", "  \n", "\\\n", "\n\n"])


@st.composite
def documents(draw) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 25))):
        body = "".join(draw(st.lists(INLINE, min_size=0, max_size=6)))
        if draw(st.booleans()):
            body = "| " + body + " | " + "".join(draw(st.lists(INLINE, max_size=3))) + " |"
        lines.append(draw(LINE_START) + body + draw(EOL))
    text = "".join(lines)
    return text if draw(st.booleans()) else text.rstrip("\r\n")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.booleans())
def test_identity_fill_gives_back_any_document(body: str, bom: bool) -> None:
    text = ("\ufeff" if bom else "") + FM + body
    a = extract.article(text, "a.md", "a")
    out = a.bom + a.fm_open + a.fm_text + a.fm_close + extract.fill(a.body, lambda m: m)
    assert out == text
