"""The ``qa:`` comment of a draft names the concrete problem (issue 12, §2)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from pipeline.config import DEFAULTS
from pipeline.drafting import chain
from pipeline.glossary import Glossary
from pipeline.model import Draft, DraftRequest
from pipeline.po.model import Catalog, Entry


@dataclass
class Fixed:
    """An engine that answers from a table."""

    answers: dict[str, Draft]
    name: str = "fixed"
    billed: int = 0
    warnings: list[str] = field(default_factory=list)

    def draft(self, requests: Sequence[DraftRequest]) -> Iterator[tuple[str, Draft]]:
        for r in requests:
            if r.msgid in self.answers:
                yield r.msgid, self.answers[r.msgid]


def drafted(answers: dict[str, Draft]) -> dict[str, Entry]:
    po = Catalog(entries=[Entry(msgid, comment="paragraph") for msgid in answers])
    book = chain.open_book("zh", [("a", po)])
    review = chain.reviewer(Glossary(), DEFAULTS.fm_limits)
    chain.run(book, [Fixed(answers)], review)
    return {e.msgid: e for e in po}


def test_the_comment_names_the_missing_number_and_the_check():
    msgid = "Take 400-600mg every 6-8 hours."
    got = drafted({msgid: Draft("每6-8小时服用一次。", "deepl")})[msgid]
    assert got.fuzzy
    assert got.tcomment.split("\n") == [
        "draft: deepl",
        "qa: number 400-600mg is missing or changed [numbers]",
    ]


def test_one_line_per_check_and_no_line_for_a_clean_draft():
    bad, good = "See *this* and take 200 mg.", "Rest well."
    got = drafted(
        {bad: Draft("看**这个**。", "deepl"), good: Draft("好好休息。", "deepl")},
    )
    lines = got[bad].tcomment.split("\n")
    assert lines[0] == "draft: deepl"
    assert sorted(ln.rsplit(" [", 1)[1] for ln in lines[1:]) == ["emphasis]", "numbers]"]
    assert got[good].tcomment == "draft: deepl"


def test_a_quoted_line_break_stays_on_one_comment_line():
    msgid = "Read the guide."
    got = drafted({msgid: Draft("阅读`x\nqa: fine`指南。", "deepl")})
    lines = got[msgid].tcomment.split("\n")
    assert "qa: inline code `x\\x0aqa: fine` is not in the English [inline-code]" in lines
    assert "qa: fine` is not in the English [inline-code]" not in lines


def test_an_exact_memory_match_with_only_info_is_saved_reviewed():
    msgid = "Ask about Advil at the pharmacy."
    draft = Draft("在药店咨询芬必得。", "memory exact", "from b.md", reviewed=True)
    got = drafted({msgid: draft})[msgid]
    assert not got.fuzzy and got.tcomment == "source: memory exact (from b.md)"
