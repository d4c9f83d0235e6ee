"""pipeline.repo.translate: drafting over a repository (``pipeline translate``, and sync's step).

For each locale: the engine chain from the registry (memory over every catalog,
glossary, machine engines when selected and available), the requested catalogs
from the workspace (so ``sync`` drafts into the catalogs it just updated, without
reading them again), ``drafting.chain.run`` with a checkpoint that saves what
changed, and a memo so a repository left as the last run left it is not drafted
again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from pipeline import locales
from pipeline.drafting import chain, engines, tm
from pipeline.drafting.engines import EngineContext
from pipeline.errors import PipelineError
from pipeline.model import Engine
from pipeline.po import catalog
from pipeline.repo import memo as memo_mod
from pipeline.repo.memo import Memo
from pipeline.repo.mtcache import DraftCache
from pipeline.repo.workspace import Workspace


@dataclass
class TranslateResult:
    locale: str
    engines: list[str]
    summary: chain.Summary = field(default_factory=chain.Summary)
    plan: dict[str, int] = field(default_factory=dict)
    error: str = ""


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
) -> list[TranslateResult]:
    """Draft the empty entries of each locale's catalogs of ``slugs``."""
    own = memo is None
    memo = memo_mod.open_for(ws.layout, ws.cfg) if memo is None else memo
    results = [
        _locale(ws, slugs, loc, selection, dry_run, max_chars, progress, memo)
        for loc in ws.cfg.locales
    ]
    if own and not dry_run:
        memo.save()
    return results


def _locale(ws, slugs, locale, selection, dry_run, max_chars, progress, memo) -> TranslateResult:
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
    files = [layout.catalog(s, locale) for s in layout.slugs()] + [layout.glossary(locale)]
    drawn = locales.resolve(cfg, locale).draws_from
    if drawn and "opencc" in result.engines:  # drafts depend on the other locale's catalogs
        files += [layout.catalog(s, drawn) for s in layout.slugs()]
    key = f"translate {locale} {' '.join(result.engines)} {max_chars} {' '.join(sorted(slugs))}"
    note = memo.fresh(key, files) if not dry_run else None
    if note is not None:
        result.summary = chain.Summary(left=note.get("left", 0), to_review=note.get("to_review", 0))
        return result
    book = chain.open_book(locale, ((s, ws.catalog(s, locale)) for s in slugs))
    if dry_run:
        result.plan = dry_plan(book, run)
        return result

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
    if not result.error:
        memo.record(
            key, files, {"left": result.summary.left, "to_review": result.summary.to_review}
        )
    return result


def dry_plan(book: chain.Book, run: Sequence[Engine]) -> dict[str, int]:
    """What a run would do, engine by engine, without calling any service or writing."""
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
