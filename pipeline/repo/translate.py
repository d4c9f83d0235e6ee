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
from collections.abc import Callable, Sequence
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


def _all_catalogs(ws: Workspace, locale: str):
    """Every catalog of the locale (memory is not limited to the requested articles)."""
    for slug in ws.layout.slugs():
        try:
            po = ws.catalog(slug, locale)
        except PipelineError:
            continue  # a broken catalog is reported by the commands that own it
        if po is not None:
            yield slug, po


def conflicts_of(ws: Workspace, locale: str) -> dict[str, tm.Group]:
    """English texts with more than one reviewed translation across the locale's catalogs
    (``check``'s ``consistency`` warnings, ``status``'s note, the memory's caution)."""
    from pipeline.drafting import tm

    catalogs = sorted(_all_catalogs(ws, locale), key=lambda item: item[0])  # as Index.of
    # First which English texts have two translations (no Sources built: most have one),
    # then their groups exactly as ``tm.Index`` builds them, in the same order.
    first: dict[str, tuple[str, str | None]] = {}
    split: set[str] = set()
    for _, po in catalogs:
        for e in po:
            if not tm.reviewed(e) or e.msgid in split:
                continue
            seen = first.get(e.msgid)
            if seen is None:
                first[e.msgid] = (e.msgstr, None)
            elif e.msgstr != seen[0]:
                key = seen[1] if seen[1] is not None else tm._same(seen[0])
                first[e.msgid] = (seen[0], key)
                if tm._same(e.msgstr) != key:
                    split.add(e.msgid)
    if not split:
        return {}
    index = tm.Index()
    for slug, po in catalogs:
        index.add(slug, [e for e in po if e.msgid in split])
    return {g.english: g for g in index.conflicts()}


def translate(
    ws: Workspace,
    slugs: Sequence[str],
    selection: str = engines.AUTO,
    dry_run: bool = False,
    max_chars: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    memo: Memo | None = None,
    settled: frozenset[str] = frozenset(),
) -> list[TranslateResult]:
    """Draft the empty entries of each locale's catalogs of ``slugs`` (``settled``: articles
    ``sync`` knows to be as a run left them, with nothing left to draft)."""
    own = memo is None
    memo = memo_mod.open_for(ws.layout, ws.cfg, ws.stats) if memo is None else memo
    results = [
        _locale(ws, slugs, loc, selection, dry_run, max_chars, progress, memo, settled)
        for loc in ws.cfg.locales
    ]
    if own and not dry_run:
        memo.save()
    return results


def _locale(
    ws, slugs, locale, selection, dry_run, max_chars, progress, memo, settled=frozenset()
) -> TranslateResult:
    from pipeline import locales
    from pipeline.drafting.engines import EngineContext
    from pipeline.repo.mtcache import DraftCache

    cfg, layout = ws.cfg, ws.layout
    gloss = ws.glossary(locale)
    ctx = EngineContext(
        cfg,
        locale,
        gloss,
        lambda: _all_catalogs(ws, locale),
        DraftCache(layout.mtcache()),
        max_chars,
        catalogs_of=lambda other: _all_catalogs(ws, other),
    )
    run = engines.chain(selection, ctx)
    result = TranslateResult(locale, [e.name for e in run])
    shared: list = layout.files("", (locale,), "glossary")[:]
    drawn = locales.resolve(cfg, locale).draws_from
    if drawn and "opencc" in result.engines:  # drafts depend on the other locale's catalogs
        shared += [f for s in layout.slugs() for f in layout.files(s, (drawn,), "catalog")]
    prefix = f"draft {locale} {' '.join(result.engines)} {max_chars} "
    if dry_run:
        from pipeline.drafting import chain

        book = chain.open_book(locale, ((s, ws.catalog(s, locale)) for s in slugs))
        result.plan = dry_plan(book, run)
        return result
    known, todo, waiting = _known(ws, slugs, locale, prefix, shared, memo, settled)
    result.unsettled.update(s for s, _ in waiting)
    if not todo and not waiting:  # every catalog as the last run left it: nothing to open
        _count(result.summary, None, known.values())
        return result
    from pipeline.drafting import chain
    from pipeline.po import catalog

    book = chain.open_book(locale, ((s, ws.catalog(s, locale)) for s in todo))
    if waiting and (chain.requests_for(book) or _memory(ws, locale, shared, memo) != waiting[0][1]):
        for slug in (s for s, _ in waiting):  # the memory or the glossary may serve them now
            known.pop(slug, None)
            po = ws.catalog(slug, locale)
            if po is not None:
                book.add(slug, po)

    def checkpoint(changed: list[str]) -> None:
        for slug in changed:
            path = layout.catalog(slug, locale)
            ws.write(path, catalog.dumps(book.catalogs[slug]))

    pair = (locales.source(cfg), locales.resolve(cfg, locale))
    review = chain.reviewer(gloss, cfg.fm_limits, pair)
    try:
        result.summary = chain.run(book, run, review, progress, checkpoint)
    except PipelineError as exc:  # a checkpoint could not save (a person's edit won)
        result.summary.error = str(exc)
        chain.count_left(book, result.summary)
    result.error = result.summary.error
    _count(result.summary, book, known.values())
    if not result.error:
        _remember(ws, book, locale, prefix, shared, memo, result.unsettled)
    return result


def _known(ws, slugs, locale, prefix, shared, memo, settled=frozenset()):
    """Which articles need drafting: ``known`` (slug -> note: its catalog is as the last run
    left it, nothing to draft), ``todo`` (changed since: opened) and ``waiting`` ((slug,
    memory stamp): unchanged, but it had entries no engine could draft; opened when the
    memory changed or there is something to draft anyway, as a whole-site run would)."""
    known: dict[str, dict] = {}
    todo: list[str] = []
    waiting: list[tuple[str, str]] = []
    for slug in slugs:
        recorded = memo.entries.get(prefix + slug) if slug in settled else None
        if recorded is not None:  # its files are as the run that wrote this note left them
            known[slug] = recorded[1]
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


def _count(summary: chain.Summary, book: chain.Book | None, notes) -> None:
    """``left`` and ``to_review`` over every requested article: the opened ones counted by
    ``chain``, the others from their notes (English texts, as short digests)."""
    opened = book.catalogs.values() if book is not None else ()
    left = {_short(e.msgid) for po in opened for e in po if _empty(e)}
    review = {_short(e.msgid) for po in opened for e in po if _open(e)}
    for note in notes:
        left.update(note.get("left", ()))
        review.update(note.get("review", ()))
    summary.left, summary.to_review = len(left), len(review)


def _remember(ws, book, locale, prefix, shared, memo, unsettled: set[str]) -> None:
    """A note per opened catalog, as this run leaves it: the English texts still empty or
    fuzzy (short digests), and the memory they were tried against."""
    stamp = None
    for slug, po in book.catalogs.items():
        note: dict = {}
        left = sorted({_short(e.msgid) for e in po if _empty(e)})
        review = sorted({_short(e.msgid) for e in po if _open(e)})
        if left:
            stamp = stamp or _memory(ws, locale, shared, memo)
            note["left"], note["memory"] = left, stamp
            unsettled.add(slug)
        if review:
            note["review"] = review
        memo.record(prefix + slug, [*ws.layout.files(slug, (locale,), "catalog"), *shared], note)


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
