"""pipeline.repo.layout: where a repository keeps each article's files.

The English articles are one or more trees (``Config.sources``): the slug of an
article is its tree's prefix plus its path below the tree's folder, without the
suffix (``docs/concepts/overview``), so a flat ``content/en/*.md`` site, a nested
Hugo tree and Docusaurus's docs/blog/pages are the same case. The other files of
an article come from patterns that take ``{slug}``, ``{path}`` (below the tree),
``{locale}``, ``{lang}`` and ``{ext}`` (the source's suffix, ``.md`` or ``.mdx``).
``{locale}`` is the locale's tag as configured (``zh-Hant``: catalogs and glossaries
are the translators' and keep it); ``{lang}`` is its content segment
(``locale.<tag>.segment``, default the tag; Hugo sites use ``zh-cn``), which the
article patterns use, so a site's content folders and its catalogs can be named
differently. Symbolic links that leave the repository are refused when an article
is read (workspace).
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import locales
from pipeline.config import Config, Tree
from pipeline.errors import PipelineError, UsageError

SUFFIXES = (".md", ".mdx")
"""Suffixes an article may have."""

CACHE = ".pipeline-cache"


class Source:
    """One English article: its file, its tree and its path below the tree."""

    __slots__ = ("file", "tree", "below", "suffix", "_path")

    def __init__(self, file: str | Path, tree: Tree, below: str):
        self.file = os.fspath(file)
        self.tree = tree
        self.below = below
        """Path below the tree's folder, without the suffix: what ``{path}`` stands for."""
        self.suffix = os.path.splitext(self.file)[1]
        self._path: Path | None = None

    @property
    def path(self) -> Path:
        """The file as a ``Path``, made when first asked (a site lists thousands)."""
        if self._path is None:
            self._path = Path(self.file)
        return self._path


