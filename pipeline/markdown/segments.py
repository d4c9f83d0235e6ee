"""pipeline.markdown.segments: cut a run of inline text around its placeables.

Why: a Hugo or MDX page interleaves prose with syntax the translator must not touch.
Lines that hold only placeables (``{{< tabpane >}}``, ``:::note``, ``import …``) stay in
the skeleton and split the run into separate units; a heading's trailing id
(``{#install}``, ``{/* #install */}``) stays in the skeleton too, so it cannot be lost.
Placeables inside a sentence stay verbatim in the msgid, listed in the unit's ``#.`` note
so the translator and the ``placeables`` check know what must survive. Translatable
parameters of skeleton placeables (``title=`` of ``alert``, an admonition's title)
become units of their own.

Pure: offsets in, offsets out. Everything here works on the run's text (``str``);
the walker maps the offsets back to bytes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from pipeline.markdown.placeables import Placeable, describe

_ONLY_PREFIX = re.compile(r"[ \t>\r]*")
_LETTER = re.compile(r"[^\W\d_]")
_TRAILING_ID = frozenset({"attributes", "comment"})


class Piece(NamedTuple):
    """A unit (``param`` empty) or a translatable parameter, as a range of the run text."""

    start: int
    end: int
    note: str = ""
    param: str = ""
    """For a parameter: ``alert title``, ``TabItem label``, ``:::note title``."""


def cut(
    text: str,
    found: Sequence[Placeable],
    anchors: Sequence[tuple[int, int]],
    spans: Sequence[tuple[int, int]],
    heading: bool = False,
) -> list[Piece]:
    """The pieces of ``text`` to translate, in order.

    ``anchors`` are where text may start and end (the run's leaves and inline
    containers); ``spans`` are the inline containers, which a split must not cross.
    """
    groups = _groups(text, found)
    pieces: list[Piece] = []
    seg: list[tuple[int, int, list[Placeable]]] = []
    for a, b, inside, only in groups:
        if only and not any(s < a and e > b for s, e in spans):
            pieces += _segment(text, seg, anchors, heading)
            seg = []
            pieces += _params(text, inside)
        else:
            seg.append((a, b, inside))
    pieces += _segment(text, seg, anchors, heading)
    return sorted(pieces)


def _groups(text: str, found: Sequence[Placeable]) -> list[tuple[int, int, list[Placeable], bool]]:
    """Lines (joined where a placeable spans a line break), each with its placeables and
    whether it holds nothing else."""
    out = []
    start = 0
    k = 0
    while start <= len(text):
        nl = text.find("\n", start)
        while nl >= 0 and k < len(found) and found[k].start < nl:
            if found[k].end > nl:  # the placeable spans the break: extend the line
                nl = text.find("\n", found[k].end)
            else:
                k += 1
        end = len(text) if nl < 0 else nl
        inside = [p for p in found if start <= p.start < end]
        only = (
            any(p.kind != "label" for p in inside)  # a reference link is part of a sentence
            and _ONLY_PREFIX.fullmatch(_without(text, start, end, inside)) is not None
        )
        out.append((start, end, inside, only))
        if nl < 0:
            break
        start = nl + 1
    return out


def _without(text: str, start: int, end: int, inside: Sequence[Placeable]) -> str:
    out, cursor = [], start
    for p in inside:
        out.append(text[cursor : p.start])
        cursor = p.end
    out.append(text[cursor:end])
    return "".join(out)


def _segment(
    text: str, seg: list[tuple[int, int, list[Placeable]]], anchors, heading: bool
) -> list[Piece]:
    if not seg:
        return []
    a, b = seg[0][0], seg[-1][1]
    inside = [p for _, _, ps in seg for p in ps]
    starts = [s for s, e in anchors if a <= s < b]
    ends = [e for s, e in anchors if a < e <= b]
    if not starts or not ends:
        return _params(text, inside)
    start, end = min(starts), max(ends)
    if heading:
        end = _before_trailing_id(text, start, end, inside)
    while end > start and text[end - 1] in " \t\r\n":
        end -= 1
    start, end = _unwrapped(text, start, end, inside)
    kept = [p for p in inside if start <= p.start and p.end <= end]
    prose = _without(text, start, end, kept)
    if not _LETTER.search(prose):
        return _params(text, inside)
    outside = [p for p in inside if p not in kept]
    return [Piece(start, end, note(text, kept))] + _params(text, outside)


def _unwrapped(text: str, start: int, end: int, inside: Sequence[Placeable]) -> tuple[int, int]:
    """Skeleton what frames the whole text: ``{{% alert %}}…{{% /alert %}}`` on one line,
    and the ``[^1]:`` of a footnote definition."""
    while True:
        kept = [p for p in inside if start <= p.start and p.end <= end]
        if not kept or kept[0].start != start:
            return start, end
        first = kept[0]
        if first.kind == "footnote" and text.startswith(":", first.end):
            start = _skip_blanks(text, first.end + 1, end)
            continue
        close = _closing(kept)
        if first.role != "open" or close is None or close.end != end:
            return start, end
        new_start, new_end = _skip_blanks(text, first.end, end), close.start
        while new_end > new_start and text[new_end - 1] in " \t":
            new_end -= 1
        if "\n" in text[first.end : new_start] or "\n" in text[new_end : close.start]:
            return start, end
        start, end = new_start, new_end


def _skip_blanks(text: str, i: int, end: int) -> int:
    while i < end and text[i] in " \t":
        i += 1
    return i


def _closing(found: Sequence[Placeable]) -> Placeable | None:
    """The placeable that closes ``found[0]``, matched like nested brackets."""
    depth = 0
    head = found[0]
    for p in found:
        if p.kind != head.kind or p.name != head.name:
            continue
        depth += 1 if p.role == "open" else -1 if p.role == "close" else 0
        if depth == 0:
            return p
    return None


def _before_trailing_id(text: str, start: int, end: int, inside: Sequence[Placeable]) -> int:
    """A heading's trailing ``{#id}`` or ``{/* #id */}`` stays in the skeleton."""
    for p in reversed(inside):
        if p.end <= end and not text[p.end : end].strip() and p.kind in _TRAILING_ID:
            end = p.start
            while end > start and text[end - 1] in " \t":
                end -= 1
        else:
            break
    return end


