"""pipeline.repo.workspace: one repository as one run sees it.

Every file of the repository is read here, at most once per run, and every
write goes back through here: a write is compared against the stamp of the
content the run read (``store.Conflict`` when someone saved the file in
between), so a run never overwrites what it did not see. ``parses`` counts
how often each kind of file was parsed, which the tests hold to once.
"""

from __future__ import annotations

import contextlib
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.config import Config
from pipeline.errors import PipelineError
from pipeline.glossary import Glossary
from pipeline.glossary import parse as parse_glossary
from pipeline.repo import sealed, stamps, store
from pipeline.repo.layout import Layout
from pipeline.repo.store import Stamp

if TYPE_CHECKING:
    from pipeline.adopt import addenda
    from pipeline.model import Article, Part, Unit
    from pipeline.po.model import Catalog

# The parsers (Markdown, PO, addenda) are imported when a file is first parsed: a run
# that finds every file as it left it never loads them.


@dataclass
class Workspace:
    cfg: Config
    layout: Layout = field(init=False)
    dry_run: bool = False
    """Write nothing: ``write`` only says whether it would have written (``would``)."""
    parses: Counter[str] = field(default_factory=Counter)
    """``article``, ``catalog``…: how many files of each kind this run parsed."""
    would: list[Path] = field(default_factory=list)
    """Files a dry run would have written."""
    keep_bodies: bool = True
    """Write the extracted bodies' cache (``_BodyFile``); a run that writes nothing else
    of the articles (``check``) only reads it: its writes cost more than they save."""
    stats: dict[str, str] = field(default_factory=dict, repr=False)
    """File stamps taken this run (``memo.Memo.stats``), by the memo or when a file was
    first read; a write forgets its path."""
    written: list[str] = field(default_factory=list, repr=False)
    """Every file this process wrote, or found holding what it would write (normalized, as
    the memo keys them; ``write`` forgets their stamps): a worker's are sent back, so the
    parent forgets them too (``runs.stage``)."""
    _stamps: dict[Path, Stamp] = field(default_factory=dict, repr=False)
    _articles: dict[str, Article] = field(default_factory=dict, repr=False)
    _catalogs: dict[tuple[str, str], Catalog | None] = field(default_factory=dict, repr=False)
    _glossaries: dict[str, Glossary] = field(default_factory=dict, repr=False)
    _templates: dict[str, Catalog | PipelineError | None] = field(default_factory=dict, repr=False)
    _ignored: bool = field(default=False, repr=False)
    """The cache folder was made to ignore itself in git this run (``store.ignore_folder``)."""

    def __post_init__(self) -> None:
        self.layout = Layout(self.cfg)

    # -- reading ------------------------------------------------------------------

    def text(self, path: Path) -> str | None:
        """A file's text (None when absent); its stamp is kept for the write that follows."""
        found = store.read_text(path, self.layout.rel(path))
        key = os.path.normpath(path)
        if found is None:
            self._stamps[path] = store.ABSENT
            self.stats.setdefault(key, stamps.of(key, None))
            return None
        text, stamp = found
        self._stamps[path] = stamp
        # What the run read, unless the memo stamped it before: either way, a change after
        # this shows when the memo records the article (``memo.Memo.record``).
        seen = (stamp.size, stamp.mtime_ns, stamp.ino, stamp.ctime_ns)
        self.stats.setdefault(key, stamps.of(key, seen))
        return text

    def article(self, slug: str) -> Article:
        """The English article, extracted once per run."""
        found = self._articles.get(slug)
        if found is None:
            path = self.layout.source(slug)
            rel = self.layout.rel(path)
            if not self.layout.contains(path):
                raise PipelineError("symbolic link leaves the repository; refused", rel)
            text = self.text(path)
            if text is None:
                raise PipelineError("file not found", rel)
            self.parses["article"] += 1
            from pipeline.markdown import extract

            options = extract.Options.of(self.cfg)
            found = extract.article(text, rel, slug, options, _BodyFile(self, slug))
            self._articles[slug] = found
        return found

    def catalog(self, slug: str, locale: str):
        """The catalog on disk (None when there is none), parsed once per run."""
        key = (slug, locale)
        if key not in self._catalogs:
            path = self.layout.catalog(slug, locale)
            text = self.text(path)
            if text is not None:
                self.parses["catalog"] += 1
            from pipeline.po import catalog

            self._catalogs[key] = (
                None if text is None else catalog.loads(text, self.layout.rel(path), locale)
            )
        return self._catalogs[key]

    def holds_catalog(self, slug: str, locale: str) -> bool:
        """Whether this run keeps the catalog (read, or made by extract)."""
        return (slug, locale) in self._catalogs

    def peek_catalog(self, slug: str, locale: str):
        """The catalog as ``catalog`` gives it, but one this run has not kept is parsed and
        not kept: what reads every catalog of a locale (the memory, the consistency check)
        holds one at a time, so memory stays flat on a large site."""
        key = (slug, locale)
        if key in self._catalogs:
            return self._catalogs[key]
        found = self.catalog(slug, locale)
        del self._catalogs[key]
        return found

    def template(self, slug: str, strict: bool = True) -> Catalog | None:
        """The template on disk (None when missing), parsed once: extract keeps its layout
        and order. Unreadable, it is an error, or None when not ``strict`` (extract
        rewrites it)."""
        if slug not in self._templates:
            path = self.layout.template(slug)
            text = self.text(path)
            self.parses["template"] += text is not None
            from pipeline.po import catalog

            try:
                found = None if text is None else catalog.loads(text, self.layout.rel(path))
            except PipelineError as exc:
                found = exc
            self._templates[slug] = found
        found = self._templates[slug]
        if isinstance(found, PipelineError):
            if strict:
                raise found
            return None
        return found

    def keep_catalog(self, slug: str, locale: str, po) -> None:
        """The catalog as this run made it: later stages of the run read this one."""
        self._catalogs[(slug, locale)] = po

    def keep_template(self, slug: str, pot: Catalog) -> None:
        self._templates[slug] = pot

    def keep_article(self, slug: str, article: Article) -> None:
        """The English article after this run changed its front matter (mirror values)."""
        self._articles[slug] = article

    def forget(self, slug: str) -> None:
        """Drop what this run parsed of an article (English, template, catalogs): a run
        that is done with it keeps its memory flat. Read again when asked again."""
        self._articles.pop(slug, None)
        self._templates.pop(slug, None)
        for locale in self.cfg.locales:
            self._catalogs.pop((slug, locale), None)

    def glossary(self, locale: str) -> Glossary:
        found = self._glossaries.get(locale)
        if found is None:
            path = self.layout.glossary(locale)
            rel = self.layout.rel(path)
            text = self.text(path)
            found = (
                Glossary((), rel) if text is None else parse_glossary(text.lstrip("\ufeff"), rel)
            )
            self._glossaries[locale] = found
        return found

    def addenda(self, slug: str, locale: str) -> addenda.Addenda | None:
        path = self.layout.addenda(slug, locale)
        text = self.text(path)
        if text is None:
            return None
        from pipeline.adopt import addenda

        return addenda.loads(text, self.layout.rel(path))

    # -- writing ------------------------------------------------------------------

    def write(self, path: Path, text: str | bytes, owned: bool = False) -> bool:
        """Write ``text`` (UTF-8, or bytes as they are) unless the file holds it; True when
        written.

        A file this run read is written only if it is still what was read (a person's
        save in between wins, and the run reports a conflict). ``owned`` files (the
        localized articles, the tool's caches) are the tool's alone and written as is.
        """
        base = None if owned else self._stamps.get(path)
        data = text.encode("utf-8") if isinstance(text, str) else text
        if self.dry_run:
            current = store.read_bytes(path, self.layout.rel(path))
            changed = current is None or current[0] != data
            if changed and not _under(path, self.layout.cache()):
                self.would.append(path)
            return changed
        key = os.path.normpath(path)
        self.stats.pop(key, None)
        self.written.append(key)
        changed = store.write_bytes(path, data, self.layout.rel(path), base)
        if owned:  # written as is whatever it holds: no stamp to compare with later
            self._stamps.pop(path, None)
        else:
            self._stamps[path] = Stamp(store.digest(data))
        if changed and not self._ignored and _under(path, self.layout.cache()):
            store.ignore_folder(self.layout.cache())
            self._ignored = True
        return changed


