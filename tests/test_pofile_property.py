"""Property: whatever a translator types survives our PO writer and reader unchanged."""

from __future__ import annotations

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.po import catalog, pofile

pytestmark = pytest.mark.slow

TEXT = (
    st.lists(
        st.sampled_from(list('ab 中文"\\\t\n\r#:|~,.%{}') + ["👩‍⚕️", "\u00a0", "msgid", '"\n"']),
        min_size=1,
        max_size=20,
    )
    .map("".join)
    .filter(lambda t: t.strip())
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(TEXT, st.text(max_size=30), st.booleans(), st.text(max_size=20), st.booleans()),
        min_size=1,
        max_size=8,
        unique_by=lambda t: t[0],
    )
)
def test_entries_round_trip(entries) -> None:
    po = polib.POFile()
    po.metadata = {"Language": "zh", "Content-Type": "text/plain; charset=UTF-8"}
    for msgid, msgstr, fuzzy, note, obsolete in entries:
        po.append(
            polib.POEntry(
                msgid=msgid,
                msgstr=catalog.align_newlines(msgid, msgstr),
                flags=["fuzzy"] if fuzzy else [],
                tcomment=note.replace("\r", ""),
                obsolete=obsolete and bool(msgstr),
                occurrences=[("content/en/a.md", "3")],
                comment="list item",
                previous_msgid=msgid + " old" if fuzzy else None,
            )
        )
    text = pofile.dumps(po)
    back = pofile.loads(text, "a.po")
    want = [(e.msgid, e.msgstr, e.fuzzy, e.tcomment, e.obsolete) for e in po]
    got = [(e.msgid, e.msgstr, e.fuzzy, e.tcomment, e.obsolete) for e in back]
    assert sorted(got, key=repr) == sorted(want, key=repr)
    assert pofile.dumps(back) == text
