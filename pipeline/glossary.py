"""pipeline.glossary: the locale's term list (``locale/<locale>/glossary.csv``).

Columns: ``term,translation,note``. A term whose translation equals itself is
"do not translate" (brand names such as PeriodHub). Used by front-matter
``glossary`` keys, by drafting (exact-term units and the DeepL glossary) and by
the checks.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from functools import cached_property

from pipeline.errors import PipelineError


@dataclass(frozen=True)
class Term:
    term: str
    translation: str
    note: str = ""

    @property
    def keep(self) -> bool:
        """True for do-not-translate terms."""
        return self.term == self.translation


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...] = ()
    path: str = ""
    _index: dict[str, Term] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for t in self.terms:
            self._index.setdefault(t.term.casefold(), t)

    @property
    def entries(self) -> dict[str, str]:
        """term -> translation, in file order (what DeepL's glossary takes)."""
        return {t.term: t.translation for t in self.terms}

    @cached_property
    def digest(self) -> str:
        """Content hash: a DeepL glossary and cached drafts are valid for one version only."""
        text = "\n".join(f"{t.term}\t{t.translation}" for t in self.terms)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    def lookup(self, text: str) -> Term | None:
        """The entry for a unit that is exactly a term (case-insensitive), if any."""
        return self._index.get(text.strip().casefold())

    def terms_in(self, text: str) -> list[Term]:
        """Terms that occur in ``text`` as whole words, longest first.

        One pattern finds every place where some term starts (most texts have none);
        only there is each term's own pattern tried. A term's pattern matches somewhere
        exactly when it matches at one of those places (its branch is in the one pattern,
        with the same boundaries), so the answer is the term-by-term search's."""
        starts = self._starts
        places = [m.start() for m in starts.finditer(text)] if starts is not None else []
        if not places:
            return []
        return [
            t for t in self._longest_first if any(_word_re(t.term).match(text, p) for p in places)
        ]

    @cached_property
    def _longest_first(self) -> tuple[Term, ...]:
        return tuple(sorted(self.terms, key=lambda t: -len(t.term)))

    @cached_property
    def _starts(self) -> re.Pattern[str] | None:
        """Where any term starts as a whole word (``_word_re``'s boundaries and flags), as
        an empty match: every such place, overlapping ones included."""
        if not self.terms:
            return None
        terms = "|".join(re.escape(t.term) for t in self._longest_first)
        return re.compile(r"(?=(?<![\w-])(?:" + terms + r")(?![\w-]))", re.IGNORECASE)


_WORD_RE_CACHE: dict[str, re.Pattern[str]] = {}


def _word_re(term: str) -> re.Pattern[str]:
    pat = _WORD_RE_CACHE.get(term)
    if pat is None:
        pat = re.compile(r"(?<![\w-])" + re.escape(term) + r"(?![\w-])", re.IGNORECASE)
        _WORD_RE_CACHE[term] = pat
    return pat


def parse(text: str, path: str = "") -> Glossary:
    """Parse glossary CSV text; a header row ``term,translation,note`` is optional."""
    terms: list[Term] = []
    seen: set[str] = set()
    reader = csv.reader(io.StringIO(text))
    for lineno, row in enumerate(reader, start=1):
        if not row or not any(c.strip() for c in row) or row[0].lstrip().startswith("#"):
            continue
        if lineno == 1 and [c.strip().lower() for c in row[:2]] == ["term", "translation"]:
            continue
        if len(row) < 2 or not row[0].strip() or not row[1].strip():
            raise PipelineError("expected term,translation[,note]", path, reader.line_num)
        term = row[0].strip()
        if term.casefold() in seen:
            raise PipelineError(f"duplicate term {term!r}", path, reader.line_num)
        seen.add(term.casefold())
        terms.append(Term(term, row[1].strip(), row[2].strip() if len(row) > 2 else ""))
    return Glossary(tuple(terms), path)
