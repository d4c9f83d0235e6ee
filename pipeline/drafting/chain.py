"""pipeline.draft: fill empty catalog entries from a chain of engines.

Memory, then glossary, then machine translation. Every draft is saved fuzzy
with a translator comment naming its origin (only an exact match of a reviewed
memory entry may be saved as reviewed, which is configurable). Catalogs are
saved after each engine and whenever an engine fails, so a quota error half
way keeps every draft obtained before it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from pipeline.config import Config
from pipeline.errors import PipelineError
from pipeline.model import Draft, DraftRequest, Engine
from pipeline.po import catalog
from pipeline.po.model import Catalog, Entry
from pipeline.repo import store

NOTE_PREFIXES = ("draft:", "qa:")
"""Translator-comment lines the tool writes; removed once an entry is reviewed."""

Review = Callable[[Entry, Draft], tuple[str, list[str]]]
"""Cleans a draft and checks it: the text to save and the names of the checks it fails."""


@dataclass
class Book:
    """The open catalogs of one run, saved as a whole."""

    cfg: Config
    locale: str
    catalogs: dict[str, Catalog] = field(default_factory=dict)
    dirty: set[str] = field(default_factory=set)
    index: dict[str, list[tuple[str, Entry]]] = field(default_factory=dict)
    """English text -> every active entry carrying it, so a draft lands everywhere at once."""

    def add(self, slug: str, po: Catalog) -> None:
        self.catalogs[slug] = po
        for e in po:
            if not e.obsolete and not e.is_plural:  # a plural entry is not a unit to draft
                self.index.setdefault(e.msgid, []).append((slug, e))

    def save(self) -> None:
        for slug in sorted(self.dirty):
            path = self.cfg.path(self.cfg.catalog, slug, self.locale)
            store.write_text(path, catalog.dumps(self.catalogs[slug]))
        self.dirty.clear()


@dataclass
class Summary:
    by_origin: Counter = field(default_factory=Counter)
    requested: int = 0
    left: int = 0
    """Units still without any translation."""
    to_review: int = 0
    """Fuzzy or empty units after the run: what still needs a translator."""
    billed: int = 0


def requests_for(book: Book) -> list[DraftRequest]:
    """One request per distinct empty English text, with its article as context.

    The context is the article's title and summary: DeepL applies one context to
    a whole request, so a per-article context lets an article's units share
    batches, and it is not billed.
    """
    seen: dict[str, DraftRequest] = {}
    for _slug, po in sorted(book.catalogs.items()):
        entries = [e for e in po if not e.obsolete]
        context = _article_context(entries)
        for e in entries:
            if e.msgstr or e.msgid in seen or e.is_plural:
                continue
            seen[e.msgid] = DraftRequest(e.msgid, catalog.kind(e), context)
    return list(seen.values())


def _article_context(entries: list[Entry]) -> str:
    picked = [e.msgid for e in entries if catalog.kind(e).key in ("title", "summary")]
    return "\n".join(picked or [e.msgid for e in entries[:1]])[:2000]


def apply(book: Book, msgid: str, d: Draft, failed_checks: list[str]) -> int:
    """Write a draft into every empty entry with this English text; returns how many."""
    reviewed = d.reviewed and not failed_checks
    n = 0
    for slug, e in book.index.get(msgid, ()):
        if e.msgstr:
            continue
        e.msgstr = catalog.align_newlines(e.msgid, d.text)
        others = [f for f in e.flags if f != "fuzzy"]
        e.flags = others if reviewed else ["fuzzy", *others]
        e.tcomment = _notes(e.tcomment, d, failed_checks, reviewed)
        book.dirty.add(slug)
        n += 1
    return n


def _notes(tcomment: str, d: Draft, failed_checks: list[str], reviewed: bool) -> str:
    """The translator comment: a person's lines kept, the tool's ``draft:``/``qa:`` renewed."""
    lines = [ln for ln in (tcomment or "").split("\n") if ln and not ln.startswith(NOTE_PREFIXES)]
    if not reviewed:
        lines.append(f"draft: {d.origin}" + (f" ({d.note})" if d.note else ""))
    if failed_checks:
        lines.append("qa: check " + ", ".join(failed_checks))
    return "\n".join(lines)


def run(
    book: Book,
    engines: Sequence[Engine],
    review: Review | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Summary:
    """Draft every empty entry; saves the catalogs even when an engine fails."""
    summary = Summary()
    pending = requests_for(book)
    summary.requested = len(pending)
    done = 0
    try:
        for engine in engines:
            if not pending:
                break
            served: set[str] = set()
            try:
                for msgid, d in engine.draft(pending):
                    if msgid in served:
                        continue
                    served.add(msgid)
                    entry = book.index[msgid][0][1] if msgid in book.index else None
                    failed: list[str] = []
                    if review is not None and entry is not None:
                        text, failed = review(entry, d)
                        d = replace(d, text=text)
                    apply(book, msgid, d, failed)
                    summary.by_origin[d.origin] += 1
                    done += 1
                    if progress is not None:
                        progress(done, summary.requested)
            finally:
                summary.billed += int(getattr(engine, "characters_billed", 0) or 0)
                book.save()
            pending = [r for r in pending if r.msgid not in served]
    finally:
        book.save()
        _count_left(book, summary)
    return summary


def _count_left(book: Book, summary: Summary) -> None:
    empty = set()
    review = set()
    for po in book.catalogs.values():
        for e in po:
            if e.obsolete:
                continue
            if not e.msgstr:
                empty.add(e.msgid)
            if not e.msgstr or e.fuzzy:
                review.add(e.msgid)
    summary.left = len(empty)
    summary.to_review = len(review)


def open_book(
    cfg: Config, locale: str, slugs: Sequence[str], read: Callable[[str], Catalog | None]
) -> Book:
    """The catalogs of ``slugs`` (missing ones are skipped: extract creates them)."""
    book = Book(cfg, locale)
    for slug in slugs:
        po = read(slug)
        if po is not None:
            book.add(slug, po)
    return book


class DraftingStopped(PipelineError):
    """An engine stopped the run (quota, key, network); drafts so far are saved."""
