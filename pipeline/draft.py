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
from dataclasses import dataclass, field

import polib

from . import catalog, store
from .config import Config
from .model import Draft, DraftRequest, Engine, PipelineError

NOTE_PREFIXES = ("draft:", "qa:")
"""Translator-comment lines the tool writes; removed once an entry is reviewed."""

Check = Callable[[polib.POEntry, Draft], list[str]]
"""Returns the names of the checks a draft fails (empty when it passes)."""


@dataclass
class Book:
    """The open catalogs of one run, saved as a whole."""

    cfg: Config
    locale: str
    catalogs: dict[str, polib.POFile] = field(default_factory=dict)
    dirty: set[str] = field(default_factory=set)

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
    """One request per distinct empty English text, with its article's title as context."""
    seen: dict[str, DraftRequest] = {}
    for slug, po in sorted(book.catalogs.items()):
        entries = [e for e in po if not e.obsolete]
        title = entries[0].msgid if entries else ""
        for i, e in enumerate(entries):
            if e.msgstr or e.msgid in seen:
                continue
            before = entries[i - 1].msgid if i else ""
            after = entries[i + 1].msgid if i + 1 < len(entries) else ""
            context = "\n".join(t for t in (title, before, after) if t and t != e.msgid)
            kind = e.comment.split("\n")[0] if e.comment else ""
            seen[e.msgid] = DraftRequest(e.msgid, kind, context[:2000])
    return list(seen.values())


def apply(book: Book, msgid: str, d: Draft, failed_checks: list[str]) -> int:
    """Write a draft into every entry with this English text; returns how many."""
    n = 0
    for slug, po in book.catalogs.items():
        for e in po:
            if e.obsolete or e.msgid != msgid or e.msgstr:
                continue
            e.msgstr = catalog.align_newlines(e.msgid, d.text)
            reviewed = d.reviewed and not failed_checks
            e.flags = (
                [f for f in e.flags if f != "fuzzy"]
                if reviewed
                else ["fuzzy"] + [f for f in e.flags if f != "fuzzy"]
            )
            lines = [
                ln
                for ln in (e.tcomment or "").split("\n")
                if ln and not ln.startswith(NOTE_PREFIXES)
            ]
            if not reviewed:
                lines.append(f"draft: {d.origin}" + (f" ({d.note})" if d.note else ""))
            if failed_checks:
                lines.append("qa: check " + ", ".join(failed_checks))
            e.tcomment = "\n".join(lines)
            book.dirty.add(slug)
            n += 1
    return n


def run(
    book: Book,
    engines: Sequence[Engine],
    check: Check | None = None,
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
                    entry = _first_entry(book, msgid)
                    failed = check(entry, d) if check is not None and entry is not None else []
                    apply(book, msgid, d, failed)
                    summary.by_origin[d.origin] += 1
                    done += 1
                    if progress is not None:
                        progress(done, summary.requested)
            finally:
                summary.billed += int(getattr(engine, "billed", 0) or 0)
                book.save()
            pending = [r for r in pending if r.msgid not in served]
    finally:
        book.save()
        _count_left(book, summary)
    return summary


def _first_entry(book: Book, msgid: str) -> polib.POEntry | None:
    for po in book.catalogs.values():
        for e in po:
            if e.msgid == msgid and not e.obsolete:
                return e
    return None


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
    cfg: Config, locale: str, slugs: Sequence[str], read: Callable[[str], polib.POFile | None]
) -> Book:
    """The catalogs of ``slugs`` (missing ones are skipped: extract creates them)."""
    book = Book(cfg, locale)
    for slug in slugs:
        po = read(slug)
        if po is not None:
            book.catalogs[slug] = po
    return book


class DraftingStopped(PipelineError):
    """An engine stopped the run (quota, key, network); drafts so far are saved."""
