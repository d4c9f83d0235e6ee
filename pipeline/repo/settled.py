"""pipeline.repo.settled: a ``sync`` that finds everything as the last one left it answers
from one file, before the rest of the tool is imported.

On a settled site ``sync`` has nothing to do, and most of its time went to starting up
(the command line, the configuration's types, the workspace, drafting), not to looking
at files. So a ``sync`` that changed nothing (every article settled, nothing to draft,
nothing failed) leaves ``ROOT/.pipeline-cache/settled.marshal`` (ignored by git; deleting it
is always safe), sealed (``sealed``: ``marshal``, read on every ``sync``: at 4,300
articles 5 ms, where JSON took 10)::

    {"format": 3, "ask": {how the run was asked}, "paths": [every path it depended on],
     "seen": <their stamps, stamps.packed>, "out": [[to stderr, line], ...],
     "frame": <how many of the paths are the frame>, "salt": "<the memo's salt>",
     "articles": [[slug, [its files, as indexes in paths]]],
     "absent": [[folder, <its stamp, packed>, [indexes of the paths missing in it]]]}

``ask`` holds the arguments, the working folder, the interpreter, the package's code
digest, the output streams (terminal or not, encoding) and whether ``NO_COLOR`` was set.
A run that meets any engine's environment setting set (a DeepL key: checked, and used,
on every run) leaves no record, and no record is answered while one is set: only the
ordinary run reads a setting (no value, nor any digest of one, is ever kept). ``paths``
are the articles' files, the folders listed to find articles and the configuration
files (``runs.sync_frame``, ``runs.sync_stamps``).
The next run asked the same way stamps the same paths (``repo.stamps``); when they are as
recorded it prints the same lines and exits 0, having imported only the standard library.
Anything else (another question, one changed stamp, an unreadable record) is the ordinary
run. When only articles' files changed (the frame is as it was, so every article has the
same files), the record tells which articles' files are as it found them, settled
(``Taken.settled``): a one-article edit on a large site neither takes again nor lists
nor digests the other articles' files. The stamps are kept packed, 32 bytes a path
(``stamps.packed``): the whole site compares in one ``==`` and loads as one object.

A path that was missing is not looked at again while its folder's stamp is as it was
(making, removing or renaming a file changes its folder's): one stat per folder instead
of one per missing addenda file, a fifth of a site's paths.

A record is left only when every path is stamped the same before the run reads anything
and after it has printed (nothing was deleted, created or put back meanwhile), and every
stamp is older than the run's start by ``stamps.RACY_NS`` (a change in the same tick of a
coarse clock as a stamp would not show).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from pipeline.repo import sealed, stamps

if TYPE_CHECKING:
    from pathlib import Path

FILE = ".pipeline-cache/settled.marshal"
FORMAT = 3

_GROUP_FLAGS = frozenset({"-q", "--quiet", "-v", "--verbose"})
"""The command line's own options that take no value (``cli.commands.cli``)."""


def root_of(argv: Sequence[str]) -> str | None:
    """The ``--root`` of a ``sync`` command line (``.`` when not given), None for any other."""
    root, i = ".", 0
    while i < len(argv):
        arg = argv[i]
        if arg == "sync":
            return root
        if arg == "--root" and i + 1 < len(argv):
            root, i = argv[i + 1], i + 2
        elif arg.startswith("--root="):
            root, i = arg[len("--root=") :], i + 1
        elif arg in _GROUP_FLAGS:
            i += 1
        else:
            return None
    return None


def asked(argv: Sequence[str], unset: Iterable[str]) -> dict | None:
    """How a run was asked: everything besides the files that decides what it prints;
    None when a setting in ``unset`` (the engines' environment) is set."""
    if any(os.environ.get(name, "").strip() for name in unset):
        return None
    return {
        "argv": list(argv),
        "cwd": os.getcwd(),
        "python": f"{sys.executable} {sys.version}",
        "streams": [_stream(sys.stdout), _stream(sys.stderr)],
        "no_color": bool(os.environ.get("NO_COLOR")),
        "unset": sorted(unset),
        "code": stamps.code(),
    }


def _stream(stream) -> list:
    try:
        return [stream.isatty(), stream.encoding]
    except (AttributeError, ValueError):  # no stream, or a closed one
        return [None, None]


