"""pipeline.cli: the command line (click). Parses arguments, calls the runs, presents.

``main`` first asks ``repo.settled`` whether the same ``sync`` already found this site
settled and nothing has changed since: then it answers without importing click or the
core. ``cli`` (the click group) is imported when first asked for.
"""

from __future__ import annotations

import os
import sys
import time

__all__ = ["cli", "main"]


def main() -> None:
    """The ``pipeline`` script."""
    started = time.time_ns()  # before any file is read: what the settled record compares
    from pipeline.repo import settled

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

    commands.main(None, started)


def __getattr__(name: str):
    if name == "cli":
        from pipeline.cli.commands import cli

        return cli
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
