"""pipeline.adopt: ``pipeline import`` over a repository (the I/O around ``align``).

Reads each English article and its existing translation, aligns them, writes the
catalog and the addenda, and checks that merge now gives the translation back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import locales, merge, plan
from pipeline.adopt import addenda, align
from pipeline.coverage import coverage
from pipeline.errors import PipelineError, UsageError
from pipeline.markdown import extract, frontmatter, source
from pipeline.model import Article, english
from pipeline.po import catalog
from pipeline.po.model import Catalog, Entry
from pipeline.repo.runs import Outcome, Report, each
from pipeline.repo.workspace import Workspace


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
    ws: Workspace,
    slugs: Iterable[str],
    origin: Path | None = None,
    force: bool = False,
    progress=None,
) -> tuple[Report, list[Imported]]:
    """Adopt existing translations: catalogs from aligned units, addenda for the rest.

    ``origin`` is the folder holding the localized articles (default: where merge
    writes them). Articles without a localized file are skipped.
    """
    cfg, layout = ws.cfg, ws.layout
    if origin is not None and len(cfg.locales) != 1:
        raise UsageError("--from needs exactly one configured locale")
    details: list[Imported] = []

    def one(slug: str) -> list[Outcome]:
        out: list[Outcome] = []
        for locale in cfg.locales:
            ext = layout.ext(slug)
            path = origin / f"{slug}{ext}" if origin else layout.article(slug, locale)
            if not path.exists():
                rel = layout.rel(path)
                out.append(Outcome(slug, locale, "skipped", rel, "no localized article"))
                continue
            outcomes, found = import_one(ws, slug, locale, path, force)
            out.extend(outcomes)
            details.append(found)
        return out

    return each(slugs, one, progress), details


def import_one(
    ws: Workspace, slug: str, locale: str, path: Path, force: bool = False
) -> tuple[list[Outcome], Imported]:
    """Align one localized article with its English source; write its catalog and addenda."""
    cfg, layout = ws.cfg, ws.layout
    article = ws.article(slug)
    options = extract.Options.of(cfg)
    text = ws.text(path)
    if text is None:
        raise PipelineError("file not found", layout.rel(path))
    theirs = extract.article(text, layout.rel(path), slug, options)
    found = align.align(article, theirs, align.Rules.from_locales(cfg, locale))
    result = Imported(slug, locale, found)
    old = {locale: ws.catalog(slug, locale)}
    step = plan.catalogs(article, old, cfg, ws.template(slug, strict=False))
    po = step.catalogs[locale]
    result.written = _fill_catalog(po, found, force, result.notes)
    extra, extra_out = _write_addenda(ws, slug, locale, found.addenda, force, result.notes)
    pot_path, po_path = layout.template(slug), layout.catalog(slug, locale)
    pot_changed = ws.write(pot_path, catalog.dumps(step.template))
    changed = ws.write(po_path, catalog.dumps(po))
    ws.keep_catalog(slug, locale, po)
    placed = _place_article(ws, slug, locale, path, text)
    _check_merge(ws, article, theirs, text, po, extra, locale, result)
    cov = coverage(article.units, catalog.translations(po))
    out = [_outcome(ws, slug, "", pot_path, pot_changed)]
    out.append(_outcome(ws, slug, locale, po_path, changed, _summary(result), cov))
    return out + extra_out + placed, result


def _place_article(ws: Workspace, slug: str, locale: str, path: Path, text: str) -> list[Outcome]:
    """An article imported ``--from`` elsewhere goes where merge writes it, when nothing is
    there yet: it is the localized article as people wrote it, and merge keeps the values
    a person wrote in it (``humanvalues``) that the catalog cannot hold."""
    target = ws.layout.article(slug, locale)
    if target.resolve() == path.resolve() or ws.text(target) is not None:
        return []
    ws.write(target, text)
    return [_outcome(ws, slug, locale, target, True, "the imported article, until merge")]


def _outcome(ws, slug, locale, path, changed, message="", cov=None) -> Outcome:
    action = "written" if changed else "unchanged"
    return Outcome(slug, locale, action, ws.layout.rel(path), message, cov)


def _fill_catalog(po: Catalog, found: align.Alignment, force: bool, notes: list[str]) -> int:
    """Confident pairs reviewed, doubtful ones fuzzy with ``import:`` comments; count filled."""
    entries = catalog.translations(po)
    first: dict[str, align.Pair] = {}
    filled = kept = 0
    for pair in found.pairs:
        if pair.key in first:
            other = first[pair.key]
            if other.msgstr != pair.msgstr and pair.kind.is_front_matter:
                notes.append(
                    f"{pair.kind} (line {pair.tr_line}) is translated like its {other.kind} "
                    f"(line {other.tr_line}): one English text, one catalog entry"
                )
            continue
        first[pair.key] = pair
        entry = entries.get(pair.key)
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


def _set(entry: Entry, pair: align.Pair) -> None:
    entry.msgstr = pair.msgstr
    others = [f for f in entry.flags if f != "fuzzy"]
    entry.flags = ["fuzzy", *others] if pair.doubt else others
    lines = [ln for ln in (entry.tcomment or "").split("\n") if ln and not ln.startswith("import:")]
    entry.tcomment = "\n".join([*lines, f"import: {pair.doubt}"] if pair.doubt else lines)
    entry.previous_msgid = None


def _write_addenda(
    ws: Workspace, slug: str, locale: str, found: addenda.Addenda, force: bool, notes: list[str]
) -> tuple[addenda.Addenda | None, list[Outcome]]:
    """Write the addenda file unless a person's copy exists (then it wins, unless --force)."""
    path = ws.layout.addenda(slug, locale)
    rel = ws.layout.rel(path)
    existing = ws.addenda(slug, locale)
    if existing is not None and not force:
        if addenda.dumps(existing) != addenda.dumps(found):
            notes.append(f"{rel} exists and differs from this import; kept (--force)")
        return existing, [Outcome(slug, locale, "unchanged", rel)]
    if not found and existing is None:
        return None, []
    changed = ws.write(path, addenda.dumps(found))
    return found, [_outcome(ws, slug, locale, path, changed)]


def _check_merge(
    ws: Workspace,
    article: Article,
    theirs: Article,
    text: str,
    po: Catalog,
    extra: addenda.Addenda | None,
    locale: str,
    result: Imported,
) -> None:
    """Say whether merge gives the translation's body back, and how its front matter differs."""
    cfg = ws.cfg
    entries = catalog.translations(po)

    def translate(key: str) -> str:
        entry = entries.get(key)
        return entry.msgstr if entry is not None and entry.msgstr else english(key)

    body, placed = merge.localized_body(article, translate, cfg, locale, extra)
    want = source.split(text, theirs.path).body
    result.identical = body == want
    result.notes.extend(placed)
    if not result.identical:
        at = _first_difference(body, want)
        line = theirs.body_line + want.count("\n", 0, at)
        result.notes.append(f"body after merge differs from {theirs.path} from line {line}")
    gloss = ws.glossary(locale)
    values = merge.localize(
        article, entries, cfg, locale, gloss, extra, theirs.fm_data.values
    ).values
    known = locales.suffixes(cfg)
    for key, value in theirs.fm_data.values.items():
        if locales.mirror_of(str(key), known) or key not in values or key == "draft":
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
        f"{len(a.addenda.entries)} addenda ({a.tr_only} units only in the translation), "
        f"{a.verdict}, body {'identical' if r.identical else 'differs'} after merge"
    )
