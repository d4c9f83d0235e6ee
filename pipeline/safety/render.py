"""pipeline.safety.render: a skeleton filled with some translations, knowing where each went.

The review needs the filled text (to parse it as the site will) and, for each
hole, the byte range its text landed in (pulldown-cmark reports byte offsets), so
that it can tell when a translation escapes its block: a ``|`` that moves the
rest of a table row one cell to the right, a line that ends a paragraph.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pipeline.markdown.extract import fill_hole
from pipeline.model import Hole, Part


@dataclass(frozen=True)
class Rendered:
    text: str
    spans: tuple[tuple[int, int] | None, ...]
    """Per hole, in skeleton order: the UTF-8 byte range of its text without surrounding
    whitespace, or None when it holds only whitespace."""
    msgids: tuple[str, ...]
    """Per hole, its msgid."""


def render(parts: Sequence[Part], translations: Mapping[str, str]) -> Rendered:
    """``parts`` with each hole filled by its translation (its msgid when it has none)."""
    out: list[str] = []
    spans: list[tuple[int, int] | None] = []
    msgids: list[str] = []
    pos = 0
    for part in parts:
        if isinstance(part, Hole):
            text = fill_hole(part, translations.get(part.key, part.msgid), out)
            spans.append(_trimmed(text, pos))
            msgids.append(part.msgid)
        else:
            text = part
        out.append(text)
        pos += len(text) if text.isascii() else len(text.encode("utf-8"))
    return Rendered("".join(out), tuple(spans), tuple(msgids))


def _trimmed(text: str, pos: int) -> tuple[int, int] | None:
    core = text.strip()
    if not core:
        return None
    if text.isascii():  # one byte a character (isascii is a flag, not a scan)
        start = pos + len(text) - len(text.lstrip())
        return start, start + len(core)
    lead = len(text[: len(text) - len(text.lstrip())].encode("utf-8"))
    start = pos + lead
    return start, start + len(core.encode("utf-8"))


def homes(
    blocks: Sequence[tuple[int, int]], spans: Sequence[tuple[int, int] | None]
) -> tuple[int, ...]:
    """For each hole, the index of the innermost block holding all its text (-1: none).

    ``blocks`` are the byte ranges of an inventory's blocks, ``spans`` those of the holes.
    """
    ordered = sorted((start, -end, i) for i, (start, end) in enumerate(blocks) if end > start)
    starts = [s for s, _, _ in ordered]
    found = []
    for span in spans:
        if span is None:
            found.append(-1)
            continue
        a, b = span
        k = bisect_right(starts, a) - 1
        while k >= 0 and -ordered[k][1] < b:
            k -= 1
        found.append(ordered[k][2] if k >= 0 else -1)
    return tuple(found)
