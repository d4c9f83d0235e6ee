"""pipeline.terms.mine: candidate term pairs from reviewed segment pairs, by co-occurrence.

How: every reviewed entry is a segment pair (English, translation), markup, URLs and
code removed. An English term candidate is a 1-3 word n-gram that does not start or
end with a function word and occurs in at least ``min_count`` segments; a translation
candidate is a substring of 2-6 characters of a run of an unspaced script (Han, kana,
Hangul…), or a word of a spaced one (so ``NSAIDs`` pairs with ``NSAIDs``). A pair's
strength is the Dice coefficient of the segments they occur in,
``2·both / (english + translation)``: 1.0 when they always come together. For each
English term the best translation wins (a single word needs twice the evidence: alone,
it is more often part of a phrase than a term); the others used for it in at least a quarter
as many segments are its conflicts (热敷 173 / 热疗 32). A term whose best
translation is also the best of a longer term containing it, with the same support,
is left out (``pain`` inside ``back pain``).

Counting is per distinct segment pair, so a sentence repeated in ten articles is not
ten votes.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from pipeline.drafting.mtmarkup import text_of, to_xml

STOPWORDS = frozenset(
    """a an and are as at be been before between both but by can do does during each
    for from has have how if in into is it its may more most no not of on or other our
    over per such than that the their these this those through to up very was we were
    what when which while who why will with without you your also all any after about
    so some only out should could would must get one two three""".split()  # noqa: SIM905
)
"""English function words: a term neither starts nor ends with one (the source is English)."""

_WORD = re.compile(r"[a-z][a-z0-9]*(?:[-'][a-z0-9]+)*")
_BREAK = re.compile(r"[^\w\s'-]+")
"""Punctuation ends a phrase: no n-gram spans ``legumes, nuts``."""
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'][A-Za-z0-9]+)*")
MAX_WORDS, MIN_CHARS, MAX_CHARS = 3, 2, 8


@dataclass(frozen=True)
class Candidate:
    english: str
    translation: str
    both: int
    """Segments with the term and this translation."""
    english_count: int
    translation_count: int
    conflicts: tuple[tuple[str, int], ...] = ()
    """Other translations used for the term, with their segment counts."""

    @property
    def dice(self) -> float:
        return 2 * self.both / (self.english_count + self.translation_count)

    @property
    def score(self) -> float:
        return self.dice * math.log2(1 + self.both)

    @property
    def keep(self) -> bool:
        """A do-not-translate term: the translation is the English itself."""
        return self.translation.casefold() == self.english.casefold()


@dataclass
class Corpus:
    """Distinct segment pairs as the miner sees them."""

    english: list[set[str]] = field(default_factory=list)
    """Each segment's English n-grams."""
    translation: list[set[str]] = field(default_factory=list)
    """Each segment's translation candidates."""


def plain(text: str) -> str:
    """A unit's words without markup, URLs or code (the same parser as drafting)."""
    return text_of(to_xml(text)[0])


def ngrams(english: str, longest: int = MAX_WORDS) -> set[str]:
    """Term-like n-grams: no function word at either end, none inside but ``of``."""
    out = set()
    for chunk in _BREAK.split(plain(english).casefold()):
        words = _WORD.findall(chunk)
        for n in range(1, longest + 1):
            for i in range(len(words) - n + 1):
                gram = words[i : i + n]
                if gram[0] in STOPWORDS or gram[-1] in STOPWORDS:
                    continue
                if any(w in STOPWORDS and w != "of" for w in gram[1:-1]):
                    continue
                if n == 1 and len(gram[0]) < 3:
                    continue
                out.add(" ".join(gram))
    return out


def _open(counts: Counter[str], split) -> set[str]:
    """Items that never occur without the same longer item around them (not "closed"):
    ``缓解技`` is always ``缓解技巧``, ``improve pelvic blood`` always ``… circulation``."""
    out = set()
    for item, n in counts.items():
        if n < 2:
            continue  # once is no evidence: everything seen once extends the same way
        for shorter in split(item):
            if counts.get(shorter) == n:
                out.add(shorter)
    return out


def _shorter_words(gram: str) -> tuple[str, ...]:
    words = gram.split()
    return (" ".join(words[1:]), " ".join(words[:-1])) if len(words) > 1 else ()


def _shorter_chars(piece: str) -> tuple[str, ...]:
    return (piece[1:], piece[:-1]) if len(piece) > MIN_CHARS else ()


def _unspaced(ch: str) -> bool:
    """A character of a script written without spaces between words (CJK, kana, Hangul…)."""
    return unicodedata.east_asian_width(ch) in "WF" and unicodedata.category(ch).startswith("L")


def pieces(translation: str, longest: int = MAX_CHARS) -> set[str]:
    """Translation candidates: substrings of unspaced-script runs, and spaced-script words."""
    text = plain(translation)
    out: set[str] = set()
    run: list[str] = []
    for ch in text + "\0":
        if _unspaced(ch):
            run.append(ch)
            continue
        if run:
            s = "".join(run)
            for n in range(MIN_CHARS, min(longest, len(s)) + 1):
                out.update(s[i : i + n] for i in range(len(s) - n + 1))
            run = []
    out.update(w for w in _LATIN.findall(text) if len(w) >= 3 or w.isupper())
    return out


