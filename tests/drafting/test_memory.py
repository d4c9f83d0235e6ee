"""The translation memory: exact matches reviewed only when they can vouch for themselves,
every draft naming its source, near matches repaired before they are offered."""

from __future__ import annotations

import polib

from pipeline.drafting.engines.memory import EXACT, FUZZY, build
from pipeline.drafting.tm import Index
from pipeline.model import PARAGRAPH, DraftRequest, Kind

CELL = Kind.parse("table cell")


def po(slug: str, pairs: dict[str, str], kind: str = "paragraph", fuzzy=()) -> polib.POFile:
    out = polib.POFile()
    for i, (msgid, msgstr) in enumerate(pairs.items(), start=1):
        out.append(
            polib.POEntry(
                msgid=msgid,
                msgstr=msgstr,
                comment=kind,
                occurrences=[(f"content/en/{slug}.md", str(10 * i))],
                flags=["fuzzy"] if msgid in fuzzy else [],
            )
        )
    return out


def memory(*catalogs: tuple[str, polib.POFile]):
    return build(lambda: list(catalogs), 85.0, True, 4, ("table cell",))


def drafts(engine, *requests: DraftRequest):
    return dict(engine.draft(list(requests)))


LONG = "Apply a warm compress for twenty minutes"


def test_unanimous_long_exact_match_is_reviewed_and_names_its_sources():
    eng = memory(("a", po("a", {LONG: "热敷二十分钟"})), ("b", po("b", {LONG: "热敷二十分钟"})))
    d = drafts(eng, DraftRequest(LONG))[LONG]
    assert d.reviewed and d.origin == EXACT and d.text == "热敷二十分钟"
    assert d.note == "2 articles agree, from content/en/a.md:10, content/en/b.md:10"


def test_conflicting_translations_stay_fuzzy_and_show_the_other_one():
    eng = memory(
        ("a", po("a", {LONG: "热敷二十分钟"})),
        ("b", po("b", {LONG: "热敷二十分钟"})),
        ("c", po("c", {LONG: "冷敷二十分钟"})),
    )
    d = drafts(eng, DraftRequest(LONG))[LONG]
    assert not d.reviewed and d.text == "热敷二十分钟"  # the majority
    assert d.note.startswith("conflict: 2 translations, from content/en/a.md:10")
    assert "also 「冷敷二十分钟」 in content/en/c.md:10" in d.note


def test_short_texts_and_table_cells_are_never_saved_reviewed():
    eng = memory(
        ("tea", po("tea", {"Immediate": "立即饮用"}, kind="table cell")),
        ("x", po("x", {LONG: "热敷二十分钟", "Take it with food": "随餐服用"})),
    )
    got = drafts(
        eng,
        DraftRequest("Immediate"),
        DraftRequest(LONG, CELL),
        DraftRequest("Take it with food"),
    )
    assert not got["Immediate"].reviewed and "short text" in got["Immediate"].note
    assert not got[LONG].reviewed and "table cell" in got[LONG].note
    assert got["Take it with food"].reviewed  # four words: enough context
    assert got["Take it with food"].note == "from content/en/x.md:20"


def test_a_conflict_prefers_the_translation_used_in_the_same_role():
    eng = memory(
        ("a", po("a", {"Duration": "有效期"}, kind="table cell")),
        ("b", po("b", {"Duration": "持续时间"})),
        ("c", po("c", {"Duration": "持续时间"})),
    )
    assert drafts(eng, DraftRequest("Duration", CELL))["Duration"].text == "有效期"
    assert drafts(eng, DraftRequest("Duration", PARAGRAPH))["Duration"].text == "持续时间"


def test_fuzzy_entries_are_not_memory():
    eng = memory(("a", po("a", {LONG: "热敷"}, fuzzy={LONG})))
    assert drafts(eng, DraftRequest(LONG)) == {}


