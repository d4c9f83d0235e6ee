"""pipeline.locales: every fact about a locale, from one model.

The rest of the package never spells a language: it asks a ``Locale`` for the PO
``Language`` header and Plural-Forms, babel's locale (reading-time label, number
symbols), DeepL's codes, the content path segment, the mirror-key suffix and the
profile the checks and the aligner use (script, punctuation, reading speed,
length ratio, number formats). A ``Locale`` is the built-in profiles
(``profiles.toml``, data) along the tag's fallback chain (``tags``), overridden by
``[tool.pipeline.locale."<tag>"]``; both are ``config.LocaleSettings``, so a new
locale is configuration. Where an answer does not exist (DeepL has no Latin
Serbian) the model raises an error naming the locale instead of guessing.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from pipeline.config import DEFAULTS, Config, ConfigError, LocaleSettings, convert_table
from pipeline.locales import scripts, tags

if TYPE_CHECKING:
    from babel import Locale as BabelLocale

_EMPTY = LocaleSettings()
_CHARS_PER_WORD = 4.3
"""Characters per word of a space-separated source, spaces included (English)."""
OFF = "none"
"""A string setting's value that turns a profile's default off (``opencc = "none"``)."""


@lru_cache(maxsize=1)
def _data() -> tuple[dict[str, LocaleSettings], dict[str, frozenset[str]]]:
    """The built-in profiles and DeepL's language lists, read once (beside this module, as
    ``memo`` stamps the package's files: ``importlib.resources`` would cost every run the
    import of its adapters)."""
    with open(os.path.join(os.path.dirname(__file__), "profiles.toml"), encoding="utf-8") as f:
        text = f.read()
    raw = tomllib.loads(text)
    profiles = {
        key: convert_table(value, LocaleSettings, f"profile.{key}", "profiles.toml")
        for key, value in raw["profile"].items()
    }
    deepl = {k: frozenset(v) for k, v in raw["deepl"].items()}
    return profiles, deepl


def _layered(*layers: LocaleSettings) -> LocaleSettings:
    """Each field from the last layer that sets it (an unset field equals its default)."""
    out = _EMPTY
    for layer in layers:
        changes = {
            f.name: getattr(layer, f.name)
            for f in fields(LocaleSettings)
            if getattr(layer, f.name) != getattr(_EMPTY, f.name)
        }
        out = replace(out, **changes)
    return out


@dataclass(frozen=True)
class Locale:
    """One locale of a site, resolved: ask it, never a table of language codes."""

    tag: str
    settings: LocaleSettings
    draws_from: str = ""
    """The configured locale an OpenCC conversion drafts from (empty: none)."""

    @cached_property
    def babel(self) -> BabelLocale:
        return tags.babel_locale(self.settings.babel or self.tag)

    @property
    def segment(self) -> str:
        """Its folder in content paths and site URLs (``{lang}``)."""
        return self.settings.segment or self.tag

    @property
    def suffix(self) -> str:
        """Mirror-key suffix: ``title_<suffix>`` (``zh_hant``)."""
        return self.settings.mirror_suffix or self.tag.lower().replace("-", "_")

    @property
    def po_language(self) -> str:
        return self.settings.po_language or tags.posix(self.tag)

    @property
    def plural_forms(self) -> str:
        return plural_forms(self.po_language)

    @property
    def script(self) -> str:
        return self.settings.script or tags.parse(self.tag).script

    @property
    def char_script(self) -> str:
        """The script counted in characters (``Hans``), or empty: the locale counts words."""
        return self.script if self.settings.chars_per_minute > 0 else ""

    @cached_property
    def decimal(self) -> str:
        from babel.numbers import get_decimal_symbol  # babel's parts: loaded when used

        return self.settings.decimal or get_decimal_symbol(self.babel)

    @cached_property
    def group(self) -> str:
        from babel.numbers import get_group_symbol

        return self.settings.group or get_group_symbol(self.babel)

    @property
    def opencc(self) -> str:
        value = self.settings.opencc
        return "" if value == OFF or not self.draws_from else value

    @property
    def chars_per_source_char(self) -> float:
        """Characters of a translation per character of a space-separated source: the
        aligner's length expectation. A character-counted locale's ratio per source word,
        over the ~4.3 characters of an English word, gives the 0.4 measured for Chinese."""
        ratio = self.settings.length_ratio
        return ratio / _CHARS_PER_WORD if self.char_script else ratio

    def minutes(self, n: int) -> str:
        """The reading-time label, ``18分钟``: CLDR's short duration unit or the pattern."""
        if self.settings.minutes:
            return self.settings.minutes.format(n)
        return _minutes_label(self.settings.babel or self.tag, n)

    def reading_minutes(self, text: str) -> int:
        s = self.settings
        return scripts.reading_minutes(text, s.chars_per_minute, s.words_per_minute, self.script)

    def deepl_target(self) -> str:
        """DeepL's target code; an error naming the locale when DeepL has none."""
        code = self.settings.deepl or tags.deepl_code(self.tag, _data()[1]["targets"])
        if code is None:
            raise ConfigError(
                f"DeepL has no target language for locale {self.tag}: set "
                f'[tool.pipeline.locale."{self.tag}"] deepl = "<code>" if DeepL offers it '
                f"under another code, or draft {self.tag} without DeepL (--engine memory)"
            )
        return code.upper()

    def deepl_source(self) -> str:
        """DeepL's source code for this (source) locale."""
        code = self.settings.deepl or tags.deepl_code(self.tag, _data()[1]["sources"], True)
        if code is None:
            raise ConfigError(f"DeepL cannot translate from locale {self.tag}")
        return code.upper()


