"""pipeline.po.catalog: units <-> PO catalogs, updated like ``msgmerge --previous``.

Pure functions over ``Catalog``; reading and writing files is ``repo``'s job.
Updating never loses a translation: an exact (msgctxt, msgid) match keeps it, a
context-less translation moves to a new contexted entry with the same English,
changed English keeps it as fuzzy with ``#| msgid``, and anything the template
no longer produces (removed units, a translator's plural or ``msgctxt "menu"``
entry) is kept as an obsolete ``#~`` entry that comes back when its text returns.
The result keeps the old file's order, header fields and layout, so writing it
changes only what the update changed.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pipeline.config import DEFAULTS
from pipeline.errors import InputError
from pipeline.model import PARAGRAPH, Kind, Unit, text_key
from pipeline.po import headers, pofile, writer
from pipeline.po.keep import keep_layout
from pipeline.po.model import Catalog, Entry, Key, Layout

References = Literal["file", "line", "none"]
REFERENCES: tuple[str, ...] = ("file", "line", "none")


def template(
    units: Sequence[Unit],
    path: str,
    project: str,
    references: References = "file",
    language: str = DEFAULTS.source_locale,
    wrap: int = 0,
) -> Catalog:
    """The POT for one article: one entry per distinct (context, English), in document order.

    ``references``: ``file`` (``#: content/en/x.md``, so adding a paragraph changes no
    other entry), ``line`` (``file:line``) or ``none``. ``language`` is the msgids'
    language: ``msgfmt -c`` wants a non-empty ``Language`` even in a template.
    """
    pot = Catalog(layout=Layout(wrap=wrap))
    pot.header = f"Translations of {project}." if project else ""
    pot.metadata = headers.new(project, language, plural=False)
    by_key: dict[Key, Entry] = {}
    entries = pot.entries
    listed = references != "none"
    same = (path, "") if references == "file" else None  # one reference for every unit
    for msgid, kind, line, note, context in units:
        key = (context, msgid)
        text = _KIND_TEXT.get(kind) or _text(kind)
        occurrence = same or (path, str(line))
        entry = by_key.get(key)
        if entry is None:  # the first unit with this text: most units
            occurrences = [occurrence] if listed else []
            entry = by_key[key] = Entry(msgid, "", context, "", None, None, text, "", occurrences)
            entries.append(entry)
        else:
            if listed and occurrence not in entry.occurrences:
                entry.occurrences.append(occurrence)
            if text not in entry.comment.split("\n"):
                entry.comment += "\n" + text
        if note:
            lines = entry.comment.split("\n")
            entry.comment = "\n".join([*lines, *(x for x in note.split("\n") if x not in lines)])
    return pot


_KIND_TEXT: dict[Kind, str] = {}
"""The ``#.`` line of each kind met so far (``_text``)."""


def _text(kind: Kind) -> str:
    """The ``#.`` line of a kind (a few kinds, hundreds of units: computed once each)."""
    text = _KIND_TEXT[kind] = str(kind)
    return text


def rebase(pot: Catalog, old: Catalog | None) -> Catalog:
    """The template ``pot`` in the order, header extras and layout of the template on disk."""
    if old is None:
        return pot
    owned = frozenset(pot.metadata)
    meta = headers.settle(old.metadata, pot.metadata, owned)
    return keep_layout(pot.header, meta, False, pot.entries, old, pot.layout.wrap or 0)


@dataclass(frozen=True)
class UpdateStats:
    kept: int = 0
    fuzzy: int = 0
    new: int = 0
    obsolete: int = 0
    restored: int = 0


