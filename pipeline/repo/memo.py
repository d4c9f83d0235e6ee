"""pipeline.memo: which files a stage left behind, so a no-op run only looks at file stamps.

Stored in ``ROOT/.pipeline-cache/memo.json`` (ignored by git; deleting it is always safe)::

    {"<stage> <slug>": ["<digest of the files as they were after the stage ran>", {note}]}

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
import json
import os
from collections.abc import Iterable
from pathlib import Path

from pipeline import __version__
from pipeline.errors import PipelineError
from pipeline.repo import stamps, store

FILE = ".pipeline-cache/memo.json"


class Memo:
    def __init__(self, path: Path, salt: str, stats: dict[str, str] | None = None):
        self.path = path
        self.salt = f"{__version__}\n{stamps.code()}\n{salt}".encode()
        self.stats = {} if stats is None else stats
        """Path -> its stamp line, taken once per run: the workspace forgets a path it
        writes (``Workspace.write``), so a stamp here is always the file as it is."""
        self.entries: dict[str, list] = {}
        self.changed = False
        try:
            data = json.loads(self.path.read_text("utf-8"))
            if isinstance(data, dict):
                self.entries = {
                    str(k): v
                    for k, v in data.items()
                    if isinstance(v, list) and len(v) == 2 and isinstance(v[1], dict)
                }
        except (OSError, ValueError):
            pass

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
        return hashlib.blake2b(self.salt + "".join(lines).encode(), digest_size=16).hexdigest()

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
        recorded = self.entries.get(key)
        if recorded is None or recorded[0] != self.digest(files):
            return None
        return recorded[1]

    def note(self, key: str) -> dict | None:
        """The note recorded under ``key``, whatever the files are now (a caller that knows
        them unchanged: ``sync``'s own entry covers its stages')."""
        recorded = self.entries.get(key)
        return None if recorded is None else recorded[1]

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

    def save(self) -> None:
        if self.changed:
            text = _dumps(self.entries)
            with contextlib.suppress(PipelineError):  # read-only checkout: no shortcut
                store.write_text(self.path, text, FILE)
                store.ignore_folder(self.path.parent)
            self.changed = False


def _dumps(entries: dict[str, list]) -> str:
    """The memo as JSON in one pass of the C encoder (an indented dump goes through the
    pure-Python encoder: on a large site it takes a fifth of a second and a peak of
    memory), keys sorted so an unchanged memo is written the same."""
    return json.dumps(dict(sorted(entries.items())), ensure_ascii=False, separators=(",", ":"))


def open_for(layout, cfg, stats: dict[str, str] | None = None) -> Memo:
    """The memo of a repository (``layout``), salted with its configuration; ``stats``: the
    workspace's stamps of this run (``Workspace.stats``)."""
    return Memo(layout.cache() / "memo.json", repr(cfg), stats)