def plural_forms(language: str) -> str:
    """The PO ``Plural-Forms`` for a ``Language`` header value, from babel's CLDR data.

    ``sr@latin``-style modifiers are ignored (same plural rules); a language CLDR does
    not know gets gettext's two-form default.
    """
    name = language.split("@")[0].strip()
    try:
        from babel.messages.plurals import get_plural  # with babel's dates and zoneinfo

        return get_plural(tags.name(name)).plural_forms
    except (ValueError, LookupError, TypeError):
        return "nplurals=2; plural=(n != 1);"


_RESOLVED: dict[tuple[int, str], tuple[Config, Locale]] = {}
"""Resolved locales by configuration object (kept alive with it, so ids are not reused)."""


_LABELS: dict[str, str] = {}
"""CLDR's reading-time labels by ``"<babel locale> <minutes>"``: formatted in this process,
or given by an earlier run's (``known_labels``)."""


def _minutes_label(tag: str, n: int) -> str:
    """CLDR's short ``n`` minutes, formatted once per locale and number: merge asks for
    every article of every locale, and a site's reading times are a few dozen numbers.
    Formatting one imports babel's units and dates and loads the locale's data (~15 ms a
    process), so the labels are kept between runs (``known_labels``, ``labels``)."""
    key = f"{tags.name(tag)} {n}"
    label = _LABELS.get(key)
    if label is None:
        from babel.units import format_unit

        babel = tags.babel_locale(tag)
        label = _LABELS[key] = format_unit(n, "duration-minute", locale=babel, length="short")
    return label


def known_labels(labels: dict) -> None:
    """The labels an earlier run formatted (``labels``) with the same babel (``repo.cldrcache``)."""
    _LABELS.update((k, v) for k, v in labels.items() if type(k) is str and type(v) is str)


def labels() -> dict[str, str]:
    """Every label known to this process: given (``known_labels``) or formatted."""
    return dict(_LABELS)


