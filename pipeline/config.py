"""pipeline.config: one source of truth for every setting, its type and its default.

Read from ``[tool.pipeline]`` in ``ROOT/pyproject.toml`` or from ``ROOT/pipeline.toml``.
Every key is optional. Every value, nested ones included, is checked against the
field's type when the file is read: an unknown key or a wrong value is a
``ConfigError`` (exit 2) naming the key and what it accepts, never a setting that
silently stops working. Nothing here touches the filesystem beyond reading the
configuration file itself: where articles are is ``repo.layout``'s job.
"""

from __future__ import annotations

import dataclasses
import functools
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, get_args, get_origin

from pipeline.errors import ConfigError, PipelineError

Policy = Literal["translate", "copy", "localize", "derive", "glossary"]
"""What merge does with a front-matter key: translate its text (a unit), copy it, localize
its path (``/<source>/`` -> ``/<segment>/``), derive it (reading time) or take it from the
glossary."""

_COPY = (
    "date",
    "publishDate",
    "lastModified",
    "lastmod",
    "featured",
    "featured_image",
    "schema_type",
    "slug",
    "pdf_available",
    "draft",
    # Hugo and Docusaurus: what addresses or orders a page (keys not listed are copied too;
    # listed to document them)
    "id",
    "weight",
    "aliases",
    "sidebar_position",
    "url",
    # the rest of Hugo's page variables and Docusaurus's docs and blog keys: layout, menus,
    # build options, paths and authors (listed so that status does not ask about them)
    *("menu", "menus", "params", "headless", "type", "layout", "build", "cascade"),
    *("expiryDate", "outputs", "translationKey", "resources", "markup", "sitemap"),
    *("authors", "image", "unlisted", "hide_title", "hide_table_of_contents"),
    *("toc_min_heading_level", "toc_max_heading_level", "pagination_next", "pagination_prev"),
    *("sidebar_class_name", "sidebar_key", "sidebar_custom_props", "displayed_sidebar"),
    *("custom_edit_url", "parse_number_prefixes", "last_update"),
)
_TRANSLATE = (
    "title",
    "seo_title",
    "seo_description",
    "description",
    "summary",
    "tags",
    "keywords",
    "categories",
    # Hugo and Docusaurus: what readers see
    "linkTitle",
    "sidebar_label",
    "pagination_label",
)
DEFAULT_POLICY: Mapping[str, Policy] = MappingProxyType(
    {
        **dict.fromkeys(_COPY, "copy"),
        **dict.fromkeys(_TRANSLATE, "translate"),
        "canonical_url": "localize",
        "pdf_download_url": "localize",
        "reading_time": "derive",
        "readingTime": "derive",
        "category": "glossary",
        "author": "glossary",
    }
)
"""Front-matter key policy for the live site (see README, "Front matter")."""


def _params() -> dict[str, tuple[str, ...]]:
    """Translatable parameters of common Hugo shortcodes and Docusaurus components."""
    return {
        "alert": ("title",),
        "glossary_tooltip": ("text",),
        "tab": ("header",),
        "figure": ("alt", "caption", "title"),
        "TabItem": ("label",),
        "Admonition": ("title",),
    }


def _policy() -> dict[str, Policy]:
    return dict(DEFAULT_POLICY)


