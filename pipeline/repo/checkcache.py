"""pipeline.repo.checkcache: ``check``'s verdicts kept, so what did not change is not checked again.

Stored in ``ROOT/.pipeline-cache/check/<slug>.json`` (ignored by git; deleting it is always
safe; shareable between CI runs, see "The CI gate" in the README)::

    {"format": 1, "salt": "<version and code digest>",
     "article": {"key": "<inputs>", "results": [<ArticleCheck state>, …]},
     "consistency": {"<locale>": {"key": "<catalog + every catalog of the locale>",
                                  "problems": [[check, severity, message, file, line], …]}},
     "entries": {"<entry key>": [[check, severity, message], …]}}

Everything is keyed by content, never by file stamps, so a cache restored on another
machine or checkout is as good as a local one:

- ``article``: the article's verdict without consistency, keyed on the bytes of every file
  it is computed from (English file, template, each locale's catalog, localized article
  and addenda, the glossaries), the configuration and the options of the run;
- ``consistency``: per locale, keyed on the article's catalog and every catalog of the
  locale (a translation elsewhere can make an entry here the odd one out);
- ``entries``: each translation's QA findings by ``gate.entry_key`` (English, translation,
  comment, glossary, locales, limits), so an article edited in one entry checks that one
  entry again. The salt (version and code digest, and the versions of the parsers and
  locale data the checks use) covers the checks' code: an upgrade or an edit of the
  package starts afresh.

A file that does not parse, or was written by other code or settings, counts as empty.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import sys
import unicodedata
from importlib import metadata
from pathlib import Path

from pipeline import __version__
from pipeline.errors import PipelineError
from pipeline.model import Severity
from pipeline.repo import stamps, store

FORMAT = 1


PARSERS = ("pyromark", "markdown-it-py", "babel", "PyYAML", "rapidfuzz")
"""Libraries whose upgrade can change a finding (parsing, locale data, similarity)."""


@functools.lru_cache(maxsize=1)
def _parsers() -> str:
    found = []
    for name in PARSERS:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=-")
    return " ".join(found)


class CheckCache:
    """The kept verdicts of one repository for one run's settings."""

    def __init__(self, ws, settings: str):
        self.ws = ws
        code = (
            f"{FORMAT}\n{__version__}\n{stamps.code_content()}\n{_parsers()}\n"
            f"{sys.version_info[:2]} unicode={unicodedata.unidata_version}"
        )
        self.salt = hashlib.blake2b(code.encode(), digest_size=16).hexdigest()
        """The code: a file written by other code is not read."""
        cfg = dataclasses.replace(ws.cfg, root=Path("."), jobs=0)
        self.settings = f"{self.salt}\0{cfg!r}\0{settings}"
        """What verdicts depend on besides the files (entry keys carry their own)."""
        self.folder = ws.layout.cache() / "check"
        self._digests: dict[Path, str] = {}
        self._sites: dict[str, str] = {}
        self._site_files: dict[str, list[Path]] = {}
        self._sites_as_keyed: set[str] = set()
        self._keys: dict[str, str | None] = {}
        self._loaded: dict[str, dict] = {}
        self.run: dict[str, list] = {}
        """Entry findings met in this run (any article): an entry repeated across articles
        is checked once."""

    # -- keys ---------------------------------------------------------------------

    def digest(self, path: Path) -> str:
        """Content hash of a file (``-`` when absent), taken once per run: from the stamp of
        the workspace's read when it has read the file (the same hash of the same bytes, so
        the file is not read twice), else read here; unreadable raises."""
        found = self._digests.get(path)
        if found is None:
            stamp = self.ws._stamps.get(path)
            if stamp is not None:
                found = stamp.digest or "-"
            else:
                data = store.read_bytes(path, self.ws.layout.rel(path))
                found = "-" if data is None else data[1].digest
            self._digests[path] = found
        return found

    def article_key(self, slug: str) -> str | None:
        """The inputs of an article's verdict, hashed; None when a file cannot be read
        (then the article is checked, and reports it, every time)."""
        if slug not in self._keys:
            self._keys[slug] = self._article_key(slug)
        return self._keys[slug]

    def article_files(self, slug: str) -> list[Path]:
        """Every file an article's verdict is computed from."""
        layout = self.ws.layout
        files = [layout.source(slug), layout.template(slug)]
        for loc in self.ws.cfg.locales:
            files += [layout.catalog(slug, loc), layout.article(slug, loc)]
            files += [layout.addenda(slug, loc), layout.glossary(loc)]
        return files

    def site_files(self, locale: str) -> list[Path]:
        """Every catalog of the locale (what the conflicts are computed from), listed once
        per run: every article's consistency part names them all."""
        found = self._site_files.get(locale)
        if found is None:
            layout = self.ws.layout
            found = self._site_files[locale] = [
                layout.catalog(other, locale) for other in layout.slugs()
            ]
        return found

    def read_as_keyed(self, paths) -> bool:
        """Whether every file of ``paths`` the run read is the content its key hashed.

        The key hashes a file before the checks read it: a file saved in between gives a
        verdict of the new content, which must not be kept under the old content's key
        (going back to the old content would show the new content's verdict)."""
        stamps = self.ws._stamps
        for path in paths:
            stamp = stamps.get(path)
            if stamp is not None and (stamp.digest or "-") != self._digests.get(path):
                return False
        return True

    def site_as_keyed(self, locale: str) -> bool:
        """``read_as_keyed`` for every catalog of the locale, asked once per run when true:
        the conflicts are computed once per run, from the first reads, so a later read of
        a catalog (its stamp) cannot change them; a site is not walked for each article."""
        if locale in self._sites_as_keyed:
            return True
        if not self.read_as_keyed(self.site_files(locale)):
            return False
        self._sites_as_keyed.add(locale)
        return True

    def _article_key(self, slug: str) -> str | None:
        layout = self.ws.layout
        src = layout.source(slug)
        files = self.article_files(slug)
        h = hashlib.blake2b(f"{self.settings}\0{slug}\0{layout.contains(src)}".encode())
        try:
            for path in files:
                h.update(f"\0{layout.rel(path)}\0{self.digest(path)}".encode())
        except PipelineError:
            return None
        return h.hexdigest()

    def consistency_key(self, slug: str, locale: str) -> str | None:
        """The article's catalog and every catalog of the locale, hashed."""
        site = self._sites.get(locale)
        layout = self.ws.layout
        try:
            if site is None:
                h = hashlib.blake2b(f"{self.settings}\0{locale}".encode())
                for path in self.site_files(locale):
                    h.update(f"\0{layout.rel(path)}\0{self.digest(path)}".encode())
                site = self._sites[locale] = h.hexdigest()
            own = self.digest(layout.catalog(slug, locale))
        except PipelineError:
            return None
        text = f"{site}\0{slug}\0{locale}\0{own}"
        return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()

    def fresh(self, slug: str) -> bool:
        """Whether the article's kept verdict is still good (its consistency findings may
        not be: those are cheap to redo where the conflicts are)."""
        data = self._loaded[slug] = self.load(slug)
        key = self.article_key(slug)
        part = data.get("article")
        return key is not None and isinstance(part, dict) and part.get("key") == key

    def forget(self, slugs) -> None:
        """Drop what ``fresh`` read for articles checked elsewhere (by workers)."""
        for slug in slugs:
            self._loaded.pop(slug, None)

    # -- the files ----------------------------------------------------------------

    def path(self, slug: str) -> Path:
        return self.folder / f"{slug}.json"

    def load(self, slug: str) -> dict:
        """What was kept for ``slug`` with this code (empty when none)."""
        if slug in self._loaded:
            return self._loaded.pop(slug)
        try:
            data = json.loads(self.path(slug).read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("salt") != self.salt:
            return {}
        return data

    def prune(self, slugs) -> None:
        """Delete the files of articles that are gone (after a run over every article)."""
        wanted = {f"{slug}.json" for slug in slugs}
        if not self.folder.is_dir():
            return
        for path in self.folder.rglob("*.json"):
            if path.relative_to(self.folder).as_posix() not in wanted:
                with contextlib.suppress(PipelineError):
                    store.remove(path, self.ws.layout.rel(path))

    def save(self, slug: str, data: dict) -> None:
        data = {"format": FORMAT, "salt": self.salt, **data}
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        path = self.path(slug)
        with contextlib.suppress(PipelineError):  # a read-only checkout checks every time
            if store.write_text(path, text + "\n", self.ws.layout.rel(path)):
                store.ignore_folder(self.ws.layout.cache())


class ArticleMemo:
    """Entry findings for one article: this run's, then the article's kept ones; records
    the entries the article has now, so the kept file holds no stale ones."""

    def __init__(self, run: dict[str, list], kept: dict[str, list]):
        self.run, self.kept = run, kept
        self.used: dict[str, list] = {}

    def get(self, key: str):
        found = self.run.get(key)
        if found is None:
            found = self.kept.get(key)
            if not _findings(found):
                return None  # none kept, or damaged: checked again
            self.run[key] = found
        if found is not None:
            self.used[key] = found
        return found

    def __setitem__(self, key: str, findings) -> None:
        if len(self.run) >= RUN_LIMIT:
            self.run.clear()  # a very large site: memory stays bounded, repeats are rechecked
        self.run[key] = self.used[key] = [list(f) for f in findings]


def _findings(found) -> bool:
    """Whether a kept entry's findings are findings (``[[check, severity, message], …]``)."""
    return isinstance(found, list) and all(
        isinstance(f, list)
        and len(f) == 3
        and f[1] in _SEVERITIES
        and all(isinstance(x, str) for x in f)
        for f in found
    )


_SEVERITIES = frozenset(str(s) for s in Severity)


RUN_LIMIT = 200_000
"""Entry findings a run keeps for other articles (about 100 bytes each)."""