@dataclass
class Layout:
    """Paths of one repository's files; the only place that lists the source trees."""

    cfg: Config
    _sources: dict[str, Source] | None = field(default=None, repr=False)
    _segments: dict[str, str] = field(default_factory=dict, repr=False)
    _paths: dict[tuple[str, str, str], Path] = field(default_factory=dict, repr=False)
    """Paths already made (a run asks for each article's files several times)."""
    _names: dict[tuple[str, str, str], str] = field(default_factory=dict, repr=False)
    _rels: dict[str, str] = field(default_factory=dict, repr=False)
    _files: dict[tuple, list[str]] = field(default_factory=dict, repr=False)
    _root_abs: str | None = field(default=None, repr=False)
    _root_text: str | None = field(default=None, repr=False)
    """The root as given when it is normalized, else empty (``_under``)."""
    _folders: list[str] = field(default_factory=list, repr=False)
    _real: dict[str, str] = field(default_factory=dict, repr=False)
    """Folders resolved (``contains``): a site's articles share a few."""

    @property
    def root(self) -> Path:
        return self.cfg.root

    def contains(self, path: Path) -> bool:
        """``inside(path, self.root)``, each folder resolved once per layout: the articles
        of a site share a few folders, and resolving every component of every article's
        path again cost 23 ms per 430 articles, per command."""
        real = self._real
        folder, name = os.path.split(path)
        top = real.get("") or real.setdefault("", os.path.realpath(self.root))
        where = real.get(folder) or real.setdefault(folder, os.path.realpath(folder))
        full = os.path.join(where, name)
        if os.path.islink(full):  # the file itself a symbolic link: followed to its end
            full = os.path.realpath(full)
        return full == top or full.startswith(os.path.join(top, ""))

    def sources(self) -> dict[str, Source]:
        """Every English article, slug -> source, sorted by slug so runs are deterministic."""
        if self._sources is None:
            found: dict[str, Source] = {}
            for tree in self.cfg.sources:
                for below, path in _walk(self.root / tree.source, tree, self._folders):
                    found.setdefault(tree.prefix + below, Source(path, tree, below))
            self._sources = dict(sorted(found.items()))
        return self._sources

    def folders(self) -> list[str]:
        """Every folder listed to find the articles (a tree's folder even when it does not
        exist): adding, removing or renaming an article changes one of their stamps."""
        self.sources()
        return self._folders

    def slugs(self) -> list[str]:
        return list(self.sources())

    def resolve(self, wanted: list[str] | tuple[str, ...]) -> list[str]:
        """The requested articles (a slug, or a path to the source file), or all of them."""
        known = self.sources()
        folders = ", ".join(self.rel(self.root / t.source) + "/" for t in self.cfg.sources)
        if not known:
            raise PipelineError(
                f"no articles found: {folders} has no {' or '.join(SUFFIXES)} files "
                "(check the `source` setting)"
            )
        if not wanted:
            return list(known)
        out, unknown = [], []
        for item in wanted:
            slug = self._slug_of(item)
            (out if slug in known else unknown).append(slug if slug in known else item)
        if unknown:
            names = ", ".join(repr(s) for s in unknown)
            raise UsageError(f"unknown article {names} (no such file in {folders})")
        return list(dict.fromkeys(out))

    def _slug_of(self, item: str) -> str:
        """``content/en/a/b.md`` or ``a/b.md`` or ``a/b`` -> ``a/b``."""
        text = item.replace(os.sep, "/")
        for suffix in SUFFIXES:
            if text.endswith(suffix):
                text = text[: -len(suffix)]
        for tree in self.cfg.sources:
            folder = tree.source.rstrip("/") + "/"
            if text.startswith(folder):
                return tree.prefix + text[len(folder) :]
        return text

    def _source(self, slug: str) -> Source:
        found = self.sources().get(slug)
        if found is not None:
            return found
        tree = next((t for t in self.cfg.sources if t.prefix and slug.startswith(t.prefix)), None)
        tree = tree or self.cfg.sources[0]
        below = slug[len(tree.prefix) :]
        return Source(os.path.join(self.root, tree.source, f"{below}.md"), tree, below)

    def source(self, slug: str) -> Path:
        return self._source(slug).path

    def ext(self, slug: str) -> str:
        return self.source(slug).suffix or ".md"

    def lang(self, locale: str) -> str:
        """The content segment of ``locale`` (``{lang}``)."""
        if locale not in self._segments:
            self._segments[locale] = locales.resolve(self.cfg, locale).segment if locale else ""
        return self._segments[locale]

    def _fill(self, pattern: str, slug: str = "", locale: str = "") -> Path:
        key = (pattern, slug, locale)
        found = self._paths.get(key)
        if found is None:
            found = self._paths[key] = self.root / self._name(pattern, slug, locale)
        return found

    def _name(self, pattern: str, slug: str = "", locale: str = "") -> str:
        key = (pattern, slug, locale)
        found = self._names.get(key)
        if found is None:
            src = self._source(slug) if slug else None
            below = src.below if src else ""
            ext = src.suffix if src else ""
            lang = self.lang(locale)
            found = pattern.format(slug=slug, path=below, locale=locale, lang=lang, ext=ext)
            self._names[key] = found
        return found

    def files(self, slug: str, locales: tuple[str, ...] | list[str], which: str) -> list[str]:
        """An article's files as strings, for stamps (``repo.memo``), made without ``Path``
        objects: ``which`` names them, ``source template catalog article addenda glossary``
        (each per locale where it has one)."""
        key = (which, slug, tuple(locales))
        found = self._files.get(key)
        if found is None:
            found = []
            for name in which.split():
                if name == "source":
                    found.append(os.path.normpath(self._source(slug).file))
                elif name == "template":
                    found.append(self._under(self._name(self.cfg.template, slug)))
                else:
                    for loc in locales:
                        found.append(self._under(self._per_locale(name, slug, loc)))
            self._files[key] = found
        return found

    def names(self, slug: str, locales: tuple[str, ...] | list[str], which: str) -> list[str]:
        """An article's files as ``rel`` shows them (below the root, forward slashes), made
        from the patterns alone: what a run reports of thousands of unchanged files."""
        found = []
        for name in which.split():
            if name == "template":
                found.append(self._name(self.cfg.template, slug))
            else:
                found += [self._per_locale(name, slug, loc) for loc in locales]
        return [n if _clean(n) else self.rel(self.root / n) for n in found]

    def _under(self, name: str) -> str:
        """``name`` (a filled pattern) below the root, normalized: by concatenation when both
        are already normal (no empty or dot segment), as they nearly always are."""
        root = self._root_text
        if root is None:
            given = os.fspath(self.root)
            root = self._root_text = given if os.path.normpath(given) == given else ""
        if root and _clean(name):
            return name if root == "." else f"{root}/{name}" if root != "/" else f"/{name}"
        return os.path.normpath(os.path.join(os.fspath(self.root), name))

    def _per_locale(self, name: str, slug: str, locale: str) -> str:
        if name == "catalog":
            return self._name(self.cfg.catalog, slug, locale)
        if name == "article":
            return self._name(self._source(slug).tree.article, slug, locale)
        if name == "addenda":
            base, _ = os.path.splitext(self._name(self.cfg.catalog, slug, locale))
            return base + ".addenda.md"
        if name == "glossary":
            return self._name(self.cfg.glossary, locale=locale)
        raise ValueError(name)

    def article(self, slug: str, locale: str) -> Path:
        return self._fill(self._source(slug).tree.article, slug, locale)

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
        key = os.fspath(path)
        found = self._rels.get(key)
        if found is None:
            root = self._abs_root()
            below = self._below(key, root)
            if below is not None:  # a path made here
                found = self._rels[key] = below.replace(os.sep, "/")
                return found
            full = os.path.abspath(path)
            if full == root or full.startswith(root + os.sep):
                found = Path(os.path.relpath(full, root)).as_posix()
            else:
                found = Path(path).as_posix()
            self._rels[key] = found
        return found

    def _abs_root(self) -> str:
        """The root as an absolute path, made once (a run does not change directory)."""
        if self._root_abs is None:
            self._root_abs = os.path.abspath(self.root)
        return self._root_abs

    def _below(self, key: str, root: str) -> str | None:
        """``key`` below the root when it is a path this layout made (normalized, no dot
        segment), found by its prefix alone: the absolute root, or the root as given when it
        is relative (``pipeline`` run in the repository: ``--root .``); else None."""
        if not key or os.sep + "." in key or key.startswith("."):
            return None
        if key.startswith(root + os.sep):
            return key[len(root) + 1 :]
        if os.path.isabs(key):
            return None
        given = os.path.normpath(self.root)
        if given == ".":
            return key
        return key[len(given) + 1 :] if key.startswith(given + os.sep) else None

    # -- which article a file belongs to --------------------------------------------

    def _outputs(self, locale: str) -> list[tuple[re.Pattern[str], str]]:
        """(matcher, slug prefix) of every pattern a file of ``locale`` can come from."""
        lang = self.lang(locale)
        found = [(_matcher(t.article, locale, lang), t.prefix) for t in self.cfg.sources]
        found += [(_matcher(p, locale, lang), "") for p in (self.cfg.catalog, self.cfg.template)]
        return found

    def owner(self, path: Path) -> tuple[str | None, bool]:
        """Which article a repository file belongs to: ``(slug, False)``; ``(None, True)`` for a
        file every article depends on (configuration, a glossary); ``(None, False)`` else.

        A slug is returned even when its source is gone (a deleted article's catalog).
        """
        rel = self.rel(path)
        if rel in ("pyproject.toml", "pipeline.toml"):
            return None, True
        for tree in self.cfg.sources:
            folder = tree.source.rstrip("/") + "/"
            if rel.startswith(folder) and rel.endswith(SUFFIXES):
                return tree.prefix + rel[len(folder) : rel.rindex(".")], False
        if rel.endswith(".addenda.md"):
            rel = rel.removesuffix(".addenda.md") + ".po"
        for locale in self.cfg.locales:
            if rel == self.rel(self.glossary(locale)):
                return None, True
            for matcher, prefix in self._outputs(locale):
                m = matcher.fullmatch(rel)
                if m:
                    return _slug(m, prefix), False
        return None, False

    def orphans(self, locale: str) -> dict[str, list[Path]]:
        """Catalogs and localized articles of ``locale`` whose English source is gone, by slug."""
        known = self.sources()
        found: dict[str, list[Path]] = {}
        patterns = [(t.article, t.prefix) for t in self.cfg.sources] + [(self.cfg.catalog, "")]
        for pattern, prefix in patterns:
            matcher = _matcher(pattern, locale, self.lang(locale))
            head = pattern.split("{", 1)[0]
            top = self.root / head if head else self.root
            top = top if top.is_dir() else top.parent
            for folder, dirs, files in os.walk(top):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    path = Path(folder) / name
                    m = matcher.fullmatch(self.rel(path))
                    if m is None or name.endswith(".addenda.md"):
                        continue
                    slug = _slug(m, prefix)
                    if slug not in known:
                        found.setdefault(slug, []).append(path)
        return found


