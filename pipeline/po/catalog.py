"""pipeline.catalog: units <-> PO catalogs, updated like ``msgmerge --previous``.

Pure functions over polib objects; reading and writing files is ``store``'s job.
Updating never loses a translation: an exact match keeps it, changed English
keeps it as fuzzy with ``#| msgid``, removed units become obsolete ``#~``
entries that come back translated when their text returns.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import polib
from babel.messages.plurals import get_plural
from rapidfuzz import fuzz, process

from pipeline.model import PARAGRAPH, Kind, Unit
from pipeline.po import pofile

WRAP = 78
"""polib's own width, for code that prints entries with ``str()``; files go through
``pofile.dumps``, which never wraps at a width."""

_HEADER_ORDER = (
    "Project-Id-Version",
    "Report-Msgid-Bugs-To",
    "Last-Translator",
    "Language-Team",
    "Language",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
    "Plural-Forms",
)


def template(units: Sequence[Unit], path: str, project: str) -> polib.POFile:
    """The POT for one article: one entry per distinct English text, in document order."""
    pot = _new_file(project, "")
    by_id: dict[str, polib.POEntry] = {}
    for unit in units:
        entry = by_id.get(unit.msgid)
        if entry is None:
            entry = pofile.new_entry(msgid=unit.msgid)
            by_id[unit.msgid] = entry
            pot.append(entry)
        occurrence = (path, str(unit.line))
        if occurrence not in entry.occurrences:
            entry.occurrences.append(occurrence)
        kind = _text(unit.kind)
        if not entry.comment:
            entry.comment = kind
        elif kind not in entry.comment.split("\n"):
            entry.comment += "\n" + kind
    return pot


@functools.lru_cache(maxsize=512)
def _text(kind: Kind) -> str:
    """The ``#.`` line of a kind (a few kinds, hundreds of units: computed once each)."""
    return str(kind)


