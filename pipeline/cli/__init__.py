"""pipeline.cli: the command line (click). Parses arguments, calls the runs, presents.

``main`` first asks ``repo.settled`` whether the same ``sync`` already found this site
settled and nothing has changed since: then it answers without importing click or the
core. ``cli`` (the click group) is imported when first asked for.
"""

from __future__ import annotations

import sys
import time

__all__ = ["cli", "main"]


def main() -> None:
    """The ``pipeline`` script."""
    started = time.time_ns()  # before any file is read: what the settled record compares
    argv = sys.argv[1:]
    from pipeline.repo import settled

    if settled.replay(argv):
        return
    from pipeline.cli import commands

    commands.main(argv, started)


def __getattr__(name: str):
    if name == "cli":
        from pipeline.cli.commands import cli

        return cli
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