def _under(path: Path, folder: Path) -> bool:
    """``folder in path.parents``, by the paths' text (both normalized by ``Path``, and
    ``parents`` is lexical too), without making a ``Path`` per parent on every write."""
    return str(path).startswith(os.path.join(str(folder), ""))


@dataclass
class _BodyFile:
    """An article's extracted body, kept in ``.pipeline-cache/bodies/<slug>.body``, so a run
    that finds the body unchanged need not parse it again."""

    ws: Workspace
    slug: str

    @property
    def path(self) -> Path:
        return self.ws.layout.cache() / "bodies" / f"{self.slug}.body"

    def get(self, key: str) -> tuple[list[Part], list[Unit]] | None:
        try:
            from pipeline.markdown.bodies import load_body

            stored_key, _, data = self.path.read_bytes().partition(b"\n")
            return load_body(sealed.unwrap(data)) if stored_key == key.encode() else None
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return None  # missing or damaged: parse again

    def put(self, key: str, parts: list[Part], units: list[Unit]) -> None:
        if not self.ws.keep_bodies:
            return
        from pipeline.markdown.bodies import dump_body

        with contextlib.suppress(PipelineError):  # a read-only checkout just parses every time
            data = sealed.wrap(dump_body(parts, units))
            self.ws.write(self.path, key.encode() + b"\n" + data, owned=True)
