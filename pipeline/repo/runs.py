"""pipeline.repo.runs: extract, merge, sync and status over a repository's articles.

The edge where an article plan (``pipeline.plan``) meets the files. Each article
is processed on its own: a bad input fails that article with a ``file:line``
message and leaves its files untouched, and the others still run. A memo of file
stamps (``memo``) lets a run skip the articles whose files are as it left them.
Large ``extract`` and ``merge`` runs use every core (one article per task).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import config
from pipeline.errors import PipelineError
from pipeline.repo import few_collections
from pipeline.repo import memo as memo_mod
from pipeline.repo.memo import Memo
from pipeline.repo.workspace import Workspace

if TYPE_CHECKING:
    from pipeline import plan
    from pipeline.coverage import Coverage
    from pipeline.repo import settled as settled_mod
    from pipeline.repo import translate

# The stages (plan, merge, the PO writer, drafting) are imported by the function that
# uses them: a no-op run, which only compares file stamps, never loads them.


@dataclass
class Outcome:
    """What happened to one article in one locale (or to its source, locale ``""``)."""

    slug: str
    locale: str
    action: str
    """``written``, ``unchanged``, ``skipped``, ``failed``, ``note``, ``ok`` or ``missing``."""
    path: str = ""
    message: str = ""
    coverage: Coverage | None = None

    @property
    def failed(self) -> bool:
        return self.action == "failed"

    @property
    def changed(self) -> bool:
        return self.action in ("written", "would write")


class Known:
    """An article a stage did not run because the memo knows it done: the outcomes its
    note says (``_said``), made only when asked for. A run over a large site reports
    thousands of unchanged files, and most runs only count them."""

    __slots__ = ("ws", "stage", "slug", "said", "skipped")

    def __init__(self, ws: Workspace, stage: str, slug: str, said: list) -> None:
        self.ws, self.stage, self.slug, self.said = ws, stage, slug, said
        self.skipped = sum(map(isinstance, said, itertools.repeat(dict)))
        """How many of its files are below ``min_coverage`` (a run says so even when quiet)."""

    def outcomes(self) -> list[Outcome]:
        out = []
        for (loc, path), words in zip(
            _reported(self.ws, self.stage, self.slug), self.said, strict=True
        ):
            if isinstance(words, dict):
                out.append(Outcome(self.slug, loc, "skipped", path, str(words.get("skipped", ""))))
            else:
                out.append(Outcome(self.slug, loc, "unchanged", path, str(words)))
        return out


class Report:
    """What a run did, article by article: ``Outcome``s, and ``Known`` articles that
    stand for theirs."""

    def __init__(self, items: list[Outcome | Known] | None = None) -> None:
        self.items: list[Outcome | Known] = [] if items is None else items
        self._failed: set[str] = set()
        self._scanned = 0

    @property
    def outcomes(self) -> list[Outcome]:
        """Every outcome, the known articles' made now (a new list each time)."""
        out: list[Outcome] = []
        for item in self.items:
            if isinstance(item, Known):
                out += item.outcomes()
            else:
                out.append(item)
        return out

    def listed(self, verbose: bool) -> Iterator[Outcome]:
        """The outcomes a run lists, in order: a known article's only when ``verbose`` or
        when one of its files is below ``min_coverage`` (unchanged files are listed only
        when verbose), so a quiet run over a large site makes none of them."""
        for item in self.items:
            if item.__class__ is not Known:
                yield item
            elif verbose or item.skipped:
                yield from item.outcomes()

    def counts(self) -> dict[str, int]:
        """How many outcomes of each action, without making the known articles' ones."""
        counts: dict[str, int] = {}
        unchanged = skipped = 0
        for item in self.items:
            if item.__class__ is Known:
                skipped += item.skipped
                unchanged += len(item.said) - item.skipped
            else:
                counts[item.action] = counts.get(item.action, 0) + 1
        for action, n in (("unchanged", unchanged), ("skipped", skipped)):
            if n:
                counts[action] = counts.get(action, 0) + n
        return counts

    @property
    def failed(self) -> bool:
        return any(isinstance(o, Outcome) and o.failed for o in self.items)

    def add(self, outcome: Outcome | Known) -> None:
        self.items.append(outcome)

    def extend(self, other: Report | Iterable[Outcome | Known]) -> None:
        self.items.extend(other.items if isinstance(other, Report) else other)

    def failed_slugs(self) -> set[str]:
        """The articles that failed; outcomes only ever grow, so each call looks only at
        those added since the last (``sync`` asks after every part of a large site)."""
        new = self.items[self._scanned :]
        self._scanned = len(self.items)
        self._failed.update(o.slug for o in new if isinstance(o, Outcome) and o.failed)
        return set(self._failed)


