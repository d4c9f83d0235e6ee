"""pipeline.project: run the stages over a repository's articles.

The edge where files are read and written. Each article is processed on its
own: a bad input fails that article with a ``file:line`` message and leaves
its files untouched, and the others still run.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import multiprocessing as mp
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import polib

from . import addenda, align, catalog, extract, frontmatter, glossary, merge, source, store
from .config import Config
from .memo import Memo
from .model import Article, PipelineError


@dataclass
class Outcome:
    """What happened to one article in one locale (or to its source, locale ``""``)."""

    slug: str
    locale: str
    action: str
    """``written``, ``unchanged``, ``skipped`` or ``failed``."""
    path: str = ""
    message: str = ""
    coverage: merge.Coverage | None = None

    @property
    def failed(self) -> bool:
        return self.action == "failed"


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(o.failed for o in self.outcomes)

    def add(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)


def resolve_slugs(cfg: Config, slugs: Iterable[str]) -> list[str]:
    """The requested articles, or all of them; an unknown slug is an error."""
    known = cfg.slugs()
    wanted = list(slugs) or known
    unknown = [s for s in wanted if s not in known]
    if unknown:
        where = cfg.rel(cfg.root / cfg.source)
        raise PipelineError(
            f"unknown article {', '.join(repr(s) for s in unknown)} (no such file in {where})"
        )
    return wanted


CACHE = ".pipeline-cache"
"""Derived data the tool keeps between runs (ignored by git; safe to delete)."""


def load_article(cfg: Config, slug: str) -> Article:
    path = cfg.source_path(slug)
    rel = cfg.rel(path)
    text = store.read_text(path, rel)
    options = extract.Options(prose_keys=cfg.prose_keys, prose_fences=cfg.prose_fences)
    return _parsed(text, rel, slug, options, str(cfg.root))


@functools.lru_cache(maxsize=2048)
def _parsed(text: str, rel: str, slug: str, options: extract.Options, root: str) -> Article:
    """Parse once: within a run from memory, across runs and processes from the body kept
    on disk by the stage that parsed it last.

    Keyed by the whole text, so an edited file is parsed again; callers treat the
    ``Article`` as read-only.
    """
    return extract.article(text, rel, slug, options, _BodyFile(Path(root) / CACHE / slug))


@dataclass
class _BodyFile:
    """One article's extracted body, kept as JSON in ``.pipeline-cache/bodies/<slug>.json``."""

    stem: Path

    @property
    def path(self) -> Path:
        return self.stem.parent / "bodies" / f"{self.stem.name}.json"

    def get(self, key: str):
        try:
            stored_key, _, data = self.path.read_text("utf-8").partition("\n")
            return extract.load_body(data) if stored_key == key else None
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return None  # missing or damaged: parse again

    def put(self, key: str, parts, units) -> None:
        with contextlib.suppress(OSError):  # a read-only checkout just parses every time
            store.write_text(self.path, key + "\n" + extract.dump_body(parts, units))


def read_catalog(cfg: Config, slug: str, locale: str) -> polib.POFile | None:
    path = cfg.path(cfg.catalog, slug, locale)
    if not path.exists():
        return None
    return catalog.loads(store.read_text(path, cfg.rel(path)), cfg.rel(path))


def load_glossary(cfg: Config, locale: str) -> glossary.Glossary:
    path = cfg.path(cfg.glossary, locale=locale)
    return glossary.load(path, cfg.rel(path))


def _each(cfg: Config, slugs: Iterable[str], work: Callable[[str], list[Outcome]]) -> Report:
    report = Report()
    for slug in slugs:
        try:
            for outcome in work(slug):
                report.add(outcome)
        except PipelineError as exc:
            report.add(Outcome(slug, "", "failed", exc.path or "", str(exc)))
    return report


def _written(slug: str, locale: str, path, cfg: Config, changed: bool, **kw) -> Outcome:
    return Outcome(slug, locale, "written" if changed else "unchanged", cfg.rel(path), **kw)


# -- extract --------------------------------------------------------------------


def memo_for(cfg: Config) -> Memo:
    return Memo(cfg.root, repr(cfg))


