"""The writer keeps the file's own layout: unchanged files byte for byte, a changed entry
rewritten alone, in the file's width, line endings and BOM."""

from __future__ import annotations

import difflib
import subprocess

import pytest
from po_samples import HAS_GETTEXT, PRODUCERS, RICH

from pipeline.model import Kind, Unit
from pipeline.po import catalog, pofile, writer
from pipeline.po.model import Catalog, Entry, Layout

RICH_TEXT = RICH.read_text("utf-8")


def produced(name: str) -> str:
    text = PRODUCERS[name](RICH_TEXT)
    if text is None:
        pytest.skip(f"{name}: tool not installed")
    return text


def changed_lines(a: str, b: str) -> list[str]:
    return [
        ln
        for ln in difflib.unified_diff(a.splitlines(), b.splitlines(), lineterm="", n=0)
        if ln[:1] in "+-" and not ln.startswith(("+++", "---"))
    ]


@pytest.mark.parametrize("name", sorted(PRODUCERS))
def test_an_unchanged_file_is_written_back_byte_for_byte(name: str) -> None:
    text = produced(name)
    assert catalog.dumps(pofile.loads(text, "a.po")) == text


@pytest.mark.parametrize("name", sorted(PRODUCERS))
def test_one_changed_entry_is_the_only_change(name: str) -> None:
    text = produced(name)
    cat = pofile.loads(text, "a.po")
    cat.find("Home").msgstr = "家园"
    out = catalog.dumps(cat)
    diff = changed_lines(text.lstrip("\ufeff"), out.lstrip("\ufeff"))
    assert diff == ['-msgstr "家"', '+msgstr "家园"']
    assert out.startswith("\ufeff") == text.startswith("\ufeff")
    assert out.count("\r") == text.count("\r")


@pytest.mark.skipif(not HAS_GETTEXT, reason="GNU gettext not installed")
def test_a_rewritten_entry_in_a_poedit_file_is_wrapped_like_poedit() -> None:
    text = produced("poedit")
    cat = pofile.loads(text, "a.po")
    entry = next(e for e in cat if e.fuzzy and not e.obsolete)
    entry.msgstr += "另外，热敷可以在五分钟内缓解大部分经期腰痛，适合办公室和家里使用。"
    entry.fuzzy = False
    entry.previous_msgid = None
    out = catalog.dumps(cat)
    again = subprocess.run(
        ["msgcat", "-w", "79", "-"], input=out.encode(), capture_output=True, check=True
    ).stdout.decode()
    assert again == out  # the next save in Poedit changes nothing
    assert max(map(writer.width, out.splitlines())) <= 79


def test_detected_width_of_each_editor() -> None:
    # A small file shows a lower bound of its width: polib's 78 may read as 76-78.
    for name, widths in {
        "msgcat -w 79": (79,),
        "msgcat --no-wrap": (0,),
        "polib save": (76, 77, 78),
    }.items():
        text = PRODUCERS[name](RICH_TEXT)
        if text is not None:
            assert writer.detect_wrap(text) in widths, name
    assert writer.detect_wrap('msgid "a"\nmsgstr "b"\n') is None


def test_new_files_are_not_wrapped_unless_configured() -> None:
    units = [Unit("word " * 40, Kind.parse("paragraph"), 3)]
    pot = catalog.template(units, "a.md", "a")
    po, _ = catalog.update(None, pot, "zh")
    assert 'msgid "' + "word " * 40 + '"' in catalog.dumps(po)
    wrapped, _ = catalog.update(None, pot, "zh", wrap=79)
    text = catalog.dumps(wrapped)
    assert 'msgid ""\n"word word' in text and max(map(len, text.splitlines())) <= 79


def test_a_file_too_short_to_tell_takes_the_configured_width() -> None:
    short = pofile.loads('msgid ""\nmsgstr "Language: zh\\n"\n\nmsgid "a"\nmsgstr ""\n', "a.po")
    pot = catalog.template([Unit("word " * 40, Kind.parse("paragraph"), 3)], "a.md", "a")
    po, _ = catalog.update(short, pot, "zh", wrap=60)
    assert max(map(len, catalog.dumps(po).splitlines())) <= 60


def test_never_writes_what_it_cannot_read_back() -> None:
    po = Catalog()
    po.append(Entry("a", "b\x00"))
    with pytest.raises(Exception, match="NUL"):
        catalog.dumps(po)


def test_field_layout_matches_gettext() -> None:
    assert writer.field("", "msgid", "short", 79) == ['msgid "short"']
    assert writer.field("", "msgid", "x" * 100, 79) == [f'msgid "{"x" * 100}"']  # no break
    assert writer.field("#~ ", "msgstr", "a\nb", 0) == ['#~ msgstr ""', '#~ "a\\n"', '#~ "b"']
    assert writer.field("", "msgid", "end\n", 0) == ['msgid "end\\n"']