def each(
    slugs: Iterable[str],
    work: Callable[[str], list[Outcome]],
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """``work`` on every article; a ``PipelineError`` fails that article only."""
    report = Report()
    slugs = list(slugs)
    for done, slug in enumerate(slugs, start=1):
        report.extend(_guarded(work, slug))
        if progress is not None:
            progress(done, len(slugs))
    return report


def _guarded(work: Callable[[str], list[Outcome]], slug: str) -> list[Outcome]:
    try:
        return work(slug)
    except PipelineError as exc:
        return [Outcome(slug, "", "failed", exc.path or "", str(exc))]


def _written(ws: Workspace, slug: str, locale: str, path: Path, text: str, **kw) -> Outcome:
    changed = ws.write(path, text, owned=kw.pop("owned", False))
    action = ("would write" if ws.dry_run else "written") if changed else "unchanged"
    return Outcome(slug, locale, action, ws.layout.rel(path), **kw)


# -- extract --------------------------------------------------------------------


def _olds(ws: Workspace, slug: str) -> dict[str, object | None]:
    return {loc: ws.catalog(slug, loc) for loc in ws.cfg.locales}


def extract_one(ws: Workspace, slug: str) -> list[Outcome]:
    """Write the article's template and create or update each locale's catalog."""
    from pipeline import plan

    article = ws.article(slug)
    olds = _olds(ws, slug)  # every catalog read (and refused if broken) before writing
    step = plan.catalogs(article, olds, ws.cfg, ws.template(slug, strict=False))
    return write_catalogs(ws, slug, step)


def write_catalogs(ws: Workspace, slug: str, step: plan.Catalogs, why: str = "") -> list[Outcome]:
    """Write the template and catalogs of step 1; the workspace keeps them for the run."""
    from pipeline.po import catalog

    layout = ws.layout
    pot = catalog.dumps(step.template)
    out = [_written(ws, slug, "", layout.template(slug), pot)]
    ws.keep_template(slug, step.template)
    for locale, po in step.catalogs.items():
        stats = step.stats.get(locale)
        note = why or (
            f"{stats.kept} kept, {stats.fuzzy} fuzzy, {stats.new} new, {stats.obsolete} obsolete"
        )
        path = layout.catalog(slug, locale)
        text = catalog.dumps(po, (step.template, pot))
        out.append(_written(ws, slug, locale, path, text, message=note))
        ws.keep_catalog(slug, locale, po)
    return out


# -- merge ----------------------------------------------------------------------


def merge_one(ws: Workspace, slug: str) -> list[Outcome]:
    """Write each localized article, then the English article's mirror values.

    When the mirrors move the English front matter, the template and catalogs are
    brought in line at once (their references move; every translation is carried).
    """
    from pipeline import plan

    cfg, layout = ws.cfg, ws.layout
    article = ws.article(slug)
    catalogs = {}
    for locale in cfg.locales:
        catalogs[locale] = ws.catalog(slug, locale)
        if catalogs[locale] is None:
            rel = layout.rel(layout.catalog(slug, locale))
            raise PipelineError("no catalog: run `pipeline extract` first", rel)
    result = plan.articles(article, inputs(ws, slug, catalogs), cfg)
    out: list[Outcome] = []
    for locale, loc in result.localized.items():
        path = layout.article(slug, locale)
        if loc.text is None:
            message = (
                f"not written: {loc.coverage.percent:.0f}% translated or drafted, "
                f"below min_coverage {cfg.min_coverage:g}%"
            )
            out.append(Outcome(slug, locale, "skipped", layout.rel(path), message, loc.coverage))
            continue
        message = "; ".join(["draft"] * loc.draft + loc.notes)
        out.append(
            _written(
                ws, slug, locale, path, loc.text, message=message, coverage=loc.coverage, owned=True
            )
        )
    if result.moved:
        src = _written(ws, slug, "", layout.source(slug), result.source)
        src.message = "mirror fields synced"
        out.append(src)
        if cfg.references == "line" or result.units_moved:  # the template changes
            step = plan.refreshed(result.article, catalogs, cfg, ws.template(slug, strict=False))
            out += [o for o in write_catalogs(ws, slug, step, "references moved") if o.changed]
        ws.forget(slug)  # the English changed on disk: read again if this run asks again
    return out


def inputs(ws: Workspace, slug: str, catalogs) -> dict[str, plan.Inputs]:
    """What each locale's article is made from: its catalog, the locale's glossary, the
    addenda, and the front matter of the localized article on disk (``humanvalues``)."""
    from pipeline import plan

    return {
        locale: plan.Inputs(
            po,
            ws.glossary(locale),
            ws.addenda(slug, locale),
            _front_matter_on_disk(ws, ws.layout.article(slug, locale)),
            ws.layout.rel(ws.layout.article(slug, locale)),
        )
        for locale, po in catalogs.items()
    }


def _front_matter_on_disk(ws: Workspace, path: Path) -> dict | None:
    """The front-matter values of a localized article (None when absent or unreadable)."""
    from pipeline.markdown import source

    try:
        text = ws.text(path)
        if text is not None:
            src = source.split(text, ws.layout.rel(path))
            return dict(source.parse(src).values)
    except PipelineError:
        pass  # a broken localized article is rewritten whole, as before
    return None


# -- the stages, with the memo and workers -------------------------------------------


def _stage_files(ws: Workspace, stage: str, slug: str) -> list[str]:
    """The files a stage reads and writes for an article: its memo stamps these."""
    which = "source template catalog" if stage == "extract" else _MERGE_FILES
    return ws.layout.files(slug, ws.cfg.locales, which)


_MERGE_FILES = "source catalog article addenda glossary"


PARALLEL_MIN = 32
"""Below this many articles to process, a worker pool costs more than it saves."""


Progress = Callable[[int, int], None]
"""``(done, total)``: how a long run shows it is alive (the command line draws it)."""


def stage(
    ws: Workspace,
    name: str,
    slugs: Iterable[str],
    memo: Memo | None = None,
    progress: Progress | None = None,
    settled: Collection[str] = frozenset(),
    forget: bool = False,
) -> Report:
    """Run ``extract`` or ``merge`` over the articles the memo does not know to be done
    (``settled``: articles ``sync`` already knows to be as it left them; ``forget``: no
    later stage of the run reads what this one parsed)."""
    own = memo is None
    memo = _memo(ws) if own else memo
    report = Report()
    todo = []
    known, files = report.items.append, _said_files(ws, name)
    for slug in slugs:  # thousands on a large site: little work each
        key = f"{name} {slug}"
        if slug in settled:  # what the stage said when the sync that settled it ran it
            note = memo.note(key) or {}
        else:
            note = memo.fresh(key, _stage_files(ws, name, slug))
        said = None if note is None else _known(note, files)
        if said is not None:
            known(Known(ws, name, slug, said))
        else:
            todo.append(slug)
    for done, (slug, outcomes, written) in enumerate(_map(ws, name, todo), start=1):
        if progress is not None:
            progress(done, len(todo))
        report.extend(outcomes)
        for key in written:  # a worker's writes: this process's stamps of them are old
            ws.stats.pop(key, None)
        if not any(o.failed for o in outcomes):
            memo.record(
                f"{name} {slug}", _stage_files(ws, name, slug), _said(ws, name, slug, outcomes)
            )
        if own or forget:  # no later stage of this run reads the article's files
            ws.forget(slug)  # memory stays flat
    if own and not ws.dry_run:
        _save(memo)
    return report


def _memo(ws: Workspace) -> Memo:
    """The repository's memo, salted with its configuration."""
    return memo_mod.open_for(ws.layout, ws.cfg, ws.stats)


def _save(memo: Memo) -> None:
    """Save the memo, and what babel said of the locales and the reading-time labels it
    formatted when this run learned any (``cldrcache``)."""
    from pipeline.repo import cldrcache

    memo.save()
    cldrcache.save(memo.path.parent)


def _reported(ws: Workspace, name: str, slug: str) -> list[tuple[str, str]]:
    """(locale, path) of the files a stage reports even when it writes nothing: extract
    the template and each catalog, merge each localized article (not the files only a
    change reports, as the English file's mirror fields)."""
    locales = ws.cfg.locales
    if name == "extract":
        names = ws.layout.names(slug, locales, "template catalog")
        return list(zip(("", *locales), names, strict=True))
    return list(zip(locales, ws.layout.names(slug, locales, "article"), strict=True))


def _said(ws: Workspace, name: str, slug: str, outcomes: list[Outcome]) -> dict:
    """A memo note: what the stage would say of each file it reports (``_reported``) when it
    runs again over the same files: what it said of an unchanged file, of a localized
    article it wrote (the same words), or of one below ``min_coverage`` (``{"skipped":
    …}``); None for a catalog it wrote (its words counted the change), which makes the
    next run look at the article again rather than say less than a full run would."""
    said: dict[str, str | dict | None] = {}
    for o in outcomes:
        if o.action == "skipped":
            said[o.path] = {"skipped": o.message}
        elif o.action == "unchanged" or name == "merge" or not o.locale:
            said[o.path] = o.message
    return {"said": [said.get(path) for _, path in _reported(ws, name, slug)]}


def _said_files(ws: Workspace, name: str) -> int:
    """How many files a stage's note speaks of per article (as ``_reported`` lists them)."""
    return len(ws.cfg.locales) + (name == "extract")


def _known(note: dict, files: int) -> list | None:
    """What the memo's note of an article says of each of the ``files`` the stage reports
    (``_said``, ``_said_files``); None when it cannot say all a full run would (the stage
    runs again)."""
    said = note.get("said")
    if type(said) is not list or len(said) != files or None in said:
        return None
    return said


_WORK = {"extract": extract_one, "merge": merge_one}
_SHARED: Workspace | None = None
"""The parent's workspace, inherited by forked workers (their reads stay their own)."""


def _map(ws: Workspace, name: str, slugs: list[str]):
    """The stage over the articles: in this process, or on every core for a large run.

    Each article is independent (its own files), so workers never write the same file;
    results come back in the order asked, so output stays deterministic.
    """
    global _SHARED
    jobs = ws.cfg.jobs or (os.cpu_count() or 1)
    if jobs < 2 or len(slugs) < PARALLEL_MIN or not _can_fork():
        for slug in slugs:
            yield slug, _guarded(lambda s: _WORK[name](ws, s), slug), ()
        return
    import multiprocessing as mp  # a pool only for a large run
    from concurrent.futures import ProcessPoolExecutor

    _SHARED = ws
    chunk = max(1, len(slugs) // (jobs * 4))
    try:
        with ProcessPoolExecutor(
            jobs, mp_context=mp.get_context("fork"), initializer=few_collections
        ) as pool:
            yield from pool.map(_task, [name] * len(slugs), slugs, chunksize=chunk)
    finally:
        _SHARED = None


def _can_fork() -> bool:
    import multiprocessing as mp

    return "fork" in mp.get_all_start_methods()


def _task(name: str, slug: str) -> tuple[str, list[Outcome], list[str]]:
    """One article in a worker: its outcomes and the files it wrote (``Workspace.written``)."""
    assert _SHARED is not None
    start = len(_SHARED.written)
    try:
        return slug, _guarded(lambda s: _WORK[name](_SHARED, s), slug), _SHARED.written[start:]
    finally:
        _SHARED.forget(slug)  # a worker's reads are its own: none is asked for again


def extract_all(
    ws: Workspace, slugs: Iterable[str], memo: Memo | None = None, progress: Progress | None = None
) -> Report:
    return stage(ws, "extract", slugs, memo, progress)


def merge_all(
    ws: Workspace, slugs: Iterable[str], memo: Memo | None = None, progress: Progress | None = None
) -> Report:
    return stage(ws, "merge", slugs, memo, progress)


# -- status ---------------------------------------------------------------------


def status(ws: Workspace, slugs: Iterable[str], progress: Progress | None = None) -> Report:
    """Per article and locale: the catalog's coverage of the article as it is now.

    Each article is dropped once counted; only its reviewed entries are kept, for the
    consistency note, so memory stays flat on a large site."""
    from pipeline import merge
    from pipeline.coverage import coverage
    from pipeline.drafting import tm
    from pipeline.po import catalog

    seen: set[str] = set()
    known = {locale: tm.Reviewed() for locale in ws.cfg.locales}

    def one(slug: str) -> list[Outcome]:
        try:
            return counted(slug)
        finally:
            ws.forget(slug)

    def counted(slug: str) -> list[Outcome]:
        article = ws.article(slug)
        out = []
        new = [k for k in merge.keys_without_policy(ws.cfg, article) if k not in seen]
        seen.update(new)
        if new:
            out.append(
                Outcome(
                    slug,
                    "",
                    "note",
                    article.path,
                    f"front-matter keys without a policy, copied as they are: "
                    f"{', '.join(new)} (set them under [tool.pipeline.frontmatter])",
                )
            )
        for locale in ws.cfg.locales:
            po = ws.catalog(slug, locale)
            entries = catalog.translations(po) if po is not None else {}
            action = "ok" if po is not None else "missing"
            out.append(Outcome(slug, locale, action, coverage=coverage(article.units, entries)))
            if po is not None:
                known[locale].add(slug, po)
            else:
                known[locale].slugs.add(slug)
        return out

    report = each(slugs, one, progress)
    for locale in ws.cfg.locales:
        report.extend(_consistency_note(ws, locale, known[locale]))
    return report


def _consistency_note(ws: Workspace, locale: str, known=None) -> list[Outcome]:
    """One line when the site translates the same English in more than one way."""
    from pipeline.repo import translate

    conflicts = translate.conflicts_of(ws, locale, known)
    if not conflicts:
        return []
    first = next(iter(conflicts.values()))
    example = " / ".join(f"「{v.text[:20]}」" for v in first.variants[:3])
    message = (
        f"{len(conflicts)} English texts have conflicting reviewed translations "
        f"(e.g. {first.english[:40]!r}: {example}); `pipeline check` lists them (consistency)"
    )
    return [Outcome("", locale, "note", ws.layout.rel(ws.layout.catalog("*", locale)), message)]


# -- sync -----------------------------------------------------------------------


def sync(
    ws: Workspace,
    slugs: list[str],
    selection: str = "auto",
    max_chars: int | None = None,
    progress: Callable[[str], Progress | None] = lambda label: None,
    known: settled_mod.Taken | None = None,
) -> tuple[Report, list[translate.TranslateResult]]:
    """extract -> draft -> merge, each article and catalog read once, part by part.

    The articles go in parts (``translate.parts``, in slug order): each part is extracted,
    drafted into the catalogs extract just updated (the workspace holds them), merged
    from the drafted catalogs and dropped, so memory stays flat on a large site. The
    memory drafts every part from the catalogs as extract leaves them: when it is first
    needed, the articles of the later parts whose catalogs extract changes are extracted
    before it reads them (``_early``). When merge syncs mirror fields into the English
    file, the references of its template and catalogs are brought in line in the same
    run, so a second ``sync`` finds nothing to do. ``known``: what the settled record took
    as the process started (``settled.taken``): the articles whose files are as that
    record found them, settled, when only articles' files changed since it was left.
    """
    from pipeline.repo import translate

    memo = _memo(ws)
    key = f"sync {selection} {max_chars} "
    trusted = known.settled if known is not None and known.salt == memo.salt else frozenset()
    settled = frozenset(
        s
        for s in slugs
        if (memo.note(key + s) if s in trusted else memo.fresh(key + s, _sync_files(ws, s)))
        is not None
    )
    extract_progress = _Count(progress("extract"), len(slugs))
    merge_progress = _Count(progress("merge"), len(slugs))
    # A dry run writes nothing, so what extract made stays in memory for its one part.
    parts = translate.parts(slugs, len(slugs) if ws.dry_run else translate.PART)
    extracted, merged = Report(), Report()
    done: set[str] = set()
    now = [0]  # the part being drafted

    def before_memory() -> None:
        """The later parts' articles whose catalogs extract changes, extracted now (kept
        for their part when few, else read again there)."""
        later = [s for part in parts[now[0] + 1 :] for s in part]
        early = _early(ws, later, memo, settled)
        keep = len(early) <= translate.PART
        extracted.extend(stage(ws, "extract", early, memo, extract_progress, settled, not keep))
        done.update(early)

    drafting = translate.Drafting(
        ws, selection, max_chars, progress("draft"), memo, ws.dry_run, before_memory
    )
    for n, part in enumerate(parts):
        now[0] = n
        rest = [s for s in part if s not in done]
        extracted.extend(stage(ws, "extract", rest, memo, extract_progress, settled))
        failed = extracted.failed_slugs()
        ok = [s for s in part if s not in failed]
        drafting.draft(ok, settled)
        merged.extend(stage(ws, "merge", ok, memo, merge_progress, settled, forget=True))
        for slug in part:
            ws.forget(slug)
    drafted = drafting.finish()
    report = Report(_in_order(extracted.items, slugs) + _in_order(merged.items, slugs))
    if not ws.dry_run:
        failed = extracted.failed_slugs()
        ok = [s for s in slugs if s not in failed]
        unsettled = {s for r in drafted for s in r.unsettled} | failed | merged.failed_slugs()
        for slug in ok:
            if slug not in settled and slug not in unsettled and not any(r.error for r in drafted):
                memo.record(key + slug, _sync_files(ws, slug))
        _save(memo)
    return report, drafted


def _early(ws: Workspace, slugs: list[str], memo: Memo, settled: Collection[str]) -> list[str]:
    """The articles extract will change whose catalogs exist (they may hold reviewed
    translations, whose references and state extract moves): extracted before the memory
    reads the catalogs, so it drafts every part from the site as extract leaves it."""
    return [
        s
        for s in slugs
        if s not in settled
        and memo.fresh(f"extract {s}", _stage_files(ws, "extract", s)) is None
        and any(os.path.exists(f) for f in ws.layout.files(s, ws.cfg.locales, "catalog"))
    ]


def _in_order(items: list[Outcome | Known], slugs: list[str]) -> list[Outcome | Known]:
    """A stage's outcomes in the order of the articles asked for (parts go in slug order)."""
    where = {slug: i for i, slug in enumerate(slugs)}
    return sorted(items, key=lambda o: where.get(o.slug, len(where)))


@dataclass
class _Count:
    """One stage's progress over the parts of a run: ``(done, total)`` over all of them."""

    show: Progress | None
    total: int
    done: int = 0
    base: int = 0

    def __call__(self, done: int, total: int) -> None:
        if done == 1:
            self.base = self.done
        self.done = self.base + done
        if self.show is not None:
            self.show(self.done, self.total)


def sync_frame(ws: Workspace) -> list[str]:
    """The paths besides the articles' files whose stamps decide what a ``sync`` does
    (``repo.settled``): the configuration files and the folders listed to find the
    articles (an article added or removed changes one of them)."""
    found = [os.path.normpath(p) for p in config.files(ws.layout.root)]
    return list(dict.fromkeys(found + ws.layout.folders()))


def sync_stamps(ws: Workspace) -> tuple[dict[str, str | None], list[tuple[str, list[str]]]]:
    """The stamp of every file of every article as this run first saw it, before reading
    it (the memo's, or the workspace's when it read the file: ``Workspace.stats``); None
    for a file the run never looked at; and each article's files, as its memo entry
    digests them. Every article, not only those asked for: drafting reads every catalog
    of a locale (so ``sync SLUG`` on a larger site leaves no record)."""
    stats = ws.stats
    files = [(slug, _sync_files(ws, slug)) for slug in ws.layout.slugs()]
    return {p: stats.get(p) for _, found in files for p in found}, files


def memo_salt(ws: Workspace) -> str:
    """The salt of the repository's memo (``memo.salt_of``), which its digests are under."""
    return memo_mod.salt_of(repr(ws.cfg))


def _sync_files(ws: Workspace, slug: str) -> list[str]:
    """Every file of an article that ``sync`` reads or writes: when none changed since a
    sync left them, and that sync left nothing for drafting to try again, every stage
    skips the article at the cost of one stamp each."""
    return ws.layout.files(slug, ws.cfg.locales, "source template " + _MERGE_FILES)
