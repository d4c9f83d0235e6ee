"""pipeline.drafting.chain: fill empty catalog entries from a chain of engines.

Pure over open catalogs: memory, then glossary, then machine translation. Every
draft is cleaned and checked (``cleanup.review_draft``), then saved fuzzy with a
translator comment naming its origin (only an exact match of a reviewed memory
entry may be saved as reviewed, which is configurable). After each engine, and
whenever one fails, ``checkpoint`` is called with the catalogs that changed, so
the caller can save them: a quota error half way keeps every draft obtained
before it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from pipeline.errors import PipelineError
from pipeline.glossary import Glossary
from pipeline.locales import Locale
from pipeline.model import Draft, DraftRequest, Engine, Problem, Severity, text_key
from pipeline.po.model import Catalog, Entry

# The PO module (and rapidfuzz with it) is imported where an entry is read: a run with
# nothing to draft makes its summary without loading it.

Review = Callable[[Entry, Draft], tuple[str, list[Problem]]]
"""Cleans a draft and checks it: the text to save and the problems the checks found."""


def reviewer(
    glossary: Glossary, fm_limits: Mapping[str, int], pair: tuple[Locale, Locale] | None = None
) -> Review:
    """The drafting QA: fix the CommonMark pitfalls of a draft, then check it (``pair``: the
    source and target locales the checks read the texts with)."""

    def review(entry: Entry, d: Draft) -> tuple[str, list[Problem]]:
        from pipeline.drafting.cleanup import review_draft  # the QA: loaded at the first draft
        from pipeline.po import catalog

        kind = catalog.kind(entry)
        return review_draft(entry.msgid, d.text, kind, glossary, fm_limits, pair)

    return review


@dataclass
class Book:
    """The open catalogs of one run."""

    locale: str
    catalogs: dict[str, Catalog] = field(default_factory=dict)
    dirty: set[str] = field(default_factory=set)
    index: dict[str, list[tuple[str, Entry]]] = field(default_factory=dict)
    """Key (English text, with its role context if any) -> every active entry carrying
    it, so a draft lands everywhere at once."""

    def add(self, slug: str, po: Catalog) -> None:
        self.catalogs[slug] = po
        for e in po:
            if not e.obsolete and not e.is_plural:  # a plural entry is not a unit to draft
                self.index.setdefault(text_key(e.msgctxt, e.msgid), []).append((slug, e))

    def changed(self) -> list[str]:
        """The catalogs drafted into since the last call, in slug order."""
        out, self.dirty = sorted(self.dirty), set()
        return out


@dataclass
class Summary:
    by_origin: Counter = field(default_factory=Counter)
    requested: int = 0
    left: int = 0
    """Units still without any translation."""
    to_review: int = 0
    """Fuzzy or empty units after the run: what still needs a translator."""
    billed: int = 0
    saved: int = 0
    """Entries drafted into (and handed to ``checkpoint`` to be saved)."""
    error: str = ""
    """Why an engine stopped the run (quota, key, network, deadline), with its counts."""
    warnings: list[str] = field(default_factory=list)
    """What an engine worked around (a glossary DeepL rejected…)."""
    stopped: str = ""
    """The engine that stopped the run (``error``), if one did."""


def requests_for(book: Book) -> list[DraftRequest]:
    """One request per distinct empty English text and role, with its article as context.

    The context is the article's title and summary: DeepL applies one context to
    a whole request, so a per-article context lets an article's units share
    batches, and it is not billed.
    """
    from pipeline.po import catalog

    seen: dict[str, DraftRequest] = {}
    for _slug, po in sorted(book.catalogs.items()):
        entries = [e for e in po if not e.obsolete]
        context = _article_context(entries)
        for e in entries:
            key = text_key(e.msgctxt, e.msgid)
            if e.msgstr or key in seen or e.is_plural:
                continue
            seen[key] = DraftRequest(e.msgid, catalog.kind(e), context, e.msgctxt)
    return list(seen.values())


def _article_context(entries: list[Entry]) -> str:
    from pipeline.po import catalog

    picked = [e.msgid for e in entries if catalog.kind(e).key in ("title", "summary")]
    return "\n".join(picked or [e.msgid for e in entries[:1]])[:2000]


def apply(book: Book, key: str, d: Draft, problems: Sequence[Problem] = ()) -> int:
    """Write a draft into every empty entry with this key (English text and role context);
    returns how many.

    A draft that may be saved reviewed (an exact memory match) stays fuzzy when a check
    finds an error or a warning in it; information (``Severity.INFO``) does not hold it back.
    """
    from pipeline.po import catalog

    reviewed = d.reviewed and not any(p.severity != Severity.INFO for p in problems)
    n = 0
    for slug, e in book.index.get(key, ()):
        if e.msgstr:
            continue
        e.msgstr = catalog.align_newlines(e.msgid, d.text)
        others = [f for f in e.flags if f != "fuzzy"]
        e.flags = others if reviewed else ["fuzzy", *others]
        e.tcomment = _notes(e.tcomment, d, problems, reviewed)
        book.dirty.add(slug)
        n += 1
    return n


SOURCE_NOTE = "source:"
"""The comment of a draft saved reviewed (an exact memory match): where it came from. It
stays after review (unlike ``draft:``), so an audit can tell it from a person's work."""