def _clean(name: str) -> bool:
    """Whether a filled pattern is already a normal relative path (no empty or dot segment,
    no trailing slash), as it nearly always is."""
    return (
        bool(name)
        and "//" not in name
        and "/." not in name
        and name[0] not in "./"
        and (name[-1] != "/" and os.sep == "/")
    )


def _slug(m: re.Match[str], prefix: str) -> str:
    slug = m.groupdict().get("slug")
    return slug if slug is not None else prefix + m["path"]


@functools.lru_cache(maxsize=256)
def _matcher(pattern: str, locale: str, lang: str) -> re.Pattern[str]:
    """A regular expression matching the files ``pattern`` makes for ``locale`` (whose content
    segment is ``lang``)."""
    out, pos, seen = [], 0, set()
    for m in re.finditer(r"\{(slug|path|locale|lang|ext)\}", pattern):
        out.append(re.escape(pattern[pos : m.start()]))
        name = m.group(1)
        if name in ("locale", "lang"):
            out.append(re.escape(locale if name == "locale" else lang))
        elif name == "ext":
            out.append(r"\.mdx?")
        elif name in seen:
            out.append(f"(?P={name})")
        else:
            out.append(f"(?P<{name}>.+?)")
            seen.add(name)
        pos = m.end()
    out.append(re.escape(pattern[pos:]))
    return re.compile("".join(out))


