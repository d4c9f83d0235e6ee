"""pipeline.review.data: the review app's one door to the repository.

Every read of articles, catalogs and QA results, and the one write (a reviewed
entry), goes through this module, which calls the core (``repo.workspace``,
``repo.check``, ``repo.runs``, ``qa``, ``po.catalog``, ``merge``, ``coverage``,
``repo.store``) and hands the
rest of the app the plain values of ``review.model``. When the core changes
shape (another PO model, a new plan), only this module follows. The app lives
longer than a run: each operation opens its own ``Workspace``, so it reads the
files as they are now and writes with the workspace's compare-and-swap.

Numbers and problems come from ``repo.check.check_all``, the function behind
``pipeline check``, so the browser and CI never disagree. Its results are kept
per article, keyed by the bytes of every file the check reads, so an edit made
anywhere (here, in Poedit, by ``make sync``) is seen on the next page load.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from pipeline import config, locales, merge, plan, qa
from pipeline.adopt import addenda as addenda_mod
from pipeline.coverage import coverage
from pipeline.errors import PipelineError
from pipeline.markdown import filling, frontmatter
from pipeline.markdown.source import decode
from pipeline.model import Hole, english
from pipeline.po import catalog, headers
from pipeline.repo import check as gate
from pipeline.repo import runs, store
from pipeline.repo.layout import Layout
from pipeline.repo.workspace import Workspace
from pipeline.review import edits
from pipeline.review.kept import Kept
from pipeline.review.model import (
    ArticleData,
    Counts,
    Entry,
    Finding,
    FrontRow,
    Gap,
    IndexRow,
    Piece,
    Slot,
)

_TOKEN = "\x00review-slot\x00"


class Conflict(PipelineError):
    """The catalog changed on disk since the page read it: nothing was written."""

    def __init__(self, message: str, path: str, current: Entry | None, digest: str):
        super().__init__(message, path)
        self.current = current
        self.digest = digest


def write(path: Path, text: str) -> bool:
    """Atomic write through the project's store (skipped when the bytes are the same)."""
    return store.write_text(path, text, str(path))


def digest(data: bytes) -> str:
    """The content hash the store's compare-and-swap compares."""
    return store.digest(data)


