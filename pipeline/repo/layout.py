"""pipeline.repo.layout: where a repository keeps each article's files.

The English articles are a tree under ``source``: the slug of an article is its
path below that folder without the suffix (``docs/concepts/overview``), so a
flat ``content/en/*.md`` site and a nested Hugo or Docusaurus tree are the same
case. The other files of an article come from patterns that take ``{slug}``
(or its alias ``{path}``), ``{locale}`` and ``{ext}`` (the source's suffix,
``.md`` or ``.mdx``). Symbolic links that leave the repository are refused:
a source must not be able to read ``/etc/passwd`` into a catalog.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.config import Config
from pipeline.errors import PipelineError, UsageError

SUFFIXES = (".md", ".mdx")
"""Files under ``source`` that are articles."""


@dataclass
class Layout:
    """Paths of one repository's files; the only place that lists the source tree."""

    cfg: Config
    _sources: dict[str, Path] | None = field(default=None, repr=False)

    @property
    def root(self) -> Path:
        return self.cfg.root

    def sources(self) -> dict[str, Path]:
        """Every English article, slug -> path, sorted by slug so runs are deterministic."""
        if self._sources is None:
            self._sources = dict(sorted(_walk(self.root / self.cfg.source)))
        return self._sources

    def slugs(self) -> list[str]:
        return list(self.sources())

    def resolve(self, wanted: list[str] | tuple[str, ...]) -> list[str]:
        """The requested articles (a slug, or a path to the source file), or all of them."""
        known = self.sources()
        if not known:
            where = self.rel(self.root / self.cfg.source)
            raise PipelineError(
                f"no articles found: {where}/ has no {' or '.join(SUFFIXES)} files "
                "(check the `source` setting)"
            )
        if not wanted:
            return list(known)
        out, unknown = [], []
        for item in wanted:
            slug = self._slug_of(item)
            (out if slug in known else unknown).append(slug if slug in known else item)
        if unknown:
            where = self.rel(self.root / self.cfg.source)
            names = ", ".join(repr(s) for s in unknown)
            raise UsageError(f"unknown article {names} (no such file in {where})")
        return list(dict.fromkeys(out))

    def _slug_of(self, item: str) -> str:
        """``content/en/a/b.md`` or ``a/b.md`` or ``a/b`` -> ``a/b``."""
        text = item.replace(os.sep, "/")
        prefix = self.cfg.source.rstrip("/") + "/"
        if text.startswith(prefix):
            text = text[len(prefix) :]
        for suffix in SUFFIXES:
            if text.endswith(suffix):
                return text[: -len(suffix)]
        return text

    def source(self, slug: str) -> Path:
        path = self.sources().get(slug)
        return path if path is not None else self.root / self.cfg.source / f"{slug}.md"

    def ext(self, slug: str) -> str:
        return self.source(slug).suffix or ".md"

    def _fill(self, pattern: str, slug: str = "", locale: str = "") -> Path:
        ext = self.ext(slug) if slug else ""
        return self.root / pattern.format(slug=slug, path=slug, locale=locale, ext=ext)

    def article(self, slug: str, locale: str) -> Path:
        return self._fill(self.cfg.article, slug, locale)

    def template(self, slug: str) -> Path:
        return self._fill(self.cfg.template, slug)

    def catalog(self, slug: str, locale: str) -> Path:
        return self._fill(self.cfg.catalog, slug, locale)

    def addenda(self, slug: str, locale: str) -> Path:
        """``locale/<locale>/<slug>.addenda.md``: next to the catalog, whatever its pattern."""
        path = self.catalog(slug, locale)
        return path.with_name(path.stem + ".addenda.md")

    def glossary(self, locale: str) -> Path:
        return self._fill(self.cfg.glossary, locale=locale)

    def mtcache(self) -> Path:
        return self.root / self.cfg.mtcache

    def cache(self) -> Path:
        """Derived data the tool keeps between runs (ignored by git; safe to delete)."""
        return self.root / CACHE

    def rel(self, path: Path) -> str:
        """Path relative to the root, with forward slashes, for messages and ``#:`` lines."""
        root = os.path.abspath(self.root)
        full = os.path.abspath(path)
        if full == root or full.startswith(root + os.sep):
            return Path(os.path.relpath(full, root)).as_posix()
        return Path(path).as_posix()

    def owner(self, path: Path) -> tuple[str | None, bool]:
        """Which article a repository file belongs to: ``(slug, False)``; ``(None, True)`` for a
        file every article depends on (configuration, a glossary); ``(None, False)`` else.

        A slug is returned even when its source is gone (a deleted article's catalog).
        """
        rel = self.rel(path)
        if rel in ("pyproject.toml", "pipeline.toml"):
            return None, True
        source = self.cfg.source.rstrip("/") + "/"
        if rel.startswith(source) and rel.endswith(SUFFIXES):
            return rel[len(source) : rel.rindex(".")], False
        for locale in self.cfg.locales:
            if rel == self.rel(self.glossary(locale)):
                return None, True
            for pattern in (self.cfg.catalog, self.cfg.article, self.cfg.template):
                m = _matcher(pattern.format(slug="\0", path="\0", locale=locale, ext="\1"))
                found = (
                    m.fullmatch(rel.removesuffix(".addenda.md") + ".po")
                    if rel.endswith(".addenda.md")
                    else m.fullmatch(rel)
                )
                if found:
                    return found["slug"], False
        return None, False

    def orphans(self, pattern: str, locale: str) -> dict[str, list[Path]]:
        """Files ``pattern`` could have written for ``locale`` whose English source is gone,
        by the slug they belong to."""
        matcher = _matcher(pattern.format(slug="\0", path="\0", locale=locale, ext="\1"))
        known = self.sources()
        found: dict[str, list[Path]] = {}
        head = Path(pattern.split("{", 1)[0].format(locale=locale))
        top = self.root / (head if str(head) not in ("", ".") else Path())
        for folder, dirs, files in os.walk(top if top.is_dir() else top.parent):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                path = Path(folder) / name
                m = matcher.fullmatch(self.rel(path))
                if m and m["slug"] not in known and not name.endswith(".addenda.md"):
                    found.setdefault(m["slug"], []).append(path)
        return found


def _matcher(filled: str) -> re.Pattern[str]:
    """A regular expression for a pattern whose slug is ``\\0`` and extension ``\\1``."""
    out = re.escape(filled)
    out = out.replace(re.escape("\0"), "(?P<slug>.+?)").replace(re.escape("\1"), r"\.mdx?")
    return re.compile(out)


CACHE = ".pipeline-cache"


def _walk(top: Path):
    """(slug, path) of every article file under ``top`` (hidden folders skipped)."""
    if not top.is_dir():
        return
    for folder, dirs, files in os.walk(top, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if not name.endswith(SUFFIXES) or name.startswith("."):
                continue
            path = Path(folder) / name
            rel = path.relative_to(top).as_posix()
            yield rel[: -len(path.suffix)], path


def inside(path: Path, root: Path) -> bool:
    """Whether ``path`` (resolved: symbolic links followed) lies in ``root``."""
    path, root = path.resolve(), root.resolve()
    return path == root or root in path.parents
