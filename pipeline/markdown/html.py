"""pipeline.html: the translatable pieces of a raw HTML block.

Element text (with inline tags such as ``<b>``, ``<a>`` or ``<img>`` kept inside it, as a
translator reads a sentence) and the attributes people read (``alt``,
``title``, ``placeholder``, ``aria-label``, and those a site names for its components,
such as ``label`` of ``TabItem``). Tags, ids, classes, styles, handlers, scripts and
comments stay in the skeleton.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from pipeline.model import Kind, Role

_TAG = re.compile(
    rb"<!--.*?-->|<![^>]*>|<\?.*?\?>|</?[A-Za-z][^\s/>]*(?:\"[^\"]*\"|'[^']*'|[^'\">])*>", re.DOTALL
)
_TAG_NAME = re.compile(rb"</?([A-Za-z][A-Za-z0-9-]*)")
_READ_ATTRS = (b"alt", b"title", b"placeholder", b"aria-label")
_ATTR = re.compile(rb"""\s([A-Za-z_:][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_INLINE = frozenset(
    b"a abbr b bdi bdo br cite code em i img kbd mark q s samp small span strong sub "
    b"sup time u var wbr".split()
)
_RAW_TEXT = frozenset({b"script", b"style", b"textarea", b"pre"})
_WORD = re.compile(r"[^\W\d_]")
_NO_EXTRA: Mapping[bytes, frozenset[bytes]] = {}


@dataclass(frozen=True, slots=True)
class Piece:
    start: int
    end: int
    kind: Kind


def pieces(
    raw: bytes, start: int, end: int, extra: Mapping[bytes, frozenset[bytes]] = _NO_EXTRA
) -> list[Piece]:
    """Translatable pieces of ``raw[start:end]``, in order, as byte ranges.

    ``extra`` names more readable attributes per (lower-case) tag name.
    """
    found: list[Piece] = []
    run: list[re.Match[bytes]] = []  # inline tags of the current run of text
    run_start: int | None = None
    run_end = start
    pos = start
    skip_until: bytes | None = None
    for m in _TAG.finditer(raw, start, end):
        name = _name(m.group())
        if skip_until is not None:
            if m.group().lower().startswith(b"</" + skip_until):
                skip_until = None
            pos = m.end()
            continue
        if m.start() > pos and run_start is None:
            run_start = pos
        if name in _INLINE and not m.group().startswith(b"<!"):
            if run_start is None:
                run_start = m.start()
            run.append(m)
            run_end = m.end()
            pos = m.end()
            continue
        if run_start is not None:
            _add_run(found, raw, run_start, max(run_end, m.start()), run, extra)
            run_start, run = None, []
        _add_attrs(found, raw, m, extra)
        if name in _RAW_TEXT and not m.group().startswith(b"</"):
            skip_until = name
        pos = run_end = m.end()
    if skip_until is None:
        if run_start is None and pos < end:
            run_start = pos
        if run_start is not None:
            _add_run(found, raw, run_start, end, run, extra)
    return sorted(found, key=lambda p: p.start)


def _name(tag: bytes) -> bytes:
    m = _TAG_NAME.match(tag)
    return m.group(1).lower() if m else b""


def _add_run(found, raw: bytes, start: int, end: int, tags, extra) -> None:
    """Text with its inline tags is one piece; inline tags without text around them
    (an ``<img>`` alone) give their readable attributes instead."""
    chunk = raw[start:end]
    stripped = chunk.strip()
    words = _TAG.sub(b" ", stripped).decode("utf-8", "replace")
    if not stripped:
        return
    if not _WORD.search(words):
        for tag in tags:
            _add_attrs(found, raw, tag, extra)
        return
    lead = len(chunk) - len(chunk.lstrip())
    found.append(Piece(start + lead, start + lead + len(stripped), Kind(Role.HTML_TEXT)))


def _add_attrs(found: list[Piece], raw: bytes, tag: re.Match[bytes], extra) -> None:
    readable = _READ_ATTRS + tuple(extra.get(_name(tag.group()), ()))
    for a in _ATTR.finditer(tag.group()):
        attr = a.group(1).lower()
        if attr not in readable:
            continue
        group = 2 if a.group(2) is not None else 3
        value = a.group(group)
        if value.strip() and _WORD.search(value.decode("utf-8", "replace")):
            base = tag.start()
            found.append(
                Piece(
                    base + a.start(group),
                    base + a.end(group),
                    Kind(Role.HTML_ATTRIBUTE, attr.decode()),
                )
            )
