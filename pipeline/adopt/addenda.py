"""pipeline.addenda: what a localized article has that its English source does not.

Pure: text in, text out. An imported Chinese article often carries sections,
list items or table rows the English one lacks, and spells some markup its own
way (table padding, a heading one level up, a trailing two-space break). Those
bytes cannot live in the catalog, which only holds unit translations, so they
are kept per article and locale in ``locale/<locale>/<slug>.addenda.md`` and
merge puts them back exactly where they were.

File format (one file, read top to bottom; every marker is a whole line)::

    <!-- pipeline: addenda for content/zh/<slug>.md -->
    <!-- pipeline: front matter -->
    key: "a value only the localized article has"
    <!-- pipeline: insert after #1 "The English msgid" +2 -->
    Chinese Markdown, verbatim, blank lines included
    <!-- pipeline: translate #2 "Stop immediately" -->
    this occurrence's own translation (the catalog holds the first one's)
    <!-- pipeline: replace after #3 "Yes" -->
    the English markup between this unit and the next, as it was at import
    <!-- pipeline: with -->
    the localized article's markup there
    <!-- pipeline: end -->

* The content of a section is every byte between its marker line and the next
  marker line, minus the one line break that ends it (so content that ends
  without a newline, or with blank lines, survives).
* An anchor is a body unit of the English article: ``#N "msgid"`` is the N-th
  unit with that msgid (msgid written as a JSON string); ``start`` is the
  beginning of the body.
* ``insert … +K`` adds the text after the K-th line break of the English markup
  that follows the anchor unit (``+0``: right after the unit): the end of the
  anchor's line, or of its block when K counts the blank line too.
* ``replace … with`` swaps the English markup between the anchor unit and the
  next unit for the localized spelling, only while the English markup is still
  what it was at import; when the English changes there, merge uses the English
  markup and says so.
* ``translate #N "msgid"`` fills the N-th occurrence of an English text that
  the localized article translates differently from its first occurrence (a
  catalog has one translation per English text).
* ``front matter`` lines are YAML added to the localized front matter for keys
  the English article does not have.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.errors import PipelineError
from pipeline.markdown import extract, filling
from pipeline.model import Hole, Part

START = "start"
_NOTE = (
    "Kept by `pipeline import`: text of the localized article that has no English\n"
    "counterpart, and its own spelling of some markup. Merge puts it back in place.\n"
    "Edit the text between the marker lines; the format is described in pipeline/addenda.py.\n"
)
_MARK = "<!-- pipeline: "
_LINE = re.compile(
    r"^<!-- pipeline: (?:(?P<op>insert|replace|translate)(?: after)? "
    r"(?:(?P<start>start)|#(?P<occ>\d+) (?P<msgid>\".*\"))(?: \+(?P<breaks>\d+))?"
    r"|(?P<word>front matter|with|end|addenda for .*))"
    r" -->$"
)


@dataclass(frozen=True, slots=True)
class Anchor:
    """The English body unit an addendum follows, or ``START``."""

    msgid: str = START
    occurrence: int = 0
    """1-based among body units with the same msgid; 0 for ``START``."""

    def label(self) -> str:
        if self.msgid == START and self.occurrence == 0:
            return START
        return f"#{self.occurrence} {json.dumps(self.msgid, ensure_ascii=False)}"


@dataclass(frozen=True, slots=True)
class Entry:
    """One placement: an insertion, or a guarded replacement of the markup after an anchor."""

    anchor: Anchor
    text: str
    """Inserted text, or the localized markup of a replacement."""
    breaks: int = 0
    """Insertions: after how many line breaks of the English markup."""
    english: str | None = None
    """Replacements: the English markup the text replaces (the guard)."""
    unit: bool = False
    """A translation of the anchor unit itself, for that occurrence only."""

    @property
    def replaces(self) -> bool:
        return self.english is not None

    @property
    def inserts(self) -> bool:
        return not self.replaces and not self.unit


@dataclass
class Addenda:
    """An article's addenda for one locale."""

    source: str = ""
    """The localized article they came from, for the header line."""
    front_matter: str = ""
    """YAML lines for keys only the localized article has."""
    entries: list[Entry] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.front_matter or self.entries)


# -- anchors and gaps -----------------------------------------------------------


def anchors(parts: Sequence[Part]) -> list[Anchor]:
    """``START`` then one anchor per hole, in order: the gap after each is addressable."""
    seen: dict[str, int] = {}
    out = [Anchor()]
    for part in parts:
        if isinstance(part, Hole):
            seen[part.msgid] = seen.get(part.msgid, 0) + 1
            out.append(Anchor(part.msgid, seen[part.msgid]))
    return out


def gaps(parts: Sequence[Part]) -> list[str]:
    """The verbatim text before the first hole and after each hole (parallel to ``anchors``)."""
    out = [""]
    for part in parts:
        if isinstance(part, Hole):
            out.append("")
        else:
            out[-1] += part
    return out


def break_offset(text: str, breaks: int) -> int:
    """Offset just after the ``breaks``-th line break of ``text`` (clamped to the last one)."""
    pos = 0
    for _ in range(breaks):
        nl = text.find("\n", pos)
        if nl < 0:
            break
        pos = nl + 1
    return pos


# -- merge ----------------------------------------------------------------------


