"""pipeline.drafting.tm: the translation memory of a locale, as data.

Why a model of its own: an exact match is only as trustworthy as the agreement
behind it. The same English text may be translated differently in two articles
(a table cell "Immediate" is 立即饮用 in a tea recipe and 立即 elsewhere; an
import may have mis-paired an entry), so the memory keeps *every* reviewed
translation of a text with the article and entry it came from, and lets the
engine, ``status`` and ``check`` see when they disagree. Near matches are
looked up among texts of a compatible length only (``fuzz.ratio`` cannot reach
the threshold outside that band), so the index stays fast on a large site.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from pipeline.model import Kind

# rapidfuzz and the PO reader are imported when first used: a run with nothing to draft
# builds its engines without loading them.


@dataclass(frozen=True, slots=True)
class Source:
    """Where a reviewed translation lives: its article and its entry."""

    slug: str
    ref: str
    """The entry's first ``#:`` reference (``content/en/x.md:12``), or ``x (obsolete)``."""
    kind: Kind
    msgctxt: str | None = None
    """The entry's context: translations of one English text are compared within one."""

    def __str__(self) -> str:
        return self.ref


@dataclass
class Variant:
    """One translation of an English text and every entry that uses it."""

    text: str
    sources: list[Source] = field(default_factory=list)

    @property
    def articles(self) -> list[str]:
        return sorted({s.slug for s in self.sources})


@dataclass
class Group:
    """Every reviewed translation of one English text, most used first."""

    english: str
    variants: list[Variant] = field(default_factory=list)

    @property
    def unanimous(self) -> bool:
        return len(self.variants) == 1

    def under(self, msgctxt: str | None) -> list[Variant]:
        """The variants used by an entry with this context (None: context-less ones)."""
        return [v for v in self.variants if any(s.msgctxt == msgctxt for s in v.sources)]

    @property
    def conflicting(self) -> bool:
        """Two translations under one context: a title translated apart from its H1
        (``msgctxt``) is a choice, not a conflict."""
        if self.unanimous:
            return False
        contexts = {s.msgctxt for v in self.variants for s in v.sources}
        return any(len(self.under(c)) > 1 for c in contexts)

    @property
    def articles(self) -> list[str]:
        return sorted({s.slug for v in self.variants for s in v.sources})

    def best(self, kind: Kind | None = None) -> Variant:
        """The variant used by most entries of the same role, then by most entries.

        The role is the context a short text has: a table cell is best translated
        the way other table cells were, whatever a heading says; a title the way other
        titles were (the same ``msgctxt`` role), then like other front matter.
        """

        def rank(v: Variant) -> tuple[int, int, int, int]:
            if kind is None:
                return (0, 0, -len(v.articles), self.variants.index(v))
            role = kind.role_name
            named = sum(1 for s in v.sources if s.kind.role_name == role)
            same = sum(1 for s in v.sources if s.kind.role == kind.role)
            return (-named, -same, -len(v.articles), self.variants.index(v))

        return min(self.variants, key=rank)

    def add(self, text: str, source: Source) -> None:
        key = _same(text)
        for v in self.variants:
            if _same(v.text) == key:
                v.sources.append(source)
                return
        self.variants.append(Variant(text, [source]))


def _same(text: str) -> str:
    """Two translations that differ only in surrounding or repeated spaces are the same."""
    return " ".join(text.split())


def source_of(slug: str, entry: Any) -> Source:
    refs = list(entry.occurrences or ())
    if entry.obsolete or not refs:
        ref = f"{slug} (obsolete)" if entry.obsolete else slug
    else:
        path, line = refs[0]
        ref = f"{path}:{line}" if line else path
    from pipeline.po import catalog

    return Source(slug, ref, catalog.kind(entry), entry.msgctxt)


def reviewed(entry: Any) -> bool:
    """Memory: translated and not fuzzy (obsolete ones too: their text may come back)."""
    return bool(entry.msgid and entry.msgstr and not entry.fuzzy)


