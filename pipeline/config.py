"""pipeline.config: one source of truth for every setting and its default.

Read from ``[tool.pipeline]`` in ``ROOT/pyproject.toml`` or from ``ROOT/pipeline.toml``.
Every key is optional; an unknown key is an error that names the valid ones.
"""

from __future__ import annotations

import functools
import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from pipeline.errors import PipelineError


def _default_policy() -> dict[str, str]:
    """Front-matter key policy for the live site (see README, "Front matter")."""
    copy = [
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
    ]
    policy = {k: "copy" for k in copy}
    policy.update(
        {
            k: "translate"
            for k in (
                "title",
                "seo_title",
                "seo_description",
                "description",
                "summary",
                "tags",
                "keywords",
                "categories",
            )
        }
    )
    # Hugo and Docusaurus conventions: what readers see is translated, what addresses or
    # orders a page is copied (keys not listed are copied too; listed here to document them).
    policy.update({k: "copy" for k in ("id", "weight", "aliases", "sidebar_position", "url")})
    policy.update({k: "translate" for k in ("linkTitle", "sidebar_label", "pagination_label")})
    policy.update({"canonical_url": "localize", "pdf_download_url": "localize"})
    policy.update({"reading_time": "derive", "readingTime": "derive"})
    policy.update({"category": "glossary", "author": "glossary"})
    return policy


def _default_params() -> dict[str, list[str]]:
    """Translatable parameters of common Hugo shortcodes and Docusaurus components."""
    return {
        "alert": ["title"],
        "glossary_tooltip": ["text"],
        "tab": ["header"],
        "figure": ["alt", "caption", "title"],
        "TabItem": ["label"],
        "Admonition": ["title"],
    }


@dataclass(frozen=True)
class Config:
    """Resolved configuration; paths are relative to ``root``, patterns use {locale}/{slug}."""

    root: Path = Path(".")
    source: str = "content/en"
    source_locale: str = "en"
    locales: tuple[str, ...] = ("zh",)
    article: str = "content/{locale}/{slug}.md"
    template: str = "locale/templates/{slug}.pot"
    catalog: str = "locale/{locale}/{slug}.po"
    glossary: str = "locale/{locale}/glossary.csv"
    mtcache: str = "locale/.mtcache"
    prose_fences: tuple[str, ...] = ("text", "mermaid")
    """Fenced code blocks whose info string is listed here are translated as one unit
    (``""``: fences without a language, which are code unless listed)."""
    placeable_params: dict[str, list[str]] = field(default_factory=_default_params)
    """Shortcode or component name -> parameters whose values are prose (``"0"``: the first
    positional one). Replaces the default table when set."""
    mdx_files: tuple[str, ...] = ("*.mdx",)
    """File-name globs read as MDX (``{expressions}``, ``import``/``export`` lines are code);
    Docusaurus sites whose ``.md`` files are MDX add ``"*.md"``."""
    min_coverage: float = 80.0
    """Merge writes no article whose translated + fuzzy share of words is below this."""
    fuzzy_threshold: float = 70.0
    """Similarity (0-100) above which a changed unit keeps its old translation as fuzzy."""
    frontmatter: dict[str, str] = field(default_factory=_default_policy)
    """Key -> translate | copy | localize | derive | glossary. Unknown keys are copied."""
    mirrors_added: tuple[str, ...] = ("reading_time_zh",)
    """Mirror keys added to the English article when absent."""
    reading_time: str = "carry"
    """carry: keep the English minutes, localize the unit; compute: from the text."""
    reading_rate_en: float = 228.0
    reading_rate_zh: float = 255.0
    localize_links: bool = False
    """Rewrite site-relative body links ``/en/…`` -> ``/zh/…`` on merge. Off by default so an
    identity-filled catalog gives back the English body byte for byte; this site turns it on."""
    babel_locales: dict[str, str] = field(default_factory=lambda: {"zh": "zh_Hans"})
    deepl_langs: dict[str, str] = field(default_factory=lambda: {"zh": "ZH-HANS"})
    memory_threshold: float = 85.0
    memory_exact_reviewed: bool = True
    deepl_instructions: tuple[str, ...] = ()
    """DeepL custom instructions, e.g. the house style; empty sends none."""
    deepl_batch: int = 40
    deepl_concurrency: int = 4
    jobs: int = 0
    """Worker processes for large runs; 0 uses every core."""
    fm_limits: dict[str, int] = field(
        default_factory=lambda: {"seo_title": 30, "seo_description": 80}
    )

    @property
    def prose_keys(self) -> frozenset[str]:
        """Front-matter keys whose values (or list items) are translation units."""
        return frozenset(k for k, v in self.frontmatter.items() if v == "translate")

    def path(self, pattern: str, slug: str = "", locale: str = "") -> Path:
        return self.root / pattern.format(slug=slug, locale=locale)

    def rel(self, path: Path) -> str:
        """Path relative to the root, with forward slashes, for messages and ``#:`` lines."""
        root = _absolute(str(self.root))
        full = os.path.abspath(path)
        if full == root or full.startswith(root + os.sep):
            return Path(os.path.relpath(full, root)).as_posix()
        return Path(path).as_posix()

    def source_path(self, slug: str) -> Path:
        return self.root / self.source / f"{slug}.md"

    def slugs(self) -> list[str]:
        """Every English article, sorted so runs are deterministic."""
        src = self.root / self.source
        return sorted(p.stem for p in src.glob("*.md")) if src.is_dir() else []


@functools.lru_cache(maxsize=64)
def _absolute(root: str) -> str:
    return os.path.abspath(root)


_TUPLES = {"locales", "prose_fences", "mirrors_added", "deepl_instructions", "mdx_files"}


def load(root: Path) -> Config:
    """Read the configuration of the repository at ``root``."""
    root = Path(root)
    if not root.is_dir():
        raise PipelineError("not a directory", str(root))
    values: dict[str, Any] = {}
    pipeline_toml = root / "pipeline.toml"
    pyproject = root / "pyproject.toml"
    if pipeline_toml.is_file():
        values, origin = _read_toml(pipeline_toml), pipeline_toml
    elif pyproject.is_file():
        values = _read_toml(pyproject).get("tool", {}).get("pipeline", {})
        origin = pyproject
    else:
        origin = pipeline_toml
    return _build(root, values, origin)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise PipelineError(f"invalid TOML: {exc}", str(path)) from None


def _build(root: Path, values: dict[str, Any], origin: Path) -> Config:
    known = {f.name for f in fields(Config)} - {"root"}
    unknown = sorted(set(values) - known)
    if unknown:
        raise PipelineError(
            f"unknown setting {', '.join(unknown)}; valid: {', '.join(sorted(known))}", str(origin)
        )
    cfg = Config(root=root)
    kwargs: dict[str, Any] = {}
    for key, value in values.items():
        default = getattr(cfg, key)
        if key in _TUPLES:
            value = tuple(value)
        elif key == "frontmatter":
            value = {**default, **value}
        elif isinstance(default, float) and isinstance(value, int):
            value = float(value)
        if not isinstance(value, type(default)):
            raise PipelineError(
                f"setting {key} must be {type(default).__name__}, got {value!r}", str(origin)
            )
        kwargs[key] = value
    return replace(cfg, **kwargs)
