"""pipeline.qa.terms: the glossary's terms in a translation.

A do-not-translate term (a brand, a journal title, an abbreviation the site keeps in
Latin script) must survive, or readers cannot find the product or the source; a
translated term should use the glossary's translation. Both are read the way a
translation into a language without the English inflections writes them: ``NSAIDs``
is kept as ``NSAID`` in Chinese, and an abbreviation may be written out with the
glossary's translation of its long form (``NSAIDs`` -> ``非甾体抗炎药`` when the glossary
has ``Nonsteroidal Anti-Inflammatory Drugs,非甾体抗炎药``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.glossary import Glossary, Term
from pipeline.model import Problem
from pipeline.qa.markup import _spots, _term_re
from pipeline.qa.subject import ERROR, INFO, Subject, _problem

_ACRONYM_PLURAL = re.compile(r"^([A-Z][A-Z0-9]+)s$")


def glossary_terms(s: Subject) -> Iterator[Problem]:
    """A do-not-translate term is kept (error, ``do-not-translate``); a translated term uses
    the glossary's translation (info, ``glossary``).

    A do-not-translate term has no legitimate variant beyond the inflection the target
    language drops and the written-out form the glossary itself gives, so a missing one is
    an error. A translated term may rightly be rephrased, abbreviated after first use,
    replaced by a pronoun or kept in English inside a cited title; and a glossary drawn
    from one article often disagrees with how the whole site translates a term
    (``pipeline glossary check`` reports that once). So ``glossary`` only informs: on the
    live site it was right for one finding in twenty.
    """
    if s.is_code:
        return
    spots = _spots(s.glossary)
    masked = s.msgid
    target = s.msgstr.casefold()
    for term in s.glossary.terms_in(s.msgid):
        pat = _term_re(term.term)
        if not pat.search(masked):
            continue  # only inside a longer term that was already checked
        masked = pat.sub(" ", masked)
        if term.term in spots:
            continue  # localization_spots owns brands
        if term.keep:
            if not kept(term.term, s.msgstr, s.glossary):
                yield _problem(
                    "do-not-translate", ERROR, f"{term.term} must stay as it is (do not translate)"
                )
        elif term.translation.casefold() not in target and not pat.search(s.msgstr):
            message = f"glossary: {term.term} should be translated as {term.translation}"
            yield _problem("glossary", INFO, message)


def kept(term: str, text: str, glossary: Glossary) -> bool:
    """Whether ``text`` keeps the do-not-translate ``term``: as it is, as the singular of an
    abbreviation's English plural (``NSAIDs`` -> ``NSAID``), or written out with the
    glossary's translation of the long form the abbreviation stands for."""
    if _term_re(term).search(text):
        return True
    plural = _ACRONYM_PLURAL.match(term)
    if plural and _term_re(plural.group(1)).search(text):
        return True
    return any(
        t.translation in text for t in _long_forms(term, glossary) if not t.keep and t.translation
    )


def _long_forms(short: str, glossary: Glossary) -> list[Term]:
    plural = _ACRONYM_PLURAL.match(short)
    letters = (plural.group(1) if plural else short).lower()
    if not letters.isalnum() or len(letters) < 2:
        return []
    return [t for t in glossary.terms if t.term != short and abbreviates(letters, t.term.lower())]


def abbreviates(short: str, long: str) -> bool:
    """Whether ``short`` can abbreviate ``long`` (Schwartz & Hearst 2003): its letters occur
    in ``long`` in order, read from the end, and its first letter starts a word.
    ``nsaid`` abbreviates ``nonsteroidal anti-inflammatory drugs``; ``mri`` does not
    abbreviate ``pain relief``."""
    if len(long.split()) < 2 or len(long) <= len(short):
        return False
    i = len(long) - 1
    for j in range(len(short) - 1, -1, -1):
        c = short[j]
        while i >= 0 and (long[i] != c or (j == 0 and i > 0 and long[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return False
        i -= 1
    return True
