"""pipeline.qa.placeables: shortcodes, components, ids, labels and entities survive translation.

A Hugo site breaks when a translation drops ``{{< /tabpane >}}`` or translates
``{{% /alert %}}`` into ``{{% /警报 %}}``; an MDX page fails to build when ``</CodeStep>``
goes missing; a reference link dies when its label ``[install guide]`` is translated.
The English and the translation are scanned with the one scanner extraction uses
(``markdown.placeables``), using what the unit's ``#.`` note says (which parameters are
prose, which brackets are link labels), and compared: the same placeables, each exactly
(translatable parameter values aside), and paired ones nesting the same way. Merge calls
``broken`` on every translation, so a breakage is never published even without CI.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from functools import lru_cache

from pipeline.markdown import segments
from pipeline.markdown.placeables import Placeable, Syntax, scan, signature
from pipeline.model import Kind, Problem, Role, Unit
from pipeline.po.model import Entry
from pipeline.qa.subject import ERROR, Subject, _problem

_QUOTES = ('"', "'", "`", "\\")


def placeables(s: Subject) -> Iterator[Problem]:
    """Every placeable of the English is in the translation, unchanged and nested the same
    way, and none is added (error)."""
    for message in broken(s.msgid, s.msgstr, s.kind, s.comment):
        yield _problem("placeables", ERROR, message)


def broken(msgid: str, msgstr: str, kind: Kind, note: str = "") -> list[str]:
    """What the translation broke, one message each (empty: nothing). A translation that
    is the English breaks nothing: both sides scan alike and no quote is added."""
    if msgstr == msgid:
        return []
    return list(_broken(msgid, msgstr, kind, note))


@lru_cache(maxsize=8192)
def _broken(msgid: str, msgstr: str, kind: Kind, note: str) -> tuple[str, ...]:
    """``broken``, kept per run: a pure function of its arguments, asked by QA and again
    by merge's ``withheld`` for the same entry, and again for an entry repeated across
    articles."""
    return tuple(_scan_broken(msgid, msgstr, kind, note))


def _scan_broken(msgid: str, msgstr: str, kind: Kind, note: str) -> list[str]:
    if not msgstr or kind.is_front_matter:
        return []
    if kind.role in (Role.PARAMETER, Role.LINK_TITLE):
        added = [q for q in _QUOTES if q in msgstr and q not in msgid]
        if added:
            return [f"{' '.join(added)} would end the quoted value early: use “” instead"]
        return []
    if kind.role is Role.HTML_ATTRIBUTE:
        return []  # markup-injection guards attribute values
    params, labels = segments.read_note(note)
    syntax = Syntax(params, mdx=True, labels=labels)
    src, dst = scan(msgid, syntax), scan(msgstr, syntax)
    if kind.is_code:  # Hugo expands shortcodes even in code; nothing else is special there
        src = [p for p in src if p.kind == "shortcode"]
        dst = [p for p in dst if p.kind == "shortcode"]
    return _compare(msgid, src, msgstr, dst)


def _compare(msgid: str, src: list[Placeable], msgstr: str, dst: list[Placeable]) -> list[str]:
    if not src and not dst:
        return []  # most texts: nothing to keep, nothing added
    want = Counter(signature(msgid, p) for p in src)
    got = Counter(signature(msgstr, p) for p in dst)
    shown = {signature(msgid, p): msgid[p.start : p.end] for p in src}
    shown_dst = {signature(msgstr, p): msgstr[p.start : p.end] for p in dst}
    out = [f"{shown[k]} is missing or changed: keep it exactly" for k in want - got]
    out += [f"{shown_dst[k]} is not in the English" for k in got - want]
    if out:
        return out
    a = Counter(nesting(msgid, src))
    b = Counter(nesting(msgstr, dst))
    for sig, around in b - a:
        where = f"inside {' and '.join(around)}" if around else "outside every pair"
        out.append(f"{sig} moved: in the English it is not {where}")
    return out


def nesting(text: str, found: list[Placeable]) -> list[tuple[str, tuple[str, ...]]]:
    """Each placeable's signature with the signatures of the pairs that enclose it.

    An opening placeable encloses what lies between it and its matching close; one
    without a close in the same text encloses nothing (its close is elsewhere).
    """
    sig = [signature(text, p) for p in found]
    closes: dict[int, int] = {}
    stack: list[int] = []
    for i, p in enumerate(found):
        if p.role == "open":
            stack.append(i)
        elif p.role == "close":
            for depth in range(len(stack) - 1, -1, -1):
                opener = found[stack[depth]]
                if opener.kind == p.kind and (opener.name == p.name or p.kind == "admonition"):
                    closes[stack[depth]] = i
                    del stack[depth:]
                    break
    out = []
    for i, _ in enumerate(found):
        around = tuple(sig[o] for o, c in closes.items() if o < i < c)
        out.append((sig[i], around))
    return out


def withheld(units: list[Unit], entries: Mapping[str, Entry]) -> dict[str, str]:
    """Translations merge must not publish because they break a placeable (msgid -> why)."""
    found: dict[str, str] = {}
    for unit in units:
        entry = entries.get(unit.key)
        if entry is None or not entry.msgstr or unit.key in found:
            continue
        problems = broken(unit.msgid, entry.msgstr, unit.kind, unit.note)
        if problems:
            found[unit.key] = "placeables: " + problems[0]
    return found