def _params(text: str, found: Sequence[Placeable]) -> list[Piece]:
    out = []
    for p in found:
        owner = f":::{p.name}" if p.kind == "admonition" else p.name
        for prm in p.params:
            if _LETTER.search(text[prm.start : prm.end]):
                out.append(Piece(prm.start, prm.end, "", f"{owner} {prm.name}"))
    return out


def note(text: str, found: Sequence[Placeable]) -> str:
    """The ``#.`` lines that tell the translator (and the check) what the text holds.

    ``placeables:`` names each one; ``translatable:`` the parameters inside them that
    are prose; ``link labels:`` the reference labels, which are keys, not text.
    """
    if not found:
        return ""
    names = list(dict.fromkeys(describe(text, p) for p in found if p.kind != "label"))
    params = list(
        dict.fromkeys(f"{p.name} {prm.name}" for p in found for prm in p.params if p.name)
    )
    labels = list(dict.fromkeys(text[p.start : p.end] for p in found if p.kind == "label"))
    lines = []
    if names:
        lines.append("placeables: " + ", ".join(names))
    if params:
        lines.append("translatable: " + ", ".join(params))
    if labels:
        lines.append("link labels: " + ", ".join(labels))
    return "\n".join(lines)


_NOTE_LINE = re.compile(r"^(translatable|link labels): (.*)$", re.MULTILINE)
_NOTE_LABEL = re.compile(r"\[((?:[^\]\\]|\\.)+)\]")


def read_note(comment: str) -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    """The translatable parameters and link labels a ``#.`` note names (see ``note``)."""
    params: dict[str, set[str]] = {}
    labels: set[str] = set()
    for m in _NOTE_LINE.finditer(comment or ""):
        if m.group(1) == "translatable":
            for item in m.group(2).split(", "):
                name, _, param = item.rpartition(" ")
                params.setdefault(name, set()).add(param)
        else:
            labels.update(" ".join(x.split()).casefold() for x in _NOTE_LABEL.findall(m.group(2)))
    return {k: frozenset(v) for k, v in params.items()}, frozenset(labels)
