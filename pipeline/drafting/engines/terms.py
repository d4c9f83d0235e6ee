"""pipeline.drafting.engines.terms: units that are exactly a glossary term (tags, keywords)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from pipeline.glossary import Glossary
from pipeline.model import Draft, DraftRequest, EnginePlan


@dataclass
class Terms:
    glossary: Glossary
    name: str = "glossary"
    billed: int = 0

    def draft(self, requests: Sequence[DraftRequest]) -> Iterator[tuple[str, Draft]]:
        for req in requests:
            term = self.glossary.lookup(req.msgid)
            if term is not None:
                yield req.msgid, Draft(term.translation, "glossary", term.note)

    def plan(self, requests: Sequence[DraftRequest]) -> EnginePlan:
        return EnginePlan(tuple(m for m, _ in self.draft(requests)))