class Repository:
    """One repository, as the review app reads and writes it (safe across threads)."""

    def __init__(self, cfg: config.Config, reviewer: str = ""):
        self.cfg = cfg
        self.reviewer = reviewer
        self._lock = threading.Lock()
        self._kept = Kept(self._keys, self._check)

    @classmethod
    def open(cls, root: Path, reviewer: str = "") -> Repository:
        return cls(config.load(root), reviewer)

    @property
    def root(self) -> Path:
        return self.cfg.root

    @property
    def locales(self) -> list[str]:
        return list(self.cfg.locales)

    @property
    def layout(self) -> Layout:
        return Layout(self.cfg)

    def workspace(self) -> Workspace:
        """A fresh view of the repository: files read now, each at most once."""
        return Workspace(self.cfg)

    def slugs(self) -> list[str]:
        """The article list: the only slugs a page or an edit may name."""
        return self.layout.slugs()

    def resolve(self, slugs) -> list[str]:
        """Requested slugs (or source paths) checked against the article list (exit 2 if not)."""
        return self.layout.resolve(list(slugs))

    def known(self, slug: str, locale: str) -> bool:
        return locale in self.cfg.locales and slug in set(self.slugs())

    # -- the gate's results, kept per article ----------------------------------------

    def _inputs(self, slug: str) -> list[Path]:
        layout = self.layout
        paths = [layout.source(slug), layout.template(slug)]
        for loc in self.cfg.locales:
            paths += [layout.article(slug, loc), layout.addenda(slug, loc), layout.glossary(loc)]
        return paths

    def _keys(self, slugs) -> dict[str, str]:
        """Per article, a digest of every file its check reads: its own files, and every
        catalog of the locale (the consistency check compares them all)."""
        layout = self.layout
        shared = _files_digest(
            layout.catalog(s, loc) for s in layout.slugs() for loc in self.cfg.locales
        )
        return {s: _files_digest(self._inputs(s), shared) for s in slugs}

    def _check(self, slugs) -> dict[str, list]:
        """``check_all`` over several articles in one run (each catalog read once)."""
        out: dict[str, list] = {s: [] for s in slugs}
        for r in gate.check_all(self.workspace(), slugs):
            out[r.slug].append(r)
        return out

    def checked(self, slug: str) -> list:
        """``check_all`` for one article (every locale), recomputed when an input changed."""
        return self._kept.get(slug)

    def index(self) -> list[IndexRow]:
        """Every article and locale with its counts and problems, as ``pipeline check``."""
        slugs = self.slugs()
        found = self._kept.many(slugs)
        return [_row(r) for slug in slugs for r in found[slug]]

    # -- one article --------------------------------------------------------------

    def article(self, slug: str, locale: str) -> ArticleData:
        cfg, ws = self.cfg, self.workspace()
        art = ws.article(slug)
        path = ws.layout.catalog(slug, locale)
        rel = ws.layout.rel(path)
        view = ArticleData(slug, locale, art.path, rel, "")
        found_bytes = store.read_bytes(path, rel)
        if found_bytes is None:
            view.missing = f"no catalog {rel}: run `pipeline extract`"
            return view
        raw, stamp = found_bytes
        view.catalog_hash = stamp.digest
        po = catalog.loads(decode(raw, rel), rel)
        entries = catalog.translations(po)
        inputs = runs.inputs(ws, slug, {locale: po})
        result = plan.articles(art, inputs, cfg).localized[locale]
        found = self._found(slug, locale)
        lines = {getattr(e, "linenum", 0) for e in entries.values()}
        mine = [p for p in found if _is_unit(p, rel, lines)]
        for key, msgid in {u.key: u.msgid for u in art.units}.items():
            e = entries.get(key)
            if e is not None:
                at = tuple(p for p in mine if p.line == getattr(e, "linenum", -1))
                view.entries[key] = _entry(e, at, result.withheld.get(key, ""))
            else:
                view.entries[key] = Entry(msgid, "", False, "", problems=())
        view.pieces = _pieces(art.body, inputs[locale].addenda)
        view.front = _front(cfg, art, result.values, entries)
        view.counts = _counts(coverage(art.units, entries))
        view.problems = [p for p in found if not _is_unit(p, rel, lines)]
        view.notes, view.draft = list(result.notes), result.draft
        return view

    def _found(self, slug: str, locale: str) -> list[Finding]:
        """The gate's findings for this catalog, from the same bytes the page shows."""
        for r in self.checked(slug):
            if r.locale == locale:
                return [_finding(p) for p in r.problems]
        return []

    def check_text(self, slug: str, locale: str, key: str, text: str) -> tuple[Finding, ...]:
        """The QA checks on a proposed translation of the unit ``key`` (``Unit.key``: the
        msgid, or msgctxt EOT msgid), before anything is saved."""
        ws = self.workspace()
        art = ws.article(slug)
        kinds = [u.kind for u in art.units if u.key == key]
        msgid = english(key)
        if not kinds:
            raise PipelineError("no such unit in the English article", art.path)
        glossary = ws.glossary(locale)
        source, target = locales.source(self.cfg), locales.resolve(self.cfg, locale)
        subject = qa.Subject(msgid, text, kinds[0], glossary, self.cfg.fm_limits, target, source)
        found = [_finding(p) for p in qa.run_checks(subject)]
        found += [
            Finding("withheld", "error", f"not published (merge uses the English text): {why}")
            for why in merge.withheld(
                art, {key: _Probe(msgid, text, kinds[0])}, self.cfg, locale
            ).values()
        ]
        return tuple(dict.fromkeys(found))

    @staticmethod
    def fill(slot: Slot, text: str, before: list[str]) -> str:
        """A unit's text in its place, each line break written as the English writes it."""
        return filling.fill_hole(Hole(slot.msgid, slot.breaks, slot.single_line), text, before)

    # -- the one write ------------------------------------------------------------

    def save(self, slug: str, locale: str, msgid: str, action: str, text: str, base: str) -> str:
        """Change one entry (and the header's reviewer and date); returns the new digest.

        Refuses (``Conflict``) when the file is not the one the page read; the
        workspace's compare-and-swap refuses again if it changes while this runs.
        The file is then left untouched.
        """
        with self._lock:
            ws = self.workspace()
            path = ws.layout.catalog(slug, locale)
            rel = ws.layout.rel(path)
            current = ws.text(path)  # the workspace keeps its stamp for the write
            if current is None:
                raise PipelineError("no catalog: run `pipeline extract`", rel)
            if digest(current.encode("utf-8")) != base:
                raise _conflict(msgid, rel, current)
            po = catalog.loads(current, rel)
            entry = catalog.translations(po).get(msgid)
            if entry is None:
                raise PipelineError("this unit is no longer in the catalog: reload", rel)
            failed = tuple(sorted({p.check for p in self.check_text(slug, locale, msgid, text)}))
            _edit(entry, action, text, self.reviewer, failed)
            _sign(po, self.reviewer)
            out = catalog.dumps(po)
            try:
                ws.write(path, out)
            except store.Conflict:
                now = store.read_text(path, rel)
                raise _conflict(msgid, rel, now[0] if now else "") from None
            return digest(out.encode("utf-8"))

    def ensure_fresh(self, slug: str, locale: str, msgid: str, base: str) -> None:
        """Raise ``Conflict`` when the catalog is no longer the one the page read."""
        layout = self.layout
        path = layout.catalog(slug, locale)
        rel = layout.rel(path)
        now = store.read_text(path, rel)
        text = now[0] if now is not None else ""
        if digest(text.encode("utf-8")) != base:
            raise _conflict(msgid, rel, text)

    def merge(self, slug: str) -> list[str]:
        """Re-merge one article (``pipeline merge SLUG``); returns what it reported."""
        report = runs.merge_all(self.workspace(), [slug])
        return [
            f"{o.action} {o.path}" + (f" ({o.message})" if o.message else "")
            for o in report.outcomes
        ]