def fill(parts: Sequence[Part], translate, addenda: Addenda | None) -> tuple[str, list[str]]:
    """``extract.fill`` plus the addenda in place; notes say what could not be placed."""
    if not addenda or not addenda.entries:
        return extract.fill(parts, translate), []
    marks = anchors(parts)
    texts = gaps(parts)
    by_anchor: dict[Anchor, list[Entry]] = {}
    for entry in addenda.entries:
        by_anchor.setdefault(entry.anchor, []).append(entry)
    notes = [
        f"addendum after {a.label()}: that unit is no longer in the English article; not placed"
        for a in by_anchor
        if a not in set(marks)
    ]
    holes = iter(p for p in parts if isinstance(p, Hole))
    out: list[str] = []
    for i, (mark, gap) in enumerate(zip(marks, texts, strict=True)):
        here = by_anchor.get(mark, [])
        if i:
            hole = next(holes)
            own = [e.text for e in here if e.unit]
            out.append(
                extract.fill_hole(hole, own[0] if own else filling.translated(hole, translate), out)
            )
        placed, why = _place(gap, [e for e in here if not e.unit])
        out.append(placed)
        notes.extend(f"addendum after {mark.label()}: {w}" for w in why)
    return "".join(out), notes


def _place(gap: str, entries: list[Entry]) -> tuple[str, list[str]]:
    notes: list[str] = []
    inserts = [e for e in entries if e.inserts]
    for e in entries:
        if e.replaces:
            if e.english == gap:
                return e.text, notes + ["also has insertions; they were not placed"] * bool(inserts)
            notes.append("the English markup there changed since import; English markup kept")
    cuts = sorted(((break_offset(gap, e.breaks), n), e.text) for n, e in enumerate(inserts))
    out, pos = [], 0
    for (at, _), text in cuts:
        out.append(gap[pos:at] + text)
        pos = at
    out.append(gap[pos:])
    return "".join(out), notes


def with_front_matter(fm_text: str, addenda: Addenda | None) -> str:
    """The merged front matter plus the localized-only keys not already in it."""
    if not addenda or not addenda.front_matter:
        return fm_text
    present = set(re.findall(r"^([^\s#:][^:]*):", fm_text, re.MULTILINE))
    kept = [
        block
        for block in _key_blocks(addenda.front_matter)
        if block.split(":", 1)[0] not in present
    ]
    if not kept:
        return fm_text
    eol = "\r\n" if "\r\n" in fm_text else "\n"
    if fm_text and not fm_text.endswith("\n"):
        fm_text += eol
    return fm_text + "".join(b if b.endswith("\n") else b + eol for b in kept)


def _key_blocks(yaml_text: str) -> list[str]:
    """Top-level ``key: value`` lines with their indented continuation lines."""
    blocks: list[str] = []
    for line in yaml_text.splitlines(keepends=True):
        if blocks and (line[:1] in " \t-" or not line.strip()):
            blocks[-1] += line
        else:
            blocks.append(line)
    return blocks


# -- file format ----------------------------------------------------------------


def dumps(addenda: Addenda) -> str:
    """The addenda file text; deterministic, so a second import writes nothing."""
    out = [f"{_MARK}addenda for {addenda.source} -->\n{_NOTE}"]
    if addenda.front_matter:
        out.append(_section("front matter", addenda.front_matter))
    for e in addenda.entries:
        if e.unit:
            out.append(_section(f"translate {e.anchor.label()}", e.text))
        elif e.replaces:
            out.append(_section(f"replace after {e.anchor.label()}", e.english or ""))
            out.append(_section("with", e.text))
        else:
            out.append(_section(f"insert after {e.anchor.label()} +{e.breaks}", e.text))
    out.append(f"{_MARK}end -->\n")
    return "".join(out)


def _section(head: str, content: str) -> str:
    if any(line.startswith(_MARK) for line in content.split("\n")):
        raise PipelineError(f"cannot store text containing a {_MARK!r} line as an addendum")
    return f"{_MARK}{head} -->\n{content}\n"


def loads(text: str, path: str = "") -> Addenda:
    """Parse an addenda file; a broken marker is an error naming its line."""
    sections: list[tuple[re.Match[str], int, str]] = []
    head: tuple[re.Match[str], int] | None = None
    body: list[str] = []
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.startswith(_MARK):
            body.append(line)
            continue
        m = _LINE.match(line)
        if m is None:
            raise PipelineError(f"unreadable addenda marker {line[:60]!r}", path, lineno)
        if head is not None:
            sections.append((*head, "\n".join(body)))
        if m["word"] == "end":
            return _build(sections, path)
        head, body = (m, lineno), []
    raise PipelineError("addenda file does not end with the 'end' marker", path, lineno)


def _build(sections: list[tuple[re.Match[str], int, str]], path: str) -> Addenda:
    addenda = Addenda()
    pending: Entry | None = None
    for m, line, content in sections:
        word = m["word"] or ""
        if pending is not None and word != "with":
            raise PipelineError("'replace' without its 'with'", path, line)
        if word.startswith("addenda for "):
            addenda.source = word[len("addenda for ") :]
        elif word == "front matter":
            addenda.front_matter = content
        elif word == "with":
            if pending is None:
                raise PipelineError("'with' without a 'replace' before it", path, line)
            addenda.entries.append(Entry(pending.anchor, content, english=pending.text))
            pending = None
        elif m["op"] == "translate":
            addenda.entries.append(Entry(_anchor(m, path, line), content, unit=True))
        elif m["op"] == "insert":
            addenda.entries.append(Entry(_anchor(m, path, line), content, int(m["breaks"] or 0)))
        else:
            pending = Entry(_anchor(m, path, line), content)
    if pending is not None:
        raise PipelineError("'replace' without its 'with'", path, sections[-1][1])
    return addenda


def _anchor(m: re.Match[str], path: str, line: int) -> Anchor:
    if m["start"]:
        return Anchor()
    try:
        msgid = json.loads(m["msgid"])
    except ValueError:
        raise PipelineError("anchor msgid is not a JSON string", path, line) from None
    return Anchor(msgid, int(m["occ"]))