def update(
    old: Catalog | None, pot: Catalog, locale: str, threshold: float = 70.0, wrap: int = 0
) -> tuple[Catalog, UpdateStats]:
    """Bring a catalog in line with its template without losing any translation.

    Raises ``InputError`` (file:line, nothing written) for what cannot be merged without
    a loss: a ``Language`` naming another locale, a plural entry whose English is also
    a unit of the article.
    """
    project = pot.metadata.get("Project-Id-Version", "")
    if old is None:
        po = Catalog.fresh(pot, pot.header, headers.new(project, locale), Layout(wrap=wrap))
        return po, UpdateStats(new=len(pot.entries))
    ours = headers.new(project, locale, plural=False)
    ours["Language"] = _language(old, locale)
    # The catalog's own Plural-Forms stays; CLDR's (babel's plural tables: 10 ms of
    # imports, a fiftieth of a one-article edit) is looked up only for a catalog without.
    ours["Plural-Forms"] = old.metadata.get("Plural-Forms") or headers.plural_forms(locale)
    meta = headers.settle(old.metadata, ours, frozenset({"Language", "Plural-Forms"}))
    prior = {e.key: e for e in old}
    entries, used, stats = _match(pot, prior, old.path, threshold)
    gone = [e for key, e in prior.items() if key not in used and e.has_human_text()]
    taken = {e.key for e in entries}
    kept = {e.key for e in gone}
    obsolete = [_aside(e, e.copy(), taken, kept) for e in gone if e.obsolete] + [
        _aside(e, _obsolete(e), taken, kept) for e in gone if not e.obsolete
    ]
    header = old.header or pot.header
    po = keep_layout(header, meta, old.metadata_is_fuzzy, entries + obsolete, old, wrap)
    stats = UpdateStats(stats.kept, stats.fuzzy, stats.new, len(obsolete), stats.restored)
    return po, stats


def _language(old: Catalog, locale: str) -> str:
    value = old.metadata.get("Language", "")
    if headers.language_conflict(value, locale):
        raise InputError(
            f"Language header says {value!r} but this is the {locale!r} catalog: "
            f"fix the header or move the file",
            old.path,
            old.header_line,
        )
    return value or locale


def _match(
    pot: Catalog, prior: dict[Key, Entry], path: str, threshold: float
) -> tuple[list[Entry], set[Key], UpdateStats]:
    """Template entries filled from ``prior``: exact key, role migration, then fuzzy."""
    used: set[Key] = set()
    kept = restored = 0
    entries: list[Entry] = []
    pending: list[Entry] = []
    roles = _role_moves(pot, prior)
    for tpl in pot:
        entry = tpl.untranslated()
        old = prior.get(tpl.key)
        if old is not None and old.is_plural:
            raise InputError(
                f"plural entry {tpl.msgid[:50]!r} has the English of a unit of the article; "
                "gettext cannot hold both: give it a msgctxt or remove it",
                path,
                old.linenum,
            )
        moved = roles.get(tpl.key)
        other_role = False
        if moved is not None:
            old, other_role = moved
        if old is not None:
            _carry(entry, old)
            if other_role:
                _other_role(entry, old)
            used.add(old.key)
            restored += old.obsolete
            kept += 1
        else:
            pending.append(entry)
        entries.append(entry)
    fuzzy = _fuzzy(pending, prior, used, threshold)
    return entries, used, UpdateStats(kept, fuzzy, len(pending) - fuzzy, 0, restored)


def _roles(e: Entry) -> set[str | None]:
    """The roles an entry was translated for: its ``#.`` kind lines and its context."""
    found: set[str | None] = set()
    for line in e.comment.split("\n") if e.comment else ():
        kind = Kind.of_role(line)
        if kind is not None:
            found.add(kind.role_name)
    if e.msgctxt is not None:
        kind = Kind.of_role(e.msgctxt)
        if kind is not None:
            found.add(kind.role_name)
    return found