def _notes(tcomment: str, d: Draft, problems: Sequence[Problem], reviewed: bool) -> str:
    """The translator comment: a person's lines kept, the tool's ``draft:``/``qa:`` renewed.

    One ``qa:`` line per check that found something, naming the concrete problem and then
    the check: ``qa: number 400-600mg is missing or changed [numbers]``. A translator sees
    what to fix, not only where to look. A draft saved reviewed carries no ``qa:`` line.
    """
    from pipeline.po.catalog import TOOL_NOTES

    ours = (*TOOL_NOTES, SOURCE_NOTE)
    lines = [ln for ln in (tcomment or "").split("\n") if ln and not ln.startswith(ours)]
    if reviewed:
        lines.append(f"{SOURCE_NOTE} {d.origin}" + (f" ({d.note})" if d.note else ""))
        return "\n".join(lines)
    lines.append(f"draft: {d.origin}" + (f" ({d.note})" if d.note else ""))
    lines += [f"qa: {_one_line(p.message)} [{p.check}]" for p in problems]
    return "\n".join(lines)


def _one_line(message: str) -> str:
    """A message on one comment line: it may quote a translation, whose line breaks and
    control characters are shown escaped, never obeyed."""
    from pipeline.safety.text import visible

    return visible(message)


Progress = Callable[..., None]
"""``progress(done, total)``, and ``progress(done, total, note)`` for a notice (a retry)."""


Carried = dict[str, "tuple[Draft, list[Problem]] | None"]
"""Key -> the reviewed draft an earlier part of the run saved for it (None: no engine
could draft it), so a run over a site in parts drafts each English text once, as one
book would."""


def run(
    book: Book,
    engines: Sequence[Engine],
    review: Review | None = None,
    progress: Progress | None = None,
    checkpoint: Callable[[list[str]], None] | None = None,
    carried: Carried | None = None,
) -> Summary:
    """Draft every empty entry; ``checkpoint`` runs after each engine, even when one fails.

    An engine that stops (a ``PipelineError``: quota, key, network, deadline) ends the
    run: what was drafted before is saved and counted, ``summary.error`` says why and
    ``summary.stopped`` names the engine. With ``carried`` (a run over a site in parts,
    each its own book), a key an earlier part drafted gets that draft again, and what
    this part drafts is added to it.
    """
    summary = Summary()
    pending = requests_for(book)
    if carried is not None:
        pending = _carry(book, pending, carried, summary)
    summary.requested = len(pending)
    done = 0

    def notice(note: str) -> None:
        if progress is not None:
            progress(done, summary.requested, note)

    try:
        if carried is not None and book.dirty and checkpoint is not None:
            checkpoint(book.changed())  # drafts an earlier part of the run made: saved now
        for engine in engines:
            if not pending:
                break
            if hasattr(engine, "on_event"):
                engine.on_event = notice
            served: set[str] = set()
            billed, warned = engine.billed, len(getattr(engine, "warnings", ()))
            try:
                for batch in _rounds(pending):
                    by_text = {r.msgid: r for r in batch}
                    for msgid, d in engine.draft(batch):
                        req = by_text.get(msgid)
                        if req is None or req.key in served:
                            continue
                        served.add(req.key)
                        entry = book.index[req.key][0][1] if req.key in book.index else None
                        found: list[Problem] = []
                        if review is not None and entry is not None:
                            text, found = review(entry, d)
                            d = replace(d, text=text)
                        summary.saved += apply(book, req.key, d, found)
                        summary.by_origin[d.origin] += 1
                        if carried is not None:
                            carried[req.key] = (d, found)
                        done += 1
                        if progress is not None:
                            progress(done, summary.requested)
            except PipelineError as exc:
                summary.error = str(exc)
                summary.stopped = engine.name
                break
            finally:
                summary.billed += engine.billed - billed
                summary.warnings += getattr(engine, "warnings", [])[warned:]
                if checkpoint is not None:
                    checkpoint(book.changed())
            pending = [r for r in pending if r.key not in served]
        else:
            if carried is not None:
                carried.update((r.key, None) for r in pending)
    finally:
        count_left(book, summary)
    return summary


def _carry(
    book: Book, pending: list[DraftRequest], carried: Carried, summary: Summary
) -> list[DraftRequest]:
    """The requests no earlier part of the run answered; the answered ones applied."""
    left = []
    for r in pending:
        if r.key not in carried:
            left.append(r)
            continue
        found = carried[r.key]
        if found is not None:
            summary.saved += apply(book, r.key, found[0], found[1])
    return left


def _rounds(pending: list[DraftRequest]) -> list[list[DraftRequest]]:
    """The requests in rounds where each English text appears once (engines answer by
    English text): the same text in a second role is drafted in a second round, by an
    engine that may prefer that role's translations (the memory) or answer from its cache."""
    rounds: list[list[DraftRequest]] = []
    seen: list[set[str]] = []
    for r in pending:
        n = next((i for i, s in enumerate(seen) if r.msgid not in s), len(seen))
        if n == len(seen):
            rounds.append([])
            seen.append(set())
        rounds[n].append(r)
        seen[n].add(r.msgid)
    return rounds


def count_left(book: Book, summary: Summary) -> None:
    """What is still empty, and what still needs a translator (empty or fuzzy)."""
    empty = set()
    review = set()
    for po in book.catalogs.values():
        for e in po:
            if e.obsolete:
                continue
            key = text_key(e.msgctxt, e.msgid)
            if not e.msgstr:
                empty.add(key)
            if not e.msgstr or e.fuzzy:
                review.add(key)
    summary.left = len(empty)
    summary.to_review = len(review)


def open_book(locale: str, catalogs: Iterable[tuple[str, Catalog | None]]) -> Book:
    """The catalogs to draft into (missing ones are skipped: extract creates them)."""
    book = Book(locale)
    for slug, po in catalogs:
        if po is not None:
            book.add(slug, po)
    return book
