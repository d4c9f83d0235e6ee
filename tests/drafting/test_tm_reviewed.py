"""``tm.Reviewed``: the reviewed rows of catalogs read one at a time give the same index and
the same conflicts as the catalogs themselves."""

from __future__ import annotations

import polib

from pipeline.drafting.tm import Index, Reviewed, source_of


def po(slug: str, pairs: dict[str, str], obsolete=()) -> polib.POFile:
    out = polib.POFile()
    for i, (msgid, msgstr) in enumerate(pairs.items(), start=1):
        out.append(
            polib.POEntry(
                msgid=msgid,
                msgstr=msgstr,
                comment="table cell" if len(msgid) < 10 else "paragraph",
                occurrences=[(f"content/en/{slug}.md", str(10 * i))],
                obsolete=msgid in obsolete,
            )
        )
    return out


CATALOGS = [
    ("b", po("b", {"Rest well.": "好好休息。", "Heat helps the cramps ease.": "热敷缓解。"})),
    ("a", po("a", {"Rest well.": "休息。", "Immediate": "立即", "Gone text": "旧"}, ["Gone text"])),
    ("c", po("c", {"Rest well.": "好好休息。 ", "Immediate": "立即饮用", "Empty": ""})),
]


def groups(index: Index) -> dict:
    return {
        k: [(v.text, [(s.slug, s.ref, s.kind, s.msgctxt) for s in v.sources]) for v in g.variants]
        for k, g in index.groups.items()
    }


def slow_index(catalogs) -> Index:
    """The index built entry by entry from whole catalogs, in slug order."""
    index = Index()
    for slug, catalog in sorted(catalogs, key=lambda item: item[0]):
        index.add(slug, catalog)
    return index


def test_rows_give_the_index_of_the_catalogs_in_slug_order():
    assert groups(Reviewed.of(CATALOGS).index()) == groups(slow_index(CATALOGS))
    assert list(Index.of(CATALOGS).groups) == [
        "Rest well.",
        "Immediate",
        "Gone text",
        "Heat helps the cramps ease.",
    ]


def test_rows_give_the_conflicts_of_the_catalogs():
    found = Reviewed.of(CATALOGS).conflicts()
    expected = {g.english: g for g in slow_index(CATALOGS).conflicts()}
    assert list(found) == list(expected) == ["Immediate", "Rest well."]
    assert [v.text for v in found["Rest well."].variants] == ["休息。", "好好休息。"]


def test_a_row_names_its_source_as_the_entry_does():
    rows = Reviewed.of(CATALOGS).rows
    entries = [(s, e) for s, c in CATALOGS for e in c if e.msgstr]
    assert [r.source() for r in rows] == [source_of(s, e) for s, e in entries]
