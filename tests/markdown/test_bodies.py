"""The kept body: what ``load_body`` gives back is what ``extract_body`` made, and a damaged
file is refused (the workspace then parses again)."""

from __future__ import annotations

import pytest
from conftest import DATA

from pipeline.markdown import extract
from pipeline.markdown.bodies import dump_body, load_body


@pytest.mark.parametrize("name", ["edge-cases.md", "crlf.md", "bom.md"])
def test_a_kept_body_loads_as_it_was_extracted(name: str) -> None:
    text = (DATA / name).read_text("utf-8")
    body = extract.extract_body(text, 3, ("text",))
    assert body[1], "the sample has units"
    assert load_body(dump_body(*body)) == body


@pytest.mark.parametrize("data", [b"", b"damaged", dump_body(["x"], [])[:-3], b"\xe9\x00\x01"])
def test_a_damaged_body_is_refused(data: bytes) -> None:
    with pytest.raises((ValueError, TypeError)):
        load_body(data)
