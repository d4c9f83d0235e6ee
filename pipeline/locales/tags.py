"""pipeline.locales.tags: BCP 47 tags read with CLDR's data (babel), and what they fall back to.

A tag as configured (``zh``, ``zh-Hant``, ``pt-BR``, ``es-419``, ``sr-Latn``,
``zh-Hant-TW``) is parsed by babel with ``-`` as separator (babel's default ``_``
is what crashed on ``zh-Hant``), then completed with CLDR's likely subtags so that
``zh`` is known to be written in Han Simplified and ``zh-TW`` in Han Traditional.
Profiles and engine codes are looked up along the completed tag, from the most to
the least specific, and a bare language is used only when the tag's script is the
language's usual one: Traditional Chinese never falls back to Simplified data, nor
Latin Serbian to Cyrillic.

What babel answers of a tag (whether it knows it, its completed subtags, its POSIX and
babel names) is kept by question and tag (``kept``), and an earlier run's answers can
be given back (``keep``, from ``repo.cldrcache``): a run whose tags were read before
imports no babel (its import and CLDR data cost ~15 ms a process).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale as BabelLocale


@dataclass(frozen=True)
class Tag:
    """A parsed tag: its subtags as written and as completed by CLDR's likely subtags."""

    tag: str
    language: str
    script: str
    """As written or likely (``Hans`` for ``zh``); empty when CLDR does not know it."""
    region: str
    """As written (``BR``, ``419``), else empty."""
    likely_region: str
    usual_script: str
    """The language's own usual script (``Hans`` for every ``zh``; ``Cyrl`` for ``sr``)."""

    @property
    def keys(self) -> list[str]:
        """Table keys from the least to the most specific (the profile fallback chain)."""
        lang, script, region = self.language, self.script, self.region
        out = [lang] if script == self.usual_script or not script else []
        if script:
            out.append(f"{lang}-{script}")
        if region:
            out.append(f"{lang}-{region}")
            if script:
                out.append(f"{lang}-{script}-{region}")
        return list(dict.fromkeys(out))


_KEPT: dict[str, object] = {}
"""babel's answers by ``"<question> <tag>"``: asked in this process or given (``keep``)."""
_ANSWERS: dict[str, Callable[[object], bool]] = {
    "known": lambda v: v is None or type(v) is str,
    "parse": lambda v: type(v) is tuple and len(v) == 5 and all(type(x) is str for x in v),
    "posix": lambda v: type(v) is str,
    "name": lambda v: type(v) is str,
}
"""Each question and the shape of its answer (what ``keep`` accepts)."""


def keep(answers: dict) -> None:
    """Answers an earlier run got from the same babel (``repo.cldrcache``); any that is not
    of its question's shape is left out (asked again)."""
    for key, value in answers.items():
        question, _, tag = key.partition(" ") if type(key) is str else ("", "", "")
        if tag and question in _ANSWERS and _ANSWERS[question](value):
            _KEPT.setdefault(key, value)


def kept() -> dict[str, object]:
    """Every answer known to this process, given or asked."""
    return dict(_KEPT)


def _answer(question: str, tag: str, ask: Callable[[str], object]) -> object:
    key = f"{question} {tag}"
    try:
        return _KEPT[key]
    except KeyError:
        value = _KEPT[key] = ask(tag)
        return value


def babel_locale(name: str) -> BabelLocale:
    """babel's ``Locale`` for a tag (``zh-Hant``) or a POSIX name (``zh_Hant``)."""
    return _babel(name.replace("_", "-"))


@lru_cache(maxsize=128)
def _babel(tag: str) -> BabelLocale:
    from babel import Locale

    return Locale.parse(tag, sep="-")


def name(tag: str) -> str:
    """babel's name of the locale (``zh_Hant_TW``): what its data is looked up by."""
    return str(_answer("name", tag, lambda t: str(babel_locale(t))))


def known(tag: str) -> str | None:
    """Why babel cannot read ``tag`` (None when it can). Variant subtags are refused: babel
    would take a mistyped script (``zh-Hantt``) for one and CLDR has no data for them."""
    why = _answer("known", tag, _known)
    return why if why is None else str(why)


def _known(tag: str) -> str | None:
    from babel.core import UnknownLocaleError, parse_locale

    try:
        variant = parse_locale(tag.replace("_", "-"), sep="-")[3]
        babel_locale(tag)
    except (ValueError, TypeError, UnknownLocaleError) as exc:
        return str(exc)
    return f"unknown subtag {variant!r}" if variant else None


@lru_cache(maxsize=128)
def parse(tag: str) -> Tag:
    """The subtags of ``tag``, completed; raises ValueError for what babel cannot read."""
    return Tag(tag, *_answer("parse", tag, _parse))  # type: ignore[misc]


def _parse(tag: str) -> tuple[str, str, str, str, str]:
    from babel.core import get_global

    written = babel_locale(tag)
    lang = written.language
    likely = get_global("likely_subtags")
    full = _split(likely.get(str(written)) or likely.get(lang) or "")
    usual = _split(likely.get(lang) or "")
    script = written.script or full[1] or ""
    return (lang, script, written.territory or "", full[2], usual[1])


def _split(name: str) -> tuple[str, str, str]:
    """``zh_Hans_CN`` -> (``zh``, ``Hans``, ``CN``)."""
    parts = name.split("_")
    lang = parts[0] if parts else ""
    script = next((p for p in parts[1:] if len(p) == 4 and p.isalpha()), "")
    region = next((p for p in parts[1:] if len(p) in (2, 3) and p != script), "")
    return lang, script, region


def posix(tag: str) -> str:
    """The POSIX form gettext tools expect in a PO ``Language`` header (``zh_Hant``)."""
    return str(_answer("posix", tag, _posix))


def _posix(tag: str) -> str:
    written = babel_locale(tag)
    return "_".join(p for p in (written.language, written.script, written.territory) if p)


def deepl_code(tag: str, codes: frozenset[str], source: bool = False) -> str | None:
    """DeepL's code for ``tag`` among ``codes``, or None: never another language or script.

    Targets: the tag itself (``PT-BR``, ``ES-419``), language-region with the likely
    region (``EN-US`` for ``en``), language-script (``ZH-HANT``), then the bare language
    (``FR``) when the script is the usual one. Sources are bare languages.
    """
    t = parse(tag)
    lang = t.language.upper()
    if source:
        return lang if lang in codes else None
    candidates = [
        f"{lang}-{t.region}" if t.region else "",
        f"{lang}-{t.likely_region}" if t.likely_region and not t.region else "",
        f"{lang}-{t.script}".upper() if t.script else "",
        lang if t.script == t.usual_script or not t.script else "",
    ]
    return next((c for c in candidates if c and c.upper() in codes), None)
