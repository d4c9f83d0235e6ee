"""The one PO reader: strict where a translation could be lost, at home with every editor.

Differential: the same file saved by msgcat (Poedit-style wrapping, no wrap, sorted),
polib, translate-toolkit, with CRLF, CR-only and BOM, reads as the same entries as
GNU gettext reads it and as polib reads it; the fast path agrees with the line parser.
"""

from __future__ import annotations

import polib
import pytest
from po_samples import HAS_GETTEXT, PRODUCERS, RICH, gnu_reading

from pipeline.errors import InputError
from pipeline.po import pofile
from pipeline.po.model import Catalog

RICH_TEXT = RICH.read_text("utf-8")


def contents(cat: Catalog) -> list[str]:
    return sorted(repr(e.content()) for e in cat)


def produced(name: str) -> str:
    text = PRODUCERS[name](RICH_TEXT)
    if text is None:
        pytest.skip(f"{name}: tool not installed")
    return text


def test_the_sample_reads_as_written() -> None:
    cat = pofile.loads(RICH_TEXT, "rich.po")
    assert cat.metadata["Language"] == "zh_CN" and cat.metadata["X-Generator"] == "Poedit 3.4.2"
    assert cat.header == "Translations of sample.\nSecond header line."
    plural = cat.find("One day")
    assert plural.msgid_plural == "%d days" and plural.msgstr_plural == {0: "%d天"}
    assert cat.find("Home", "menu").msgstr == "首页" and cat.find("Home").msgstr == "家"
    fuzzy = next(e for e in cat if e.fuzzy and not e.obsolete)
    assert fuzzy.previous_msgid.endswith("share nerve roots.")
    assert fuzzy.tcomment == "A translator's note.\ndraft: memory fuzzy"
    gone = cat.find("One week", include_obsolete_entries=True)
    assert gone.obsolete and gone.previous_msgid == "One week" and gone.msgstr_plural[0] == "%d周"
    assert cat.find("Back", "nav", include_obsolete_entries=True).msgstr == "返回"
    code = cat.find('line one\n\tindented "quoted" back\\slash\nline three\n')
    assert code.msgstr == '第一行\n\t缩进 "引号" 反斜杠\\\n第三行\n'
    assert cat[0].occurrences == [("content/en/a.md", "2"), ("content/en/a.md", "9")]
    assert cat[0].linenum == 20


@pytest.mark.parametrize("name", sorted(PRODUCERS))
def test_every_editor_layout_reads_as_the_same_entries(name: str) -> None:
    text = produced(name)
    ours = pofile.loads(text, "a.po")
    original = pofile.loads(RICH_TEXT, "rich.po")
    if name == "polib save":  # polib drops #~| previous fields of obsolete entries
        for e in original:
            if e.obsolete:
                e.previous_msgid = None
    assert contents(ours) == contents(original)
    assert ours.header == original.header
    assert {k: v for k, v in ours.metadata.items() if k != "X-Generator"} == {
        k: v for k, v in original.metadata.items() if k != "X-Generator"
    }


@pytest.mark.parametrize("name", sorted(PRODUCERS))
def test_fast_path_and_line_parser_agree(name: str) -> None:
    text = produced(name)
    fast, slow = pofile.loads(text, "a.po"), pofile.loads(text, "a.po", fast=False)
    assert [(e.content(), e.linenum, e.raw) for e in fast] == [
        (e.content(), e.linenum, e.raw) for e in slow
    ]
    assert (fast.head(), fast.raw) == (slow.head(), slow.raw)


@pytest.mark.skipif(not HAS_GETTEXT, reason="GNU gettext not installed")
@pytest.mark.parametrize("name", sorted(PRODUCERS))
def test_we_read_what_gnu_gettext_reads(name: str) -> None:
    text = produced(name)
    gnu = pofile.loads(gnu_reading(text), "gnu.po")
    assert contents(pofile.loads(text, "a.po")) == contents(gnu)


def polib_view(e) -> tuple:
    """What polib and we both model (polib has no previous fields on obsolete entries)."""
    plural = dict(e.msgstr_plural) if e.msgid_plural else {}
    return (bool(e.obsolete), e.msgctxt, e.msgid, e.msgid_plural or "", e.msgstr, plural)


@pytest.mark.parametrize("name", sorted(set(PRODUCERS) - {"cr only"}))  # polib reads no CR
def test_we_read_what_polib_reads(name: str, tmp_path) -> None:
    text = produced(name)
    path = tmp_path / "a.po"
    path.write_bytes(text.encode("utf-8"))
    theirs = polib.pofile(str(path))
    ours = pofile.loads(text, "a.po")
    assert sorted(map(repr, map(polib_view, theirs))) == sorted(map(repr, map(polib_view, ours)))
    by_key = {(e.msgctxt, e.msgid): e for e in theirs}
    for e in ours:
        them = by_key[e.key]
        assert (e.flags, e.comment, e.tcomment, e.occurrences) == (
            them.flags,
            them.comment,
            them.tcomment,
            them.occurrences,
        )
        if not e.obsolete:
            assert e.previous_msgid == them.previous_msgid
    assert ours.metadata == theirs.metadata


