"""pipeline.cli: the command line (click). Parses arguments, calls the runs, presents.

``main`` first asks ``repo.settled`` whether the same ``sync`` already found this site
settled and nothing has changed since: then it answers without importing click or the
core. ``cli`` (the click group) is imported when first asked for.
"""

from __future__ import annotations

import os
import sys
import time
from typing import NoReturn

__all__ = ["cli", "main"]


def main() -> None:
    """The ``pipeline`` script."""
    started = time.time_ns()  # before any file is read: what the settled record compares
    from pipeline.repo import few_collections, settled

    few_collections()  # before the record is read and the command line imported

    try:
        if settled.replay(sys.argv[1:]):
            return
    except BrokenPipeError:  # a reader that stopped early (``| head``), as click handles it
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except KeyboardInterrupt:
        print("Aborted!", file=sys.stderr)
        sys.exit(1)
    from pipeline.cli import commands

    try:
        commands.main(None, started)
    except SystemExit as exc:
        _leave(exc.code)
    _leave(0)


def _leave(code: object) -> NoReturn:
    """Exit with ``code`` without tearing the interpreter down.

    Freeing every object a run made (the stamps, the memo, the catalogs) took 40-50 ms of
    a 0.5 s one-article ``sync`` at 4,300 articles, for a process that ends anyway. What
    an ordinary exit does that matters is done here: the exit functions run (``atexit``:
    the standard library's finalizers among them) and the output streams are flushed.
    With another thread alive (``pipeline review``), the ordinary exit joins it.
    """
    import atexit
    import threading

    if threading.active_count() > 1:
        sys.exit(code)
    if code is None:
        code = 0
    elif not isinstance(code, int):  # as ``sys.exit("message")``: the message, then 1
        print(code, file=sys.stderr)
        code = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):  # a reader gone, a closed stream
            code = code or 1
    os._exit(code)


def __getattr__(name: str):
    if name == "cli":
        from pipeline.cli.commands import cli

        return cli
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
