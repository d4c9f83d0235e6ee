"""pipeline.terms.compare: where the glossary disagrees with how the site translates a term.

Why: the glossary steers DeepL (as a DeepL glossary) and the checks; a glossary entry
the translators never follow makes every machine draft disagree with the reviewed
articles around it. For each glossary term used in at least ``min_count`` reviewed
segments, count how many of their translations contain the glossary's translation,
and find what the others say instead (the miner's best translation for the term, over
the same segments). Reported when the site mostly writes something else.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.glossary import Glossary, Term
from pipeline.terms import mine


@dataclass(frozen=True)
class Disagreement:
    term: Term
    segments: int
    """Reviewed segments whose English has the term."""
    follows: int
    """Of those, translations that contain the glossary's translation."""
    site: tuple[tuple[str, int], ...]
    """What the site writes instead, with segment counts, most used first."""

    def __str__(self) -> str:
        t = self.term
        instead = ", ".join(f"{p} ({n})" for p, n in self.site) or "no one translation"
        return (
            f"{t.term}: the glossary says {t.translation} ({self.follows} of {self.segments} "
            f"segments); the site writes {instead}"
        )


def compare(
    glossary: Glossary, pairs: Iterable[tuple[str, str]], min_count: int = 3
) -> list[Disagreement]:
    """Glossary terms the reviewed translations mostly do not follow, most used first."""
    distinct = sorted(set(pairs))
    english = [mine.plain(e) for e, _ in distinct]
    translated = [mine.plain(t) for _, t in distinct]
    corpus = mine.corpus(distinct)
    df = Counter(p for ps in corpus.translation for p in ps)
    found = []
    for term in glossary.terms:
        pattern = re.compile(r"(?<![\w-])" + re.escape(term.term) + r"(?![\w-])", re.I)
        segs = [i for i, text in enumerate(english) if pattern.search(text)]
        if len(segs) < min_count:
            continue
        want = term.translation.casefold()
        follows = sum(1 for i in segs if want in translated[i].casefold())
        if follows * 2 > len(segs):
            continue
        best = mine.best_for(term.term, segs, corpus, df, min_count)
        candidates = () if best is None else ((best.translation, best.both), *best.conflicts)
        others = [corpus.translation[i] for i in segs if want not in translated[i].casefold()]
        skip = {want, *term.term.casefold().split(), *mine.STOPWORDS}
        site = []
        for p, n in candidates:
            for full, k in _spelled_out(p, n, others):
                if full.casefold() not in skip and full not in dict(site):
                    site.append((full, k))
        site = tuple(site[:3])
        if not site or site[0][1] < min_count or sum(k for _, k in site) <= follows:
            continue
        found.append(Disagreement(term, len(segs), follows, site))
    return sorted(found, key=lambda d: (-d.segments, d.term.term))


def _spelled_out(piece: str, n: int, others: list[set[str]]) -> list[tuple[str, int]]:
    """The site's full spellings of a piece in the segments that do not follow the glossary:
    ``前扣带`` is ``前扣带皮层`` (3) and ``前扣带回皮层`` (1) there."""
    around = Counter(p for ps in others for p in ps if piece in p and p != piece)
    maximal = [
        (p, k)
        for p, k in around.items()
        if k >= 2 and k * 4 >= n and not any(q != p and p in q and around[q] == k for q in around)
    ]
    maximal.sort(key=lambda o: (len(o[0]), -o[1], o[0]))
    kept: list[tuple[str, int]] = []
    for p, k in maximal:  # the shortest spelling, not the same with a word stuck to it
        if not any(q in p for q, _ in kept):
            kept.append((p, k))
    kept.sort(key=lambda o: (-o[1], o[0]))
    if not kept or sum(k for _, k in kept) * 10 < n * 7:
        return [(piece, n)]
    return kept