def corpus(pairs: Iterable[tuple[str, str]]) -> Corpus:
    """The segments, with n-grams and pieces that are not closed already left out."""
    out = Corpus()
    for english, translation in sorted(set(pairs)):
        out.english.append(ngrams(english, MAX_WORDS + 1))
        out.translation.append(pieces(translation, MAX_CHARS + 1))
    grams = Counter(g for gs in out.english for g in gs)
    drop = _open(grams, _shorter_words) | {g for g in grams if len(g.split()) > MAX_WORDS}
    counts = Counter(p for ps in out.translation for p in ps)
    drop_pieces = _open(counts, _shorter_chars) | {p for p in counts if len(p) > MAX_CHARS}
    out.english = [gs - drop for gs in out.english]
    out.translation = [ps - drop_pieces for ps in out.translation]
    return out


def mine(pairs: Iterable[tuple[str, str]], min_count: int = 3, min_dice: float = 0.6):
    """Candidate term pairs, best first (see the module docstring)."""
    c = corpus(pairs)
    where: dict[str, list[int]] = defaultdict(list)
    for i, grams in enumerate(c.english):
        for g in grams:
            where[g].append(i)
    terms = {g: segs for g, segs in where.items() if len(segs) >= min_count}
    df = Counter(p for ps in c.translation for p in ps)
    found: dict[str, Candidate] = {}
    for term, segs in terms.items():
        need = min_count if " " in term else 2 * min_count  # one word: more evidence
        best = best_for(term, segs, c, df, need)
        if best is not None and best.dice >= min_dice:
            found[term] = best
    longer = _containing(found)
    kept = [
        cand for cand in found.values() if not _subsumed(cand, longer.get(cand.english, ()), where)
    ]
    return sorted(kept, key=lambda x: (-x.score, x.english))


def best_for(term: str, segs: list[int], c: Corpus, df: Counter, min_count: int):
    co: Counter[str] = Counter()
    for i in segs:
        co.update(c.translation[i])
    options = [(p, n) for p, n in co.items() if n >= min_count]
    if not options:
        return None

    def dice(item: tuple[str, int]) -> tuple[float, int]:
        p, n = item
        return (2 * n / (len(segs) + df[p]), len(p))

    ranked = sorted(options, key=dice, reverse=True)
    top, both = ranked[0]
    variants = _variants(top, both, options)
    if variants:
        (top, both), rest = variants[0], variants[1:]
    else:
        rest = []
    conflicts = _conflicts(top, both, segs, c, {p for p, _ in options})
    others = tuple(dict(reversed([*rest, *conflicts])).items())  # one count per spelling
    others = tuple(sorted(others, key=lambda o: (-o[1], o[0])))[:3]
    return Candidate(term, top, both, len(segs), df[top], others)


def _variants(top: str, both: int, options: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """When the best piece is the common part of longer spellings in the term's segments
    (物理 of 物理治疗 and 物理疗法; 评估指 of 评估指标), those spellings, most used first:
    the first is the term, the others conflicts."""
    longer = [(p, n) for p, n in options if top in p and p != top and n * 10 >= both * 3]
    longer = [(p, n) for p, n in longer if not any(q != p and q in p for q, _ in longer)]
    if not longer or sum(n for _, n in longer) * 10 < both * 8:
        return []
    return sorted(longer, key=lambda o: (-o[1], o[0]))


def _conflicts(top: str, both: int, segs: list[int], c: Corpus, options) -> tuple:
    """Other translations of the term: used in its segments *instead of* the best one.

    A word that merely comes along (睡眠质量: 质量 with 睡眠) appears with the best
    translation, not instead of it, so only segments without the best one count.
    """
    without = [c.translation[i] for i in segs if top not in c.translation[i]]
    floor = max(2, both // 10)
    alone = Counter(p for ps in without for p in ps)
    found = [
        (p, n)
        for p, n in alone.items()
        if n >= floor and p not in top and top not in p and p in options
    ]
    found.sort(key=lambda o: (-o[1], -len(o[0]), o[0]))
    kept: list[tuple[str, int]] = []
    for p, n in found:
        if not any(p in q or q in p for q, _ in kept):  # 热疗 and 热疗法: the first only
            kept.append((p, n))
    return tuple(kept[:3])


def _containing(found: dict[str, Candidate]) -> dict[str, list[Candidate]]:
    """Each term -> the longer found terms that contain it as whole words."""
    out: dict[str, list[Candidate]] = defaultdict(list)
    for cand in found.values():
        words = cand.english.split()
        for n in range(1, len(words)):
            for i in range(len(words) - n + 1):
                out[" ".join(words[i : i + n])].append(cand)
    return out


def _subsumed(cand: Candidate, longer: Iterable[Candidate], where) -> bool:
    """Left out: a shorter term explained by longer ones (their translations contain its
    translation, and their segments are most of its own: ``essential`` inside ``essential
    oil`` and ``essential oils``; ``sleep`` stays, it is mostly on its own)."""
    covered: set[int] = set()
    for other in longer:
        if cand.translation in other.translation:
            covered.update(where[other.english])
    return len(covered) * 10 >= cand.english_count * 8