def _role_moves(pot: Catalog, prior: dict[Key, Entry]) -> dict[Key, tuple[Entry, bool]]:
    """Where translations go when an English text's roles split or join (its ``msgctxt``
    comes or goes): template key -> (old entry, whether it was translated in another
    role only). Only texts with one of our contexts on either side are looked at.

    Each template entry takes the old entry translated in its role (the same key
    first): when a text that was both the title and the H1 splits in two, both keep
    the translation with its state, since it was reviewed for both roles (its ``#.``
    lines named both). A template entry that no old entry covers keeps the same key's
    entry if no other role claimed it (as before contexts), else takes a copy marked
    fuzzy, with the old context as ``#| msgctxt``: a translation never reviewed in
    this role.
    """
    texts = {e.msgid for e in pot if e.msgctxt is not None}
    texts |= {k[1] for k, e in prior.items() if k[0] is not None and not e.is_plural}
    if not texts:
        return {}
    ours: dict[str, list[Entry]] = {}
    for (ctx, msgid), e in prior.items():
        if msgid in texts and not e.is_plural and (ctx is None or Kind.of_role(ctx)):
            ours.setdefault(msgid, []).append(e)
    wanted: dict[str, list[Entry]] = {}
    for e in pot:
        if e.msgid in ours:
            wanted.setdefault(e.msgid, []).append(e)
    moves: dict[Key, tuple[Entry, bool]] = {}
    for msgid, tpls in wanted.items():
        olds = ours[msgid]
        claimed: set[Key] = set()
        rest = []
        for tpl in tpls:
            mine = _roles(tpl)
            fit = [o for o in olds if _roles(o) & mine and (o.msgstr or o.tcomment)]
            if fit:
                best = min(fit, key=lambda o: (o.key != tpl.key, not o.msgstr, o.obsolete))
                moves[tpl.key] = (best, False)
                claimed.add(best.key)
            else:
                rest.append(tpl)
        for tpl in rest:
            same = next((o for o in olds if o.key == tpl.key), None)
            if same is not None and same.key not in claimed:
                moves[tpl.key] = (same, False)
                continue
            done = [o for o in olds if o.msgstr]
            if done:
                pick = min(
                    done, key=lambda o: (o.key != tpl.key, o.msgctxt is not None, o.obsolete)
                )
                moves[tpl.key] = (pick, True)
    return moves


def _aside(was: Entry, gone: Entry, taken: set[Key], kept: set[Key]) -> Entry:
    """``gone``, the obsolete form of ``was``; when a translation of another role took its
    key (the H1's own translation, once the H1 stops repeating the title), kept under its
    role's name (``#~ msgctxt "heading"``): the file holds one entry per key (``kept``:
    the keys of the other obsolete entries), and the translation comes back if the roles
    split again."""
    if gone.key not in taken:
        taken.add(gone.key)
        return gone
    names = sorted(r or "paragraph" for r in _roles(was)) or ["paragraph"]
    names += [f"obsolete {n}" for n in range(1, len(taken) + len(kept) + 2)]
    gone.msgctxt = next(c for c in names if (c, was.msgid) not in taken | kept)
    taken.add(gone.key)
    return gone


def _other_role(entry: Entry, old: Entry) -> None:
    """A translation copied from another role: fuzzy, the old context shown as previous."""
    entry.fuzzy = True
    entry.previous_msgid = old.msgid
    entry.previous_msgctxt = old.msgctxt


def _fuzzy(pending: list[Entry], prior: dict[Key, Entry], used: set[Key], threshold: float) -> int:
    candidates = [
        e
        for key, e in prior.items()
        if key not in used and not e.is_plural and (e.msgstr or e.tcomment)
    ]
    if not candidates:
        return 0
    from rapidfuzz import fuzz, process  # here: a run that creates every catalog never needs it

    texts = [e.msgid for e in candidates]
    found = 0
    for entry in pending:
        hit = process.extractOne(entry.msgid, texts, scorer=fuzz.ratio, score_cutoff=threshold)
        if hit is None:
            continue
        match = candidates[hit[2]]
        _carry(entry, match)
        entry.fuzzy = True
        entry.previous_msgid = match.msgid
        entry.previous_msgctxt = match.msgctxt if match.msgctxt != entry.msgctxt else None
        found += 1
    return found


def _obsolete(e: Entry) -> Entry:
    """An active entry the template no longer produces, as ``#~``: what a person wrote."""
    gone = Entry(
        e.msgid,
        e.msgstr,
        e.msgctxt,
        e.msgid_plural,
        dict(e.msgstr_plural),
        list(e.flags),
        tcomment=e.tcomment,
        previous_msgid=e.previous_msgid,
        previous_msgctxt=e.previous_msgctxt,
        previous_msgid_plural=e.previous_msgid_plural,
        obsolete=True,
    )
    return gone


TOOL_NOTES = ("draft:", "qa:")
"""Translator-comment lines the tool writes; removed once an entry is reviewed."""


def _carry(entry: Entry, prior: Entry) -> None:
    entry.msgstr = prior.msgstr
    entry.tcomment = prior.tcomment
    if prior.msgstr and not prior.fuzzy and prior.tcomment:
        # Reviewed: the tool's own draft notes have done their job.
        kept = [ln for ln in prior.tcomment.split("\n") if not ln.startswith(TOOL_NOTES)]
        entry.tcomment = "\n".join(kept)
    entry.flags = list(prior.flags)
    if prior.fuzzy:
        entry.previous_msgid = prior.previous_msgid
        entry.previous_msgctxt = prior.previous_msgctxt


