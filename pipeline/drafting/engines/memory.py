"""pipeline.drafting.engines.memory: drafts from the locale's reviewed translations.

Why it is careful: on a medical site an exact match saved as reviewed skips the
reviewer, so it must be one nobody would question. It is saved reviewed only
when every article that translates this English text translates it the same way
and the unit carries its own context (at least ``min_words`` words, not a table
cell or a tag). Every other exact match is a fuzzy draft that says how many
articles agree, or which translations conflict. A near match is repaired first
(numbers, links, code and surrounding markup carried over from the new English,
``drafting.repair``) and its comment shows, word by word, how the English it was
made for differs. Every memory draft names the article and entry it came from.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from pipeline.coverage import words
from pipeline.drafting.tm import Group, Index, Variant
from pipeline.model import Draft, DraftRequest, EnginePlan, Kind

EXACT, FUZZY = "memory exact", "memory fuzzy"


@dataclass
class Memory:
    name: str = "memory"
    threshold: float = 85.0
    exact_reviewed: bool = True
    min_words: int = 4
    fuzzy_kinds: Collection[str] = ("table cell",)
    source: Callable[[], Iterable[tuple[str, Any]]] | None = None
    """Where the catalogs come from, read on first use: a run with nothing to draft
    never reads them."""
    stored: Callable[[], Index | None] | None = None
    """The locale's memory kept between runs (``repo.tmcache``), tried before ``source``."""
    _index: Index | None = field(default=None, repr=False)
    billed: int = 0

    @property
    def index(self) -> Index:
        if self._index is None:
            found = self.stored() if self.stored else None
            if found is None:
                found = Index.of(self.source() if self.source else ())
            self._index = found
        return self._index

    def plan(self, requests: Sequence[DraftRequest]) -> EnginePlan:
        return EnginePlan(tuple(m for m, _ in self.draft(requests)))

    def draft(self, requests: Sequence[DraftRequest]) -> Iterator[tuple[str, Draft]]:
        index = self.index
        if not index:
            return
        for req in requests:
            group = index.exact(req.msgid)
            if group is not None:
                yield req.msgid, self.exact(req, group)
                continue
            found = self.near(req)
            if found is not None:
                yield req.msgid, found

    # -- exact ------------------------------------------------------------------

    def context_poor(self, msgid: str, kind: Kind) -> str:
        """Why an exact match of this unit cannot vouch for itself ("" when it can)."""
        if str(kind) in self.fuzzy_kinds or kind.role.value in self.fuzzy_kinds:
            return f"{kind}: check it in its row and column"
        if words(msgid) < self.min_words:
            return "short text: check it in context"
        return ""

    def exact(self, req: DraftRequest, group: Group) -> Draft:
        best = group.best(req.kind)
        agree = _agreement(group, best)
        if not group.unanimous:
            return Draft(best.text, EXACT, f"{agree}; {_others(group, best)}")
        poor = self.context_poor(req.msgid, req.kind)
        if poor or not self.exact_reviewed:
            return Draft(best.text, EXACT, "; ".join(filter(None, (agree, poor))))
        return Draft(best.text, EXACT, agree, reviewed=True)

    # -- near -------------------------------------------------------------------

    def near(self, req: DraftRequest) -> Draft | None:
        hits = self.index.near(req.msgid, self.threshold)
        if not hits:
            return None
        english, score = hits[0]
        group = self.index.exact(english)
        assert group is not None
        best = group.best(req.kind)
        from pipeline.drafting import repair as repair_mod  # loaded when first needed

        fixed = repair_mod.repair(english, req.msgid, best.text)
        parts = [f"{score:.0f}% match, {_agreement(group, best)}"]
        parts.append("English there: " + repair_mod.word_diff(english, req.msgid))
        if fixed.changes:
            parts.append("carried over: " + ", ".join(fixed.changes))
        if not fixed.complete:
            parts.append("numbers or markup still differ from the English: check them")
        if not group.unanimous:
            parts.append(_others(group, best))
        return Draft(fixed.text, FUZZY, "; ".join(parts))


def _agreement(group: Group, chosen: Variant) -> str:
    """``from content/en/a.md:12`` and how many articles share this translation."""
    refs = [str(s) for s in chosen.sources[:2]]
    more = len(chosen.sources) - len(refs)
    where = "from " + ", ".join(refs) + (f" and {more} more" if more > 0 else "")
    n = len(chosen.articles)
    if not group.unanimous:
        return f"conflict: {len(group.variants)} translations, {where}"
    return f"{n} articles agree, {where}" if n > 1 else where


def _others(group: Group, chosen: Variant) -> str:
    others = [v for v in group.variants if v is not chosen]
    shown = "; ".join(f"also {_quote(v.text)} in {v.sources[0]}" for v in others[:2])
    return shown + (f"; {len(others) - 2} more" if len(others) > 2 else "")


def _quote(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return "「" + (text if len(text) <= limit else text[: limit - 1] + "…") + "」"


def build(
    catalogs: Callable[[], Iterable[tuple[str, Any]]],
    threshold: float,
    exact_reviewed: bool,
    min_words: int = 4,
    fuzzy_kinds: Collection[str] = ("table cell",),
    stored: Callable[[], Index | None] | None = None,
) -> Memory:
    """A memory over every catalog ``catalogs()`` yields (or ``stored()``, the memory kept
    between runs, when it gives one), read when first needed."""
    return Memory(
        threshold=threshold,
        exact_reviewed=exact_reviewed,
        min_words=min_words,
        fuzzy_kinds=frozenset(fuzzy_kinds),
        source=catalogs,
        stored=stored,
    )
