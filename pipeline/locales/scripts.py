"""pipeline.locales.scripts: which characters a script counts, and reading time from text.

Languages written without spaces between words (Chinese, Japanese) are measured
in characters: reading speed, expected length and display width all count them.
Everything else is measured in words. Which characters belong to a script is
Unicode data keyed by ISO 15924 codes, not by language, so a new locale written
in a known script needs no code.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_KANA = "\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f"
_HANGUL = "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f"
_RANGES = {
    "Hani": _HAN,
    "Hans": _HAN,
    "Hant": _HAN,
    "Jpan": _HAN + _KANA,
    "Kore": _HANGUL + _HAN,
    "Hang": _HANGUL,
}
"""ISO 15924 script -> the characters it writes (Unicode blocks)."""

_WORD = r"[^\W_]+(?:['’.-][^\W_]+)*"


@lru_cache(maxsize=32)
def letters(script: str) -> re.Pattern[str] | None:
    """One character of ``script`` (None for scripts that separate words with spaces)."""
    ranges = _RANGES.get(script)
    return re.compile(f"[{ranges}]") if ranges else None


def count_chars(text: str, script: str) -> int:
    """Characters of ``script`` in ``text`` (0 for scripts without a character class)."""
    pattern = letters(script)
    return len(pattern.findall(text)) if pattern else 0


def count_words(text: str, script: str = "") -> int:
    """Words in ``text``; characters of a character-counted ``script`` are not words."""
    pattern = letters(script)
    if pattern is not None:
        text = pattern.sub(" ", text)
    return len(re.findall(_WORD, text))


def reading_minutes(
    text: str, chars_per_minute: float, words_per_minute: float, script: str
) -> int:
    """Minutes to read ``text``: characters of ``script`` at one rate, other words at the other.

    A Chinese article keeps Latin names and abbreviations: they are read as words.
    """
    chars = count_chars(text, script) if chars_per_minute > 0 else 0
    words = count_words(text, script if chars_per_minute > 0 else "")
    total = (chars / chars_per_minute if chars else 0.0) + words / max(words_per_minute, 1.0)
    return max(1, math.ceil(total))