class Index:
    """English text -> ``Group``; near matches by length band, then rapidfuzz."""

    def __init__(self) -> None:
        self.groups: dict[str, Group] = {}
        self._sorted: tuple[list[int], list[str]] | None = None

    @classmethod
    def of(cls, catalogs: Iterable[tuple[str, Any]]) -> Index:
        """The index of catalogs in slug order; each catalog is read once and may be
        dropped at once (only its reviewed entries are kept, as ``Reviewed`` rows)."""
        return Reviewed.of(catalogs).index()

    def add(self, slug: str, po: Iterable[Any]) -> None:
        self.add_rows(row(slug, e) for e in po if reviewed(e))

    def add_rows(self, rows: Iterable[Row]) -> None:
        for r in rows:
            group = self.groups.get(r.msgid)
            if group is None:
                group = self.groups[r.msgid] = Group(r.msgid)
            group.add(r.msgstr, r.source())
        self._sorted = None

    def __len__(self) -> int:
        return len(self.groups)

    def exact(self, english: str) -> Group | None:
        return self.groups.get(english)

    def near(self, english: str, threshold: float, limit: int = 3) -> list[tuple[str, float]]:
        """The closest other English texts at or above ``threshold`` (fuzz.ratio), best first."""
        candidates = self._band(len(english), threshold)
        if not candidates:
            return []
        from rapidfuzz import fuzz, process

        found = process.extract(
            english, candidates, scorer=fuzz.ratio, score_cutoff=threshold, limit=limit
        )
        hits = [(text, float(score)) for text, score, _ in found if text != english]
        return sorted(hits, key=lambda h: (-h[1], h[0]))

    def _band(self, n: int, threshold: float) -> list[str]:
        """Texts whose length allows ``fuzz.ratio >= threshold`` against a text of length n.

        ratio = 2·matches / (n + m) and matches <= min(n, m), so m must lie within
        [n·t/(200-t), n·(200-t)/t] for t the threshold in percent.
        """
        if self._sorted is None:
            self._sorted = self._by_length()
        lengths, texts = self._sorted
        t = max(min(threshold, 100.0), 1.0)
        lo, hi = n * t / (200 - t), n * (200 - t) / t
        return texts[bisect.bisect_left(lengths, lo) : bisect.bisect_right(lengths, hi)]

    def _by_length(self) -> tuple[list[int], list[str]]:
        """Every English text and its length, by length then text."""
        pairs = sorted((len(k), k) for k in self.groups)
        return [n for n, _ in pairs], [k for _, k in pairs]

    def conflicts(self) -> list[Group]:
        """English texts with more than one reviewed translation under one context, in
        English order."""
        return [g for _, g in sorted(self.groups.items()) if g.conflicting]


class Row(NamedTuple):
    """One reviewed entry, reduced to what the memory and the consistency check read of it
    (its catalog need not stay in memory)."""

    slug: str
    msgid: str
    msgstr: str
    comment: str
    msgctxt: str | None
    path: str | None
    """The entry's first ``#:`` reference (None when it has none)."""
    line: str | None
    obsolete: bool

    def source(self) -> Source:
        if self.obsolete or self.path is None:
            ref = f"{self.slug} (obsolete)" if self.obsolete else self.slug
        else:
            ref = f"{self.path}:{self.line}" if self.line else self.path
        from pipeline.po import catalog

        return Source(self.slug, ref, catalog.kind(self), self.msgctxt)  # type: ignore[arg-type]


def row(slug: str, e: Any, intern=None) -> Row:
    """The ``Row`` of a reviewed entry (``intern``: a pool keeping each repeated text once)."""
    refs = e.occurrences
    path, line = refs[0] if refs else (None, None)
    if intern is not None:  # the same texts recur across a site's catalogs: kept once
        return Row(
            slug,
            intern(e.msgid, e.msgid),
            intern(e.msgstr, e.msgstr),
            intern(e.comment, e.comment),
            e.msgctxt,
            path if path is None else intern(path, path),
            line,
            e.obsolete,
        )
    return Row(slug, e.msgid, e.msgstr, e.comment, e.msgctxt, path, line, e.obsolete)


class Reviewed:
    """The reviewed entries of a locale's catalogs, added one catalog at a time.

    Why: the memory and the consistency check read every catalog of a locale, and a
    parsed catalog is large; these rows are all they need of one, so a site of
    thousands of articles is read with one catalog in memory at a time.
    """

    def __init__(self) -> None:
        self.rows: list[Row] = []
        self.slugs: set[str] = set()
        self._pool: dict[str, str] = {}

    @classmethod
    def of(cls, catalogs: Iterable[tuple[str, Any]]) -> Reviewed:
        found = cls()
        for slug, po in catalogs:
            found.add(slug, po)
        return found

    def add(self, slug: str, po: Iterable[Any]) -> None:
        intern = self._pool.setdefault
        self.rows += [row(slug, e, intern) for e in po if reviewed(e)]
        self.slugs.add(slug)

    def _ordered(self) -> list[Row]:
        """Rows by article, each article's in catalog order (as ``Index`` adds them)."""
        return sorted(self.rows, key=lambda r: r.slug)

    def index(self) -> Index:
        index = Index()
        index.add_rows(self._ordered())
        return index

    def conflicts(self) -> dict[str, Group]:
        """English texts with more than one reviewed translation, as ``Index.conflicts``
        gives them, without building a ``Source`` for every entry: first which texts have
        two translations (most have one), then their groups."""
        rows = self._ordered()
        first: dict[str, tuple[str, str | None]] = {}
        split: set[str] = set()
        for r in rows:
            if r.msgid in split:
                continue
            seen = first.get(r.msgid)
            if seen is None:
                first[r.msgid] = (r.msgstr, None)
            elif r.msgstr != seen[0]:
                key = seen[1] if seen[1] is not None else _same(seen[0])
                first[r.msgid] = (seen[0], key)
                if _same(r.msgstr) != key:
                    split.add(r.msgid)
        if not split:
            return {}
        index = Index()
        index.add_rows(r for r in rows if r.msgid in split)
        return {g.english: g for g in index.conflicts()}
