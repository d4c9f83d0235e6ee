"""pipeline.repo.store: the only module that reads and writes the repository's files.

Writes are atomic (a temporary file in the same folder, then ``os.replace``),
skipped when the bytes would not change (a second ``make sync`` touches nothing),
and never clobber a file that changed since it was read: a write names the
``Stamp`` of the content it was computed from, and if the file on disk is no
longer that content the write is refused (``Conflict``) and the new text is
dropped, so a translator's save during a run is never lost. Every OS failure
(read-only folder, full disk, a directory where a file should be) becomes one
``PipelineError`` line naming the path.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import itertools
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import PipelineError


@dataclass(frozen=True, slots=True)
class Stamp:
    """What a file was when it was read: enough to tell whether it changed since."""

    digest: str
    """Content hash; ``""`` for a file that did not exist."""
    size: int = -1
    mtime_ns: int = 0
    ino: int = 0
    ctime_ns: int = 0

    @property
    def exists(self) -> bool:
        return bool(self.digest)


ABSENT = Stamp("")
"""The stamp of a file that does not exist."""


class Conflict(PipelineError):
    """The file changed on disk after it was read: nothing was written (run again)."""


def digest(data: bytes) -> str:
    """The content hash stamps compare: SHA-256 (OpenSSL's, which the CPU runs: about
    twice as fast as blake2b on a catalog), its first 128 bits."""
    return hashlib.sha256(data).hexdigest()[:32]


def _stamp(data: bytes, st: os.stat_result) -> Stamp:
    return Stamp(digest(data), st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)


def read_bytes(path: Path, display: str) -> tuple[bytes, Stamp] | None:
    """The file's bytes and stamp, or None when it does not exist."""
    try:
        with open(path, "rb", buffering=0) as fh:  # unbuffered: one read of the whole file
            st = os.fstat(fh.fileno())
            data = fh.read()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise PipelineError("is a directory, expected a file", display) from None
    except OSError as exc:
        raise PipelineError(f"cannot read: {exc.strerror}", display) from None
    return data, _stamp(data, st)


def read_text(path: Path, display: str) -> tuple[str, Stamp] | None:
    """UTF-8 text and stamp of a file, None when it does not exist; bad UTF-8 names the line."""
    found = read_bytes(path, display)
    if found is None:
        return None
    data, stamp = found
    from pipeline.markdown.source import decode  # the one decoder; imported when first read

    return decode(data, display), stamp


def write_text(path: Path, text: str, display: str, base: Stamp | None = None) -> bool:
    """Write ``text`` (UTF-8) as ``write_bytes`` does."""
    return write_bytes(path, text.encode("utf-8"), display, base)


def write_bytes(path: Path, data: bytes, display: str, base: Stamp | None = None) -> bool:
    """Write ``data`` atomically unless the file already holds it; True when written.

    ``base`` is the stamp of the content the data was computed from (``ABSENT`` for a
    file that did not exist); when given and the file is no longer that content, the
    write is refused with ``Conflict``. ``None`` means the caller owns the file outright
    (a generated article, a cache).
    """
    current = read_bytes(path, display)
    if base is not None:
        now = current[1].digest if current is not None else ""
        if now != base.digest:
            raise Conflict("changed on disk while this run was working; not written", display)
    if current is not None and current[0] == data:
        return False
    seen = current[1] if current is not None else ABSENT
    try:
        try:
            _replace(path, data, seen, display)
        except FileNotFoundError:
            # No folder yet: made here, not asked about every time. Another worker may
            # have made it since this one looked, so it is made if missing and the write
            # tried once more, whoever made it.
            path.parent.mkdir(parents=True, exist_ok=True)
            _replace(path, data, seen, display)
    except OSError as exc:
        raise PipelineError(f"cannot write: {exc.strerror or exc}", display) from None
    return True


def _replace(path: Path, data: bytes, seen: Stamp, display: str) -> None:
    fd, tmp = _temporary(path)
    try:
        try:
            _write_all(fd, data)
            mode = 0o644
            there = _lstat(path)  # one look at the path, a second only through a symlink
            if there is not None:
                st = _stat(path) if stat.S_ISLNK(there.st_mode) else there
                if st is not None:
                    mode = st.st_mode & 0o777
                    if (st.st_size, st.st_mtime_ns, st.st_ino) != (
                        seen.size,
                        seen.mtime_ns,
                        seen.ino,
                    ):
                        raise Conflict(
                            "changed on disk while it was being written; not written", display
                        )
                if not seen.exists:
                    raise Conflict(
                        "created by someone else while this run was working; not written",
                        display,
                    )
            os.fchmod(fd, mode)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
_FLAGS |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
_serial = itertools.count()


def _temporary(path: Path) -> tuple[int, str]:
    """A new file beside ``path`` (``.<name>.<pid>-<n>.tmp``), open for writing, readable
    by its owner only until it is complete. ``tempfile.mkstemp`` does the same with a
    random name and several Python calls more (a cold run writes thousands); a name left
    by a killed run with the same process id is skipped."""
    folder, name, pid = os.path.dirname(path), os.path.basename(path), os.getpid()
    for _ in range(1000):
        tmp = os.path.join(folder, f".{name}.{pid}-{next(_serial)}.tmp")
        try:
            return os.open(tmp, _FLAGS, 0o600), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(path))


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None


def remove(path: Path, display: str) -> bool:
    """Delete a file the tool owns; True when it existed."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise PipelineError(f"cannot delete: {exc.strerror}", display) from None
    return True


def ignore_folder(folder: Path) -> None:
    """Make a folder of derived data ignore itself in git, as ``.pytest_cache`` does, so a
    site need not add it to its own ``.gitignore``."""
    ignore = folder / ".gitignore"
    if not ignore.exists():
        write_text(ignore, "# made by pipeline: derived data, safe to delete\n*\n", str(ignore))