def test_line_endings_and_bom_are_layout_not_content() -> None:
    plain = pofile.loads(RICH_TEXT, "a.po")
    for text, newline, bom in (
        (RICH_TEXT.replace("\n", "\r\n"), "\r\n", False),
        (RICH_TEXT.replace("\n", "\r"), "\r", False),
        ("\ufeff" + RICH_TEXT, "\n", True),
    ):
        cat = pofile.loads(text, "a.po")
        assert contents(cat) == contents(plain)
        assert (cat.layout.newline, cat.layout.bom) == (newline, bom)
        assert [e.linenum for e in cat] == [e.linenum for e in plain]


def test_gettext_layouts_a_writer_may_produce() -> None:
    text = (
        'msgid ""\nmsgstr ""\n"Language: zh\\n"\n\n\n\n'
        "# a comment block of its own\n\n"
        'msgid "a"\nmsgstr "甲"\nmsgid "b"\nmsgstr "乙"\n   \n'
        '  msgid "c"   \n  msgstr "丙"  \n\n'
        "#. trailing\n"
    )
    cat = pofile.loads(text, "a.po")
    assert [(e.msgid, e.msgstr, e.linenum) for e in cat] == [
        ("a", "甲", 9),
        ("b", "乙", 11),
        ("c", "丙", 14),
    ]
    assert cat[0].tcomment == "a comment block of its own"
    assert cat.tail == "#. trailing"


BROKEN = {
    "NUL byte": ('msgid "a"\nmsgstr "b\x00"\n', 2, "NUL"),
    "duplicate": ('msgid "a"\nmsgstr "1"\n\nmsgid "a"\nmsgstr "2"\n', 4, "first at line 1"),
    "duplicate obsolete": ('msgid "a"\nmsgstr "1"\n\n#~ msgid "a"\n#~ msgstr "2"\n', 4, "dup"),
    "duplicate in context": (
        'msgctxt "m"\nmsgid "a"\nmsgstr "1"\n\nmsgctxt "m"\nmsgid "a"\nmsgstr "2"\n',
        6,
        "msgctxt 'm'",
    ),
    "unterminated": ('msgid "a"\nmsgstr "b\n', 2, "unterminated"),
    "bad escape": ('msgid "a"\nmsgstr "b\\q"\n', 2, "invalid escape"),
    "escaped NUL": ('msgid "a"\nmsgstr "b\\0"\n', 2, "not a character"),
    "no msgstr": ('msgid "a"\n\nmsgid "b"\nmsgstr ""\n', 1, "without msgstr"),
    "msgstr before msgid": ('msgstr "b"\nmsgid "a"\n', 1, "out of place"),
    "plural without forms": ('msgid "a"\nmsgid_plural "as"\nmsgstr "b"\n', 3, "out of place"),
    "mixed obsolete": ('#~ msgid "a"\nmsgstr "b"\n', 2, "obsolete"),
    "garbage": ('msgid "a"\nmsgstr "b"\n\nthis is not PO\n', 4, "cannot read"),
    "comment inside": ('msgid "a"\n# note\nmsgstr "b"\n', 2, "comment inside"),
    "header line": ('msgid ""\nmsgstr "Language zh\\n"\n', 1, "not 'Name: value'"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_what_would_lose_a_translation_is_an_error_at_its_line(case: str) -> None:
    text, line, words = BROKEN[case]
    with pytest.raises(InputError) as info:
        pofile.loads(text, "locale/zh/a.po")
    assert info.value.path == "locale/zh/a.po" and info.value.line == line
    assert words.lower() in info.value.message.lower()
    assert str(info.value).startswith(f"locale/zh/a.po:{line}: ")


@pytest.mark.skipif(not HAS_GETTEXT, reason="GNU gettext not installed")
@pytest.mark.parametrize(
    # gettext reads the other two; we refuse them because we could not write them back
    "case",
    sorted(set(BROKEN) - {"header line", "comment inside"}),
)
def test_gnu_gettext_rejects_them_too(case: str, tmp_path) -> None:
    import subprocess

    path = tmp_path / "a.po"
    path.write_bytes(BROKEN[case][0].encode("utf-8"))
    done = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True)
    assert done.returncode != 0


def test_octal_and_hex_escapes_read_like_gettext() -> None:
    cat = pofile.loads('msgid "a"\nmsgstr "\\101\\x42\\a"\n', "a.po")
    assert cat[0].msgstr == "AB\a"


COMMON_SHAPES = """msgid ""
msgstr ""
"Language: zh\\n"

#. paragraph
#: content/en/a.md
msgid "Plain text"
msgstr "纯文本"

#. front matter: title
#: content/en/a.md:3
msgctxt "front matter: title"
msgid "Title"
msgstr ""

#. heading 2
#: content/en/a.md:9
msgid "Quoted \\"text\\""
msgstr "引用"

#. list item
#. placeables: <b>
#: content/en/a.md:12 content/en/a.md:14
#, fuzzy
msgid "Two <b>refs</b>"
msgstr "两个"
"""


def test_the_commonest_shape_reads_as_the_line_parser_reads_it() -> None:
    """One ``#.`` line, one reference, one-line strings: read by the narrowest expression,
    the entry (and what it remembers of the file) is the line parser's."""
    fast = pofile.loads(COMMON_SHAPES, "a.po")
    slow = pofile.loads(COMMON_SHAPES, "a.po", fast=False)
    assert [(e.content(), e.linenum, e.raw, e.seen) for e in fast] == [
        (e.content(), e.linenum, e.raw, e.seen) for e in slow
    ]
    assert [e.msgctxt for e in fast] == [None, "front matter: title", None, None]
    assert fast.entries[1].occurrences == [("content/en/a.md", "3")]