# -- conversions from the core's types ----------------------------------------------


def _files_digest(paths, extra: str = "") -> str:
    h = hashlib.blake2b(extra.encode(), digest_size=16)
    for path in paths:
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"\0missing")
        h.update(b"\0\1")
    return h.hexdigest()


def _conflict(msgid: str, rel: str, text: str) -> Conflict:
    """The refusal, with the unit as it now is on disk (so the page can show it)."""
    e = catalog.translations(catalog.loads(text, rel)).get(msgid) if text else None
    return Conflict(
        "the catalog changed on disk since this page was loaded; nothing was saved. "
        "Its current text of this unit is shown: copy what you need, then reload",
        rel,
        _entry(e, (), "") if e is not None else None,
        digest(text.encode("utf-8")),
    )


def _edit(entry, action: str, text: str, reviewer: str, failed: tuple[str, ...]) -> None:
    """Apply ``edits`` to a polib entry: msgstr, flags, translator comment, previous only."""
    old = edits.Fields(entry.msgstr, tuple(entry.flags), entry.tcomment, entry.previous_msgid)
    new = edits.apply(old, action, text, reviewer, failed)
    entry.msgstr, entry.flags, entry.tcomment = new.msgstr, list(new.flags), new.tcomment
    entry.previous_msgid = new.previous
    if new.previous is None:
        entry.previous_msgctxt = entry.previous_msgid_plural = None


class _Probe:
    """What ``merge.withheld`` reads of an entry (its translation, and its kind)."""

    def __init__(self, msgid: str, msgstr: str, kind):
        self.msgid, self.msgstr = msgid, msgstr
        self.comment = str(kind)


def _sign(po, reviewer: str) -> None:
    """``Last-Translator`` and ``PO-Revision-Date``: who reviewed, and when (a field the
    file lacks goes where GNU tools put it)."""
    if reviewer:
        po.metadata = headers.put(po.metadata, "Last-Translator", reviewer)
    now = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M%z")
    po.metadata = headers.put(po.metadata, "PO-Revision-Date", now)


