"""Property: whatever a translator types survives our PO writer and reader unchanged,
at any wrap width, and a file read back is written back byte for byte."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.po import catalog, pofile, writer
from pipeline.po.model import Catalog, Entry

TEXT = (
    st.lists(
        st.sampled_from(
            list('ab 中文"\\\t\n\r#:|~,.%{}-/（）。，') + ["👩‍⚕️", "\u00a0", "msgid", '"\n"', "\\n"]
        ),
        min_size=1,
        max_size=40,
    )
    .map("".join)
    .filter(lambda t: t.strip())
)
ENTRY = st.tuples(
    TEXT,
    st.text(max_size=60).map(lambda t: t.replace("\x00", "")),
    st.booleans(),
    st.text(max_size=20).map(lambda t: t.replace("\x00", "").replace("\r", "")),
    st.booleans(),
    st.one_of(st.none(), st.sampled_from(["menu", "title", ""])),
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(ENTRY, min_size=1, max_size=8, unique_by=lambda t: (t[5], t[0])),
    st.sampled_from([0, 40, 79]),
)
def test_entries_round_trip(entries, cols) -> None:
    po = Catalog(metadata={"Language": "zh", "Content-Type": "text/plain; charset=UTF-8"})
    for msgid, msgstr, fuzzy, note, obsolete, ctxt in entries:
        po.append(
            Entry(
                msgid=msgid,
                msgstr=catalog.align_newlines(msgid, msgstr),
                msgctxt=ctxt,
                flags=["fuzzy"] if fuzzy else [],
                tcomment=note,
                obsolete=obsolete and bool(msgstr),
                occurrences=[("content/en/a.md", "3")],
                comment="list item",
                previous_msgid=msgid + " old" if fuzzy else None,
            )
        )
    po.layout = po.layout.__class__(wrap=cols)
    text = writer.dumps(po)
    back = pofile.loads(text, "a.po")
    assert sorted(map(repr, (e.content() for e in back))) == sorted(
        map(repr, (e.content() for e in po))
    )
    assert writer.dumps(back) == text
    slow = pofile.loads(text, "a.po", fast=False)
    assert [e.content() for e in slow] == [e.content() for e in back]