def test_near_match_is_repaired_and_shows_a_word_diff():
    old = "Take ibuprofen 400mg every 6 hours, see [ACOG](https://acog.org/a)."
    new = "Take ibuprofen 600mg every 8 hours, see [ACOG](https://acog.org/b)."
    eng = memory(("a", po("a", {old: "每6小时服用布洛芬400mg，见[ACOG](https://acog.org/a)。"})))
    d = drafts(eng, DraftRequest(new))[new]
    assert d.origin == FUZZY and not d.reviewed
    assert d.text == "每8小时服用布洛芬600mg，见[ACOG](https://acog.org/b)。"
    assert "from content/en/a.md:10" in d.note
    assert "[-400mg-] {+600mg+}" in d.note and "[-6-] {+8+}" in d.note
    assert "400 -> 600" in d.note and "still differ" not in d.note


def test_near_match_that_cannot_be_repaired_says_so():
    old = "**Naproxen**: 220mg every 8-12 hours"
    new = "**Naproxen**: 220-440mg, every 8-12 hours"
    eng = memory(("a", po("a", {old: "**萘普生**：220mg，每8-12小时一次"})))
    d = drafts(eng, DraftRequest(new))[new]
    assert d.text == "**萘普生**：220mg，每8-12小时一次"
    assert "numbers or markup still differ" in d.note


def test_index_near_is_limited_to_a_length_band_and_ranked():
    index = Index.of([("a", po("a", {"abcdefghij": "x", "abcdefghiZ": "y", "abc": "z"}))])
    assert index._band(10, 85.0) == ["abcdefghiZ", "abcdefghij"]
    assert index.near("abcdefghiQ", 85.0) == [("abcdefghiZ", 90.0), ("abcdefghij", 90.0)]
    assert [g.english for g in index.conflicts()] == []


def test_each_role_of_one_english_text_is_drafted_from_its_own_role():
    """One article uses "Duration" as a heading and as a table cell (two entries, the cell's
    with ``msgctxt "table cell"``): each is drafted from translations made in its role,
    and the memory still reuses a text across roles when that is all it has. An obsolete
    contexted entry (no ``#.`` line) counts in the role its context names."""
    from pipeline.drafting import chain
    from pipeline.po import catalog as cat
    from pipeline.po.model import Catalog, Entry

    cells = po("a", {"Duration": "有效期"}, kind="")
    cells[0].msgctxt, cells[0].obsolete = "table cell", True
    eng = memory(("a", cells), ("b", po("b", {"Duration": "持续时间"}, kind="heading 2")))
    book = chain.open_book(
        "zh",
        [
            (
                "new",
                Catalog(
                    entries=[
                        Entry("Duration", comment="heading 2"),
                        Entry("Duration", msgctxt="table cell", comment="table cell"),
                        Entry("Only a heading", comment="heading 2"),
                    ]
                ),
            )
        ],
    )
    summary = chain.run(book, [eng])
    new = book.catalogs["new"]
    assert new.find("Duration").msgstr == "持续时间"
    assert new.find("Duration", "table cell").msgstr == "有效期"
    assert summary.saved == 2 and cat.kind(cells[0]) == CELL


def test_a_title_translated_apart_from_its_h1_is_no_conflict():
    both = po("a", {LONG: "热敷二十分钟"}, kind="heading 1")
    title = po("a", {LONG: "二十分钟热敷指南"}, kind="front matter: title")
    title[0].msgctxt = "front matter: title"
    index = Index.of([("a", [*both, *title])])
    assert index.conflicts() == []  # one translation per context: a choice
    other = po("b", {LONG: "冷敷二十分钟"}, kind="heading 1")
    index = Index.of([("a", [*both, *title]), ("b", other)])
    assert [g.english for g in index.conflicts()] == [LONG]
    assert [v.text for v in index.conflicts()[0].under(None)] == ["热敷二十分钟", "冷敷二十分钟"]


def test_a_title_prefers_titles_over_other_front_matter():
    eng = memory(
        ("a", po("a", {LONG: "热敷二十分钟（标签）"}, kind="front matter: tags")),
        ("b", po("b", {LONG: "热敷二十分钟（标签）"}, kind="front matter: tags")),
        ("c", po("c", {LONG: "二十分钟热敷指南"}, kind="front matter: title")),
    )
    title = Kind.parse("front matter: title")
    assert drafts(eng, DraftRequest(LONG, title))[LONG].text == "二十分钟热敷指南"
