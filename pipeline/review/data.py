"""pipeline.review.data: the review app's one door to the repository.

Every read of articles, catalogs and QA results, and the one write (a reviewed
entry), goes through this module, which calls the core (``repo.project``,
``repo.check``, ``qa``, ``po.catalog``, ``merge``, ``repo.store``) and hands the
rest of the app the plain values of ``review.model``. When the core changes
shape (a Workspace, compare-and-swap writes, another PO model), only this
module follows.

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

from pipeline import config, merge, qa
from pipeline import gate as verdicts
from pipeline.adopt import addenda as addenda_mod
from pipeline.errors import PipelineError
from pipeline.markdown import extract, frontmatter
from pipeline.markdown.source import decode
from pipeline.model import Hole
from pipeline.po import catalog
from pipeline.repo import check as gate
from pipeline.repo import project, store
from pipeline.review import edits
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
    return store.write_text(path, text)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Repository:
    """One repository, as the review app reads and writes it (safe across threads)."""

    def __init__(self, cfg: config.Config, reviewer: str = ""):
        self.cfg = cfg
        self.reviewer = reviewer
        self._lock = threading.Lock()
        self._checks: dict[str, tuple[str, list]] = {}
        self._computing: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    @classmethod
    def open(cls, root: Path, reviewer: str = "") -> Repository:
        return cls(config.load(root), reviewer)

    @property
    def root(self) -> Path:
        return self.cfg.root

    @property
    def locales(self) -> list[str]:
        return list(self.cfg.locales)

    def slugs(self) -> list[str]:
        """The article list: the only slugs a page or an edit may name."""
        return self.cfg.slugs()

    def known(self, slug: str, locale: str) -> bool:
        return locale in self.cfg.locales and slug in set(self.slugs())

    # -- the gate's results, kept per article ----------------------------------------

    def _inputs(self, slug: str) -> list[Path]:
        cfg = self.cfg
        paths = [cfg.source_path(slug), cfg.path(cfg.template, slug)]
        for loc in cfg.locales:
            paths += [
                cfg.path(cfg.catalog, slug, loc),
                cfg.path(cfg.article, slug, loc),
                project.addenda_path(cfg, slug, loc),
                cfg.path(cfg.glossary, locale=loc),
            ]
        return paths

    def _key(self, slug: str) -> str:
        h = hashlib.blake2b(digest_size=16)
        for path in self._inputs(slug):
            try:
                h.update(path.read_bytes())
            except OSError:
                h.update(b"\0missing")
            h.update(b"\0\1")
        return h.hexdigest()

    def checked(self, slug: str) -> list:
        """``check_all`` for one article (every locale), recomputed when an input changed.

        One computation per article at a time: a page waits for the start-up warm-up
        instead of doing the same work beside it.
        """
        with self._guard:
            gate_lock = self._computing.setdefault(slug, threading.Lock())
        with gate_lock:
            return self._checked(slug)

    def _checked(self, slug: str) -> list:
        for _ in range(3):
            key = self._key(slug)
            kept = self._checks.get(slug)
            if kept is not None and kept[0] == key:
                return kept[1]
            results = gate.check_all(self.cfg, [slug])
            if self._key(slug) == key:  # nothing moved while it ran
                self._checks[slug] = (key, results)
                return results
        return results

    def index(self) -> list[IndexRow]:
        """Every article and locale with its counts and problems, as ``pipeline check``."""
        return [_row(r) for slug in self.slugs() for r in self.checked(slug)]

    # -- one article --------------------------------------------------------------

    def article(self, slug: str, locale: str) -> ArticleData:
        cfg = self.cfg
        art = project.load_article(cfg, slug)
        path = cfg.path(cfg.catalog, slug, locale)
        rel = cfg.rel(path)
        view = ArticleData(slug, locale, art.path, rel, "")
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            view.missing = f"no catalog {rel}: run `pipeline extract`"
            return view
        view.catalog_hash = digest(raw)
        po = catalog.loads(decode(raw, rel), rel)
        entries = catalog.translations(po)
        glossary = project.load_glossary(cfg, locale)
        found = self._found(slug, locale)
        mine = [p for p in found if _is_unit(p, rel)]
        blocked = merge.withheld(entries)
        for msgid in dict.fromkeys(u.msgid for u in art.units):
            e = entries.get(msgid)
            if e is not None:
                at = tuple(p for p in mine if p.line == getattr(e, "linenum", -1))
                view.entries[msgid] = _entry(e, at, blocked.get(msgid, ""))
            else:
                view.entries[msgid] = Entry(msgid, "", False, "", problems=())
        addenda = project.read_addenda(cfg, slug, locale)
        result = merge.localize(art, entries, cfg, locale, glossary, addenda)
        view.pieces = _pieces(art.body, addenda)
        view.front = _front(cfg, art, result.values, entries)
        view.counts = _counts(verdicts.statistics(po))
        view.problems = [p for p in found if not _is_unit(p, rel)]
        view.notes, view.draft = list(result.notes), result.draft
        return view

    def _found(self, slug: str, locale: str) -> list[Finding]:
        """The gate's findings for this catalog, from the same bytes the page shows."""
        for r in self.checked(slug):
            if r.locale == locale:
                return [_finding(p) for p in r.problems]
        return []

    def check_text(self, slug: str, locale: str, msgid: str, text: str) -> tuple[Finding, ...]:
        """The QA checks on a proposed translation, before anything is saved."""
        art = project.load_article(self.cfg, slug)
        kinds = [u.kind for u in art.units if u.msgid == msgid]
        if not kinds:
            raise PipelineError("no such unit in the English article", art.path)
        glossary = project.load_glossary(self.cfg, locale)
        subject = qa.Subject(msgid, text, kinds[0], glossary, self.cfg.fm_limits)
        found = [_finding(p) for p in qa.run_checks(subject)]
        found += [
            Finding("markup-injection", "error", f"merge would withhold it: {why}")
            for why in merge.withheld({msgid: _Probe(msgid, text, kinds[0])}).values()
        ]
        return tuple(dict.fromkeys(found))

    @staticmethod
    def fill(slot: Slot, text: str, before: list[str]) -> str:
        """A unit's text in its place, each line break written as the English writes it."""
        return extract.fill_hole(Hole(slot.msgid, slot.breaks, slot.single_line), text, before)

    # -- the one write ------------------------------------------------------------

    def save(self, slug: str, locale: str, msgid: str, action: str, text: str, base: str) -> str:
        """Change one entry (and the header's reviewer and date); returns the new digest.

        Refuses (``Conflict``) when the file is not the one the page read, checked
        again right before the atomic replace; the file is then left untouched.
        """
        cfg = self.cfg
        path = cfg.path(cfg.catalog, slug, locale)
        rel = cfg.rel(path)
        with self._lock:
            raw = _bytes(path, rel)
            po = catalog.loads(decode(raw, rel), rel)
            if digest(raw) != base:
                raise _conflict(msgid, rel, raw)
            entry = catalog.translations(po).get(msgid)
            if entry is None:
                raise PipelineError("this unit is no longer in the catalog: reload", rel)
            failed = tuple(sorted({p.check for p in self.check_text(slug, locale, msgid, text)}))
            _edit(entry, action, text, self.reviewer, failed)
            _sign(po, self.reviewer)
            out = catalog.dumps(po)
            self.ensure_fresh(slug, locale, msgid, base)  # compare, then swap
            store.write_text(path, out)
            return digest(out.encode("utf-8"))

    def ensure_fresh(self, slug: str, locale: str, msgid: str, base: str) -> None:
        """Raise ``Conflict`` when the catalog is no longer the one the page read."""
        path = self.cfg.path(self.cfg.catalog, slug, locale)
        rel = self.cfg.rel(path)
        raw = _bytes(path, rel)
        if digest(raw) != base:
            raise _conflict(msgid, rel, raw)

    def merge(self, slug: str) -> list[str]:
        """Re-merge one article (``pipeline merge SLUG``); returns what it reported."""
        report = project.merge_all(self.cfg, [slug])
        return [
            f"{o.action} {o.path}" + (f" ({o.message})" if o.message else "")
            for o in report.outcomes
        ]


