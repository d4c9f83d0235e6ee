"""pipeline.adopt: ``pipeline import`` over a repository (the I/O around ``align``).

Reads each English article and its existing translation, aligns them, writes the
catalog and the addenda, and checks that merge now gives the translation back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polib

from pipeline import merge
from pipeline.adopt import addenda, align
from pipeline.config import Config
from pipeline.errors import PipelineError
from pipeline.markdown import extract, frontmatter, source
from pipeline.model import Article
from pipeline.po import catalog
from pipeline.repo import project, store
from pipeline.repo.project import Outcome, Report


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

    return project.each(cfg, slugs, one), details


def import_one(
    cfg: Config, slug: str, locale: str, path: Path, force: bool = False
) -> tuple[list[Outcome], Imported]:
    """Align one localized article with its English source; write its catalog and addenda."""
    article = project.load_article(cfg, slug)
    options = extract.Options.of(cfg)
    text = store.read_text(path, cfg.rel(path))
    theirs = extract.article(text, cfg.rel(path), slug, options)
    found = align.align(article, theirs, (cfg.source_locale, *cfg.locales))
    result = Imported(slug, locale, found)
    pot = catalog.template(article.units, article.path, slug)
    po, _ = catalog.update(
        project.read_catalog(cfg, slug, locale), pot, locale, cfg.fuzzy_threshold
    )
    result.written = _fill_catalog(po, found, force, result.notes)
    extra, extra_out = _write_addenda(cfg, slug, locale, found.addenda, force, result.notes)
    pot_path = cfg.path(cfg.template, slug)
    po_path = cfg.path(cfg.catalog, slug, locale)
    pot_changed = store.write_text(pot_path, catalog.dumps(pot))
    changed = store.write_text(po_path, catalog.dumps(po))
    _check_merge(cfg, article, theirs, text, po, extra, locale, result)
    cov = merge.coverage(article.units, catalog.translations(po))
    out = [project.written(slug, "", pot_path, cfg, pot_changed)]
    summary = _summary(result)
    out.append(project.written(slug, locale, po_path, cfg, changed, message=summary, coverage=cov))
    return out + extra_out, result


def _fill_catalog(po: polib.POFile, found: align.Alignment, force: bool, notes: list[str]) -> int:
    """Confident pairs reviewed, doubtful ones fuzzy with ``import:`` comments; count filled."""
    entries = catalog.translations(po)
    first: dict[str, align.Pair] = {}
    filled = kept = 0
    for pair in found.pairs:
        if pair.msgid in first:
            other = first[pair.msgid]
            if other.msgstr != pair.msgstr and pair.kind.is_front_matter:
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
    path = project.addenda_path(cfg, slug, locale)
    existing = project.read_addenda(cfg, slug, locale)
    if existing is not None and not force:
        if addenda.dumps(existing) != addenda.dumps(found):
            notes.append(f"{cfg.rel(path)} exists and differs from this import; kept (--force)")
        return existing, [Outcome(slug, locale, "unchanged", cfg.rel(path))]
    if not found and existing is None:
        return None, []
    changed = store.write_text(path, addenda.dumps(found))
    return found, [project.written(slug, locale, path, cfg, changed)]


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
    values = merge.localize(
        article, entries, cfg, locale, project.load_glossary(cfg, locale), extra
    ).values
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
