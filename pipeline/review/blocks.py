"""pipeline.review.blocks: cut an article's body into blocks a reviewer reads side by side.

Pure. The body arrives as gaps (verbatim markup) and slots (units); the English
text is parsed once with markdown-it-py and cut where each top-level block
starts, and where each item of a top-level list starts, so that one row of the
page holds one paragraph, heading, list item, table or code block. The English
and the translation of a row come from the same gaps and slots, which is what
keeps them aligned whatever the translation's length.

A cut always falls at the start of a line inside a gap. The translated side of
a gap can differ from the English (addenda inserted by ``import``); it is cut
at the same line counted from the gap's end, so Chinese-only text inserted
before a block stays with the row above it, and the next block's own markers
(``## ``, ``- ``) stay with their block.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pipeline.review.model import Gap, Piece, Slot

Fill = Callable[[Slot, str, list[str]], str]
_LISTS = frozenset({"bullet_list_open", "ordered_list_open"})


@dataclass(frozen=True, slots=True)
class Block:
    """One row: its pieces, and the units it holds in order (duplicates once)."""

    pieces: tuple[Piece, ...]

    @property
    def msgids(self) -> tuple[str, ...]:
        """The keys (``Slot.key``) of its units."""
        return tuple(dict.fromkeys(p.key for p in self.pieces if isinstance(p, Slot)))

    def text(self, fill: Fill, translate: Callable[[Slot], str] | None = None) -> str:
        """The block's Markdown: English (``translate`` None) or with each slot's translation."""
        out: list[str] = []
        for p in self.pieces:
            if isinstance(p, Gap):
                out.append(p.english if translate is None else p.translation)
            else:
                out.append(fill(p, p.msgid if translate is None else translate(p), out))
        return "".join(out)


def english(pieces: Sequence[Piece], fill: Fill) -> str:
    return Block(tuple(pieces)).text(fill)


def split(pieces: Sequence[Piece], fill: Fill, parser) -> list[Block]:
    """The body's rows; ``parser`` is a markdown-it-py ``MarkdownIt`` (CommonMark + tables)."""
    text = english(pieces, fill)
    cuts = _cuts(text, parser)
    blocks: list[list[Piece]] = [[]]
    pos = 0
    for piece in pieces:
        size = len(fill(piece, piece.msgid, []) if isinstance(piece, Slot) else piece.english)
        if isinstance(piece, Slot):
            blocks[-1].append(piece)
        else:
            inside = [c - pos for c in cuts if pos <= c <= pos + size]
            parts = split_gap(piece, inside)
            blocks[-1].append(parts[0])
            for part in parts[1:]:
                blocks.append([part])
        pos += size
    return [Block(tuple(b)) for b in blocks if not _blank(b)]


def _cuts(text: str, parser) -> list[int]:
    """Offsets where rows start: top-level blocks, and the items of top-level lists."""
    starts = [0, *_ends(text)]
    lines: set[int] = set()
    tokens = parser.parse(text)
    for i, tok in enumerate(tokens):
        if tok.level != 0 or tok.map is None or tok.nesting == -1:
            continue
        if tok.type in _LISTS:
            lines.update(_items(tokens, i))
        else:
            lines.add(tok.map[0])
    return sorted(starts[n] for n in lines if 0 < n < len(starts))


def _items(tokens, first: int) -> list[int]:
    """Start lines of the items of the list opened at ``tokens[first]``."""
    out = []
    for tok in tokens[first + 1 :]:
        if tok.level == 0:
            break
        if tok.type == "list_item_open" and tok.level == 1 and tok.map is not None:
            out.append(tok.map[0])
    return out


def split_gap(gap: Gap, cuts: list[int]) -> list[Gap]:
    """A gap cut at English offsets (each just after a line break, or 0)."""
    cuts = sorted(set(c for c in cuts if 0 <= c <= len(gap.english)))
    if not cuts:
        return [gap]
    en = [gap.english[a:b] for a, b in zip([0, *cuts], [*cuts, len(gap.english)], strict=True)]
    at = [_same_line(gap.translation, gap.english[c:].count("\n")) for c in cuts]
    at = [min(a, b) for a, b in zip(at, [*at[1:], len(gap.translation)], strict=True)]
    tr = [gap.translation[a:b] for a, b in zip([0, *at], [*at, len(gap.translation)], strict=True)]
    return [Gap(e, t) for e, t in zip(en, tr, strict=True)]


def _same_line(text: str, newlines: int) -> int:
    """Offset of the line start with ``newlines`` line breaks after it (0 if none)."""
    ends = _ends(text)
    index = len(ends) - 1 - newlines
    return ends[index] if index >= 0 else 0


def _blank(pieces: list[Piece]) -> bool:
    return all(
        isinstance(p, Gap) and not (p.english.strip() or p.translation.strip()) for p in pieces
    )


def _ends(text: str) -> list[int]:
    """Offsets just after each line break."""
    return [m.end() for m in re.finditer("\n", text)]
