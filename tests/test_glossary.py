"""Glossary.terms_in: one pattern for every term gives what a search term by term gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.glossary import Glossary, Term, _word_re

TERMS = (
    "pain",
    "menstrual pain",
    "pain management",
    "NSAIDs",
    "NSAID",
    "L4-S1",
    "Plan B",
    "Kyleena",
    "CVS",
    "GnRH",
    "Advil",
    "C++",
    "a.m.",
)


def term_by_term(g: Glossary, text: str) -> list[Term]:
    """The definition: each term's own whole-word search, longest first."""
    return [t for t in sorted(g.terms, key=lambda t: -len(t.term)) if _word_re(t.term).search(text)]


GLOSSARY = Glossary(tuple(Term(t, t if t.isupper() else f"«{t}»") for t in TERMS))

CASES = (
    "",
    "Menstrual pain and pain management",
    "painful, not pain-free; repain",
    "NSAIDs (an NSAID) at L4-S1, not L4-S12",
    "口服GnRH拮抗剂 and Advil",
    "plan b, PLAN B, planB",
    "Kyleena with a Kelvin sign: \u212ayleena; long s: CV\u017f; dotless: Advıl",
    "C++ and C+++, a.m. or a.m.x",
    "menstrual pain management",
)


def test_terms_in_finds_what_each_term_finds() -> None:
    for text in CASES:
        assert GLOSSARY.terms_in(text) == term_by_term(GLOSSARY, text), text
    assert Glossary().terms_in("pain") == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*TERMS, " ", "-", "_", "x", "é", "痛", "\u017f", "ı", "\u212a"])))
def test_terms_in_on_any_text(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert GLOSSARY.terms_in(text) == term_by_term(GLOSSARY, text)