@dataclass(frozen=True)
class LocaleSettings:
    """One locale's settings: ``[tool.pipeline.locale."zh-Hant"]``, or a built-in profile.

    Every field is optional: an empty value means "from the built-in profile, else
    derived from the tag" (``pipeline.locales`` resolves them). The built-in profiles
    (``pipeline/locales/profiles.toml``) are read with this same type, so a new locale
    is configuration, never code.
    """

    segment: str = ""
    """The locale's folder in content paths and site URLs (``{lang}``; Hugo ``zh-cn``)."""
    mirror_suffix: str = ""
    """Suffix of its mirror keys in the source file (``title_zh_hant``)."""
    po_language: str = ""
    """The PO ``Language`` header (default: the tag in POSIX form, ``zh_Hant``)."""
    babel: str = ""
    """babel/CLDR locale for units and numbers (default: the tag)."""
    deepl: str = ""
    """DeepL language code (default: from DeepL's list; an error when it has none)."""
    script: str = ""
    """ISO 15924 script whose characters are counted (``Hans``, ``Jpan``; default: likely)."""
    chars_per_minute: float = 0.0
    """Reading speed in characters of ``script`` (CJK), 0 to count words."""
    words_per_minute: float = 0.0
    length_ratio: float = 0.0
    """Expected characters (CJK) or words of a translation per source word."""
    decimal: str = ""
    """Decimal separator (default: CLDR's)."""
    group: str = ""
    """Digit grouping separator (default: CLDR's)."""
    minutes: str = ""
    """Reading-time label pattern (``{0}分``); default: CLDR's short duration unit."""
    fullwidth: dict[str, str] = field(default_factory=dict)
    """Half-width punctuation after a ``script`` character -> the full-width form to use."""
    spaced: str = ""
    """Punctuation preceded by a no-break space (French ``;:!?»``)."""
    spaced_after: str = ""
    """Punctuation followed by a no-break space (French ``«``)."""
    quotes: tuple[str, ...] = ()
    """Quotation marks to use instead of straight double quotes (``«``, ``»``)."""
    numerals: str = ""
    """Small numbers spelled out: the digits 0-9 then ten (``零一二三四五六七八九十``)."""
    numeral_variants: dict[str, str] = field(default_factory=dict)
    """Other spellings of a digit (``2`` -> ``两``)."""
    scales: dict[str, float] = field(default_factory=dict)
    """Large-number words and their value (``万`` = 1e4, ``million`` = 1e6)."""
    range_words: tuple[str, ...] = ()
    """Words that join the ends of a range (``to``, ``à``, ``至``)."""
    number_words: dict[str, float] = field(default_factory=dict)
    """Words that state a count without a numeral (``早晚``, morning and evening: twice), so
    ``2x daily`` may become ``早晚各1次``."""
    opencc: str = ""
    """OpenCC conversion drafting this locale from ``opencc_from`` (``s2twp``, ``s2hk``;
    ``none`` turns a profile's default off)."""
    opencc_from: str = ""
    """The configured locale converted from (default: the profile's, e.g. ``zh-Hans``)."""
    opencc_reviewed: bool = False
    """Save conversions of reviewed entries as reviewed (otherwise fuzzy drafts)."""


@dataclass(frozen=True)
class Tree:
    """One folder of English articles and where their localized copies go."""

    source: str
    """The folder, searched recursively."""
    article: str
    """Where a localized copy goes: ``{path}`` is the path below ``source`` (no suffix),
    ``{slug}`` is ``prefix`` + path, ``{ext}`` the source's suffix, ``{lang}`` the locale's
    content segment (``zh-cn``, ``zh-Hans``), ``{locale}`` its tag."""
    prefix: str = ""
    """Put before every slug of this tree, to keep the slugs of several trees apart."""
    include: tuple[str, ...] = ("**/*.md", "**/*.mdx")
    """Globs (``**`` any folders) of the files below ``source`` that are articles."""
    exclude: tuple[str, ...] = ()


PRESETS: Mapping[str, Mapping[str, Any]] = MappingProxyType(
    {
        "hugo": {
            "source": "content/en",
            "article": "content/{lang}/{slug}{ext}",
        },
        "docusaurus": {
            # Docusaurus 3 compiles .md as MDX too unless ``markdown.format`` is 'detect'
            # (then set ``mdx_files = ["*.mdx"]``).
            "mdx_files": ("*.md", "*.mdx"),
            "trees": (
                Tree(
                    "docs",
                    "i18n/{lang}/docusaurus-plugin-content-docs/current/{path}{ext}",
                    "docs/",
                ),
                Tree("blog", "i18n/{lang}/docusaurus-plugin-content-blog/{path}{ext}", "blog/"),
                Tree(
                    "src/pages",
                    "i18n/{lang}/docusaurus-plugin-content-pages/{path}{ext}",
                    "pages/",
                ),
            ),
        },
    }
)
"""Layouts of the site generators: defaults that a site's own settings override."""


