"""pipeline.repo.check: ``pipeline check`` over a repository.

For each article and locale, the files on disk against the article plan (what
extract and merge would write now), the one coverage count, and the QA checks
on every translation; the verdicts are ``gate``'s. Nothing is written.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor

from pipeline import gate, locales, plan
from pipeline.coverage import coverage
from pipeline.errors import PipelineError
from pipeline.gate import ArticleCheck
from pipeline.po import catalog
from pipeline.repo import runs, translate
from pipeline.repo.checkcache import ArticleMemo, CheckCache
from pipeline.repo.workspace import Workspace


def check_all(
    ws: Workspace,
    slugs: Iterable[str],
    min_coverage: float | None = None,
    require_reviewed: bool = False,
    orphans: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cache: bool = False,
    lean: bool = False,
) -> list[ArticleCheck]:
    """Every ``iter_checks`` result, in a list."""
    return list(
        iter_checks(ws, slugs, min_coverage, require_reviewed, orphans, progress, cache, lean)
    )


def iter_checks(
    ws: Workspace,
    slugs: Iterable[str],
    min_coverage: float | None = None,
    require_reviewed: bool = False,
    orphans: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cache: bool = False,
    lean: bool = False,
) -> Iterator[ArticleCheck]:
    """One ``ArticleCheck`` per article and locale (and per orphan, when asked), each
    yielded as soon as it is finished: a report written as it goes holds one article's
    findings at a time, not a whole site's (the cache is pruned once all are consumed).

    With ``cache``, verdicts and entry findings are kept in ``.pipeline-cache/check``
    (``checkcache``) and reused where their inputs are unchanged; the verdicts are the
    same with or without it (the same code runs, only less often). With ``lean``, what
    was parsed for an article is dropped once it is checked (``Workspace.forget``).
    """
    threshold = ws.cfg.min_coverage if min_coverage is None else min_coverage
    slugs = list(slugs)
    conflicts = _Conflicts(ws)
    kept = CheckCache(ws, f"{threshold!r} {require_reviewed}") if cache else None
    job = (threshold, require_reviewed, conflicts, kept)
    done_elsewhere = _in_workers(ws, slugs, job) if kept is not None else {}
    for done, slug in enumerate(slugs, start=1):
        if slug in done_elsewhere:
            found = [ArticleCheck.from_state(d) for d in done_elsewhere[slug]]
        elif kept is None:
            found, read = _article(ws, slug, threshold, require_reviewed)
            for r in found:
                if r.locale in read:
                    r.problems += _consistency(ws, slug, r.locale, conflicts)
        else:
            found = _kept_article(ws, slug, threshold, require_reviewed, conflicts, kept)
        for r in found:
            r.finish()
        if lean:
            ws.forget(slug)
        if progress is not None:
            progress(done, len(slugs))
        yield from found
    if orphans:
        yield from _orphans(ws)
    if kept is not None and set(slugs) == set(ws.layout.slugs()):
        kept.prune(slugs)


_SHARED: tuple | None = None
"""The parent's workspace and job, inherited by forked workers."""


