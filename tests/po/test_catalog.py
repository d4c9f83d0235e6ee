"""Updating a catalog works like msgmerge --previous and never loses a translation."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from pipeline.model import PARAGRAPH, Kind, Unit
from pipeline.po import catalog
from pipeline.po.model import Catalog


def pot(*texts: str) -> Catalog:
    return catalog.template(
        [Unit(t, Kind.parse("paragraph"), i + 1) for i, t in enumerate(texts)], "a.md", "a"
    )


def translated(po: Catalog, **by_msgid: str) -> Catalog:
    for e in po:
        e.msgstr = by_msgid.get(e.msgid, e.msgstr)
    return po


A = "The uterus is located in the center of the pelvis."
B = "Back pain typically occurs in the lumbosacral region (L4-S1 area)."
C = "Pain intensity positively correlates with dysmenorrhea severity."


def first() -> Catalog:
    po, _ = catalog.update(None, pot(A, B, C), "zh")
    return translated(
        po,
        **{
            A: "子宫位于盆腔中央。",
            B: "背痛通常位于腰骶部（L4-S1区域）。",
            C: "疼痛强度与痛经严重程度正相关。",
        },
    )


def test_edited_unit_keeps_its_translation_as_fuzzy_with_previous_msgid() -> None:
    edited = A.replace("center", "middle")
    po, stats = catalog.update(first(), pot(edited, B, C), "zh")
    e = po.find(edited)
    assert e.fuzzy and e.previous_msgid == A and e.msgstr == "子宫位于盆腔中央。"
    assert po.find(B).msgstr.startswith("背痛") and not po.find(B).fuzzy
    assert stats.fuzzy == 1 and stats.kept == 2


def test_inserted_unit_is_new_and_others_untouched() -> None:
    po, stats = catalog.update(first(), pot(A, "A brand new paragraph here.", B, C), "zh")
    assert po.find("A brand new paragraph here.").msgstr == ""
    assert [e.msgstr != "" for e in po] == [True, False, True, True]
    assert stats.new == 1


def test_deleted_unit_becomes_obsolete_and_comes_back_translated() -> None:
    po, _ = catalog.update(first(), pot(A, C), "zh")
    gone = [e for e in po.obsolete_entries()]
    assert [(e.msgid, e.msgstr) for e in gone] == [(B, "背痛通常位于腰骶部（L4-S1区域）。")]
    text = catalog.dumps(po)
    assert "#~ msgid" in text
    back, stats = catalog.update(catalog.loads(text, "a.po"), pot(A, B, C), "zh")
    assert back.find(B).msgstr.startswith("背痛") and not back.find(B).fuzzy
    assert stats.restored == 1 and not back.obsolete_entries()


def test_repeated_units_share_one_entry_with_every_occurrence() -> None:
    units = [Unit("Yes", Kind.parse("table cell"), 3), Unit("Yes", Kind.parse("table cell"), 4)]
    t = catalog.template(units, "a.md", "a", references="line")
    assert len(t) == 1 and t[0].occurrences == [("a.md", "3"), ("a.md", "4")]
    assert catalog.template(units, "a.md", "a")[0].occurrences == [("a.md", "")]
    assert catalog.template(units, "a.md", "a", references="none")[0].occurrences == []


def test_dumps_is_deterministic_and_round_trips() -> None:
    text = catalog.dumps(first())
    assert catalog.dumps(catalog.loads(text, "a.po")) == text
    assert catalog.dumps(catalog.update(catalog.loads(text, "a.po"), pot(A, B, C), "zh")[0]) == text
    assert "Plural-Forms: nplurals=1; plural=0;" in text and "POT-Creation-Date" not in text


def test_translator_header_fields_are_kept() -> None:
    po = first()
    po.metadata["Last-Translator"] = "Li <li@example.org>"
    po.metadata["PO-Revision-Date"] = "2026-11-30 10:00+0800"
    again, _ = catalog.update(po, pot(A, B, C), "zh")
    assert again.metadata["Last-Translator"] == "Li <li@example.org>"
    assert again.metadata["PO-Revision-Date"] == "2026-11-30 10:00+0800"


def test_broken_po_names_the_line() -> None:
    with pytest.raises(Exception) as info:
        catalog.loads('msgid ""\nmsgstr ""\n\nmsgid "x"\nmsgstr "unterminated\n', "z.po")
    assert "z.po" in str(info.value) and "line" not in str(info.value).split(":")[-1]
    assert getattr(info.value, "line", None)


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext not installed")
def test_msgfmt_accepts_repeats_newlines_and_chinese(tmp_path) -> None:
    units = [
        Unit("Yes", Kind.parse("table cell"), 1),
        Unit("Yes", Kind.parse("table cell"), 2),
        Unit("block\nwith lines\n", Kind.parse("code block"), 3),
        Unit("\nleading", Kind.parse("code block"), 4),
        Unit("a " * 60, Kind.parse("paragraph"), 5),
    ]
    po, _ = catalog.update(None, catalog.template(units, "a.md", "a"), "zh")
    translated(
        po, **{"block\nwith lines\n": "代码块\n多行", "\nleading": "开头", "a " * 60: "中文" * 80}
    )
    path = tmp_path / "a.po"
    path.write_text(catalog.dumps(po), "utf-8")
    done = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "中文" * 80 in path.read_text("utf-8")  # never split by wrapping


# -- what a translator adds that extract does not produce -------------------------


def test_a_translators_menu_entry_never_replaces_the_units_translation() -> None:
    text = catalog.dumps(first()) + f'\nmsgctxt "menu"\nmsgid "{A}"\nmsgstr "菜单"\n'
    po, stats = catalog.update(catalog.loads(text, "a.po"), pot(A, B, C), "zh")
    assert po.find(A).msgstr == "子宫位于盆腔中央。" and not po.find(A).fuzzy
    menu = po.find(A, "menu", include_obsolete_entries=True)
    assert menu.obsolete and menu.msgstr == "菜单"
    assert catalog.translations(catalog.loads(text, "a.po"))[A].msgstr == "子宫位于盆腔中央。"


def test_plural_entries_are_kept_obsolete_and_come_back() -> None:
    extra = (
        '\nmsgid "One day"\nmsgid_plural "%d days"\nmsgstr[0] "%d天"\n'
        '\n#~ msgid "One week"\n#~ msgid_plural "%d weeks"\n#~ msgstr[0] "%d周"\n'
    )
    po, _ = catalog.update(
        catalog.loads(catalog.dumps(first()) + extra, "a.po"), pot(A, B, C), "zh"
    )
    text = catalog.dumps(po)
    assert '#~ msgid_plural "%d days"\n#~ msgstr[0] "%d天"' in text
    assert '#~ msgid_plural "%d weeks"\n#~ msgstr[0] "%d周"' in text
    again, _ = catalog.update(catalog.loads(text, "a.po"), pot(A, B, C), "zh")
    assert catalog.dumps(again) == text


def test_a_plural_entry_with_a_units_english_is_refused() -> None:
    text = catalog.dumps(catalog.update(None, pot(A), "zh")[0])
    text += f'\nmsgid "{B}"\nmsgid_plural "x"\nmsgstr[0] "y"\n'
    with pytest.raises(Exception, match="plural entry") as info:
        catalog.update(catalog.loads(text, "a.po"), pot(A, B), "zh")
    assert info.value.line > 1


TITLE, HEADING, CELL, TAGS = (
    Kind.parse(k) for k in ("front matter: title", "heading 1", "table cell", "front matter: tags")
)


def roles(*units: tuple[str, Kind, str | None]) -> Catalog:
    """A template of (English, kind, msgctxt) units, as extract gives them."""
    return catalog.template(
        [Unit(t, k, n + 1, context=c) for n, (t, k, c) in enumerate(units)], "a.md", "a"
    )


def before_contexts() -> Catalog:
    """A catalog written before contexts: A was the title and the H1, one entry, reviewed,
    with a translator's note; B a paragraph, fuzzy with its previous English."""
    po, _ = catalog.update(
        None, roles((A, TITLE, None), (A, HEADING, None), (B, PARAGRAPH, None)), "zh"
    )
    po.entries[0].msgstr, po.entries[0].tcomment = "子宫位于盆腔中央。", "checked by Li"
    po.entries[1].msgstr, po.entries[1].flags = "背痛。", ["fuzzy"]
    po.entries[1].previous_msgid = "Back pain occurs."
    return catalog.loads(catalog.dumps(po), "a.po")


