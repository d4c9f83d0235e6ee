"""pipeline.coverage: the one count of what a catalog covers of an article.

``status``, ``merge`` (``min_coverage``, ``draft: true``) and ``check`` (the JSON and
the gate) all count with ``coverage``: the article's units as extracted now, each
distinct English text once, looked up in the catalog on disk. When the catalog is
up to date this is exactly what ``msgfmt --statistics`` counts; when it is not,
``check`` also reports it stale.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from pipeline.model import Unit


class _Entry(Protocol):
    """The two fields of a catalog entry that are counted."""

    msgstr: str

    @property
    def fuzzy(self) -> bool: ...


_WORD = re.compile(r"[A-Za-z0-9]+(?:['’.-][A-Za-z0-9]+)*|[^\W\d_]")


@lru_cache(maxsize=32768)
def words(text: str) -> int:
    """English words (and any other letters) in a msgid: the unit of coverage (kept: each
    article's msgids are counted by check and again by the merge plan)."""
    return len(_WORD.findall(text))


@dataclass(frozen=True)
class Coverage:
    """What a catalog covers of an article, counted per distinct msgid like ``msgfmt``."""

    units: int = 0
    words: int = 0
    reviewed: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    reviewed_words: int = 0
    fuzzy_words: int = 0

    @property
    def percent(self) -> float:
        """Reviewed + fuzzy words over all words."""
        return (
            100.0
            if not self.words
            else 100.0 * (self.reviewed_words + self.fuzzy_words) / self.words
        )

    @property
    def reviewed_percent(self) -> float:
        return 100.0 if not self.words else 100.0 * self.reviewed_words / self.words

    @property
    def complete(self) -> bool:
        return self.fuzzy == 0 and self.untranslated == 0


def coverage(units: Sequence[Unit], entries: Mapping[str, _Entry]) -> Coverage:
    """Coverage of an article's units (each distinct English text in each role once, by
    ``Unit.key``) by a catalog's entries (``po.catalog.translations``)."""
    distinct = {u.key: u.msgid for u in units}  # (msgctxt, msgid), as msgfmt counts
    get = entries.get
    return count([(msgid, get(key)) for key, msgid in distinct.items()])


def count(pairs: Iterable[tuple[str, _Entry | None]]) -> Coverage:
    """Reviewed, fuzzy and untranslated texts and words, as ``msgfmt --statistics`` counts.
    Tallied in locals, not a dict: merge counts every article's units for each locale."""
    total = reviewed = fuzzy = untranslated = reviewed_words = fuzzy_words = 0
    for msgid, entry in pairs:
        n = words(msgid)
        total += n
        if entry is None or not entry.msgstr:
            untranslated += 1
        elif entry.fuzzy:
            fuzzy += 1
            fuzzy_words += n
        else:
            reviewed += 1
            reviewed_words += n
    units = reviewed + fuzzy + untranslated
    return Coverage(units, total, reviewed, fuzzy, untranslated, reviewed_words, fuzzy_words)
