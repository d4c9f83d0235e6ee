"""pipeline.safety.text: what a reader cannot see in a translation's text.

Bidirectional controls reorder what is displayed (``400`` can show as ``004``),
zero-width characters split a number so that checks and search miss it, control
characters break the files and feeds that carry the text, and an opened HTML
comment hides whatever follows. Bare URLs are found here too, because sites that
autolink (GFM) turn them into links.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_FORMAT = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f"
)
"""Unicode's format characters (category Cf): invisible, some reorder text (bidi)."""
_SEPARATORS = frozenset("\u2028\u2029")
_YAML_BREAKS = frozenset("\r\x85\u2028\u2029")
_INVISIBLE = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029" + _FORMAT + "]"
_SUSPECT = re.compile(_INVISIBLE + "|<!--")
_CHARS = re.compile(_INVISIBLE)
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
"""Unicode's Cc category (C0, DEL, C1) but tab and line feed, and the line separators."""
_ENTITY = re.compile(r"&[#A-Za-z]")
_BARE_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'()\[\]{}\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]+"
)
_URL_TAIL = ".,;:!?*_~"


def maybe_hidden(text: str) -> bool:
    """A cheap first look: most text holds nothing ``hidden`` would report.

    Also true for a Markdown source with entities (``&#8203;`` is decoded by the parser).
    """
    return "<!--" in text or _CHARS.search(text) is not None or _ENTITY.search(text) is not None


def hidden(text: str) -> Iterator[str]:
    """A description of each hidden thing in ``text`` (one per occurrence)."""
    for m in _SUSPECT.finditer(text):
        ch = m.group()
        if ch == "<!--":
            yield "an opened HTML comment (<!--) hides the text after it"
        elif ch in _BIDI:
            yield f"bidirectional control {_code(ch)} can reorder what is displayed"
        elif ch not in _SEPARATORS and not ch.isspace() and ord(ch) > 0x9F:  # a format char
            if _next_to_digit(text, m.start()):
                yield f"invisible character {_code(ch)} inside or next to a number"
        else:
            yield f"control character {_code(ch)}"


def has_controls(text: str) -> bool:
    """Whether ``controls`` finds anything (one search, nothing built)."""
    return _CONTROLS.search(text) is not None


def controls(text: str) -> Iterator[str]:
    """Control characters and line separators in a value that is not Markdown (front matter).

    Tabs and line feeds are allowed (block scalars have them); CR, NEL (U+0085),
    U+2028 and U+2029 are YAML line breaks and everything else is invisible.
    """
    for m in _CONTROLS.finditer(text):
        ch = m.group()
        kind = "line break" if ch in _YAML_BREAKS else "control character"
        yield f"{kind} {_code(ch)}, invisible to a reader"


def bare_urls(text: str) -> list[str]:
    """``https://…`` and ``www.…`` in running text, as an autolinking site would link them."""
    return [m.group().rstrip(_URL_TAIL) for m in _BARE_URL.finditer(text)]


def _next_to_digit(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    return before.isdigit() or after.isdigit()


def _code(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def visible(text: str) -> str:
    """``text`` with every character a terminal or log would not show as itself escaped.

    Messages quote translations; a line break or an escape sequence in one must not
    start a new line (a forged CI annotation) or recolour a terminal.
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else _escape(ch) for ch in text)


def _escape(ch: str) -> str:
    code = ord(ch)
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else f"\\U{code:08x}"
    )


_MARKUP = frozenset("<>[]&`\\|~\"'\n\r\t")
_LINE_START = frozenset("#-+*=>_0123456789 ")


def plain(text: str) -> bool:
    """No character a Markdown or HTML parser could read as markup, wherever it lands.

    Two such texts have the same inventory in any context, so the review may skip
    parsing them; it is a speed-up only, and ``context.bisect`` confirms with a parse.
    """
    return (
        bool(text)
        and text[0] not in _LINE_START
        and _MARKUP.isdisjoint(text)
        and "://" not in text
        and "www." not in text
        and not maybe_hidden(text)
    )
