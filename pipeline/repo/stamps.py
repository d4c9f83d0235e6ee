"""pipeline.repo.stamps: how the tool tells that a file changed without reading it.

A stamp is a path's size, nanosecond modification and change times and inode, as git's
index compares them: any write, checkout, copy or edit changes one of them, and the change
time even when a tool puts the old modification time back (``cp -p``, ``touch -r``). The memo
(``repo.memo``) and the settled record (``repo.settled``) compare stamps, so both must
take them the same way: here. Only the standard library is imported, because the
settled record is checked before anything else of the tool is.
"""

from __future__ import annotations

import functools
import hashlib
import os
import struct
import sys
from collections.abc import Collection, Sequence

from pipeline import __version__

RACY_NS = 2_000_000_000
"""How close to a run's start a modification time is too close to trust (2 s: the
coarsest clock of a common file system, FAT's). A file changed again within the same
tick of a coarse clock keeps its stamp when its size does not change, so a stamp taken
that close to the change proves nothing (git calls such an entry "racily clean")."""


def line(path: str) -> str:
    """The stamp of ``path`` as one line (``missing`` when there is nothing there): the
    memo takes one per file it digests, so one ``stat`` and no packing."""
    try:
        st = os.stat(path)
    except OSError:
        return of(path, None)
    return of(path, (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns))


def lines(paths: Sequence[str]) -> list[str]:
    """The stamp line of each path, in order (as ``of`` writes it), from one ``packed``
    look at them."""
    seen = packed(paths)
    return [of(path, unpacked(seen, i)) for i, path in enumerate(paths)]


_PACKED = struct.Struct("<qqQq")
PACKED = _PACKED.size
"""Bytes per path in ``packed``."""
_MISSING = _PACKED.pack(-1, 0, 0, 0)


def packed(paths: Sequence[str], missing: Collection[int] = ()) -> bytes:
    """The stamps of ``paths`` as one string of ``PACKED`` bytes each (size, modification
    time, inode, change time; size -1 for a missing path), in order: what the settled
    record keeps (``repo.settled``). Two sites' stamps compare in one ``==`` and load
    with the record as one object, where lines (``lines``) cost a string each to format
    and 21,500 strings to load (at 4,300 articles). The paths at the indexes in
    ``missing`` are known to be missing (``repo.settled``: their folder is as it was) and
    not looked at."""
    found: list[bytes] = []
    append, stat, pack = found.append, os.stat, _PACKED.pack
    for i, path in enumerate(paths):
        if missing and i in missing:
            append(_MISSING)
            continue
        try:
            st = stat(path)
        except OSError:
            append(_MISSING)
        else:
            append(pack(st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns))
    return b"".join(found)


def unpacked(stamps: bytes, i: int) -> tuple[int, int, int, int] | None:
    """The ``i``-th stamp of ``packed`` (as ``of`` takes it), None for a missing path."""
    seen = _PACKED.unpack_from(stamps, i * PACKED)
    return None if seen[0] < 0 else seen


def of(path: str, seen: tuple[int, int, int, int] | None) -> str:
    """The stamp line of ``path`` from its (size, modification time, inode, change time) as
    a read saw them, None when it found nothing."""
    if seen is None:
        return f"{path}\0missing\n"
    size, mtime_ns, ino, ctime_ns = seen
    return f"{path}\0{size}\0{mtime_ns}\0{ino}\0{ctime_ns}\n"


def digest(salt: str, lines: str) -> str:
    """The digest of stamp ``lines`` (joined as taken) under ``salt`` (the memo's, a hex
    digest of the configuration and the code): a memo entry's (``repo.memo``), which the
    settled record can also compute (``repo.settled``) without the configuration."""
    return hashlib.blake2b(f"{salt}\n{lines}".encode(), digest_size=16).hexdigest()


def racy(mtime_ns: int, since_ns: int) -> bool:
    """Whether a modification time is after ``since_ns`` or within ``RACY_NS`` before it: a
    stamp with it cannot yet tell a later edit (the change time, also in the stamp, moves
    on any later change whatever a tool does to the modification time)."""
    return mtime_ns >= since_ns - RACY_NS


def _package_files(package: str) -> list[str]:
    found = []
    for folder, dirs, files in os.walk(package):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        found += [os.path.join(folder, f) for f in files if f.endswith((".py", ".toml"))]
    return sorted(found)


_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@functools.lru_cache(maxsize=4)
def code_content(package: str = _PACKAGE) -> str:
    """The package's source and data by content, for what is shared between machines
    (``check``'s kept verdicts, restored in CI on a fresh install, where every file's
    modification time is new): the same code gives the same digest anywhere."""
    h = hashlib.blake2b(digest_size=16)
    for path in _package_files(package):
        with open(path, "rb") as fh:
            data = fh.read()
        h.update(f"{os.path.relpath(path, package)}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


@functools.lru_cache(maxsize=1)
def code() -> str:
    """The package's own source and data (locale profiles) and the folders its
    dependencies are installed in: after an upgrade, an edit of the package or an install
    beside it, every stage runs again. Stamped like the repository's files: a no-op run
    reads none of them."""
    h = hashlib.blake2b(digest_size=8)
    package = _PACKAGE
    for path in _package_files(package):
        st = os.stat(path)
        rel = os.path.relpath(path, package)
        h.update(f"{rel}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    # An install or upgrade of a dependency (the Markdown parser, the YAML reader) adds
    # and removes entries in its site-packages folder, which changes the folder's stamp.
    for folder in sys.path:
        if folder.endswith(("site-packages", "dist-packages")):
            h.update(line(folder).encode())
    h.update(__version__.encode())  # a build without its sources beside it (a zip)
    return h.hexdigest()
