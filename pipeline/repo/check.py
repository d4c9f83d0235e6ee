"""pipeline.gate: ``pipeline check`` over a repository (the I/O around ``check``).

For each article and locale: what is on disk against what extract and merge would
write now, the catalog's counts, and the QA checks on every translation.
"""

from __future__ import annotations

from collections.abc import Iterable

import polib

from pipeline import merge
from pipeline.config import Config
from pipeline.errors import PipelineError
from pipeline.po import catalog
from pipeline.repo import project


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
        art_path = cfg.path(cfg.article, slug, locale)
        art_rel = cfg.rel(art_path)
        try:
            result = merge.localize(
                article,
                catalog.translations(po),
                cfg,
                locale,
                glossaries[locale],
                project.read_addenda(cfg, slug, locale),
            )
        except PipelineError as exc:  # a front matter merge refuses to write
            r.problems.append(
                check.Problem("merge", "error", exc.message, exc.path or art_rel, exc.line or 0)
            )
            out.append(r)
            continue
        r.problems += check.withheld_problems(po, po_rel, result.withheld)
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