@dataclass(frozen=True)
class Config:
    """Resolved configuration; paths are relative to ``root``, patterns use {locale}/{slug}."""

    root: Path = Path(".")
    preset: Literal["", "hugo", "docusaurus"] = ""
    """A site generator's layout (``PRESETS``); settings given here override it."""
    source: str = "content/en"
    """The English articles: a folder, searched recursively (the slug is the path below it)."""
    source_locale: str = "en"
    locales: tuple[str, ...] = ("zh",)
    """Target locales, BCP 47 tags (``zh``, ``zh-Hant``, ``pt-BR``)."""
    locale: dict[str, LocaleSettings] = field(default_factory=dict)
    """Per-locale settings over the built-in profiles (``[tool.pipeline.locale."zh-Hant"]``)."""
    article: str = "content/{lang}/{slug}{ext}"
    """``{lang}``: the locale's content segment; ``{locale}``: its tag (see ``repo.layout``)."""
    template: str = "locale/templates/{slug}.pot"
    catalog: str = "locale/{locale}/{slug}.po"
    glossary: str = "locale/{locale}/glossary.csv"
    mtcache: str = "locale/.mtcache"
    include: tuple[str, ...] = ("**/*.md", "**/*.mdx")
    """Globs below ``source`` of the files that are articles (``**``: any folders)."""
    exclude: tuple[str, ...] = ()
    trees: tuple[Tree, ...] = ()
    """Several source folders (Docusaurus docs, blog, pages); empty: the one ``source``."""
    prose_fences: tuple[str, ...] = ("text", "mermaid")
    """Fenced code blocks whose info string is listed here are translated as one unit
    (``""``: fences without a language, which are code unless listed)."""
    placeable_params: dict[str, tuple[str, ...]] = field(default_factory=_params)
    """Shortcode or component name -> parameters whose values are prose (``"0"``: the first
    positional one). Replaces the default table when set."""
    mdx_files: tuple[str, ...] = ("*.mdx",)
    """File-name globs read as MDX (``{expressions}``, ``import``/``export`` lines are code);
    Docusaurus sites whose ``.md`` files are MDX add ``"*.md"``."""
    min_coverage: float = 80.0
    """Merge writes no article whose translated + fuzzy share of words is below this."""
    fuzzy_threshold: float = 70.0
    """Similarity (0-100) above which a changed unit keeps its old translation as fuzzy."""
    frontmatter: dict[str, Policy] = field(default_factory=_policy)
    """Key -> policy (see ``Policy``). Keys without a policy are copied."""
    mirrors_added: tuple[str, ...] = ("reading_time_{suffix}",)
    """Mirror keys added to the English article when absent; ``{suffix}`` stands for each
    target locale's mirror suffix (``reading_time_zh``, ``reading_time_zh_hant``)."""
    reading_time: Literal["carry", "compute"] = "carry"
    """carry: keep the English minutes, localize the unit; compute: from the text."""
    localize_links: bool = False
    """Rewrite site-relative body links ``/<source>/…`` -> ``/<segment>/…`` on merge. Off by
    default so an identity-filled catalog gives back the English body byte for byte; this
    site turns it on."""
    memory_threshold: float = 85.0
    memory_exact_reviewed: bool = True
    """An exact memory match may be saved reviewed (only when the memory is unanimous for
    that English text and the unit is not short or context-poor, see below)."""
    memory_exact_min_words: int = 4
    """Exact matches of shorter English texts stay fuzzy: "Immediate" or "**Duration**"
    mean different things in different articles."""
    memory_exact_fuzzy_kinds: tuple[str, ...] = (
        "table cell",
        "front matter: tags",
        "front matter: keywords",
    )
    """Kinds (a role such as ``table cell``, or a full ``#.`` kind) whose exact matches stay
    fuzzy whatever their length: their meaning depends on the row, column or article."""
    deepl_instructions: tuple[str, ...] = ()
    """DeepL custom instructions, e.g. the house style; empty sends none."""
    deepl_batch: int = 40
    deepl_concurrency: int = 4
    deepl_glossary_prefix: str = ""
    """Name prefix of the DeepL glossaries this site creates (and may delete); empty: the
    repository's folder name. Sites sharing a DeepL key must use different prefixes."""
    deepl_connect_timeout: float = 10.0
    """Seconds to wait for a connection to DeepL."""
    deepl_read_timeout: float = 30.0
    """Seconds to wait for DeepL's answer to one request."""
    deepl_tries: int = 3
    """Attempts per request (429, 5xx, timeouts and dropped connections are retried)."""
    deepl_deadline: float = 0.0
    """Seconds a run may spend on DeepL before it stops (drafts so far kept); 0: no limit."""
    jobs: int = 0
    """Worker processes for large runs; 0 uses every core."""
    fm_limits: dict[str, int] = field(
        default_factory=lambda: {"seo_title": 30, "seo_description": 80}
    )
    """Front-matter key -> maximum display length of its translation (``fm-length``)."""
    references: Literal["file", "line", "none"] = "file"
    """``#:`` lines: file (``#: content/en/x.md``, no churn when lines move), line
    (``file:line``) or none."""
    po_wrap: int = 0
    """Width new PO files are wrapped at (0: no wrapping); an existing file keeps its own."""

    @property
    def sources(self) -> tuple[Tree, ...]:
        """The source trees: ``trees``, or the one made of ``source`` and ``article``."""
        if self.trees:
            return self.trees
        return (Tree(self.source, self.article, "", self.include, self.exclude),)

    @property
    def prose_keys(self) -> frozenset[str]:
        """Front-matter keys whose values (or list items) are translation units."""
        return frozenset(k for k, v in self.frontmatter.items() if v == "translate")


