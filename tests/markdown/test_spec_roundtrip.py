"""The CommonMark (0.31.2) and GitHub Flavored Markdown (0.29-gfm) spec examples round-trip
byte for byte: filling every unit with its own msgid gives back the input, with front
matter and without (unless the example opens with a ``---`` or ``+++`` line, which opens
front matter), read as Markdown and as MDX, with LF and CRLF line endings (issue 10: the
site syntax broke nothing of the exact round trip).

The inputs are in ``tests/data/spec/examples.json`` (Markdown only, no expected HTML; see
its ``about`` and ``source`` fields, CC BY-SA 4.0), written by ``make_examples.py``.
"""

from __future__ import annotations

import json

import pytest
from conftest import DATA

from pipeline.markdown import extract

SPEC = json.loads((DATA / "spec" / "examples.json").read_text("utf-8"))
FM = '---\ntitle: "T"\n---\n'
FENCES = ("---", "+++")


def _identity(text: str, path: str) -> str:
    a = extract.article(text, path, "a")
    return a.bom + a.fm_open + a.fm_text + a.fm_close + extract.fill(a.body, lambda m: m)


@pytest.mark.parametrize("spec", ["commonmark", "gfm"])
@pytest.mark.parametrize("path", ["a.md", "a.mdx"])
def test_every_spec_example_round_trips_byte_for_byte(spec: str, path: str) -> None:
    examples = SPEC[spec]["examples"]
    assert len(examples) > 600
    failed = []
    for number, (section, markdown) in enumerate(examples, 1):
        bare = () if markdown.startswith(FENCES) else (markdown,)  # would open front matter
        for text in (*bare, FM + markdown, FM + markdown.replace("\n", "\r\n")):
            if _identity(text, path) != text:
                failed.append((number, section, text))
                break
    assert failed == []