class Taken:
    """What the ``replay`` of a command line took at the start of the process, before
    anything was read, when it did not answer (``taken``)."""

    __slots__ = ("paths", "seen", "salt", "settled", "_lines")

    def __init__(self) -> None:
        self.paths: list[str] = []
        self.seen = b""
        """The stamps of ``paths`` (every path the record lists), ``stamps.packed``."""
        self.salt = ""
        """The memo's salt when the record was left."""
        self.settled: frozenset[str] = frozenset()
        """The articles none of whose files changed since the record was left, given when
        nothing but articles' files changed (the configuration and the folders are as
        they were, so each article has the same files): the record was left by a run
        that found every article settled, so ``sync`` skips these without listing or
        digesting their files again (their memo entries are as that run left them)."""
        self._lines: dict[str, str] | None = None

    def stamps(self) -> dict[str, str]:
        """Path -> stamp line (``stamps.of``) of every path taken: the ordinary run that
        follows uses them as its memo's (the same question, so the same paths) instead
        of taking every stamp again."""
        if self._lines is None:
            seen = self.seen
            self._lines = {
                p: stamps.of(p, stamps.unpacked(seen, i)) for i, p in enumerate(self.paths)
            }
        return self._lines


_TAKEN = Taken()
_TAKEN_FOR: list[list[str]] = []


def taken(argv: Sequence[str]) -> Taken:
    """What the ``replay`` of this same command line took (``Taken``), given once; nothing
    for any other command line."""
    global _TAKEN
    found = _TAKEN if [list(argv)] == _TAKEN_FOR else Taken()
    _TAKEN = Taken()
    _TAKEN_FOR.clear()
    return found


