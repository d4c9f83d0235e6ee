"""pipeline.locales.tags: BCP 47 tags read with CLDR's data (babel), and what they fall back to.

A tag as configured (``zh``, ``zh-Hant``, ``pt-BR``, ``es-419``, ``sr-Latn``,
``zh-Hant-TW``) is parsed by babel with ``-`` as separator (babel's default ``_``
is what crashed on ``zh-Hant``), then completed with CLDR's likely subtags so that
``zh`` is known to be written in Han Simplified and ``zh-TW`` in Han Traditional.
Profiles and engine codes are looked up along the completed tag, from the most to
the least specific, and a bare language is used only when the tag's script is the
language's usual one: Traditional Chinese never falls back to Simplified data, nor
Latin Serbian to Cyrillic.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from babel import Locale as BabelLocale
from babel.core import UnknownLocaleError, get_global, parse_locale


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


def babel_locale(name: str) -> BabelLocale:
    """babel's ``Locale`` for a tag (``zh-Hant``) or a POSIX name (``zh_Hant``)."""
    return _babel(name.replace("_", "-"))


@lru_cache(maxsize=128)
def _babel(tag: str) -> BabelLocale:
    return BabelLocale.parse(tag, sep="-")


def known(tag: str) -> str | None:
    """Why babel cannot read ``tag`` (None when it can). Variant subtags are refused: babel
    would take a mistyped script (``zh-Hantt``) for one and CLDR has no data for them."""
    try:
        variant = parse_locale(tag.replace("_", "-"), sep="-")[3]
        babel_locale(tag)
    except (ValueError, TypeError, UnknownLocaleError) as exc:
        return str(exc)
    return f"unknown subtag {variant!r}" if variant else None


@lru_cache(maxsize=128)
def parse(tag: str) -> Tag:
    """The subtags of ``tag``, completed; raises ValueError for what babel cannot read."""
    written = babel_locale(tag)
    lang = written.language
    likely = get_global("likely_subtags")
    full = _split(likely.get(str(written)) or likely.get(lang) or "")
    usual = _split(likely.get(lang) or "")
    script = written.script or full[1] or ""
    return Tag(tag, lang, script, written.territory or "", full[2], usual[1])


def _split(name: str) -> tuple[str, str, str]:
    """``zh_Hans_CN`` -> (``zh``, ``Hans``, ``CN``)."""
    parts = name.split("_")
    lang = parts[0] if parts else ""
    script = next((p for p in parts[1:] if len(p) == 4 and p.isalpha()), "")
    region = next((p for p in parts[1:] if len(p) in (2, 3) and p != script), "")
    return lang, script, region


def posix(tag: str) -> str:
    """The POSIX form gettext tools expect in a PO ``Language`` header (``zh_Hant``)."""
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