def _walk(top: Path, tree: Tree, folders: list[str]):
    """(path below ``top`` without suffix, path) of every article file of ``tree``; each
    folder listed is added to ``folders``."""
    folders.append(os.path.normpath(top))
    if not top.is_dir():
        return
    include = _globs(tree.include)
    exclude = _globs(tree.exclude)
    for folder, dirs, files in os.walk(top, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        if folder != os.fspath(top):
            folders.append(os.path.normpath(folder))
        below = os.path.relpath(folder, top)
        below = "" if below == "." else below.replace(os.sep, "/") + "/"
        for name in files:
            if not name.endswith(SUFFIXES) or name.startswith("."):
                continue
            rel = below + name
            if include is None or not include.fullmatch(rel):
                continue
            if exclude is None or not exclude.fullmatch(rel):
                yield rel[: rel.rindex(".")], os.path.join(folder, name)


@functools.lru_cache(maxsize=64)
def _globs(globs: tuple[str, ...]) -> re.Pattern[str] | None:
    """One expression for several globs: ``**/`` any folders, ``*`` and ``?`` within one."""
    if not globs:
        return None
    parts = []
    for glob in globs:
        rx = re.escape(glob).replace(r"\*\*/", "(?:.*/)?").replace(r"\*\*", ".*")
        parts.append(rx.replace(r"\*", "[^/]*").replace(r"\?", "[^/]"))
    return re.compile("|".join(f"(?:{p})" for p in parts))