def _finding(p) -> Finding:
    return Finding(p.check, str(p.severity), p.message, p.line, p.file)


def _is_unit(p: Finding, rel: str, lines: set[int]) -> bool:
    """A finding about one entry (QA, withheld, consistency), not about the whole file."""
    return p.file == rel and p.line in lines and not p.check.startswith("stale")


def _entry(e, problems: tuple[Finding, ...], withheld: str) -> Entry:
    return Entry(
        msgid=e.msgid,
        msgstr=e.msgstr,
        fuzzy=e.fuzzy,
        kind=str(catalog.kind(e)),
        tcomment=e.tcomment or "",
        previous=e.previous_msgid,
        line=getattr(e, "linenum", 0) or 0,
        problems=problems,
        withheld=withheld,
    )


def _counts(c) -> Counts:
    return Counts(
        c.units,
        c.words,
        c.reviewed,
        c.fuzzy,
        c.untranslated,
        round(c.reviewed_percent, 1),
        round(c.percent, 1),
    )


def _row(r) -> IndexRow:
    found = tuple(_finding(p) for p in r.problems)
    missing = any(p.check in ("missing-catalog", "po-syntax", "source") for p in found)
    return IndexRow(r.slug, r.locale, _counts(r.counts), r.stale, not missing, found)


def _pieces(body: list, addenda) -> list[Piece]:
    """The body as gaps and slots, the translation's gaps with the addenda in place.

    ``addenda.fill`` is run with a marker for every unit, so the addenda land
    exactly where merge puts them, and the text between markers is each gap's
    translated markup. Occurrences with their own translation keep it.
    """
    holes = [p for p in body if isinstance(p, Hole)]
    english = addenda_mod.gaps(body)
    own: dict[int, str] = {}
    placed = addenda
    if addenda:
        marks = addenda_mod.anchors(body)[1:]
        texts = {e.anchor: e.text for e in addenda.entries if e.unit}
        own = {i: texts[m] for i, m in enumerate(marks) if m in texts}
        placed = replace(addenda, entries=[e for e in addenda.entries if not e.unit])
    text, _ = addenda_mod.fill(body, lambda _m: _TOKEN, placed)
    translated = text.split(_TOKEN)
    if len(translated) != len(english):  # a marker in the text itself: show English markup
        translated = english
    out: list[Piece] = [Gap(english[0], translated[0])]
    for i, hole in enumerate(holes):
        out.append(Slot(hole.msgid, tuple(hole.breaks), hole.single_line, own.get(i), hole.context))
        out.append(Gap(english[i + 1], translated[i + 1]))
    return out


def _front(cfg, art, values: dict, entries: dict) -> list[FrontRow]:
    """One row per front-matter value: translated fields one by one, other keys whole."""
    fields: dict[str, list] = {}
    for f in art.fm_fields:
        fields.setdefault(str(f.path[0]), []).append(f)
    units = {u.key for u in art.units if u.kind.is_front_matter}
    mirrors = locales.suffixes(cfg)
    rows = []
    for key, value in art.fm_data.values.items():
        key = str(key)
        if key in fields:
            for f in fields[key]:
                label = key if len(f.path) == 1 else f"{key}[{f.path[1]}]"
                e = entries.get(f.key)
                shown = e.msgstr if e is not None and e.msgstr else f.value
                msgid = f.key if f.key in units else None
                rows.append(FrontRow(label, f.value, shown, "translate", msgid))
            continue
        policy = str(cfg.frontmatter.get(key, "copy"))
        if locales.mirror_of(key, mirrors):
            policy = "mirror"
        rows.append(FrontRow(key, _text(value), _text(values.get(key, value)), policy))
    return rows


def _text(value) -> str:
    shown = frontmatter.value_text(value)
    if isinstance(shown, list):
        return ", ".join(shown)
    return str(shown).lower() if isinstance(shown, bool) else str(shown)
