"""pipeline.qa.consistency: whether two reviewed translations of one English text say
different things, or only write it differently.

The live site's translators vary their wording freely (synonyms, a space before a unit, a
Latin gloss after a term): 141 of the 150 entries the first ``consistency`` report named
were acceptable variants. What a reviewer needs to see is a translation that says
something else (an entry import paired with the wrong English), and only where it is the
odd one out. Wording cannot be told from meaning by the letters alone (``热敷``/``冷敷``),
so only formatting is ignored, and the report is information, not a warning.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

_GLOSS_RE = re.compile(r"[(（]\s*[A-Za-z][^()（）]*[)）]")
"""A parenthesized Latin gloss after a translated term: ``经前综合征 (Premenstrual Syndrome)``."""
_RUN_RE = re.compile(r"[^\W_]+")


def tokens(text: str) -> Counter[str]:
    """What a translation says: wide characters one by one (CJK), other words whole and
    case-folded (``温水200ml`` is ``温 水 200ml``); markup, punctuation, spacing and Latin
    glosses left out."""
    out: Counter[str] = Counter()
    for run in _RUN_RE.findall(_GLOSS_RE.sub(" ", text)):
        word = ""
        for c in run:
            if unicodedata.east_asian_width(c) in "WF":
                out.update([c] + ([word.casefold()] if word else []))
                word = ""
            else:
                word += c
        if word:
            out[word.casefold()] += 1
    return out


@lru_cache(maxsize=8192)
def material(a: str, b: str) -> bool:
    """``a`` and ``b`` differ in their words, not only in spacing, punctuation, markup or a
    Latin gloss or name in CJK text (``布洛芬（Ibuprofen）``). No similarity threshold: in
    Chinese one character turns ``热敷`` (heat) into ``冷敷`` (cold) or adds a ``不`` (not),
    so any other difference is shown."""
    x, y = tokens(a), tokens(b)
    if _wide(x) and _wide(y):  # Latin words in CJK text are glosses and names: ``TENS（…）``
        x, y = _without_latin(x), _without_latin(y)
    return x != y


def _wide(found: Counter[str]) -> bool:
    return any(len(t) == 1 and unicodedata.east_asian_width(t) in "WF" for t in found)


def _without_latin(found: Counter[str]) -> Counter[str]:
    return Counter({t: n for t, n in found.items() if not (t.isascii() and t.isalpha())})


def outvoted(mine: int, others: list[int]) -> bool:
    """Whether a translation used in ``mine`` articles is the site's usual one against
    differing translations used in ``others`` articles each: then those are the ones to
    look at, not this one."""
    return bool(others) and all(mine > n for n in others)