# -- conversions from the core's types ----------------------------------------------


def _conflict(msgid: str, rel: str, raw: bytes) -> Conflict:
    """The refusal, with the unit as it now is on disk (so the page can show it)."""
    now = catalog.loads(decode(raw, rel), rel)
    e = catalog.translations(now).get(msgid)
    return Conflict(
        "the catalog changed on disk since this page was loaded; nothing was saved. "
        "Its current text of this unit is shown: copy what you need, then reload",
        rel,
        _entry(e, (), "") if e is not None else None,
        digest(raw),
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
    """The two fields ``merge.withheld`` reads of an entry."""

    def __init__(self, msgid: str, msgstr: str, kind):
        self.msgid, self.msgstr = msgid, msgstr
        self.comment = str(kind)


def _bytes(path: Path, rel: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise PipelineError(f"cannot read: {exc.strerror}", rel) from None


def _sign(po, reviewer: str) -> None:
    """``Last-Translator`` and ``PO-Revision-Date``: who reviewed, and when."""
    if reviewer:
        po.metadata["Last-Translator"] = reviewer
    po.metadata["PO-Revision-Date"] = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M%z")


def _finding(p) -> Finding:
    return Finding(p.check, str(p.severity), p.message, p.line, p.file)


def _is_unit(p: Finding, rel: str) -> bool:
    return p.file == rel and p.check in qa.CHECK_NAMES


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
        out.append(Slot(hole.msgid, tuple(hole.breaks), hole.single_line, own.get(i)))
        out.append(Gap(english[i + 1], translated[i + 1]))
    return out


def _front(cfg, art, values: dict, entries: dict) -> list[FrontRow]:
    """One row per front-matter value: translated fields one by one, other keys whole."""
    fields: dict[str, list] = {}
    for f in art.fm_fields:
        fields.setdefault(str(f.path[0]), []).append(f)
    units = {u.msgid for u in art.units if u.kind.is_front_matter}
    rows = []
    for key, value in art.fm_data.values.items():
        key = str(key)
        if key in fields:
            for f in fields[key]:
                label = key if len(f.path) == 1 else f"{key}[{f.path[1]}]"
                e = entries.get(f.value)
                shown = e.msgstr if e is not None and e.msgstr else f.value
                msgid = f.value if f.value in units else None
                rows.append(FrontRow(label, f.value, shown, "translate", msgid))
            continue
        policy = cfg.frontmatter.get(key, "copy")
        if frontmatter.mirror_base(key, {cfg.source_locale: 1, **dict.fromkeys(cfg.locales)}):
            policy = "mirror"
        rows.append(FrontRow(key, _text(value), _text(values.get(key, value)), policy))
    return rows


def _text(value) -> str:
    shown = frontmatter.value_text(value)
    if isinstance(shown, list):
        return ", ".join(shown)
    return str(shown).lower() if isinstance(shown, bool) else str(shown)