def test_sorted_file_keeps_its_order_and_new_entries_sit_by_their_neighbours() -> None:
    units = [Unit(t, Kind.parse("paragraph"), i) for i, t in enumerate(["b", "a", "c"])]
    pot = catalog.template(units, "a.md", "a")
    po, _ = catalog.update(None, pot, "zh")
    for e in po:
        e.msgstr = e.msgid.upper()
    po.entries.sort(key=lambda e: e.msgid)  # a translator ran msgcat -s
    sorted_text = catalog.dumps(po)
    on_disk = pofile.loads(sorted_text, "a.po")
    again, _ = catalog.update(on_disk, pot, "zh")
    assert catalog.dumps(again) == sorted_text
    grown = catalog.template(
        [*units[:1], Unit("new", Kind.parse("paragraph"), 9), *units[1:]], "a.md", "a"
    )
    after, _ = catalog.update(on_disk, grown, "zh")
    assert [e.msgid for e in after] == ["a", "b", "new", "c"]


def test_layout_is_never_content() -> None:
    a = pofile.loads(RICH_TEXT, "a.po")
    b = pofile.loads("\ufeff" + RICH_TEXT.replace("\n", "\r\n"), "b.po")
    assert a.content() == b.content() and a.layout != b.layout
    assert Layout().wrap is None


PLAIN = [
    Entry("Heat helps."),
    Entry('Say "hi" \\ \t now', "说“你好”", "heading", comment="heading 2"),
    Entry("two\nlines\n", comment="list item\nplaceables: {x}", occurrences=[("a.md", "")]),
    Entry("end\n", "", "table cell", occurrences=[("a.md", "3"), ("b.md", "")]),
    Entry("x", "y\nz", comment="\nparagraph", occurrences=[("a.md", "12")]),
]


@pytest.mark.parametrize("entry", PLAIN, ids=range(len(PLAIN)))
def test_the_fast_rendering_of_a_plain_entry_is_the_general_one(entry: Entry) -> None:
    assert writer._plain_text(entry) == writer.render(entry, 0)


def test_only_plain_entries_take_the_fast_rendering() -> None:
    fuzzy = Entry("a", "b", flags=["fuzzy"], previous_msgid="c")
    assert writer._plain_text(fuzzy) is None
    assert writer._plain_text(Entry("a", tcomment="note")) is None
    assert writer._plain_text(Entry("a", obsolete=True)) is None


def _units(*texts: str) -> list[Unit]:
    return [Unit(t, Kind.parse("paragraph"), i + 1) for i, t in enumerate(texts)]


TEMPLATES = {
    "plain": catalog.template(_units("Heat helps.", 'Say "hi"', "two\nlines"), "a.md", "p"),
    "no entries": catalog.template([], "a.md", "p"),
    "no head": Catalog(entries=[Entry("Rest.", occurrences=[("a.md", "")])], layout=Layout(wrap=0)),
    "wrapped": catalog.template(_units("word " * 40), "a.md", "p", wrap=79),
}


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_a_new_catalog_written_from_its_template_text_is_the_one_written_entry_by_entry(
    name: str,
) -> None:
    pot = TEMPLATES[name]
    pot_text = catalog.dumps(pot)
    po, _ = catalog.update(None, pot, "zh", wrap=pot.layout.wrap or 0)
    assert po.template_of() is pot
    fast = catalog.dumps(po, (pot, pot_text))
    assert po.template_of() is pot  # written without copying an entry
    assert fast == catalog.dumps(po) and po.template_of() is None  # copied, then written
    assert pofile.loads(fast, "a.po").content() == po.content()


def test_a_new_catalog_is_its_template_only_while_no_entry_was_asked_for() -> None:
    pot = TEMPLATES["plain"]
    pot_text = catalog.dumps(pot)
    po, _ = catalog.update(None, pot, "zh")
    po.entries[0].msgstr = "热敷有帮助。"
    assert po.template_of() is None
    assert 'msgstr "热敷有帮助。"' in catalog.dumps(po, (pot, pot_text))


def test_a_template_with_what_a_new_catalog_drops_is_not_copied_as_text() -> None:
    pot = catalog.template(_units("Heat helps.", "Rest."), "a.md", "p")
    pot.entries[1].msgstr, pot.entries[1].tcomment = "休息。", "a note"
    pot_text = catalog.dumps(pot)
    po, _ = catalog.update(None, pot, "zh")
    text = catalog.dumps(po, (pot, pot_text))
    assert "休息。" not in text and "a note" not in text
    assert text == catalog.dumps(catalog.update(None, pot, "zh")[0])