DEFAULTS = Config()
"""Every default, once: other modules take theirs from here."""

_MERGED = frozenset({"frontmatter"})
"""Mappings whose configured entries are merged over the defaults instead of replacing them."""


def load(root: Path) -> Config:
    """Read the configuration of the repository at ``root``."""
    root = Path(root)
    if not root.is_dir():
        raise ConfigError("not a directory", str(root))
    pipeline_toml, pyproject = files(root)
    if pipeline_toml.is_file():
        return build(root, _read_toml(pipeline_toml), str(pipeline_toml))
    if pyproject.is_file():
        data = _read_toml(pyproject).get("tool", {}).get("pipeline", {})
        return build(root, data, str(pyproject))
    return build(root, {}, str(pipeline_toml))


def files(root: Path) -> tuple[Path, Path]:
    """The files the configuration is read from (the first that exists), in that order."""
    return root / "pipeline.toml", root / "pyproject.toml"


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"invalid TOML: {exc}", str(path)) from None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", str(path)) from None


def build(root: Path, values: Mapping[str, Any], origin: str = "") -> Config:
    """A ``Config`` from raw TOML values, every value checked against its field's type."""
    if not isinstance(values, Mapping):
        raise ConfigError("[tool.pipeline] must be a table of settings", origin)
    values = _migrated(values, origin)
    hints = _hints(Config)
    known = {f.name for f in fields(Config)} - {"root"}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ConfigError(
            f"unknown setting {', '.join(unknown)}; valid: {', '.join(sorted(known))}", origin
        )
    kwargs: dict[str, Any] = {}
    preset = values.get("preset", "")
    if preset:
        kwargs.update(PRESETS.get(str(preset), {}))
    for key, raw in values.items():
        try:
            value = _convert(raw, hints[key], key)
        except _Invalid as exc:
            raise ConfigError(str(exc), origin) from None
        if key in _MERGED:
            value = {**getattr(DEFAULTS, key), **value}
        if key == "po_wrap" and value < 0:
            raise ConfigError(f"setting po_wrap must be 0 or more; got {value!r}", origin)
        kwargs[key] = value
    cfg = replace(DEFAULTS, root=root, **kwargs)
    from pipeline import locales  # the locale model reads this module's types

    try:
        locales.validate(cfg)
    except ConfigError as exc:
        raise ConfigError(exc.message, origin) from None
    return cfg


_LEGACY = {"babel_locales": "babel", "deepl_langs": "deepl"}
"""Old per-locale mappings, still read: folded into ``locale.<tag>.<field>``."""
_MOVED = {
    "reading_rate_en": "words_per_minute",
    "reading_rate_zh": "chars_per_minute",
}
"""Settings that became per-locale fields: named in the error so the fix is obvious."""


