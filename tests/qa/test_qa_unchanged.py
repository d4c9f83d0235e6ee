"""A translation that is the English: the comparing checks skip it (``Subject.unchanged``),
and what they skip is exactly what they would have found, nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.model import Kind, Role
from pipeline.po import catalog
from pipeline.qa import Subject, emphasis, images, markup_balance, render_parity, urls
from pipeline.qa.placeables import broken

ROOT = Path(__file__).resolve().parents[2]
SKIPPING = (urls, images, markup_balance, render_parity, emphasis)
KINDS = (
    Kind(Role.PARAGRAPH),
    Kind.parse("heading 2"),
    Kind(Role.TABLE_CELL),
    Kind(Role.IMAGE_ALT),
    Kind(Role.CODE_BLOCK),
    Kind.parse("parameter: title"),
)


class Same(str):
    """The same text, never equal to anything: ``unchanged`` is false, so a check takes
    the long way (parses and compares both sides)."""

    __hash__ = str.__hash__

    def __eq__(self, other: object) -> bool:
        return False

    def __ne__(self, other: object) -> bool:
        return True


def long_way(msgid: str, kind) -> list:
    s = Subject(msgid, Same(msgid), kind)
    assert not s.unchanged
    return [p for check in SKIPPING for p in check(s)] + broken(msgid, s.msgstr, kind)


def entries() -> list:
    """Every English text of the repository's catalogs and the rich test catalog, with its
    kind: headings, table cells, front matter, code, links, images and HTML."""
    found = {}
    for path in [*sorted((ROOT / "locale").rglob("*.po")), ROOT / "tests/data/rich.po"]:
        for e in catalog.loads(path.read_text("utf-8"), path.name):
            if e.msgid:
                found[(e.msgid, catalog.kind(e))] = None
    return list(found)


@pytest.mark.parametrize("msgid,kind", entries())
def test_an_unchanged_translation_has_nothing_to_compare(msgid, kind) -> None:
    assert long_way(msgid, kind) == []
    assert [p for check in SKIPPING for p in check(Subject(msgid, msgid, kind))] == []
    assert broken(msgid, msgid, kind) == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="*_[]()!`<>/&\\ab\n 1:#-|{}%\"'", max_size=40))
def test_any_unchanged_markup_has_nothing_to_compare(text) -> None:
    for kind in KINDS:
        assert long_way(text, kind) == []
