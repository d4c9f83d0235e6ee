"""pipeline.coverage: the one count of what a catalog covers of an article.

``status``, ``merge`` (``min_coverage``, ``draft: true``) and ``check`` (the JSON and
the gate) all count with ``coverage``: the article's units as extracted now, each
distinct English text once, looked up in the catalog on disk. When the catalog is
up to date this is exactly what ``msgfmt --statistics`` counts; when it is not,
``check`` also reports it stale.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from pipeline.model import Unit


class _Entry(Protocol):
    """The fields of a catalog entry that are counted (``fuzzy`` is one of the ``flags``)."""

    msgstr: str
    flags: list[str]

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
    # (msgctxt, msgid), as msgfmt counts; a unit without a context is keyed by its msgid,
    # so only the others ask the ``key`` property (a Python call per unit otherwise).
    distinct = {u.msgid if u.context is None else u.key: u.msgid for u in units}
    found = list(map(entries.get, distinct, itertools.repeat(_ABSENT)))
    sizes = list(map(words, distinct.values()))
    if all(map(_MSGSTR, found)) and not any(map(_FLAGS, found)):
        # Every text translated and none flagged (so none fuzzy), as a site mostly is:
        # what ``count`` would find, tallied in C (a third of the time, measured on the
        # 430-article benchmark site).
        total = sum(sizes)
        return Coverage(len(sizes), total, len(sizes), 0, 0, total, 0)
    return count(sizes, found)


class _Absent:
    """What ``coverage`` finds for a text the catalog does not hold: no translation (a
    default, not None, so the check for all reviewed never compares entries with None)."""

    msgstr = ""
    flags = ()


_ABSENT = _Absent()
_MSGSTR = operator.attrgetter("msgstr")
_FLAGS = operator.attrgetter("flags")


def count(sizes: Sequence[int], found: Sequence[_Entry | None]) -> Coverage:
    """Reviewed, fuzzy and untranslated texts and words, as ``msgfmt --statistics`` counts,
    of texts of ``sizes`` words and their entries (None: not in the catalog). Tallied in
    locals, not a dict: merge counts every article's units for each locale."""
    total = reviewed = fuzzy = untranslated = reviewed_words = fuzzy_words = 0
    for n, entry in zip(sizes, found, strict=True):
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