def _migrated(values: Mapping[str, Any], origin: str) -> Mapping[str, Any]:
    """``values`` with the legacy mappings folded into the ``locale`` table."""
    moved = sorted(set(values) & set(_MOVED))
    if moved:
        key = moved[0]
        raise ConfigError(
            f'setting {key} is now per locale: [tool.pipeline.locale."<tag>"] {_MOVED[key]} = …',
            origin,
        )
    if not set(values) & set(_LEGACY):
        return values
    out = {k: v for k, v in values.items() if k not in _LEGACY}
    table = {k: dict(v) if isinstance(v, Mapping) else v for k, v in out.get("locale", {}).items()}
    for old, name in _LEGACY.items():
        legacy = values.get(old, {})
        if not isinstance(legacy, Mapping):
            raise ConfigError(f"setting {old} must be a table of keys; got {legacy!r}", origin)
        for tag, value in legacy.items():
            if not isinstance(value, str):
                raise ConfigError(f"setting {old}.{tag} must be a string; got {value!r}", origin)
            entry = table.setdefault(str(tag), {})
            if not isinstance(entry, dict) or entry.get(name, value) != value:
                raise ConfigError(f"{old}.{tag} conflicts with locale.{tag}.{name}", origin)
            entry[name] = value
    out["locale"] = table
    return out


class _Invalid(Exception):
    pass


def _convert(value: Any, hint: Any, where: str) -> Any:
    """``value`` as ``hint`` (str, int, float, bool, Literal, tuple[X, ...], dict[str, X],
    or a dataclass of those: a nested table)."""
    origin = get_origin(hint)
    if origin is Literal:
        choices = get_args(hint)
        if value not in choices:
            raise _Invalid(
                f"setting {where} must be one of {', '.join(map(str, choices))}; got {value!r}"
            )
        return value
    if origin is tuple:
        (item,) = {a for a in get_args(hint) if a is not Ellipsis}
        if not isinstance(value, list):
            raise _Invalid(f"setting {where} must be a list; got {value!r}")
        return tuple(_convert(v, item, f"{where}[{i}]") for i, v in enumerate(value))
    if origin is dict:
        _, item = get_args(hint)
        if not isinstance(value, Mapping):
            raise _Invalid(f"setting {where} must be a table of keys; got {value!r}")
        return {str(k): _convert(v, item, f"{where}.{k}") for k, v in value.items()}
    if dataclasses.is_dataclass(hint):
        return _record(value, hint, where)
    if isinstance(hint, types.UnionType) or origin is typing.Union:
        raise _Invalid(f"setting {where}: unsupported type")  # pragma: no cover - no such field
    return _scalar(value, hint, where)


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    """The field types of a settings dataclass, evaluated once: the locale profiles are a
    dozen tables of one class, and evaluating its string annotations is most of reading one."""
    return typing.get_type_hints(cls)


def _record(value: Any, hint: type, where: str) -> Any:
    """A table as the dataclass ``hint``: required fields present, no unknown keys."""
    if not isinstance(value, Mapping):
        raise _Invalid(f"setting {where} must be a table of keys; got {value!r}")
    hints = _hints(hint)
    known = {f.name for f in fields(hint)}
    unknown = sorted(set(value) - known)
    if unknown:
        raise _Invalid(
            f"setting {where}: unknown key {', '.join(unknown)}; valid: {', '.join(sorted(known))}"
        )
    required = [
        f.name
        for f in fields(hint)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    ]
    missing = [k for k in required if k not in value]
    if missing:
        raise _Invalid(f"setting {where}: missing {', '.join(missing)}")
    return hint(**{k: _convert(v, hints[k], f"{where}.{k}") for k, v in value.items()})


def convert_table(value: Any, hint: Any, where: str, origin: str = "") -> Any:
    """``value`` as the dataclass ``hint``, or a ``ConfigError`` naming ``where``
    (for built-in data read with the same rules as the configuration)."""
    try:
        return _record(value, hint, where)
    except _Invalid as exc:
        raise ConfigError(str(exc), origin) from None


def _scalar(value: Any, hint: type, where: str) -> Any:
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if hint in (int, float) and isinstance(value, bool) or not isinstance(value, hint):
        raise _Invalid(f"setting {where} must be {_NAMES.get(hint, hint.__name__)}; got {value!r}")
    return value


_NAMES = {str: "a string", int: "an integer", float: "a number", bool: "true or false"}

__all__ = [
    "DEFAULTS",
    "DEFAULT_POLICY",
    "PRESETS",
    "Config",
    "ConfigError",
    "LocaleSettings",
    "PipelineError",
    "Policy",
    "Tree",
    "load",
]
