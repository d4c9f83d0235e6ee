"""pipeline.engines.memory: translation memory from the locale's reviewed entries.

Every reviewed entry of every catalog (and every obsolete one with a
translation) is memory. An exact English match gives the same translation; a
near match (rapidfuzz ratio at or above the threshold) gives its translation as
a fuzzy draft whose note names the score and the article it came from.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from pipeline.model import Draft, DraftRequest
from pipeline.po.model import Catalog


@dataclass
class Memory:
    name: str = "memory"
    threshold: float = 85.0
    exact_reviewed: bool = True
    entries: dict[str, tuple[str, str]] = field(default_factory=dict)
    """English -> (translation, slug it came from); the first article in slug order wins."""

    def add(self, slug: str, po: Catalog) -> None:
        for e in po:
            if e.msgstr and not e.fuzzy:
                self.entries.setdefault(e.msgid, (e.msgstr, slug))

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
    catalogs: Iterable[tuple[str, Catalog]], threshold: float, exact_reviewed: bool
) -> Memory:
    memory = Memory(threshold=threshold, exact_reviewed=exact_reviewed)
    for slug, po in sorted(catalogs, key=lambda item: item[0]):
        memory.add(slug, po)
    return memory