def _in_workers(ws: Workspace, slugs: list[str], job: tuple) -> dict[str, list[dict]]:
    """The articles whose kept verdicts are out of date, checked on every core when there
    are enough of them (``jobs``, ``runs.PARALLEL_MIN``); the others (and the consistency
    findings of those whose verdict is kept) are left to the caller.

    Each worker checks whole articles and writes their cache files (one file per article,
    never shared); the conflicts every worker needs are computed once, before the fork.
    Results come back as data and in order, so the output is the same as one process's.
    """
    global _SHARED
    kept: CheckCache = job[3]
    jobs = ws.cfg.jobs or (os.cpu_count() or 1)
    if jobs < 2 or len(slugs) < runs.PARALLEL_MIN or "fork" not in mp.get_all_start_methods():
        return {}
    todo = [slug for slug in slugs if not kept.fresh(slug)]
    if len(todo) < runs.PARALLEL_MIN:
        return {}
    for locale in ws.cfg.locales:
        job[2][locale]  # noqa: B018 - computed here, inherited by every worker
    _SHARED = (ws, job)
    chunk = max(1, len(todo) // (jobs * 4))
    try:
        with ProcessPoolExecutor(
            jobs, mp_context=mp.get_context("fork"), initializer=runs.few_collections
        ) as pool:
            return dict(zip(todo, pool.map(_task, todo, chunksize=chunk), strict=True))
    finally:
        _SHARED = None
        kept.forget(todo)


def _task(slug: str) -> list[dict]:
    assert _SHARED is not None
    ws, (threshold, require_reviewed, conflicts, kept) = _SHARED
    found = _kept_article(ws, slug, threshold, require_reviewed, conflicts, kept)
    ws.forget(slug)
    return [r.state() for r in found]


class _Conflicts(dict):
    """Each locale's conflicts (``translate.conflicts_of``), computed when first asked."""

    def __init__(self, ws: Workspace):
        super().__init__()
        self.ws = ws

    def __missing__(self, locale: str):
        found = self[locale] = translate.conflicts_of(self.ws, locale)
        return found


def _consistency(ws: Workspace, slug: str, locale: str, conflicts: _Conflicts) -> list:
    """``gate.consistency_problems`` of the article's catalog (one ``_article`` read)."""
    po = ws.catalog(slug, locale)
    po_rel = ws.layout.rel(ws.layout.catalog(slug, locale))
    return gate.consistency_problems(po, po_rel, slug, conflicts[locale])


def _kept_article(ws, slug, threshold, require_reviewed, conflicts, kept: CheckCache) -> list:
    """``_article`` and ``_consistency`` where their inputs changed, the kept verdicts
    elsewhere; the article's file is written only when something in it changed."""
    old = kept.load(slug)
    part = old.get("article")
    part = part if isinstance(part, dict) else {}
    entries = old.get("entries") or {}
    if not isinstance(entries, dict):
        entries = {}
    # Nothing kept (a cold run): the key is taken after the checks, from what they read.
    key = kept.article_key(slug) if part else None
    kept_results = (
        _kept_results(ws, slug, part) if key is not None and part.get("key") == key else None
    )
    changed = kept_results is None
    if not changed:
        found, read = kept_results
    else:
        memo = ArticleMemo(kept.run, entries)
        found, read = _article(ws, slug, threshold, require_reviewed, memo)
        entries = memo.used
        key = kept.article_key(slug)
        part = {"key": key, "results": [r.state() for r in found], "read": sorted(read)}
    old_parts = old.get("consistency")
    old_parts = old_parts if isinstance(old_parts, dict) else {}
    parts = {}
    site = set()
    for r in found:
        if r.locale not in read:
            continue
        was = old_parts.get(r.locale)
        was = was if isinstance(was, dict) else {}
        ckey = kept.consistency_key(slug, r.locale) if was else None
        was_problems = _kept_problems(was) if ckey is not None and was.get("key") == ckey else None
        if was_problems is not None:
            parts[r.locale] = was
            r.problems += was_problems
            continue
        site.add(r.locale)
        problems = _consistency(ws, slug, r.locale, conflicts)
        ckey = kept.consistency_key(slug, r.locale)  # after the reads, from their stamps
        if ckey is not None:
            parts[r.locale] = {"key": ckey, "problems": gate.problem_states(problems)}
        r.problems += problems
        changed = True
    if key is not None and (changed or parts != old_parts):
        files = kept.article_files(slug) if changed else []
        files += [ws.layout.catalog(slug, locale) for locale in site]
        # else a file was saved meanwhile: nothing kept
        if kept.read_as_keyed(files) and all(kept.site_as_keyed(loc) for loc in site):
            kept.save(slug, {"article": part, "consistency": parts, "entries": entries})
    return found


def _kept_results(ws, slug: str, part: dict) -> tuple[list[ArticleCheck], set[str]] | None:
    """A kept verdict, when it is one whole verdict of this article (one result per
    locale, in order); None for anything else (a damaged or hand-made file): checked."""
    try:
        found = [ArticleCheck.from_state(d) for d in part["results"]]
        read = set(part["read"])
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    if [(r.slug, r.locale) for r in found] != [(slug, loc) for loc in ws.cfg.locales]:
        return None
    if not read <= set(ws.cfg.locales) or not all(
        isinstance(p.line, int) for r in found for p in r.problems
    ):
        return None
    return found, read


def _kept_problems(was) -> list | None:
    try:
        return gate.problems_of(was["problems"])
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _orphans(ws: Workspace) -> list[ArticleCheck]:
    """Catalogs and localized articles whose English source is gone (a warning each)."""
    layout = ws.layout
    found: dict[tuple[str, str], list[str]] = {}
    for locale in ws.cfg.locales:
        for slug, paths in layout.orphans(locale).items():
            found.setdefault((slug, locale), []).extend(layout.rel(p) for p in paths)
    out = []
    for (slug, locale), paths in sorted(found.items()):
        r = ArticleCheck(slug, locale)
        src = layout.rel(layout.source(slug))
        message = f"no English source {src}: restore it or delete this file"
        r.problems = [gate.problem("orphan", message, path) for path in sorted(set(paths))]
        out.append(r)
    return out


def _article(
    ws: Workspace, slug: str, threshold: float, require_reviewed: bool, memo=None
) -> tuple[list[ArticleCheck], set[str]]:
    """The article's verdicts in every locale, consistency aside (``_consistency``, for the
    locales whose catalog was read: the second value), problems not yet ordered; ``memo``
    keeps entry findings (``gate.translation_problems``)."""
    cfg, layout = ws.cfg, ws.layout
    out = {loc: ArticleCheck(slug, loc) for loc in cfg.locales}
    try:
        article = ws.article(slug)
    except PipelineError as exc:
        for r in out.values():
            r.problems.append(gate.problem("source", exc.message, exc.path or "", exc.line or 0))
        return list(out.values()), set()
    pot = plan.template(article, cfg)
    template = _stale_template(ws, slug, pot)
    catalogs = {}
    for locale, r in out.items():
        r.problems += template
        po_rel = layout.rel(layout.catalog(slug, locale))
        try:
            po = ws.catalog(slug, locale)
        except PipelineError as exc:
            r.problems.append(gate.problem("po-syntax", exc.message, po_rel, exc.line or 0))
            continue
        if po is None:
            r.problems.append(
                gate.problem("missing-catalog", "no catalog: run `pipeline extract`", po_rel)
            )
            continue
        catalogs[locale] = po  # counted with what merge would write (``_merged``)
        stale = catalog.stale_entries(po, pot)
        if stale:
            message = f"catalog does not match {article.path}: run `pipeline extract`"
            r.problems.append(gate.problem("stale-catalog", message, po_rel, _first_line(stale)))
        pair = (locales.source(cfg), locales.resolve(cfg, locale))
        gloss = ws.glossary(locale)
        r.problems += gate.translation_problems(po, po_rel, gloss, cfg.fm_limits, pair, memo)
    if catalogs:
        _merged(ws, slug, article, catalogs, out, threshold, require_reviewed)
    return list(out.values()), set(catalogs)


def _first_line(stale: list, default: int = 1) -> int:
    """Where a person should look: the first entry extract would change."""
    return min((e.linenum for e in stale if e.linenum), default=default)


def _stale_template(ws: Workspace, slug: str, pot) -> list:
    """The template compared by content (entries and our header fields), never layout."""
    path = ws.layout.template(slug)
    rel = ws.layout.rel(path)
    remedy = "run `pipeline extract`"
    try:
        if ws.text(path) == catalog.dumps(pot):
            return []  # what extract writes for a new template: same content, no parse
    except PipelineError:
        pass  # unreadable: reported below
    try:
        on_disk = ws.template(slug)
    except PipelineError as exc:
        return [
            gate.problem(
                "stale-template", f"unreadable ({exc.message}): {remedy}", rel, exc.line or 1
            )
        ]
    if on_disk is None:
        return [gate.problem("stale-template", f"missing: {remedy}", rel)]
    if catalog.same_template(on_disk, pot):
        return []
    line = _first_line(catalog.stale_entries(on_disk, pot), on_disk.header_line)
    return [gate.problem("stale-template", f"out of date: {remedy}", rel, line)]


def _merged(ws, slug, article, catalogs, out, threshold, require_reviewed) -> None:
    """What merge would write now against the articles on disk (and the English mirrors)."""
    cfg, layout = ws.cfg, ws.layout
    try:
        result = plan.articles(article, runs.inputs(ws, slug, catalogs), cfg)
    except PipelineError as exc:  # a front matter merge refuses to write
        for locale, po in catalogs.items():
            out[locale].counts = coverage(article.units, catalog.translations(po))
            path = exc.path or layout.rel(layout.article(slug, locale))
            out[locale].problems.append(gate.problem("merge", exc.message, path, exc.line or 0))
        return
    for locale, loc in result.localized.items():
        r = out[locale]
        # merge counted this article's units against the same entries (once the mirrors
        # moved it counted the relocated article's: then counted here)
        r.counts = (
            coverage(article.units, catalog.translations(catalogs[locale]))
            if result.moved
            else loc.coverage
        )
        po_rel = layout.rel(layout.catalog(slug, locale))
        art_path = layout.article(slug, locale)
        art_rel = layout.rel(art_path)
        held = gate.withheld_problems(catalogs[locale], po_rel, loc.withheld)
        r.problems = gate.one_verdict(r.problems, held)
        if loc.text is not None:
            remedy = f"run `pipeline merge` (edit {po_rel}, not the article: merge overwrites it)"
            r.problems += gate.stale(art_rel, ws.text(art_path), loc.text, "stale-article", remedy)
        r.problems += gate.coverage_problems(
            r.counts, po_rel, threshold, require_reviewed, loc.draft, art_rel
        )
    if result.moved:
        src = layout.source(slug)
        mirrors = gate.stale(
            layout.rel(src),
            article.text,
            result.source,
            "stale-mirrors",
            "mirror fields are out of date: run `pipeline sync`",
        )
        for r in out.values():
            r.problems += mirrors