def resolve(cfg: Config, tag: str) -> Locale:
    """The ``Locale`` for ``tag`` under ``cfg``: profiles along its chain, then the config."""
    key = (id(cfg), tag)
    hit = _RESOLVED.get(key)
    if hit is not None and hit[0] is cfg:
        return hit[1]
    if len(_RESOLVED) > 256:
        _RESOLVED.clear()
    loc = _resolve(cfg, tag)
    _RESOLVED[key] = (cfg, loc)
    return loc


def _resolve(cfg: Config, tag: str) -> Locale:
    profiles, _ = _data()
    chain = ["default", *tags.parse(tag).keys]
    layers = [profiles[k] for k in chain if k in profiles]
    settings = _layered(*layers, cfg.locale.get(tag, _EMPTY))
    return Locale(tag, settings, _draws_from(cfg, tag, settings))


def _draws_from(cfg: Config, tag: str, settings: LocaleSettings) -> str:
    """The configured locale ``settings.opencc_from`` names (same language and script)."""
    wanted = settings.opencc_from
    if not settings.opencc or settings.opencc == OFF or not wanted:
        return ""
    if wanted in cfg.locales and wanted != tag:
        return wanted
    want = tags.parse(wanted)
    for other in cfg.locales:
        t = tags.parse(other)
        if other != tag and (t.language, t.script) == (want.language, want.script):
            return other
    return ""


def source(cfg: Config) -> Locale:
    return resolve(cfg, cfg.source_locale)


def targets(cfg: Config) -> dict[str, Locale]:
    return {tag: resolve(cfg, tag) for tag in cfg.locales}


def default() -> Locale:
    """The default configuration's first target locale (for callers without a config)."""
    return resolve(DEFAULTS, DEFAULTS.locales[0])


def default_source() -> Locale:
    return resolve(DEFAULTS, DEFAULTS.source_locale)


def suffixes(cfg: Config) -> dict[str, str]:
    """Mirror suffix -> tag for the source and every target, longest suffix first."""
    found = {loc.suffix: loc.tag for loc in (source(cfg), *targets(cfg).values())}
    return dict(sorted(found.items(), key=lambda kv: -len(kv[0])))


def mirror_of(key: str, suffixes_: dict[str, str]) -> tuple[str, str] | None:
    """``("title", "zh-Hant")`` for ``title_zh_hant``: a mirror key's base key and locale."""
    for suffix, tag in suffixes_.items():
        end = f"_{suffix}"
        if key.endswith(end) and len(key) > len(end):
            return key[: -len(end)], tag
    return None


def validate(cfg: Config) -> None:
    """Raise ``ConfigError`` for a tag babel cannot read or settings that would collide."""
    all_tags = [cfg.source_locale, *cfg.locales]
    for tag in all_tags:
        why = tags.known(tag)
        if why is not None:
            raise ConfigError(f"locale {tag!r} is not a BCP 47 tag CLDR knows ({why})")
    if len(set(all_tags)) != len(all_tags):
        raise ConfigError(f"locales repeat a tag or the source locale: {', '.join(all_tags)}")
    stray = sorted(set(cfg.locale) - set(all_tags))
    if stray:
        raise ConfigError(
            f"locale.{stray[0]} configures a locale that is not in locales "
            f"({', '.join(cfg.locales)}) nor the source_locale ({cfg.source_locale})"
        )
    resolved = [resolve(cfg, t) for t in all_tags]
    for loc in resolved:
        if loc.settings.babel and tags.known(loc.settings.babel):
            raise ConfigError(f"locale.{loc.tag}.babel: babel has no locale {loc.settings.babel!r}")
    for what in ("segment", "suffix"):
        seen: dict[str, str] = {}
        for loc in resolved:
            value = getattr(loc, what)
            if value in seen:
                raise ConfigError(f"locales {seen[value]} and {loc.tag} share the {what} {value!r}")
            seen[value] = loc.tag


__all__ = [
    "Locale",
    "default",
    "default_source",
    "mirror_of",
    "plural_forms",
    "resolve",
    "source",
    "suffixes",
    "targets",
    "validate",
]