def _extract_files(cfg: Config, slug: str) -> list:
    return [
        cfg.source_path(slug),
        cfg.path(cfg.template, slug),
        *(cfg.path(cfg.catalog, slug, loc) for loc in cfg.locales),
    ]


def _merge_files(cfg: Config, slug: str) -> list:
    per_locale = [
        (
            cfg.path(cfg.catalog, slug, loc),
            cfg.path(cfg.article, slug, loc),
            addenda_path(cfg, slug, loc),
            cfg.path(cfg.glossary, locale=loc),
        )
        for loc in cfg.locales
    ]
    return [cfg.source_path(slug), *(p for group in per_locale for p in group)]


PARALLEL_MIN = 32
"""Below this many articles to process, a worker pool costs more than it saves."""


def _stage(cfg: Config, stage: str, slugs: Iterable[str], memo: Memo | None) -> Report:
    """Run one stage over the articles the memo does not know to be done, in parallel if many."""
    own = memo is None
    memo = memo_for(cfg) if own else memo
    files = _extract_files if stage == "extract" else _merge_files
    report = Report()
    todo = []
    for slug in slugs:
        if memo.fresh(f"{stage} {slug}", files(cfg, slug)) is not None:
            report.add(Outcome(slug, "", "unchanged", "", "up to date"))
        else:
            todo.append(slug)
    for slug, outcomes in _map(cfg, stage, todo):
        report.outcomes.extend(outcomes)
        if not any(o.failed or o.action == "skipped" for o in outcomes):
            memo.record(f"{stage} {slug}", files(cfg, slug))
    if own:
        memo.save()
    return report


