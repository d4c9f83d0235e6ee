"""pipeline.repo.translate: drafting over a repository (``pipeline translate``, and sync's step).

For each locale: the engine chain from the registry (memory over every catalog,
glossary, machine engines when selected and available), the requested catalogs
from the workspace (so ``sync`` drafts into the catalogs it just updated, without
reading them again), ``drafting.chain.run`` with a checkpoint that saves what
changed, and a memo so a repository left as the last run left it is not drafted
again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pipeline.drafting import engines
from pipeline.errors import PipelineError
from pipeline.repo import memo as memo_mod
from pipeline.repo.memo import Memo
from pipeline.repo.workspace import Workspace

if TYPE_CHECKING:
    from pipeline.drafting import chain, tm
    from pipeline.model import Engine

# Drafting (the chain, its QA, the memory) is imported when a catalog is opened for it:
# a run whose catalogs are as the last run left them never loads it.


def _summary(**counts):
    from pipeline.drafting import chain

    return chain.Summary(**counts)


@dataclass
class TranslateResult:
    locale: str
    engines: list[str]
    summary: chain.Summary = field(default_factory=_summary)
    plan: dict[str, int] = field(default_factory=dict)
    error: str = ""
    unsettled: set[str] = field(default_factory=set)
    """Articles with entries no engine could draft: a later run tries them again."""


def _all_catalogs(ws: Workspace, locale: str, skip: Collection[str] = ()):
    """Every catalog of the locale, in slug order (memory is not limited to the requested
    articles); one not kept by the workspace is dropped once read (``peek_catalog``)."""
    for slug in sorted(ws.layout.slugs()):
        if slug in skip:
            continue
        try:
            po = ws.peek_catalog(slug, locale)
        except PipelineError:
            continue  # a broken catalog is reported by the commands that own it
        if po is not None:
            yield slug, po


def reviewed(ws: Workspace, locale: str, known: tm.Reviewed | None = None) -> tm.Reviewed:
    """The reviewed entries of every catalog of the locale: ``known`` (those a run already
    collected as it went, article by article) completed with the others."""
    from pipeline.drafting import tm

    found = tm.Reviewed() if known is None else known
    for slug, po in _all_catalogs(ws, locale, found.slugs):
        found.add(slug, po)
    return found


def conflicts_of(
    ws: Workspace, locale: str, known: tm.Reviewed | None = None
) -> dict[str, tm.Group]:
    """English texts with more than one reviewed translation across the locale's catalogs
    (``check``'s ``consistency`` warnings, ``status``'s note, the memory's caution)."""
    return reviewed(ws, locale, known).conflicts()


PART = 100
"""Articles drafted (and, in ``sync``, extracted and merged) together: enough for a machine
engine to fill its requests, few enough that a large site's catalogs are never all open."""


def parts(slugs: Sequence[str], size: int | None = None) -> list[list[str]]:
    """The articles in slug order, in parts of ``size`` (``PART``): drafting requests each
    English text from its first article in slug order, as one book over every article would."""
    ordered = sorted(slugs)
    size = max(1, size or PART)
    return [ordered[i : i + size] for i in range(0, len(ordered), size)]


def translate(
    ws: Workspace,
    slugs: Sequence[str],
    selection: str = engines.AUTO,
    dry_run: bool = False,
    max_chars: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    memo: Memo | None = None,
    settled: Collection[str] = frozenset(),
) -> list[TranslateResult]:
    """Draft the empty entries of each locale's catalogs of ``slugs`` (``settled``: articles
    ``sync`` knows to be as a run left them, with nothing left to draft), part by part."""
    if dry_run:
        return [_dry(ws, slugs, loc, selection, max_chars) for loc in ws.cfg.locales]
    own = memo is None
    memo = memo_mod.open_for(ws.layout, ws.cfg, ws.stats) if memo is None else memo
    drafting = Drafting(ws, selection, max_chars, progress, memo)
    for part in parts(slugs):
        drafting.draft(part, settled)
        if own:  # nothing else of this run reads them: memory stays flat
            for slug in part:
                ws.forget(slug)
    results = drafting.finish()
    if own:
        memo.save()
    return results


def _dry(ws, slugs, locale, selection, max_chars) -> TranslateResult:
    """What drafting would do (``--dry-run``): every requested catalog in one book."""
    from pipeline.drafting import chain

    run = engines.chain(selection, _context(ws, locale, max_chars))
    result = TranslateResult(locale, [e.name for e in run])
    book = chain.open_book(locale, ((s, ws.catalog(s, locale)) for s in slugs))
    result.plan = dry_plan(book, run)
    return result


def _context(ws: Workspace, locale: str, max_chars: int | None, memo=None, before=None):
    """What the engines of a locale draw on; with a ``memo`` (a run that writes), the
    memory kept between runs (``repo.tmcache``), so only changed catalogs are read;
    ``before``: run before the memory reads the catalogs."""
    from pipeline.drafting.engines import EngineContext
    from pipeline.repo.mtcache import DraftCache

    def stored():
        from pipeline.repo import tmcache

        if before is not None:
            before()
        return tmcache.open_index(ws, locale, memo)

    def catalogs(of: str = locale):
        if before is not None:
            before()
        return _all_catalogs(ws, of)

    return EngineContext(
        ws.cfg,
        locale,
        ws.glossary(locale),
        catalogs,
        DraftCache(ws.layout.mtcache()),
        max_chars,
        catalogs_of=catalogs,
        memory=stored if memo is not None else None,
    )


class Drafting:
    """One run's drafting, part by part: each locale's engines are made once (the memory
    reads the catalogs once), and what one part drafted is carried to the next."""

    def __init__(
        self,
        ws: Workspace,
        selection: str,
        max_chars,
        progress,
        memo: Memo,
        dry_run: bool = False,
        before_memory: Callable[[], None] | None = None,
    ):
        """``before_memory``: what to do once, before the memory first reads the catalogs
        (``sync`` extracts the later parts' changed articles)."""
        self.ws, self.selection, self.max_chars, self.dry_run = ws, selection, max_chars, dry_run
        self.planned: list[TranslateResult] = []
        once = _Once(before_memory)
        self.locales = (
            []
            if dry_run
            else [
                _Locale(ws, loc, selection, max_chars, progress, memo, once)
                for loc in ws.cfg.locales
            ]
        )

    def draft(self, slugs: Sequence[str], settled: Collection[str] = frozenset()) -> None:
        """Draft these articles (a dry run plans them instead: ``sync`` gives it one part)."""
        if self.dry_run:
            ws = self.ws
            self.planned = [
                _dry(ws, slugs, loc, self.selection, self.max_chars) for loc in ws.cfg.locales
            ]
        for one in self.locales:
            one.draft(slugs, settled)

    def finish(self) -> list[TranslateResult]:
        return self.planned if self.dry_run else [one.finish() for one in self.locales]


@dataclass
class _Once:
    """A step run the first time it is called, never again."""

    step: Callable[[], None] | None

    def __call__(self) -> None:
        step, self.step = self.step, None
        if step is not None:
            step()


class _Locale:
    """One locale's drafting over the parts of a run."""

    def __init__(
        self, ws: Workspace, locale: str, selection, max_chars, progress, memo: Memo, once=None
    ):
        from pipeline import locales

        cfg, layout = ws.cfg, ws.layout
        self.ws, self.locale, self.progress, self.memo = ws, locale, progress, memo
        self.gloss = ws.glossary(locale)
        self.run = engines.chain(selection, _context(ws, locale, max_chars, memo, once))
        self.result = TranslateResult(locale, [e.name for e in self.run])
        self.shared: list = layout.files("", (locale,), "glossary")[:]
        drawn = locales.resolve(cfg, locale).draws_from
        if drawn and "opencc" in self.result.engines:  # drafts depend on the other locale's
            self.shared += [f for s in layout.slugs() for f in layout.files(s, (drawn,), "catalog")]
        self.prefix = f"draft {locale} {' '.join(self.result.engines)} {max_chars} "
        self.pair = (locales.source(cfg), locales.resolve(cfg, locale))
        self.carried: dict = {}
        self.left: set[str] = set()
        self.review: set[str] = set()
        self.remembered: list[str] = []
        """Memo keys whose note names the memory stamp, set once the run is done."""
        self.halted = False
        """A checkpoint could not save (a person's edit won): nothing more is drafted."""

    def draft(self, slugs: Sequence[str], settled: Collection[str]) -> None:
        ws, locale, memo, result = self.ws, self.locale, self.memo, self.result
        layout = ws.layout
        known, todo, waiting = _known(ws, slugs, locale, self.prefix, self.shared, memo, settled)
        result.unsettled.update(s for s, _ in waiting)
        if not todo and not waiting or self.halted:
            self._count(None, known.values())
            return
        from pipeline.drafting import chain
        from pipeline.po import catalog

        book = chain.open_book(locale, ((s, ws.catalog(s, locale)) for s in todo))
        if waiting and (
            chain.requests_for(book) or _memory(ws, locale, self.shared, memo) != waiting[0][1]
        ):
            for slug in (s for s, _ in waiting):  # the memory or the glossary may serve them now
                known.pop(slug, None)
                po = ws.catalog(slug, locale)
                if po is not None:
                    book.add(slug, po)

        def checkpoint(changed: list[str]) -> None:
            for slug in changed:
                path = layout.catalog(slug, locale)
                ws.write(path, catalog.dumps(book.catalogs[slug]))

        review = chain.reviewer(self.gloss, ws.cfg.fm_limits, self.pair)
        try:
            part = chain.run(book, self.run, review, self.progress, checkpoint, self.carried)
        except PipelineError as exc:  # a checkpoint could not save (a person's edit won)
            part = chain.Summary(error=str(exc))
            chain.count_left(book, part)
            self.halted = True
        self._add(part)
        self._count(book, known.values())
        if part.stopped:  # the parts after this one are drafted by the engines before it
            self.run = self.run[: [e.name for e in self.run].index(part.stopped)]
        if not part.error:
            self._remember(book)

    def _add(self, part: chain.Summary) -> None:
        total = self.result.summary
        total.by_origin.update(part.by_origin)
        total.requested += part.requested
        total.billed += part.billed
        total.saved += part.saved
        total.warnings += part.warnings
        if part.error and not total.error:
            total.error = self.result.error = part.error

    def _count(self, book: chain.Book | None, notes) -> None:
        """``left`` and ``to_review`` over every requested article: the opened ones counted
        from their catalogs, the others from their notes (English texts, as short digests)."""
        opened = book.catalogs.values() if book is not None else ()
        self.left.update(_short(e.msgid) for po in opened for e in po if _empty(e))
        self.review.update(_short(e.msgid) for po in opened for e in po if _open(e))
        for note in notes:
            self.left.update(note.get("left", ()))
            self.review.update(note.get("review", ()))

    def _remember(self, book: chain.Book) -> None:
        """A note per opened catalog, as this run leaves it: the English texts still empty or
        fuzzy (short digests), and the memory they were tried against (``finish``)."""
        layout, memo = self.ws.layout, self.memo
        for slug, po in book.catalogs.items():
            note: dict = {}
            left = sorted({_short(e.msgid) for e in po if _empty(e)})
            review = sorted({_short(e.msgid) for e in po if _open(e)})
            key = self.prefix + slug
            if left:
                before = memo.note(key) or {}
                note["left"] = left
                note["memory"] = before.get("memory", "")
                self.remembered.append(key)
                self.result.unsettled.add(slug)
            if review:
                note["review"] = review
            files = [*layout.files(slug, (self.locale,), "catalog"), *self.shared]
            memo.record(key, files, note)

    def finish(self) -> TranslateResult:
        """The run's summary; the notes of what is still empty name the memory as the run
        leaves it (every part drafted), so the next run reopens them only when it changed."""
        summary = self.result.summary
        summary.left, summary.to_review = len(self.left), len(self.review)
        if self.remembered:
            stamp = _memory(self.ws, self.locale, self.shared, self.memo)
            for key in self.remembered:
                note = self.memo.note(key)
                if note is not None and note.get("memory") != stamp:
                    note["memory"] = stamp
                    self.memo.touched(key)
        return self.result


def _known(ws, slugs, locale, prefix, shared, memo, settled=frozenset()):
    """Which articles need drafting: ``known`` (slug -> note: its catalog is as the last run
    left it, nothing to draft), ``todo`` (changed since: opened) and ``waiting`` ((slug,
    memory stamp): unchanged, but it had entries no engine could draft; opened when the
    memory changed or there is something to draft anyway, as a whole-site run would)."""
    known: dict[str, dict] = {}
    todo: list[str] = []
    waiting: list[tuple[str, str]] = []
    for slug in slugs:
        recorded = memo.note(prefix + slug) if slug in settled else None
        if recorded is not None:  # its files are as the run that wrote this note left them
            known[slug] = recorded
            continue
        note = memo.fresh(prefix + slug, [*ws.layout.files(slug, (locale,), "catalog"), *shared])
        if note is None:
            todo.append(slug)
            continue
        known[slug] = note
        if note.get("left"):
            waiting.append((slug, note.get("memory", "")))
    if len({m for _, m in waiting}) > 1:  # left by different runs: open them all
        waiting = [(s, "") for s, _ in waiting]
    return known, todo, waiting


def _memory(ws, locale, shared, memo) -> str:
    """A stamp of what the memory and the glossary draft from: every catalog of the locale."""
    files = [f for s in ws.layout.slugs() for f in ws.layout.files(s, (locale,), "catalog")]
    return memo.digest([*files, *shared])


def _empty(e) -> bool:
    return not e.obsolete and not e.msgstr


def _open(e) -> bool:
    return not e.obsolete and (not e.msgstr or e.fuzzy)


def _short(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=5).hexdigest()


def dry_plan(book: chain.Book, run: Sequence[Engine]) -> dict[str, int]:
    """What a run would do, engine by engine, without calling any service or writing."""
    from pipeline.drafting import chain

    pending = chain.requests_for(book)
    plan: dict[str, int] = {"units": len(pending)}
    for engine in run:
        p = engine.plan(pending)
        plan[engine.name] = len(p.msgids)
        if p.requests or p.characters:
            plan[f"{engine.name} requests"] = p.requests
            plan["billable characters"] = plan.get("billable characters", 0) + p.characters
        served = set(p.msgids)
        pending = [r for r in pending if r.msgid not in served]
    plan["left"] = len(pending)
    return plan
