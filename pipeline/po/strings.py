"""pipeline.po.strings: PO string escapes and gettext-style line wrapping.

Reading is strict: an escape GNU gettext would reject (``\\q``) is an error, not
a character silently kept or dropped. Wrapping imitates ``msgcat -w N`` (display
columns, breaks after spaces, between CJK characters, after ``-``/``/``/``.``
before anything but a digit; never before closing punctuation): when an entry of a catalog
that Poedit wrapped must be rewritten, it comes out the way Poedit would write it,
so the next save in Poedit does not rewrap it again.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_ESCAPES = {
    "\\": "\\\\",
    "\t": "\\t",
    "\r": "\\r",
    "\n": "\\n",
    "\v": "\\v",
    "\b": "\\b",
    "\f": "\\f",
    "\a": "\\a",
    '"': '\\"',
}
_ESCAPE_RE = re.compile(r'[\\\t\r\n\v\b\f\a"]')
_UNESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "v": "\v",
    "b": "\b",
    "f": "\f",
    "a": "\a",
    "\\": "\\",
    '"': '"',
}
_UNESCAPE_RE = re.compile(r"\\(?:([ntrvbfa\\\"])|([0-7]{1,3})|x([0-9A-Fa-f]+)|(.?))")


def escape(text: str) -> str:
    return _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group()], text)


needs_escape = _ESCAPE_RE.search
"""A match when ``escape`` would change the text (most strings: None, and a cheap test)."""


def unescape(text: str) -> str:
    """The string a quoted PO piece stands for; ValueError on an escape gettext rejects."""
    if "\\" not in text:
        return text
    return _UNESCAPE_RE.sub(_unescape_one, text)


def _unescape_one(m: re.Match) -> str:
    simple, octal, hexa, bad = m.groups()
    if simple is not None:
        return _UNESCAPES[simple]
    code = int(octal, 8) if octal is not None else int(hexa, 16) if hexa is not None else -1
    if code < 0:
        raise ValueError(f"invalid escape \\{bad}")
    if code == 0 or code > 0x10FFFF:
        raise ValueError(f"escape {m.group()} is not a character a PO file may hold")
    return chr(code)


# -- display width and break opportunities -------------------------------------

_NO_BREAK_BEFORE = frozenset(
    "，。、：；！？）」』】》〉〕］｝〗〙〛”’)]},.:;!?/-%…‥ー々〻ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
    "·・゛゜〜～"
)
_NO_BREAK_AFTER = frozenset("（「『【《〈〔［｛〖〘〚“‘([{")
_BEFORE_ESCAPE = frozenset(",.:;)]}")
_CLOSING = frozenset("，。、：；！？）」』】》〉〕］｝〗〙〛)]},.:;!?/")
"""No break before these even after a space (UAX #14 rule LB13)."""
_OPEN = frozenset("([{")
_AFTER_PUNCT = frozenset("-/.,:;?!")
"""Break after these, before anything but a digit (``L4-S1``, ``example.com``; not ``3.5``)."""
_DASHES = frozenset("—―")
_ZERO = frozenset("\u200d\ufe0f\ufe0e\u200b")


@lru_cache(maxsize=4096)
def char_width(ch: str) -> int:
    if ch in _ZERO or unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def width(text: str) -> int:
    return sum(1 if " " <= ch < "\x7f" else char_width(ch) for ch in text)


def _wide(ch: str) -> bool:
    return ch > "\u2e7f" and char_width(ch) == 2


def can_break(a: str, b: str, quoted: bool = False) -> bool:
    """May a line end between pieces ``a`` and ``b``? (UAX #14, reduced to PO text.)

    Like GNU gettext, opportunities are those of the escaped text: an escape (``\\"``)
    is never split and acts as a prefix (``\\`` is class PR), and ``\\"`` ends in a
    quote, after which no line may end. ``quoted``: ``a`` is a space that follows a
    quote (no break before an opening bracket then, rule LB15).
    """
    if len(b) > 1:
        return len(a) == 1 and (a == " " or a in _BEFORE_ESCAPE or _wide(a))
    if len(a) > 1 or b == " " or b in _ZERO or a == "\u200d":
        return False
    if b > "\x7f" and unicodedata.combining(b):
        return False
    if a == " ":
        return b not in _CLOSING and not (quoted and b in _OPEN)
    if b in _NO_BREAK_BEFORE or a in _NO_BREAK_AFTER or (a in _DASHES and b in _DASHES):
        return False
    if _wide(a) or _wide(b) or a in _DASHES or b in _DASHES:
        return True
    if b in _OPEN:
        return not a.isalnum()
    return a in _AFTER_PUNCT and not b.isdigit()


def wrap(text: str, limit: int) -> list[str]:
    """Escaped pieces of ``text`` (no line break inside), each at most ``limit`` columns
    where a break is possible; one piece when ``text`` has no break opportunity."""
    lines: list[str] = []
    line: list[str] = []
    used = 0
    last = -1  # index in ``line`` after which a break may come
    used_at_last = 0
    prev = ""
    quoted = False
    for ch in text:
        piece = _ESCAPES.get(ch, ch)
        w = len(piece) if piece is not ch else (1 if " " <= ch < "\x7f" else char_width(ch))
        if prev and can_break(prev, piece, quoted):
            last, used_at_last = len(line), used
        if used + w > limit and last > 0:
            lines.append("".join(line[:last]))
            line = line[last:]
            used -= used_at_last
            last = -1
        line.append(piece)
        used += w
        quoted = piece == '\\"' or (quoted and piece == " ")
        prev = piece
    lines.append("".join(line))
    return lines


def has_break(text: str) -> bool:
    pieces = [_ESCAPES.get(ch, ch) for ch in text]
    return any(can_break(a, b) for a, b in zip(pieces, pieces[1:], strict=False))
