"""pipeline.memo: which files a stage left behind, so a no-op run only looks at file stamps.

Stored in ``ROOT/.pipeline-cache/memo.marshal`` (ignored by git; deleting it is always
safe), as ``sealed.seal`` writes ``(FORMAT, entries)``::

    {"<stage> <slug>": ["<digest of the files as they were after the stage ran>", {note}]}

``marshal`` (sealed by a checksum: ``sealed``), not JSON: a large site's memo holds four
entries per article (2.9 MB at 4,300 articles), and a one-article edit reads it and
writes it back: 14 ms to read and 6 ms to write there, against 17 and 29 ms as JSON. The
file is the tool's own, as the extracted bodies are (``markdown.bodies``); what does not
load as a memo is no memo.

A stage skips an article when that digest, taken again over the same files now,
is unchanged: no file was edited, added or removed since the stage last wrote
them (sizes and nanosecond modification times, as git and make compare them).
The digest also covers the configuration and the package's own code, so a
settings change or an upgrade runs everything again. Anything unexpected (an
unreadable cache, a file edited by a translator) just means the work is done.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from pipeline import __version__
from pipeline.errors import PipelineError
from pipeline.repo import sealed, stamps, store

FILE = ".pipeline-cache/memo.marshal"
FORMAT = 2


class Memo:
    def __init__(self, path: Path, settings: str, stats: dict[str, str] | None = None):
        self.path = path
        self.salt = salt_of(settings)
        """The configuration and the code as one short digest, which every entry's digest
        covers (``stamps.digest``): the configuration (kilobytes) is hashed once a run, not
        once per article and stage."""
        self.stats = {} if stats is None else stats
        """Path -> its stamp line, taken once per run: the workspace forgets a path it
        writes (``Workspace.write``), so a stamp here is always the file as it is."""
        self.entries: dict[str, list] = {}
        self.changed = False
        with contextlib.suppress(OSError, ValueError):
            self.entries = _loads(self.path.read_bytes())

    def digest(self, files: Iterable[str]) -> str:
        """Size and modification time (ns) of each file, as git's index and make compare them.

        ``files``: normalized paths, as ``Layout.files`` gives them (the stamps are kept by
        normalized path, which a write forgets). Writes go through ``store.write_text``, which
        never rewrites an unchanged file, so a no-op run leaves every stamp alone; any
        write, checkout or edit changes a stamp.
        """
        stats = self.stats
        lines = []
        for path in files:
            line = stats.get(path)
            lines.append(self._stat(path) if line is None else line)
        return stamps.digest(self.salt, "".join(lines))

    def stamp(self, path: Path | str) -> str:
        """One file's stamp line (path, size, modification time, inode), taken once a run."""
        key = os.path.normpath(path)
        line = self.stats.get(key)
        return self._stat(key) if line is None else line

    def _stat(self, key: str) -> str:
        line = self.stats[key] = stamps.line(key)
        return line

    def fresh(self, key: str, files: Iterable[str]) -> dict | None:
        """The note recorded with the files when every file is as the stage left it, else None."""
        if self._entry(key) is None:  # nothing to compare: no stamp taken
            return None
        return self.fresh_as(key, self.digest(files))

    def fresh_as(self, key: str, digest: str | None) -> dict | None:
        """``fresh`` for a caller that took the digest of the files already, under this
        memo's salt (``repo.settled``: from the stamps it took as the process started)."""
        recorded = self._entry(key)
        if recorded is None or digest is None or recorded[0] != digest:
            return None
        return recorded[1]

    def note(self, key: str) -> dict | None:
        """The note recorded under ``key``, whatever the files are now (a caller that knows
        them unchanged: ``sync``'s own entry covers its stages')."""
        recorded = self._entry(key)
        return None if recorded is None else recorded[1]

    def _entry(self, key: str) -> list | None:
        """The entry under ``key`` when it is well formed (``[digest, note]``): entries are
        checked as they are used, not all of them as the memo loads (a large site's memo
        holds thousands, and a run uses few)."""
        recorded = self.entries.get(key)
        if type(recorded) is list and len(recorded) == 2 and type(recorded[1]) is dict:
            return recorded
        return None

    def record(self, key: str, files: Iterable[str], note: dict | None = None) -> bool:
        """Remember the files as they are now, after the stage ran; False (nothing kept)
        when one changed on disk since the run stamped it, other than by this run's own
        writes (which forget their stamp: ``Workspace.write``, ``forget_written``): what the
        run read may not be what is there, so the next run must look again."""
        files = [os.path.normpath(p) for p in files]
        before = [self.stats.pop(path, None) for path in files]
        now = self.digest(files)
        if any(b is not None and b != self.stats[p] for b, p in zip(before, files, strict=True)):
            for b, p in zip(before, files, strict=True):
                if b is not None:  # a later record of the run (sync's) must see it too
                    self.stats[p] = b
            return False
        value = [now, note or {}]
        if self.entries.get(key) != value:
            self.entries[key] = value
            self.changed = True
        return True

    def put(self, key: str, digest: str, note: dict) -> None:
        """Keep ``note`` under ``key`` for as long as ``digest`` names what it was made
        from (``fresh_as`` gives it back): what a run learned besides files (the
        reading-time labels: ``runs``)."""
        value = [digest, note]
        if self.entries.get(key) != value:
            self.entries[key] = value
            self.changed = True

    def save(self) -> None:
        if self.changed:
            data = _dumps(self.entries)
            with contextlib.suppress(PipelineError):  # read-only checkout: no shortcut
                store.write_bytes(self.path, data, FILE)
                store.ignore_folder(self.path.parent)
            self.changed = False


def _dumps(entries: dict[str, list]) -> bytes:
    """The memo as ``_loads`` reads it, sealed (``sealed``), keys sorted so the same
    entries are written the same way; an entry whose key is not text is dropped."""
    try:
        keys = sorted(entries)
    except TypeError:  # a key that is not text (a damaged memo read back)
        keys = sorted(k for k in entries if type(k) is str)
    return sealed.seal((FORMAT, {k: entries[k] for k in keys}))


def _loads(data: bytes) -> dict[str, list]:
    """What ``_dumps`` wrote; ``ValueError`` for anything that is not a memo of this format
    (damaged, truncated, another version's). Its entries are checked as they are used
    (``Memo._entry``)."""
    stored = sealed.unseal(data)
    if not (type(stored) is tuple and len(stored) == 2 and stored[0] == FORMAT):
        raise ValueError("not a memo of this format")
    return stored[1] if type(stored[1]) is dict else {}


def salt_of(settings: str) -> str:
    """The memo's salt for a repository's settings (``repr`` of its configuration): the
    package's version and code with them, as one hex digest."""
    text = f"{__version__}\n{stamps.code()}\n{settings}"
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def open_for(layout, cfg, stats: dict[str, str] | None = None) -> Memo:
    """The memo of a repository (``layout``), salted with its configuration; ``stats``: the
    workspace's stamps of this run (``Workspace.stats``)."""
    return Memo(layout.cache() / os.path.basename(FILE), repr(cfg), stats)
