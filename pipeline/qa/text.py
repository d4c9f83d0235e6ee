"""pipeline.qa.text: emoji, citations, length, untranslated text, whitespace, punctuation
and front-matter limits."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from pipeline.locales import scripts
from pipeline.model import Problem, Role
from pipeline.qa.numbers import _CITATION_RE
from pipeline.qa.subject import ERROR, WARNING, Subject, _problem

# --------------------------------------------------------------------------- emoji, citations

_ZWJ, _VS16, _KEYCAP = "\u200d", "\ufe0f", "\u20e3"


def _is_emoji_base(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x1F000 <= cp <= 0x1FAFF
        or 0x2600 <= cp <= 0x27BF
        or 0x2B00 <= cp <= 0x2BFF
        or 0x2300 <= cp <= 0x23FF
    )


def _is_modifier(ch: str) -> bool:
    cp = ord(ch)
    return ch in (_VS16, _KEYCAP) or 0x1F3FB <= cp <= 0x1F3FF or 0xE0020 <= cp <= 0xE007F


_EMOJI_START = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff]|[0-9#*](?=\ufe0f?\u20e3)"
)
"""Where a cluster can start (``_is_emoji_base`` or a keycap): most texts have none."""


def emoji_clusters(text: str) -> list[str]:
    """Emoji as a reader sees them: ZWJ sequences, flags, skin tones, keycaps; FE0F dropped."""
    out: list[str] = []
    start = _EMOJI_START.search(text)
    if start is None:
        return out
    i, n = start.start(), len(text)
    while i < n:
        ch = text[i]
        keycap = ch in "0123456789#*" and text[i + 1 : i + 3].replace(_VS16, "")[:1] == _KEYCAP
        if not (_is_emoji_base(ch) or keycap):
            i += 1
            continue
        j = i + 1
        if 0x1F1E6 <= ord(ch) <= 0x1F1FF and j < n and 0x1F1E6 <= ord(text[j]) <= 0x1F1FF:
            j += 1  # flag: a pair of regional indicators
        while j < n:
            if _is_modifier(text[j]):
                j += 1
            elif text[j] == _ZWJ and j + 1 < n and _is_emoji_base(text[j + 1]):
                j += 2
            else:
                break
        out.append(text[i:j].replace(_VS16, ""))
        i = j
    return out


def emoji(s: Subject) -> Iterator[Problem]:
    """Emoji and ZWJ sequences are kept whole (warning).

    A split ZWJ sequence renders as several pictures; a dropped emoji usually marks a
    dropped list label (✅ do, ❌ don't). Not a safety issue, so it does not block. In a
    heading an emoji is an icon a translator may add or drop, and one added to a table
    cell decorates a column label: neither is reported (a dropped ✅ in a cell is).
    """
    if s.kind.role is Role.HEADING:
        return
    src, dst = emoji_clusters(s.msgid), emoji_clusters(s.msgstr)
    if not src and not dst:
        return
    want, got = Counter(src), Counter(dst)
    missing, extra = want - got, got - want
    for e in list(missing):
        parts = Counter(e.split(_ZWJ))
        if len(parts) > 1 and not parts - extra:
            extra -= parts
            del missing[e]
            yield _problem(
                "emoji", WARNING, f"emoji {e} is split into {' '.join(parts.elements())}"
            )
    for e in missing:
        yield _problem("emoji", WARNING, f"emoji {e} is missing or changed")
    for e in extra if s.kind.role is not Role.TABLE_CELL else ():
        yield _problem("emoji", WARNING, f"emoji {e} is not in the English")


def citations(s: Subject) -> Iterator[Problem]:
    """Superscript (``¹²``) and bracket (``[16]``) citation markers are kept (error).

    They tie a medical claim to its source; a dropped or renumbered marker silently
    detaches the evidence.
    """
    src, dst = _CITATION_RE.findall(s.src.plain), _CITATION_RE.findall(s.dst.plain)
    if not src and not dst:
        return
    want, got = Counter(src), Counter(dst)
    for c in want - got:
        yield _problem("citations", ERROR, f"citation {c} is missing or changed")
    for c in got - want:
        yield _problem("citations", ERROR, f"citation {c} is not in the English")


# --------------------------------------------------------------------------- text sanity

_WORD_RE = re.compile(r"[A-Za-z]+(?:['’\-][A-Za-z]+)*")


def _words(text: str) -> int:
    return len(_WORD_RE.findall(text))


_BOUNDS = ((20, 0.32, 2.33), (40, 0.465, 1.92), (None, 0.58, 1.63))
"""(fewer source words than, low, high) as multiples of the locale's expected ratio: wide
for short units, where one idiom or a kept Latin name swings the ratio. Calibrated on the
site's Chinese (1.72 characters per English word: 0.55-4.0, 0.8-3.3, 1.0-2.8)."""


def _ratio_bounds(words: int, expected: float) -> tuple[float, float]:
    for below, low, high in _BOUNDS:
        if below is None or words < below:
            return low * expected, high * expected
    raise AssertionError("unreachable")  # pragma: no cover


def length_ratio(s: Subject) -> Iterator[Problem]:
    """A sentence-length unit whose translation is far shorter or longer than expected (warning).

    The expectation is the locale's ``length_ratio``: characters per source word for
    languages measured in characters (Chinese about 1.72 on parallel pairs), words per
    word otherwise. Far below means truncated or left untranslated, far above means
    something was added or merged. Only for units of 8 source words or more; in a
    character-counted translation, Latin words kept (names, abbreviations) count as one
    word each on both sides.
    """
    expected = s.locale.settings.length_ratio
    if s.is_code or expected <= 0:
        return
    words = _words(s.src.plain)
    if words < 8:
        return
    script = s.locale.char_script
    if script:
        kept = _words(s.dst.plain)
        measured, unit = scripts.count_chars(s.dst.plain, script), "characters"
    else:
        kept, unit = 0, "words"
        measured = scripts.count_words(s.dst.plain)
    basis = words - kept
    if basis < 8:
        return  # mostly Latin kept (titles, names): too little translated text to judge
    ratio = measured / basis
    low, high = _ratio_bounds(basis, expected)
    if ratio < low:
        yield _problem(
            "length-ratio",
            WARNING,
            f"translation looks short: {measured} {unit} for {words} source words (truncated?)",
        )
    elif ratio > high:
        yield _problem(
            "length-ratio",
            WARNING,
            f"translation looks long: {measured} {unit} for {words} source words "
            "(added or merged text?)",
        )


_HARD_BREAK_RE = re.compile(r"(?: {2,}|\\)\n|<br\s*/?>", re.I)


def whitespace(s: Subject) -> Iterator[Problem]:
    """Leading/trailing whitespace, final newline and hard line breaks match (warning).

    Merge puts the msgstr where the msgid was: a missing trailing newline or two-space
    hard break changes the layout. Breaks replaced by the locale's list separator
    (``；``) are a deliberate join, not reported.
    """

    def lead(t: str) -> str:
        return t[: len(t) - len(t.lstrip())]

    def trail(t: str) -> str:
        return t[len(t.rstrip()) :]

    if lead(s.msgid) != lead(s.msgstr):
        yield _problem("whitespace", WARNING, "leading whitespace differs from the English")
    if trail(s.msgid) != trail(s.msgstr):
        what = "newline" if "\n" in trail(s.msgid) + trail(s.msgstr) else "whitespace"
        yield _problem("whitespace", WARNING, f"trailing {what} differs from the English")
    a, b = len(_HARD_BREAK_RE.findall(s.msgid)), len(_HARD_BREAK_RE.findall(s.msgstr))
    if a != b and not s.is_code and not _joined(s, a - b):
        yield _problem(
            "whitespace", WARNING, f"{b} hard line break(s) in the translation, {a} in the English"
        )


def _joined(s: Subject, lost: int) -> bool:
    """The translation replaced ``lost`` line breaks by the locale's list separator: the
    site's translators write ``；`` for a ``<br>`` in a table cell, as Chinese does."""
    marks = {";", s.locale.settings.fullwidth.get(";", ";")}
    extra = sum(s.msgstr.count(m) for m in marks) - sum(s.msgid.count(m) for m in marks)
    return lost > 0 and extra >= lost


def punctuation(s: Subject) -> Iterator[Problem]:
    """Punctuation the locale writes differently from the source (warning), from its profile.

    Full-width forms after a character of the script (Chinese ``，：（``: half-width after
    CJK is almost always a machine-draft or copy-paste slip); a no-break space before
    ``; : ! ? »`` and after ``«`` (French); the locale's quotation marks instead of
    straight double quotes. Code, URLs and tags are not looked at.
    """
    if s.is_code:
        return
    profile, text = s.locale.settings, s.dst.plain
    letters = scripts.letters(s.locale.script)
    if profile.fullwidth and letters is not None:
        after = _half_width_after(letters.pattern, tuple(profile.fullwidth))
        for ch in dict.fromkeys(m.group(1) for m in after.finditer(text)):
            language = s.locale.babel.english_name
            shown = f"half-width '{ch}' after {language} text: use '{profile.fullwidth[ch]}'"
            yield _problem("punctuation", WARNING, shown)
    yield from _spacing(text, profile.spaced, profile.spaced_after)
    if len(profile.quotes) == 2 and text.count('"') >= 2 and s.src.plain.count('"') >= 2:
        quotes = "…".join(profile.quotes)
        yield _problem("punctuation", WARNING, f"straight quotes: use {quotes}")


@lru_cache(maxsize=64)
def _half_width_after(letters: str, marks: tuple[str, ...]) -> re.Pattern[str]:
    """A half-width mark right after a letter of the script, built once per locale."""
    half = "".join(re.escape(c) for c in marks)
    return re.compile(f"{letters}([{half}])(?!//)")


_NO_BREAK = "\u00a0\u202f"


def _spacing(text: str, before: str, after: str) -> Iterator[Problem]:
    """``before`` marks need a no-break space before them, ``after`` marks after them."""
    seen: set[str] = set()
    for m in re.finditer(f"[{re.escape(before)}]", text) if before else ():
        ch, prev = m.group(), text[m.start() - 1] if m.start() else ""
        if not prev or prev in _NO_BREAK or ch in seen or _not_prose(text, m.start(), ch):
            continue
        seen.add(ch)
        yield _problem("punctuation", WARNING, f"use a no-break space (U+202F) before '{ch}'")
    for m in re.finditer(f"[{re.escape(after)}]", text) if after else ():
        nxt = text[m.end() : m.end() + 1]
        if nxt and nxt not in _NO_BREAK and m.group() not in seen:
            seen.add(m.group())
            yield _problem(
                "punctuation", WARNING, f"use a no-break space (U+202F) after '{m.group()}'"
            )


def _not_prose(text: str, at: int, ch: str) -> bool:
    """A colon in a time or ratio (``10:30``), or a mark right after another mark or space
    run (``?!``, line starts): not typography to correct."""
    prev, nxt = text[at - 1], text[at + 1 : at + 2]
    return (ch == ":" and prev.isdigit() and nxt.isdigit()) or not (prev.isalnum() or prev == " ")


def _display_length(text: str) -> float:
    """Display width in full-width characters: wide counts 1, narrow 0.5, so one limit
    holds for every script (30 wide = 60 Latin characters, how search engines cut)."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


def fm_length(s: Subject) -> Iterator[Problem]:
    """Front-matter values within their length limit (warning), e.g. ``seo_title`` <= 30.

    Search engines cut titles and descriptions at a display width: about 30 and 80
    full-width (CJK) characters, twice as many Latin letters and digits, which count half.
    """
    if not s.is_front_matter:
        return
    key = s.kind.key
    limit = s.fm_limits.get(key)
    if limit is None:
        return
    n = _display_length(s.msgstr.strip())
    if n > limit:
        yield _problem(
            "fm-length",
            WARNING,
            f"{key} is {n:g} full-width characters wide, the limit is {limit}",
        )