def _map(cfg: Config, stage: str, slugs: list[str]) -> Iterable[tuple[str, list[Outcome]]]:
    """``_work`` over the articles: in this process, or on every core for a large run.

    Each article is independent (its own files), so workers never write the same file;
    results come back in the order asked, so output stays deterministic.
    """
    jobs = cfg.jobs or (os.cpu_count() or 1)
    if jobs < 2 or len(slugs) < PARALLEL_MIN or "fork" not in mp.get_all_start_methods():
        return (_work(cfg, stage, slug) for slug in slugs)
    chunk = max(1, len(slugs) // (jobs * 4))
    with ProcessPoolExecutor(
        jobs, mp_context=mp.get_context("fork"), initializer=few_collections
    ) as pool:
        return list(
            pool.map(_work, [cfg] * len(slugs), [stage] * len(slugs), slugs, chunksize=chunk)
        )


def few_collections() -> None:
    """Collect garbage less often: a run allocates many small, long-lived objects (entries,
    skeleton parts) and frees them together at the end; the default gen-0 threshold
    makes the collector rescan them thousands of times (10-20% of a cold run)."""
    gc.set_threshold(50_000, 20, 20)


def _work(cfg: Config, stage: str, slug: str) -> tuple[str, list[Outcome]]:
    try:
        if stage == "extract":
            return slug, extract_one(cfg, slug)
        return slug, merge_one(cfg, slug, _glossaries(cfg))
    except PipelineError as exc:
        return slug, [Outcome(slug, "", "failed", exc.path or "", str(exc))]


def _glossaries(cfg: Config) -> dict[str, glossary.Glossary]:
    return {loc: load_glossary(cfg, loc) for loc in cfg.locales}


def extract_all(cfg: Config, slugs: Iterable[str], memo: Memo | None = None) -> Report:
    return _stage(cfg, "extract", slugs, memo)


def extract_one(cfg: Config, slug: str) -> list[Outcome]:
    """Write the article's template and create or update each locale's catalog."""
    article = load_article(cfg, slug)
    pot = catalog.template(article.units, article.path, slug)
    olds = {loc: read_catalog(cfg, slug, loc) for loc in cfg.locales}  # fail before writing
    pot_path = cfg.path(cfg.template, slug)
    out = [_written(slug, "", pot_path, cfg, store.write_text(pot_path, catalog.dumps(pot)))]
    for locale in cfg.locales:
        po, stats = catalog.update(olds[locale], pot, locale, cfg.fuzzy_threshold)
        po_path = cfg.path(cfg.catalog, slug, locale)
        changed = store.write_text(po_path, catalog.dumps(po))
        note = f"{stats.kept} kept, {stats.fuzzy} fuzzy, {stats.new} new, {stats.obsolete} obsolete"
        out.append(_written(slug, locale, po_path, cfg, changed, message=note))
    return out


# -- merge ----------------------------------------------------------------------


def merge_all(cfg: Config, slugs: Iterable[str], memo: Memo | None = None) -> Report:
    return _stage(cfg, "merge", slugs, memo)


def localized(
    cfg: Config, article: Article, locale: str, gloss: glossary.Glossary
) -> merge.Localized:
    """What merge would write for one locale, without writing it."""
    po = read_catalog(cfg, article.slug, locale)
    if po is None:
        raise PipelineError(
            "no catalog: run `pipeline extract` first",
            cfg.rel(cfg.path(cfg.catalog, article.slug, locale)),
        )
    extra = read_addenda(cfg, article.slug, locale)
    return merge.localize(article, catalog.translations(po), cfg, locale, gloss, extra)


def merge_one(cfg: Config, slug: str, glossaries: dict[str, glossary.Glossary]) -> list[Outcome]:
    """Write each localized article, then sync the English article's mirror fields."""
    article = load_article(cfg, slug)
    results = {loc: localized(cfg, article, loc, glossaries[loc]) for loc in cfg.locales}
    out: list[Outcome] = []
    for locale, result in results.items():
        path = cfg.path(cfg.article, slug, locale)
        if result.text is None:
            message = (
                f"not written: {result.coverage.percent:.0f}% translated or drafted, "
                f"below min_coverage {cfg.min_coverage:g}%"
            )
            out.append(Outcome(slug, locale, "skipped", cfg.rel(path), message, result.coverage))
            continue
        changed = store.write_text(path, result.text)
        message = "; ".join(["draft"] * result.draft + result.notes)
        out.append(
            _written(slug, locale, path, cfg, changed, message=message, coverage=result.coverage)
        )
    values = {loc: r.values for loc, r in results.items() if r.text is not None}
    if values:
        src_path = cfg.source_path(slug)
        changed = store.write_text(src_path, merge.source_mirrors(article, values, cfg))
        if changed:
            out.append(Outcome(slug, "", "written", cfg.rel(src_path), "mirror fields synced"))
    return out


# -- import ---------------------------------------------------------------------


@dataclass
class Imported:
    """What ``import`` found for one article and locale, for the report."""

    slug: str
    locale: str
    alignment: align.Alignment
    identical: bool = False
    """Whether merge now gives back the translation's body byte for byte."""
    notes: list[str] = field(default_factory=list)
    """Front-matter differences, kept translations, conflicts, the first body difference."""
    written: int = 0
    """Catalog entries this run filled."""


def addenda_path(cfg: Config, slug: str, locale: str) -> Path:
    """``locale/<locale>/<slug>.addenda.md``: next to the catalog, whatever its pattern."""
    return cfg.path(cfg.catalog, slug, locale).with_suffix(".addenda.md")


def read_addenda(cfg: Config, slug: str, locale: str) -> addenda.Addenda | None:
    path = addenda_path(cfg, slug, locale)
    if not path.exists():
        return None
    return addenda.loads(store.read_text(path, cfg.rel(path)), cfg.rel(path))


def import_all(
    cfg: Config, slugs: Iterable[str], origin: Path | None = None, force: bool = False
) -> tuple[Report, list[Imported]]:
    """Adopt existing translations: catalogs from aligned units, addenda for the rest.

    ``origin`` is the folder holding the localized articles (default: where merge
    writes them). Articles without a localized file are skipped.
    """
    if origin is not None and len(cfg.locales) != 1:
        raise PipelineError("--from needs exactly one configured locale")
    details: list[Imported] = []

    def one(slug: str) -> list[Outcome]:
        out: list[Outcome] = []
        for locale in cfg.locales:
            path = origin / f"{slug}.md" if origin else cfg.path(cfg.article, slug, locale)
            if not path.exists():
                out.append(Outcome(slug, locale, "skipped", cfg.rel(path), "no localized article"))
                continue
            outcomes, found = import_one(cfg, slug, locale, path, force)
            out.extend(outcomes)
            details.append(found)
        return out

    return _each(cfg, slugs, one), details


def import_one(
    cfg: Config, slug: str, locale: str, path: Path, force: bool = False
) -> tuple[list[Outcome], Imported]:
    """Align one localized article with its English source; write its catalog and addenda."""
    article = load_article(cfg, slug)
    options = extract.Options(prose_keys=cfg.prose_keys, prose_fences=cfg.prose_fences)
    text = store.read_text(path, cfg.rel(path))
    theirs = extract.article(text, cfg.rel(path), slug, options)
    found = align.align(article, theirs, (cfg.source_locale, *cfg.locales))
    result = Imported(slug, locale, found)
    pot = catalog.template(article.units, article.path, slug)
    po, _ = catalog.update(read_catalog(cfg, slug, locale), pot, locale, cfg.fuzzy_threshold)
    result.written = _fill_catalog(po, found, force, result.notes)
    extra, extra_out = _write_addenda(cfg, slug, locale, found.addenda, force, result.notes)
    pot_path = cfg.path(cfg.template, slug)
    po_path = cfg.path(cfg.catalog, slug, locale)
    pot_changed = store.write_text(pot_path, catalog.dumps(pot))
    changed = store.write_text(po_path, catalog.dumps(po))
    _check_merge(cfg, article, theirs, text, po, extra, locale, result)
    cov = merge.coverage(article.units, catalog.translations(po))
    out = [_written(slug, "", pot_path, cfg, pot_changed)]
    summary = _summary(result)
    out.append(_written(slug, locale, po_path, cfg, changed, message=summary, coverage=cov))
    return out + extra_out, result


def _fill_catalog(po: polib.POFile, found: align.Alignment, force: bool, notes: list[str]) -> int:
    """Confident pairs reviewed, doubtful ones fuzzy with ``import:`` comments; count filled."""
    entries = catalog.translations(po)
    first: dict[str, align.Pair] = {}
    filled = kept = 0
    for pair in found.pairs:
        if pair.msgid in first:
            other = first[pair.msgid]
            if other.msgstr != pair.msgstr and pair.kind.startswith("front matter"):
                notes.append(
                    f"{pair.kind} (line {pair.zh_line}) is translated like its {other.kind} "
                    f"(line {other.zh_line}): one English text, one catalog entry"
                )
            continue
        first[pair.msgid] = pair
        entry = entries.get(pair.msgid)
        if entry is None:
            continue
        if entry.msgstr and not force:
            kept += entry.msgstr != pair.msgstr
            continue
        filled += entry.msgstr != pair.msgstr or entry.fuzzy != bool(pair.doubt)
        _set(entry, pair)
    if kept:
        notes.append(f"{kept} existing translations differ from the article; kept (--force)")
    return filled


def _set(entry: polib.POEntry, pair: align.Pair) -> None:
    entry.msgstr = pair.msgstr
    others = [f for f in entry.flags if f != "fuzzy"]
    entry.flags = ["fuzzy", *others] if pair.doubt else others
    lines = [ln for ln in (entry.tcomment or "").split("\n") if ln and not ln.startswith("import:")]
    entry.tcomment = "\n".join([*lines, f"import: {pair.doubt}"] if pair.doubt else lines)
    entry.previous_msgid = None


def _write_addenda(
    cfg: Config, slug: str, locale: str, found: addenda.Addenda, force: bool, notes: list[str]
) -> tuple[addenda.Addenda | None, list[Outcome]]:
    """Write the addenda file unless a person's copy exists (then it wins, unless --force)."""
    path = addenda_path(cfg, slug, locale)
    existing = read_addenda(cfg, slug, locale)
    if existing is not None and not force:
        if addenda.dumps(existing) != addenda.dumps(found):
            notes.append(f"{cfg.rel(path)} exists and differs from this import; kept (--force)")
        return existing, [Outcome(slug, locale, "unchanged", cfg.rel(path))]
    if not found and existing is None:
        return None, []
    changed = store.write_text(path, addenda.dumps(found))
    return found, [_written(slug, locale, path, cfg, changed)]


def _check_merge(
    cfg: Config,
    article: Article,
    theirs: Article,
    text: str,
    po: polib.POFile,
    extra: addenda.Addenda | None,
    locale: str,
    result: Imported,
) -> None:
    """Say whether merge gives the translation's body back, and how its front matter differs."""
    entries = catalog.translations(po)

    def translate(msgid: str) -> str:
        entry = entries.get(msgid)
        return entry.msgstr if entry is not None and entry.msgstr else msgid

    body, placed = merge.localized_body(article, translate, cfg, locale, extra)
    want = source.split(text, theirs.path).body
    result.identical = body == want
    result.notes.extend(placed)
    if not result.identical:
        at = _first_difference(body, want)
        line = theirs.body_line + want.count("\n", 0, at)
        result.notes.append(f"body after merge differs from {theirs.path} from line {line}")
    values = merge.localize(article, entries, cfg, locale, load_glossary(cfg, locale), extra).values
    known = {cfg.source_locale, *cfg.locales}
    for key, value in theirs.fm_data.values.items():
        if frontmatter.mirror_base(str(key), known) or key not in values or key == "draft":
            continue
        mine, stated = values[key], frontmatter.value_text(value)
        if mine != stated:
            result.notes.append(
                f"front matter {key}: the translation says {stated!r}, merge writes {mine!r}"
            )


def _first_difference(a: str, b: str) -> int:
    same = (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y)
    return next(same, min(len(a), len(b)))


def _summary(r: Imported) -> str:
    a = r.alignment
    return (
        f"{len(a.confident)} aligned, {len(a.doubtful)} doubtful, {len(a.unmatched)} unmatched, "
        f"{len(a.addenda.entries)} addenda ({a.zh_only} units only in the translation), "
        f"{a.verdict}, body {'identical' if r.identical else 'differs'} after merge"
    )


# -- status ---------------------------------------------------------------------


def unknown_keys(cfg: Config, article: Article) -> list[str]:
    """Front-matter keys with no policy: copied as they are, and worth a look."""
    known = {cfg.source_locale, *cfg.locales}
    return [
        k
        for k in article.fm_data.values
        if k not in cfg.frontmatter and not frontmatter.mirror_base(str(k), known)
    ]


def status(cfg: Config, slugs: Iterable[str]) -> Report:
    seen: set[str] = set()

    def one(slug: str) -> list[Outcome]:
        article = load_article(cfg, slug)
        out = []
        new = [k for k in unknown_keys(cfg, article) if k not in seen]
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
        for locale in cfg.locales:
            po = read_catalog(cfg, slug, locale)
            entries = catalog.translations(po) if po is not None else {}
            cov = merge.coverage(article.units, entries)
            action = "ok" if po is not None else "missing"
            out.append(Outcome(slug, locale, action, coverage=cov))
        return out

    return _each(cfg, slugs, one)


# -- sync -----------------------------------------------------------------------


def sync(
    cfg: Config, slugs: Iterable[str], drafter: Callable[[list[str]], bool] | None = None
) -> Report:
    """extract -> draft -> merge; re-extract the articles whose mirror fields merge changed.

    Merge may add or update mirror fields (``reading_time_zh``) in the English file,
    which moves line numbers, so those articles go round once more: a second sync
    then finds nothing to do.
    """
    slugs = list(slugs)
    report = extract_all(cfg, slugs)
    ok = [s for s in slugs if not any(o.failed for o in report.outcomes if o.slug == s)]
    if drafter is not None and not drafter(ok):
        report.add(Outcome("", "", "failed", "", "drafting stopped early; drafts so far are saved"))
    merged = merge_all(cfg, ok)
    report.outcomes.extend(merged.outcomes)
    again = sorted({o.slug for o in merged.outcomes if o.locale == "" and o.action == "written"})
    if again:
        report.outcomes.extend(extract_all(cfg, again).outcomes)
        report.outcomes.extend(merge_all(cfg, again).outcomes)
    return report


# -- translate ------------------------------------------------------------------


@dataclass
class TranslateResult:
    locale: str
    engines: list[str]
    summary: object = None
    plan: dict[str, int] = field(default_factory=dict)
    error: str = ""


def memory_for(catalogs: dict[str, polib.POFile], cfg: Config):
    """Translation memory from every catalog of the locale (not only the requested ones)."""
    from .engines import memory

    return memory.build(catalogs.items(), cfg.memory_threshold, cfg.memory_exact_reviewed)


def _all_catalogs(cfg: Config, locale: str) -> dict[str, polib.POFile]:
    found = {}
    for slug in cfg.slugs():
        try:
            po = read_catalog(cfg, slug, locale)
        except PipelineError:
            continue  # a broken catalog is reported by the commands that own it
        if po is not None:
            found[slug] = po
    return found


def translate(
    cfg: Config,
    slugs: list[str],
    engine: str = "auto",
    dry_run: bool = False,
    max_chars: int | None = None,
    machine=None,
    review=None,
    progress=None,
) -> list[TranslateResult]:
    """Draft the empty entries of each locale's catalogs.

    ``machine(cfg, locale, glossary, max_chars)`` builds the machine-translation
    engine or returns None (no key); it is injected so tests and the CLI decide.
    A run whose catalogs and glossary are as the last run of the same engines left
    them is skipped: it would draft nothing new.
    """
    from . import draft
    from .engines.terms import Terms

    memo = memo_for(cfg)
    results = []
    for locale in cfg.locales:
        gloss = load_glossary(cfg, locale)
        mt = None
        if engine in ("auto", "deepl") and machine is not None:
            mt = machine(cfg, locale, gloss, max_chars)
            if mt is None and engine == "deepl":
                raise PipelineError("DEEPL_AUTH_KEY is not set; --engine deepl needs it")
        names = ["memory", "glossary"] + (["deepl"] if mt is not None else [])
        files = [cfg.path(cfg.catalog, s, locale) for s in cfg.slugs()]
        files.append(cfg.path(cfg.glossary, locale=locale))
        key = f"translate {locale} {' '.join(names)} {max_chars} {' '.join(sorted(slugs))}"
        note = memo.fresh(key, files) if not dry_run else None
        if note is not None:
            summary = draft.Summary(left=note.get("left", 0), to_review=note.get("to_review", 0))
            results.append(TranslateResult(locale, names, summary))
            continue
        catalogs = _all_catalogs(cfg, locale)
        chain = [memory_for(catalogs, cfg), Terms(gloss)] + ([mt] if mt is not None else [])
        checked = functools.partial(review, glossary=gloss) if review is not None else None
        book = draft.open_book(cfg, locale, slugs, catalogs.get)
        result = TranslateResult(locale, names)
        if dry_run:
            result.plan = dry_plan(book, chain)
        else:
            try:
                result.summary = draft.run(book, chain, review=checked, progress=progress)
                memo.record(
                    key, files, {"left": result.summary.left, "to_review": result.summary.to_review}
                )
            except PipelineError as exc:
                result.error = str(exc)
                result.summary = draft.Summary()
                draft._count_left(book, result.summary)
        results.append(result)
    memo.save()
    return results


def dry_plan(book, chain) -> dict[str, int]:
    """What a run would do, engine by engine, without calling any service or writing."""
    from . import draft

    pending = draft.requests_for(book)
    plan: dict[str, int] = {"units": len(pending)}
    for engine in chain:
        if hasattr(engine, "plan"):
            p = engine.plan(pending)
            plan[f"{engine.name} units"] = len(getattr(p, "msgids", []) or [])
            plan[f"{engine.name} requests"] = int(getattr(p, "requests", 0))
            plan["billable characters"] = int(getattr(p, "characters", 0))
            break
        served = {m for m, _ in engine.draft(pending)}
        plan[engine.name] = len(served)
        pending = [r for r in pending if r.msgid not in served]
    plan["left"] = len(pending) if not any(hasattr(e, "plan") for e in chain) else 0
    return plan


# -- check ----------------------------------------------------------------------


def _first_changed_entry(po: polib.POFile, updated: polib.POFile) -> int | None:
    """Line of the first entry whose English, comment or occurrences extract would change.

    Only what extract decides is compared, not translations, flags or wrapping, so a
    translator's edit (in Poedit, which rewraps) never counts as stale.
    """

    def view(e):
        return (e.msgid, e.comment, tuple(e.occurrences))

    old = [e for e in po if not e.obsolete]
    new = [e for e in updated if not e.obsolete]
    for a, b in zip(old, new, strict=False):
        if view(a) != view(b):
            return getattr(a, "linenum", 0) or 1
    if len(old) != len(new):
        last = old[len(new)] if len(old) > len(new) else (old[-1] if old else None)
        return (getattr(last, "linenum", 0) or 1) if last is not None else 1
    return None


def check_all(
    cfg: Config,
    slugs: Iterable[str],
    min_coverage: float | None = None,
    require_reviewed: bool = False,
) -> list:
    """One ``check.ArticleCheck`` per article and locale."""
    from . import check

    threshold = cfg.min_coverage if min_coverage is None else min_coverage
    glossaries = {loc: load_glossary(cfg, loc) for loc in cfg.locales}
    results = []
    for slug in slugs:
        results.extend(_check_article(cfg, slug, glossaries, threshold, require_reviewed, check))
    return results


def _check_article(cfg, slug, glossaries, threshold, require_reviewed, check) -> list:
    try:
        article = load_article(cfg, slug)
    except PipelineError as exc:
        failed = [check.ArticleCheck(slug, loc) for loc in cfg.locales]
        for r in failed:
            r.problems.append(
                check.Problem("source", "error", exc.message, exc.path or "", exc.line or 0)
            )
        return failed
    pot = catalog.template(article.units, article.path, slug)
    pot_path = cfg.path(cfg.template, slug)
    out = []
    values = {}
    for locale in cfg.locales:
        r = check.ArticleCheck(slug, locale)
        r.problems += check.stale(
            cfg.rel(pot_path),
            _read_or_none(pot_path),
            catalog.dumps(pot),
            "stale-template",
            "run `pipeline extract`",
        )
        po_path = cfg.path(cfg.catalog, slug, locale)
        po_rel = cfg.rel(po_path)
        try:
            po = read_catalog(cfg, slug, locale)
        except PipelineError as exc:
            r.problems.append(
                check.Problem("po-syntax", "error", exc.message, po_rel, exc.line or 0)
            )
            out.append(r)
            continue
        if po is None:
            r.problems.append(
                check.Problem(
                    "missing-catalog", "error", "no catalog: run `pipeline extract`", po_rel, 1
                )
            )
            out.append(r)
            continue
        check.statistics(r, po)
        updated, _ = catalog.update(po, pot, locale, cfg.fuzzy_threshold)
        line = _first_changed_entry(po, updated)
        if line is not None:
            r.problems.append(
                check.Problem(
                    "stale-catalog",
                    "error",
                    f"catalog does not match {article.path}: run `pipeline extract`",
                    po_rel,
                    line,
                )
            )
        result = merge.localize(
            article,
            catalog.translations(po),
            cfg,
            locale,
            glossaries[locale],
            read_addenda(cfg, slug, locale),
        )
        art_path = cfg.path(cfg.article, slug, locale)
        art_rel = cfg.rel(art_path)
        if result.text is not None:
            values[locale] = result.values
            r.problems += check.stale(
                art_rel,
                _read_or_none(art_path),
                result.text,
                "stale-article",
                f"run `pipeline merge` (edit {po_rel}, not the article: merge overwrites it)",
            )
        r.problems += check.coverage_problems(
            r, po_rel, threshold, require_reviewed, result.draft, art_rel
        )
        r.problems += check.translation_problems(po, po_rel, glossaries[locale], cfg.fm_limits)
        out.append(r)
    if values:
        src = cfg.source_path(slug)
        expected = merge.source_mirrors(article, values, cfg)
        mirrors = check.stale(
            cfg.rel(src),
            _read_or_none(src),
            expected,
            "stale-mirrors",
            "mirror fields are out of date: run `pipeline sync`",
        )
        for r in out:
            r.problems += mirrors
    for r in out:
        r.stale = any(p.check.startswith(("stale", "missing")) for p in r.problems)
        r.problems.sort(key=lambda p: (p.severity != "error", p.file, p.line, p.check))
    return out


def _read_or_none(path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8", "replace")
    except FileNotFoundError:
        return None