def test_a_title_and_h1_split_in_two_and_both_keep_the_reviewed_translation() -> None:
    old = before_contexts()
    assert old.entries[0].comment == "front matter: title\nheading 1"
    split = roles((A, TITLE, "front matter: title"), (A, HEADING, None), (B, PARAGRAPH, None))
    assert "msgctxt" in catalog.dumps(split)
    po, stats = catalog.update(old, split, "zh")
    title, h1 = po.find(A, "front matter: title"), po.find(A)
    for e in (title, h1):  # reviewed for both roles: its #. lines named both
        assert (e.msgstr, e.fuzzy, e.tcomment) == ("子宫位于盆腔中央。", False, "checked by Li")
    assert po.find(B).previous_msgid == "Back pain occurs." and po.find(B).fuzzy
    assert not po.obsolete_entries()  # moved, never duplicated as #~
    assert stats.kept == 3 and stats.fuzzy == stats.new == stats.obsolete == 0
    again, _ = catalog.update(catalog.loads(catalog.dumps(po), "a.po"), split, "zh")
    assert catalog.dumps(again) == catalog.dumps(po)  # a second sync changes nothing


def test_a_role_the_translation_was_never_reviewed_in_gets_a_fuzzy_copy() -> None:
    """A tag that now also is a table cell: the tag keeps its entry (and context), the
    cell, a role nobody translated this text for, gets the translation as fuzzy with the
    old context as ``#| msgctxt``."""
    po, _ = catalog.update(None, roles((A, TAGS, None)), "zh")
    po.entries[0].msgstr = "药物治疗"
    old = catalog.loads(catalog.dumps(po), "a.po")
    new = roles((A, TAGS, "front matter: tags"), (A, CELL, None))
    po, _ = catalog.update(old, new, "zh")
    tag, cell = po.find(A, "front matter: tags"), po.find(A)
    assert (tag.msgstr, tag.fuzzy) == ("药物治疗", False)
    assert (cell.msgstr, cell.fuzzy, cell.previous_msgid) == ("药物治疗", True, A)
    contexted = roles((A, TAGS, None), (A, CELL, "table cell"))
    po, _ = catalog.update(old, contexted, "zh")
    cell = po.find(A, "table cell")
    assert cell.fuzzy and (cell.previous_msgctxt, cell.previous_msgid) == (None, A)


