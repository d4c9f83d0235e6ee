"""pipeline.gate: ``pipeline check`` over a repository (the I/O around ``check``).

For each article and locale: what is on disk against what extract and merge would
write now, the catalog's counts, and the QA checks on every translation.
"""

from __future__ import annotations

from collections.abc import Iterable

from pipeline import merge
from pipeline.config import Config
from pipeline.errors import PipelineError
from pipeline.po import catalog
from pipeline.po.model import Catalog, Entry
from pipeline.repo import project, store


def _first_line(stale: list[Entry], default: int = 1) -> int:
    """Where a person should look: the first entry extract would change."""
    return min((e.linenum for e in stale if e.linenum), default=default)


def _stale_template(cfg: Config, slug: str, pot: Catalog, check) -> list:
    """The template compared by content (entries and our header fields), never layout."""
    path = cfg.path(cfg.template, slug)
    rel = cfg.rel(path)
    remedy = "run `pipeline extract`"
    if not path.exists():
        return [check.Problem("stale-template", "error", f"missing: {remedy}", rel, 1)]
    try:
        on_disk = catalog.loads(store.read_text(path, rel), rel)
    except PipelineError as exc:
        message = f"unreadable ({exc.message}): {remedy}"
        return [check.Problem("stale-template", "error", message, rel, exc.line or 1)]
    if catalog.same_template(on_disk, pot):
        return []
    line = _first_line(catalog.stale_entries(on_disk, pot), on_disk.header_line)
    return [check.Problem("stale-template", "error", f"out of date: {remedy}", rel, line)]


def check_all(
    cfg: Config,
    slugs: Iterable[str],
    min_coverage: float | None = None,
    require_reviewed: bool = False,
    orphans: bool = False,
) -> list:
    """One ``check.ArticleCheck`` per article and locale (and per orphan, when asked)."""
    from pipeline import gate as check

    threshold = cfg.min_coverage if min_coverage is None else min_coverage
    glossaries = {loc: project.load_glossary(cfg, loc) for loc in cfg.locales}
    results = []
    for slug in slugs:
        results.extend(_check_article(cfg, slug, glossaries, threshold, require_reviewed, check))
    if orphans:
        results.extend(_orphans(cfg, check))
    return results


def _orphans(cfg: Config, check) -> list:
    """Catalogs and localized articles whose English source is gone (a warning each)."""
    known = set(cfg.slugs())
    found: dict[tuple[str, str], list[str]] = {}
    for locale in cfg.locales:
        for pattern in (cfg.catalog, cfg.article):
            for path in sorted(cfg.root.glob(pattern.format(slug="*", locale=locale))):
                if path.stem not in known and not path.name.endswith(".addenda.md"):
                    found.setdefault((path.stem, locale), []).append(cfg.rel(path))
    out = []
    for (slug, locale), paths in sorted(found.items()):
        r = check.ArticleCheck(slug, locale)
        src = cfg.rel(cfg.source_path(slug))
        r.problems = [
            check.Problem(
                "orphan",
                "warning",
                f"no English source {src}: restore it or delete this file",
                path,
                1,
            )
            for path in paths
        ]
        out.append(r)
    return out


def _check_article(cfg, slug, glossaries, threshold, require_reviewed, check) -> list:
    try:
        article = project.load_article(cfg, slug)
    except PipelineError as exc:
        failed = [check.ArticleCheck(slug, loc) for loc in cfg.locales]
        for r in failed:
            r.problems.append(
                check.Problem("source", "error", exc.message, exc.path or "", exc.line or 0)
            )
        return failed
    pot = project.article_template(cfg, article)
    template_problems = _stale_template(cfg, slug, pot, check)
    out = []
    values = {}
    for locale in cfg.locales:
        r = check.ArticleCheck(slug, locale)
        r.problems += template_problems
        po_path = cfg.path(cfg.catalog, slug, locale)
        po_rel = cfg.rel(po_path)
        try:
            po = project.read_catalog(cfg, slug, locale)
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
        r.counts = check.statistics(po)
        stale = catalog.stale_entries(po, pot)
        if stale:
            line = _first_line(stale)
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
            project.read_addenda(cfg, slug, locale),
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
