"""pipeline.markdown.filling: put translations back into a body's skeleton.

The inverse of extraction: each hole receives its translation with every line break
written as the English wrote it (line ending and container prefix), and lines beyond
those the English had continue the same block.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.model import Hole, Part


def fill(parts: Sequence[Part], translate) -> str:
    """The body with each hole filled by ``translate(hole.key)`` (the inverse of extraction)."""
    out: list[str] = []
    append = out.append
    for part in parts:
        if isinstance(part, str):
            append(part)
            continue
        text = translate(part.msgid) if part.context is None else translated(part, translate)
        append(text if "\n" not in text else fill_hole(part, text, out))  # one line: as is
    return "".join(out)


def translated(hole: Hole, translate) -> str:
    """``translate(hole.key)``: the key is the msgid unless the hole has a ``msgctxt``
    (``model.text_key``); a translation that is the key itself means none (the English)."""
    if hole.context is None:
        return translate(hole.msgid)
    text = translate(hole.key)
    return hole.msgid if text == hole.key else text


def fill_hole(hole: Hole, text: str, before: Sequence[str] = ()) -> str:
    """Put a translation in the hole, each line break as the source wrote it.

    ``before`` is the output so far; lines beyond those the source had continue as
    its last line implies (``- `` becomes two spaces, ``> `` stays).
    """
    if hole.single_line and "\n" in text:
        text = " ".join(line.strip() for line in text.split("\n"))
    if "\n" not in text:
        return text
    lines = text.split("\n")
    out = [lines[0]]
    extra = hole.breaks[-1] if hole.breaks else None
    for i, line in enumerate(lines[1:]):
        if i < len(hole.breaks):
            out.append(hole.breaks[i] + line)
            continue
        if extra is None:
            head = _last_line(before)
            extra = ("\r\n" if _ends_crlf(before) else "\n") + continuation(head)
        out.append(extra + line)
    return "".join(out)


def _ends_crlf(parts: Sequence[str]) -> bool:
    for piece in reversed(parts):
        if "\n" in piece:
            return piece[: piece.rfind("\n")].endswith("\r")
    return False


_CONTAINER_HEAD = re.compile(r"[ \t>]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?)?")


def continuation(head: str) -> str:
    """The prefix that continues a line starting with ``head`` in the same block."""
    if _CONTAINER_HEAD.fullmatch(head):
        return re.sub(r"[^ \t>]", " ", head)
    return head[: len(head) - len(head.lstrip(" \t"))]


def _last_line(parts: Sequence[str]) -> str:
    tail: list[str] = []
    for piece in reversed(parts):
        cut = piece.rfind("\n")
        if cut >= 0:
            tail.append(piece[cut + 1 :])
            break
        tail.append(piece)
    return "".join(reversed(tail))