def test_when_the_roles_join_again_each_keeps_its_own_translation() -> None:
    split = roles((A, TITLE, "front matter: title"), (A, HEADING, None))
    po, _ = catalog.update(None, split, "zh")
    po.find(A, "front matter: title").msgstr = "标题译文"
    po.find(A).msgstr = "一级标题译文"
    old = catalog.loads(catalog.dumps(po), "a.po")
    only_title, _ = catalog.update(old, roles((A, TITLE, None)), "zh")
    assert only_title.find(A).msgstr == "标题译文" and not only_title.find(A).fuzzy
    gone = only_title.find(A, include_obsolete_entries=True)
    assert [(e.msgctxt, e.msgstr) for e in only_title.obsolete_entries()] == [
        ("heading", "一级标题译文")  # under its role's name: one entry per key in the file
    ]
    assert gone is only_title.find(A)
    only_title = catalog.loads(catalog.dumps(only_title), "a.po")
    back, _ = catalog.update(only_title, split, "zh")
    assert back.find(A).msgstr == "一级标题译文"  # the H1's own, from #~
    assert back.find(A, "front matter: title").msgstr == "标题译文"


def test_the_context_migration_on_gnu_tools() -> None:
    if shutil.which("msgfmt") is None:
        pytest.skip("gettext is not installed")
    split = roles((A, TITLE, "front matter: title"), (A, HEADING, None), (B, PARAGRAPH, None))
    po, _ = catalog.update(before_contexts(), split, "zh")
    done = subprocess.run(
        ["msgfmt", "-c", "--statistics", "-o", "/dev/null", "-"],
        input=catalog.dumps(po).encode(),
        capture_output=True,
    )
    assert done.returncode == 0 and b"warning" not in done.stderr, done.stderr
    assert b"2 translated messages, 1 fuzzy translation" in done.stderr


def test_stale_entries_compare_content_not_order_or_translations() -> None:
    on_disk = first()
    on_disk.entries.reverse()
    on_disk[0].msgstr = "改了"
    assert catalog.stale_entries(on_disk, pot(A, B, C)) == []
    stale = catalog.stale_entries(on_disk, pot(A, "Another English text.", C))
    assert {e.msgid for e in stale} == {B, "Another English text."}


def test_obsolete_entries_never_share_a_key_whatever_the_roles_did_before() -> None:
    split = roles((A, TITLE, "front matter: title"), (A, HEADING, None))
    po, _ = catalog.update(None, split, "zh")
    po.find(A, "front matter: title").msgstr = "标题译文"
    po.find(A).msgstr = "一级标题译文"
    text = catalog.dumps(po) + f'\n#~ msgctxt "heading"\n#~ msgid "{A}"\n#~ msgstr "更早的译文"\n'
    joined, _ = catalog.update(catalog.loads(text, "a.po"), roles((A, TITLE, None)), "zh")
    again = catalog.loads(catalog.dumps(joined), "a.po")  # the reader refuses duplicate keys
    assert again.find(A).msgstr == "标题译文"
    kept = {e.msgstr for e in again.obsolete_entries()}
    assert kept == {"一级标题译文", "更早的译文"}  # nothing lost
