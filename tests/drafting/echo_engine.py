"""A test engine: the whole of what adding an engine takes, besides one registry line.

It drafts every text as ``ECHO: <English>`` and bills one character per character.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from pipeline.model import Draft, DraftRequest, EnginePlan


@dataclass
class Echo:
    name: str = "echo"
    billed: int = 0

    def plan(self, requests: Sequence[DraftRequest]) -> EnginePlan:
        texts = tuple(r.msgid for r in requests)
        return EnginePlan(texts, requests=1 if texts else 0, characters=sum(map(len, texts)))

    def draft(self, requests: Sequence[DraftRequest]) -> Iterator[tuple[str, Draft]]:
        for r in requests:
            self.billed += len(r.msgid)
            yield r.msgid, Draft(f"ECHO: {r.msgid}", "echo", "test engine")


def factory(ctx) -> Echo | None:
    """Available only when ECHO_ON is set, like a machine engine that needs a key."""
    return Echo() if ctx.environ.get("ECHO_ON") else None