def align_newlines(msgid: str, msgstr: str) -> str:
    """Give msgstr the leading/trailing newline of msgid, which ``msgfmt -c`` requires."""
    if not msgstr:
        return msgstr
    core = msgstr.strip("\n")
    lead = "\n" if msgid.startswith("\n") else ""
    trail = "\n" if msgid.endswith("\n") else ""
    return lead + core + trail if core else msgstr


def dumps(po: Catalog, template: tuple[Catalog, str] | None = None) -> str:
    """The PO text: the file's own text where nothing changed, its layout where it did.

    ``template``: a template and the text ``dumps`` just made of it, which a new catalog
    of that template (``Catalog.fresh``, entries not yet copied) is written from.
    """
    if template is not None and po.template_of() is template[0]:
        return writer.dumps_fresh(po, *template)
    for entry in po:  # an empty msgstr stays empty: most entries of a new catalog
        if entry.msgstr and not entry.obsolete:
            entry.msgstr = align_newlines(entry.msgid, entry.msgstr)
        if entry.msgstr_plural and not entry.obsolete:
            for index, text in entry.msgstr_plural.items():
                entry.msgstr_plural[index] = align_newlines(entry.msgid, text)
    return writer.dumps(po)


def loads(text: str, path: str, locale: str | None = None) -> Catalog:
    """Parse PO text (``InputError`` naming file:line when broken); with ``locale``, also
    refuse a catalog whose ``Language`` names another locale."""
    po = pofile.loads(text, path)
    if locale is not None:
        _language(po, locale)
    return po


def kind(entry: Entry) -> Kind:
    """What the entry's text is (its first ``#.`` line): one English text may play several
    roles, and the first decides how it is checked; an entry without one, such as an
    obsolete entry, is what its ``msgctxt`` names, if that is a role)."""
    if not entry.comment:
        ctx = Kind.of_role(entry.msgctxt) if entry.msgctxt is not None else None
        return PARAGRAPH if ctx is None else ctx
    return _kind(entry.comment.split("\n", 1)[0])


@functools.lru_cache(maxsize=1024)
def _kind(line: str) -> Kind:
    """A ``#.`` line read as a kind (a few kinds, many entries: each read once)."""
    return Kind.parse(line)


def translations(po: Catalog) -> dict[str, Entry]:
    """Active singular entries by ``model.text_key`` (the msgid, or msgctxt EOT msgid):
    what the article's units look up by ``Unit.key``.

    A translator's ``msgctxt "menu"`` or plural entry with the same English is not a
    unit's key and never stands in for the unit's own translation.
    """
    return {
        text_key(e.msgctxt, e.msgid): e
        for e in po
        if not e.obsolete and not (e.msgid_plural or e.msgstr_plural)
    }


def by_key(po: Catalog) -> dict[Key, Entry]:
    """Active entries by (msgctxt, msgid)."""
    return {e.key: e for e in po if not e.obsolete}


def stale_entries(on_disk: Catalog, expected: Catalog) -> list[Entry]:
    """Entries whose English, context, ``#.`` or ``#:`` differ from the template, never
    their translation, order or wrapping: what ``extract`` would change. Entries the
    template has and the file lacks come back with ``linenum`` 0."""
    want = {e.key: e for e in expected if not e.obsolete}
    found: list[Entry] = []
    seen: set[Key] = set()
    for e in on_disk:
        if e.obsolete:
            continue
        seen.add(e.key)
        other = want.get(e.key)
        if other is None or _view(other) != _view(e):
            found.append(e)
    found += [e for key, e in want.items() if key not in seen]
    return found


def _view(e: Entry) -> tuple:
    return (e.msgid_plural, e.comment, tuple(e.occurrences))


def same_template(on_disk: Catalog, expected: Catalog) -> bool:
    """A template on disk that ``extract`` would leave as it is (layout and order aside)."""
    if stale_entries(on_disk, expected):
        return False
    meta = on_disk.metadata
    return all(meta.get(k) == v for k, v in expected.metadata.items())