def _new_file(project: str, locale: str) -> polib.POFile:
    po = polib.POFile(wrapwidth=WRAP)
    po.header = f"Translations of {project}." if project else ""
    po.metadata = {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": "",
        "Last-Translator": "",
        "Language-Team": "",
        "Language": locale,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    if locale:
        po.metadata["Plural-Forms"] = plural_forms(locale)
    return po


def plural_forms(locale: str) -> str:
    """``nplurals=1; plural=0;`` for Chinese, from babel's CLDR data."""
    try:
        return get_plural(locale.replace("-", "_")).plural_forms
    except (ValueError, LookupError):
        return "nplurals=2; plural=(n != 1);"


@dataclass(frozen=True)
class UpdateStats:
    kept: int = 0
    fuzzy: int = 0
    new: int = 0
    obsolete: int = 0
    restored: int = 0


def update(
    old: polib.POFile | None, pot: polib.POFile, locale: str, threshold: float = 70.0
) -> tuple[polib.POFile, UpdateStats]:
    """Bring a catalog in line with its template without losing any translation."""
    po = _new_file(pot.metadata.get("Project-Id-Version", ""), locale)
    po.header = pot.header
    if old is not None:
        for key, value in old.metadata.items():
            if key not in (
                "Language",
                "Plural-Forms",
                "Content-Type",
                "MIME-Version",
                "Content-Transfer-Encoding",
                "POT-Creation-Date",
            ):
                po.metadata[key] = value
        po.header = old.header or pot.header
    active = {e.msgid: e for e in old if not e.obsolete} if old is not None else {}
    obsolete = {e.msgid: e for e in old.obsolete_entries()} if old is not None else {}
    used: set[str] = set()
    kept = fuzzy = new = restored = 0
    pending: list[polib.POEntry] = []
    for tpl in pot:
        entry = _fresh(tpl)
        prior = active.get(tpl.msgid) or obsolete.get(tpl.msgid)
        if prior is not None:
            _carry(entry, prior)
            used.add(tpl.msgid)
            restored += tpl.msgid in obsolete and tpl.msgid not in active
            kept += 1
        else:
            pending.append(entry)
        po.append(entry)
    candidates = {
        m: e
        for m, e in {**obsolete, **active}.items()
        if m not in used and (e.msgstr or e.tcomment)
    }
    for entry in pending:
        match = _closest(entry.msgid, candidates, threshold)
        if match is None:
            new += 1
            continue
        _carry(entry, match)
        entry.flags = ["fuzzy"] + [f for f in entry.flags if f != "fuzzy"]
        entry.previous_msgid = match.msgid
        fuzzy += 1
    for msgid in sorted(candidates):
        if msgid in used:
            continue
        gone = candidates[msgid]
        po.append(
            polib.POEntry(
                msgid=gone.msgid,
                msgstr=gone.msgstr,
                obsolete=True,
                flags=list(gone.flags),
                tcomment=gone.tcomment,
                previous_msgid=gone.previous_msgid,
            )
        )
    stats = UpdateStats(kept, fuzzy, new, len(po.obsolete_entries()), restored)
    return po, stats


def _fresh(tpl: polib.POEntry) -> polib.POEntry:
    return pofile.new_entry(
        msgid=tpl.msgid, msgstr="", occurrences=list(tpl.occurrences), comment=tpl.comment
    )


TOOL_NOTES = ("draft:", "qa:")
"""Translator-comment lines the tool writes; removed once an entry is reviewed."""


def _carry(entry: polib.POEntry, prior: polib.POEntry) -> None:
    entry.msgstr = prior.msgstr
    entry.tcomment = prior.tcomment
    if prior.msgstr and not prior.fuzzy and prior.tcomment:
        # Reviewed: the tool's own draft notes have done their job.
        kept = [ln for ln in prior.tcomment.split("\n") if not ln.startswith(TOOL_NOTES)]
        entry.tcomment = "\n".join(kept)
    entry.flags = [f for f in prior.flags]
    entry.previous_msgid = prior.previous_msgid if prior.fuzzy else None


def _closest(
    msgid: str, candidates: dict[str, polib.POEntry], threshold: float
) -> polib.POEntry | None:
    if not candidates:
        return None
    found = process.extractOne(msgid, list(candidates), scorer=fuzz.ratio, score_cutoff=threshold)
    return candidates[found[0]] if found else None


def align_newlines(msgid: str, msgstr: str) -> str:
    """Give msgstr the leading/trailing newline of msgid, which ``msgfmt -c`` requires."""
    if not msgstr:
        return msgstr
    core = msgstr.strip("\n")
    lead = "\n" if msgid.startswith("\n") else ""
    trail = "\n" if msgid.endswith("\n") else ""
    return lead + core + trail if core else msgstr


def dumps(po: polib.POFile) -> str:
    """Deterministic PO text: fixed header order, no dates we invent."""
    for entry in po:
        entry.msgstr = align_newlines(entry.msgid, entry.msgstr)
    po.metadata = _ordered(po.metadata)
    text = pofile.dumps(po)
    return text if text.endswith("\n") else text + "\n"


def _ordered(meta: dict[str, str]) -> dict[str, str]:
    first = {k: meta[k] for k in _HEADER_ORDER if k in meta}
    return {**first, **{k: meta[k] for k in sorted(meta) if k not in first}}


def loads(text: str, path: str) -> polib.POFile:
    """Parse PO text; a syntax error becomes a PipelineError naming the line."""
    return pofile.loads(text, path)


def kind(entry: polib.POEntry) -> Kind:
    """What the entry's text is (its first ``#.`` line): one English text may play several
    roles, and the first decides how it is checked."""
    if not entry.comment:
        return PARAGRAPH
    return Kind.parse(entry.comment.split("\n", 1)[0])


def translations(po: polib.POFile) -> dict[str, polib.POEntry]:
    """Active entries by msgid."""
    return {e.msgid: e for e in po if not e.obsolete}
