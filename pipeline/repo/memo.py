"""pipeline.memo: which files a stage left behind, so a no-op run only looks at file stamps.

Stored in ``ROOT/.pipeline-cache/memo.marshal`` (ignored by git; deleting it is always
safe), as ``sealed.seal`` writes ``(FORMAT, entries)``::

    {"<stage> <slug>": ["<digest of the files as they were after the stage ran>", {note}]}

``marshal`` (sealed by a checksum: ``sealed``), not JSON: a large site's memo holds four
entries per article (2.9 MB at 4,300 articles): 14 ms to read and 6 ms to write there,
against 17 and 29 ms as JSON. The file is the tool's own, as the extracted bodies are
(``markdown.bodies``); what does not load as a memo is no memo.

A run that changed a few entries (a one-article edit changes four of 17,200) appends
them to ``memo.journal`` beside it instead of writing the whole memo again (~20 ms
there, with the look at what is on disk): frames of a 4-byte length and a sealed
``(FORMAT, <the memo file's checksum>, {key: entry})``, read after the memo file in
order. A frame that names another memo file (one written whole since) is stale and
skipped; a damaged one ends the journal. When the journal would outgrow an eighth of the
memo (at least ``JOURNAL_MIN``), or holds a stale or damaged frame, the next save writes
the memo whole and removes the journal. Concurrent runs may each append; a frame lost to
a run that wrote the memo whole is only work the next run does again (an entry is
trusted only while its digest matches the files).

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
JOURNAL = "memo.journal"
"""Beside ``FILE``: the entries runs changed since it was written whole."""
FORMAT = 2
JOURNAL_MIN = 1 << 16
"""Bytes the journal may reach before the memo is written whole, however small the memo."""


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
        self.dirty: set[str] = set()
        """The keys this run changed (``save`` appends them to the journal)."""
        self._tag = b""  # the memo file's checksum and length: what journal frames name
        self._room = 0  # bytes the journal may still take before the memo is written whole
        with contextlib.suppress(OSError, ValueError):
            data = self.path.read_bytes()
            self.entries = _loads(data)
            self._tag, self._room = _tag(data), max(JOURNAL_MIN, len(data) // 8)
        if self._tag:
            self._replay(self.path.with_name(JOURNAL))

    def _replay(self, journal: Path) -> None:
        """Apply the journal's frames for this memo file, in order (see the docstring)."""
        try:
            data = journal.read_bytes()
        except OSError:
            return
        self._room -= len(data)
        at = 0
        while at < len(data):
            size = int.from_bytes(data[at : at + 4], "big")
            try:
                stored = sealed.unseal(data[at + 4 : at + 4 + size])
                if not (type(stored) is tuple and len(stored) == 3 and stored[0] == FORMAT):
                    raise ValueError("not a journal frame of this format")
            except ValueError:
                self._room = -1  # damaged: the next save writes the memo whole
                return
            if stored[1] != self._tag or type(stored[2]) is not dict:
                self._room = -1  # written for another memo file: stale
            else:
                self.entries.update(stored[2])
            at += 4 + size

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
        recorded = self._entry(key)
        if recorded is None:  # nothing to compare: no stamp taken
            return None
        return recorded[1] if recorded[0] == self.digest(files) else None

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
        self.put(key, now, note or {})
        return True

    def touched(self, key: str) -> None:
        """Note that the entry under ``key`` changed (a caller that changed its note in
        place: ``translate``), for ``save``."""
        self.changed = True
        self.dirty.add(key)

    def put(self, key: str, digest: str, note: dict) -> None:
        """Keep ``note`` under ``key`` for as long as ``digest`` names what it was made
        from (``fresh`` gives it back while the files digest to it)."""
        value = [digest, note]
        if self.entries.get(key) != value:
            self.entries[key] = value
            self.touched(key)

    def save(self) -> None:
        """Append the changed entries to the journal when it has room, else write the memo
        whole (and remove the journal); nothing when nothing changed."""
        if not self.changed:
            return
        self.changed = False
        dirty, self.dirty = self.dirty, set()
        if self._tag and dirty and self._room > 0:
            frame = sealed.seal((FORMAT, self._tag, {k: self.entries[k] for k in sorted(dirty)}))
            frame = len(frame).to_bytes(4, "big") + frame
            if len(frame) <= self._room and _append(self.path.with_name(JOURNAL), frame):
                self._room -= len(frame)
                return
        data = _dumps(self.entries)
        with contextlib.suppress(PipelineError):  # read-only checkout: no shortcut
            store.write_bytes(self.path, data, FILE)
            store.ignore_folder(self.path.parent)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path.with_name(JOURNAL))
            self._tag, self._room = _tag(data), max(JOURNAL_MIN, len(data) // 8)


def _tag(data: bytes) -> bytes:
    """What names a memo file's content in its journal's frames: its checksum and length."""
    return sealed.checksum(data) + len(data).to_bytes(8, "big")


def _append(path: Path, frame: bytes) -> bool:
    """Append ``frame`` to the journal in one write; False when it cannot (the memo is
    then written whole). A write cut short leaves a damaged frame, which ends the journal
    for the next reader and makes its save write the memo whole."""
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_BINARY", 0), 0o644)
    except OSError:
        return False
    try:
        return os.write(fd, frame) == len(frame)
    except OSError:
        return False
    finally:
        os.close(fd)


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
