"""pipeline.repo.settled: a ``sync`` that finds everything as the last one left it answers
from one file, before the rest of the tool is imported.

On a settled site ``sync`` has nothing to do, and most of its time went to starting up
(the command line, the configuration's types, the workspace, drafting), not to looking
at files. So a ``sync`` that changed nothing (every article settled, nothing to draft,
nothing failed) leaves ``ROOT/.pipeline-cache/settled.json`` (ignored by git; deleting it
is always safe)::

    {"format": 1, "ask": {how the run was asked}, "paths": [every path it depended on],
     "stamp": "<digest of their stamps>", "out": [[to stderr, line], ...]}

``ask`` holds the arguments, the working folder, the interpreter, the package's code
digest, the output streams (terminal or not, encoding) and which drafting settings were
set in the environment (whether set, never a value). ``paths`` are the articles' files,
the folders listed to find articles and the configuration files (``runs.sync_inputs``).
The next run asked the same way stamps the same paths (``repo.stamps``); when they are as
recorded it prints the same lines and exits 0, having imported only the standard library.
Anything else (another question, one changed stamp, an unreadable record) is the ordinary
run, which looks at every article again.

A record is left only when every stamp is older than the run's start by
``stamps.RACY_NS``: the run read the files after that, so any later change shows as a
newer modification time.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from pipeline.repo import stamps

if TYPE_CHECKING:
    from pathlib import Path

FILE = ".pipeline-cache/settled.json"
FORMAT = 1

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


def asked(argv: Sequence[str], settings: Iterable[str]) -> dict:
    """How a run was asked: everything besides the files that decides what it prints."""
    return {
        "argv": list(argv),
        "cwd": os.getcwd(),
        "python": f"{sys.executable} {sys.version}",
        "streams": [_stream(sys.stdout), _stream(sys.stderr)],
        "set": {name: _setting(os.environ.get(name, "")) for name in sorted(settings)},
        "code": stamps.code(),
    }


def _stream(stream) -> list:
    try:
        return [stream.isatty(), stream.encoding]
    except (AttributeError, ValueError):  # no stream, or a closed one
        return [None, None]


def _setting(value: str) -> str:
    """Whether an environment setting is set, and whether as one word (an engine refuses a
    key with a space or control character inside): never the value."""
    value = value.strip()
    if not value:
        return ""
    return "set" if value.isprintable() and not any(c.isspace() for c in value) else "odd"


def digest(paths: Iterable[str]) -> str:
    """The digest of the paths' stamps as they are now."""
    return _digest("".join(stamps.line(p) for p in paths))


def _digest(lines: str) -> str:
    return hashlib.blake2b(lines.encode(), digest_size=16).hexdigest()


def replay(argv: Sequence[str]) -> bool:
    """Print what the last ``sync`` asked the same way printed, when every file and folder it
    depended on is as it left them; False (nothing printed) otherwise."""
    root = root_of(argv)
    if root is None:
        return False
    try:
        with open(os.path.join(root, FILE), "rb") as fh:
            data = json.loads(fh.read())
        if data["format"] != FORMAT:
            return False
        ask = data["ask"]
        if asked(argv, ask["set"]) != ask or digest(data["paths"]) != data["stamp"]:
            return False
        lines = [(bool(err), str(text)) for err, text in data["out"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False
    for err, text in lines:
        (sys.stderr if err else sys.stdout).write(text + "\n")
    sys.stdout.flush()
    sys.stderr.flush()
    return True


def record(
    root: Path,
    argv: Sequence[str],
    paths: list[str],
    started_ns: int,
    printed: list[tuple[bool, str]],
    settings: Iterable[str],
) -> bool:
    """Leave the record of a ``sync`` that changed nothing (``root``: the repository, as the
    run was given it); False when a stamp is too recent to prove anything (``stamps.racy``)
    or the record cannot be written (a read-only checkout: every run is then ordinary)."""
    from pipeline.errors import PipelineError
    from pipeline.repo import store

    taken = [stamps.taken(p) for p in paths]
    if any(stamps.racy(mtime, started_ns) for _, mtime in taken):
        return False
    data = {
        "format": FORMAT,
        "ask": asked(argv, settings),
        "paths": paths,
        "stamp": _digest("".join(line for line, _ in taken)),
        "out": [[int(err), text] for err, text in printed],
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    try:
        store.write_text(root / FILE, text, FILE)
        store.ignore_folder((root / FILE).parent)
    except PipelineError:
        return False
    return True
