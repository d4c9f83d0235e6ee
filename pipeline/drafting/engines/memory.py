"""pipeline.engines.memory: translation memory from the locale's reviewed entries.

Every reviewed entry of every catalog (and every obsolete one with a
translation) is memory. An exact English match gives the same translation; a
near match (rapidfuzz ratio at or above the threshold) gives its translation as
a fuzzy draft whose note names the score and the article it came from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from pipeline.model import Draft, DraftRequest, EnginePlan


@dataclass
class Memory:
    name: str = "memory"
    threshold: float = 85.0
    exact_reviewed: bool = True
    source: Callable[[], Iterable[tuple[str, Any]]] | None = None
    """Where the catalogs come from, read on first use: a run with nothing to draft
    never reads them."""
    _entries: dict[str, tuple[str, str]] | None = None
    billed: int = 0

    @property
    def entries(self) -> dict[str, tuple[str, str]]:
        """English -> (translation, slug it came from); the first article in slug order wins."""
        if self._entries is None:
            self._entries = {}
            for slug, po in sorted(self.source() if self.source else (), key=lambda i: i[0]):
                self.add(slug, po)
        return self._entries

    def add(self, slug: str, po) -> None:
        entries = self.entries if self._entries is not None else self._empty()
        for e in po:
            if e.msgstr and not e.fuzzy:
                entries.setdefault(e.msgid, (e.msgstr, slug))

    def _empty(self) -> dict[str, tuple[str, str]]:
        self._entries = {}
        return self._entries

    def plan(self, requests: Sequence[DraftRequest]) -> EnginePlan:
        return EnginePlan(tuple(m for m, _ in self.draft(requests)))

    def draft(self, requests: Sequence[DraftRequest]) -> Iterator[tuple[str, Draft]]:
        keys = list(self.entries)
        for req in requests:
            hit = self.entries.get(req.msgid)
            if hit is not None:
                yield (
                    req.msgid,
                    Draft(hit[0], "memory exact", f"from {hit[1]}", reviewed=self.exact_reviewed),
                )
                continue
            if not keys:
                continue
            found = process.extractOne(
                req.msgid, keys, scorer=fuzz.ratio, score_cutoff=self.threshold
            )
            if found:
                text, slug = self.entries[found[0]]
                note = f"{found[1]:.0f}% match of {found[0][:60]!r} in {slug}"
                yield req.msgid, Draft(text, "memory fuzzy", note)


def build(
    catalogs: Callable[[], Iterable[tuple[str, Any]]], threshold: float, exact_reviewed: bool
) -> Memory:
    """A memory over every catalog ``catalogs()`` yields, read when first needed."""
    return Memory(threshold=threshold, exact_reviewed=exact_reviewed, source=catalogs)