def replay(argv: Sequence[str]) -> bool:
    """Print what the last ``sync`` asked the same way printed, when every file and folder it
    depended on is as it left them; False (nothing printed) otherwise."""
    global _TAKEN
    _TAKEN = Taken()
    _TAKEN_FOR[:] = [list(argv)]
    root = root_of(argv)
    if root is None:
        return False
    try:
        with open(os.path.join(root, FILE), "rb") as fh:
            data = sealed.unseal(fh.read())
        if data["format"] != FORMAT:
            return False
        ask = data["ask"]
        if asked(argv, ask["unset"]) != ask:
            return False
        paths = data["paths"]
        seen = stamps.packed(paths, _still_missing(data["absent"], paths))
        _TAKEN.paths, _TAKEN.seen = paths, seen
        if seen != data["seen"]:
            _TAKEN.salt, _TAKEN.settled = _articles(data, seen)
            return False
        lines = [(bool(err), str(text)) for err, text in data["out"]]
        for err, text in lines:  # a line the stream cannot encode: as the ordinary run does
            text.encode((sys.stderr if err else sys.stdout).encoding or "utf-8")
    except (OSError, EOFError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return False
    for err, text in lines:
        stream = sys.stderr if err else sys.stdout
        stream.write(text + "\n")
        stream.flush()  # in order when both go to one place, as ``click.echo`` does
    return True


def _still_missing(absent: list, paths: list) -> set[int]:
    """The indexes of the paths that were missing in a folder whose stamp is as it was: a
    file made there since (or removed, or renamed in) changed the folder's stamp. A site
    without addenda has one missing file per article and locale; their folders are few.

    A folder whose stamp changed (an article's catalog was written there: every edit) is
    listed once instead: a path whose name is not in the listing is missing without a
    ``stat`` of its own (4,300 failed ``stat`` calls cost ~10 ms, the listing ~3). Names
    are compared case-folded and only when plain ASCII, so a file a case-insensitive or
    normalizing file system would find under that name is still looked at."""
    found: set[int] = set()
    for folder, seen, at in absent:
        if stamps.packed([folder]) == seen:
            found.update(at)
            continue
        try:
            names = {name.casefold() for name in os.listdir(folder)}
        except OSError:  # gone or unreadable: each path is looked at
            continue
        for i in at:
            name = os.path.basename(paths[i])
            if name.isascii() and name.casefold() not in names:
                found.add(i)
    return found


def _articles(data: dict, seen: bytes) -> tuple[str, frozenset[str]]:
    """The memo's salt and the articles whose files are as the record found them
    (``Taken.settled``); nothing when a path of the frame (the configuration, the folders
    listed) changed."""
    was, size = data["seen"], stamps.PACKED
    frame = data["frame"] * size
    if len(was) != len(seen) or was[:frame] != seen[:frame]:
        return "", frozenset()
    changed = _changed(was, seen, data["frame"])
    found = frozenset(slug for slug, at in data["articles"] if changed.isdisjoint(at))
    return str(data["salt"]), found


def _changed(was: bytes, seen: bytes, start: int, block: int = 64) -> set[int]:
    """The indexes (from ``start``) whose stamps differ between two ``stamps.packed`` of
    the same paths: compared ``block`` stamps at a time, one by one only in a block that
    differs (an edit changes a few stamps of 21,500)."""
    size = stamps.PACKED
    found: set[int] = set()
    end = len(seen) // size
    for first in range(start, end, block):
        last = min(first + block, end)
        if was[first * size : last * size] != seen[first * size : last * size]:
            found.update(
                i
                for i in range(first, last)
                if was[i * size : (i + 1) * size] != seen[i * size : (i + 1) * size]
            )
    return found


def _racy(seen: bytes, started_ns: int) -> bool:
    taken = stamps.unpacked(seen, 0)
    return taken is not None and stamps.racy(taken[1], started_ns)


class Frame:
    """How a record's paths are grouped: the first ``frame`` are the configuration files and
    the folders listed (``runs.sync_frame``), then each article's files (``files``: slug,
    its files in the order the memo digests them under ``salt``, ``runs.sync_stamps``)."""

    __slots__ = ("frame", "salt", "files")

    def __init__(self, frame: int, salt: str, files: list[tuple[str, list[str]]]) -> None:
        self.frame, self.salt, self.files = frame, salt, files


def before(paths: Iterable[str]) -> dict[str, str | None]:
    """The stamps of ``paths`` before a run reads them (``record`` compares them)."""
    paths = list(paths)
    return dict(zip(paths, stamps.lines(paths), strict=True))


def record(
    root: Path,
    argv: Sequence[str],
    seen: dict[str, str | None],
    started_ns: int,
    printed: list[tuple[bool, str]],
    unset: Iterable[str],
    articles: Frame,
) -> bool:
    """Leave the record of a ``sync`` that changed nothing (``root``: the repository, as the
    run was given it; ``seen``: every path's stamp taken before the run read it, None when
    not taken, the frame's paths first; ``articles``: how they are grouped); False when a
    path was not stamped or changed since, a stamp is too recent to prove anything
    (``stamps.racy``), an engine setting is set, or the record cannot be written (a
    read-only checkout: every run is then ordinary)."""
    from pipeline.errors import PipelineError
    from pipeline.repo import store

    ask = asked(argv, unset)
    if ask is None or None in seen.values():
        return False
    paths = list(seen)
    absent: dict[str, list[int]] = {}  # folder -> its paths missing when the run began
    for i, p in enumerate(paths):
        if seen[p] == stamps.of(p, None):
            absent.setdefault(os.path.dirname(p), []).append(i)
    held = {folder: stamps.packed([folder]) for folder in absent}  # before the look below
    now = stamps.packed(paths)
    taken = [stamps.unpacked(now, i) for i in range(len(paths))]
    if any(stamps.of(p, t) != seen[p] for p, t in zip(paths, taken, strict=True)):
        return False
    if any(t is not None and stamps.racy(t[1], started_ns) for t in taken):
        return False
    at = {p: i for i, p in enumerate(paths)}
    data = {
        "format": FORMAT,
        "ask": ask,
        "paths": paths,
        "seen": now,
        "frame": articles.frame,
        "salt": articles.salt,
        "articles": [[slug, [at[p] for p in files]] for slug, files in articles.files],
        "absent": [  # a folder changed too recently to prove anything: its paths are stamped
            [folder, held[folder], found]
            for folder, found in absent.items()
            if not _racy(held[folder], started_ns)
        ],
        "out": [[int(err), text] for err, text in printed],
    }
    try:
        store.write_bytes(root / FILE, sealed.seal(data), FILE)
        store.ignore_folder((root / FILE).parent)
    except PipelineError:
        return False
    return True
