"""pipeline.project: run the stages over a repository's articles.

The edge where files are read and written: extract, merge, status and sync,
and the repository access (articles, catalogs, glossaries, addenda) that
``drafting`` (translate), ``gate`` (check) and ``adopt`` (import) share. Each
article is processed on its own: a bad input fails that article with a
``file:line`` message and leaves its files untouched, and the others still run.
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

from pipeline import glossary, merge
from pipeline.adopt import addenda
from pipeline.config import Config
from pipeline.errors import PipelineError
from pipeline.markdown import extract, frontmatter
from pipeline.model import Article
from pipeline.po import catalog
from pipeline.repo import store
from pipeline.repo.memo import Memo


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
    options = extract.Options.of(cfg)
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


def each(cfg: Config, slugs: Iterable[str], work: Callable[[str], list[Outcome]]) -> Report:
    report = Report()
    for slug in slugs:
        try:
            for outcome in work(slug):
                report.add(outcome)
        except PipelineError as exc:
            report.add(Outcome(slug, "", "failed", exc.path or "", str(exc)))
    return report


def written(slug: str, locale: str, path, cfg: Config, changed: bool, **kw) -> Outcome:
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
    out = [written(slug, "", pot_path, cfg, store.write_text(pot_path, catalog.dumps(pot)))]
    for locale in cfg.locales:
        po, stats = catalog.update(olds[locale], pot, locale, cfg.fuzzy_threshold)
        po_path = cfg.path(cfg.catalog, slug, locale)
        changed = store.write_text(po_path, catalog.dumps(po))
        note = f"{stats.kept} kept, {stats.fuzzy} fuzzy, {stats.new} new, {stats.obsolete} obsolete"
        out.append(written(slug, locale, po_path, cfg, changed, message=note))
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
            written(slug, locale, path, cfg, changed, message=message, coverage=result.coverage)
        )
    values = {loc: r.values for loc, r in results.items() if r.text is not None}
    if values:
        src_path = cfg.source_path(slug)
        changed = store.write_text(src_path, merge.source_mirrors(article, values, cfg))
        if changed:
            out.append(Outcome(slug, "", "written", cfg.rel(src_path), "mirror fields synced"))
    return out


def addenda_path(cfg: Config, slug: str, locale: str) -> Path:
    """``locale/<locale>/<slug>.addenda.md``: next to the catalog, whatever its pattern."""
    return cfg.path(cfg.catalog, slug, locale).with_suffix(".addenda.md")


def read_addenda(cfg: Config, slug: str, locale: str) -> addenda.Addenda | None:
    path = addenda_path(cfg, slug, locale)
    if not path.exists():
        return None
    return addenda.loads(store.read_text(path, cfg.rel(path)), cfg.rel(path))


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

    return each(cfg, slugs, one)


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
