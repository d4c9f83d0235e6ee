"""pipeline.cli.output: how the command line talks: verbosity, colour, progress.

Data goes to stdout, diagnostics and progress to stderr. Colour only on a terminal
and never when ``NO_COLOR`` is set; a progress line only on a terminal, and only
once a stage has run for ``PROGRESS_AFTER`` seconds (quiet in CI and in short runs).
Text that came from a file (a message quoting a msgstr, a path) is shown with its
control characters made visible, so a catalog cannot drive the terminal.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

import click

PROGRESS_AFTER = 2.0
"""Seconds a stage runs before it shows progress."""

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str) -> str:
    """``text`` with control characters (ESC, CR, NEL…) shown as ``\\x1b`` escapes."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


@dataclass
class Output:
    verbosity: int = 0
    """-1 quiet (errors and the verdict), 0 normal, 1 verbose (unchanged files too)."""
    color: bool = False
    tty: bool = False
    transcript: list[tuple[bool, str]] | None = None
    """When a list, every line shown is kept here too, ``(to stderr, text)``, so a run
    that changed nothing can be answered again without running (``repo.settled``);
    set to None when something was shown that a replay could not repeat (progress)."""

    @classmethod
    def detect(cls, verbosity: int = 0) -> Output:
        tty = sys.stderr.isatty()
        color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        return cls(verbosity, color, tty)

    def line(self, text: str, level: int = 0) -> None:
        """A line of the report, shown at ``level`` verbosity and above."""
        if self.verbosity >= level:
            self.say(text)

    def say(self, text: str, err: bool = False) -> None:
        """A line shown at every verbosity (a summary, a warning on stderr)."""
        text = printable(text)
        if self.transcript is not None:
            self.transcript.append((err, text))
        click.echo(text, err=err, color=self.color)

    def error(self, text: str) -> None:
        if self.transcript is not None:
            self.transcript.append((True, printable(text)))
        click.echo(self.style(printable(text), "red"), err=True, color=self.color)

    def style(self, text: str, fg: str) -> str:
        return click.style(text, fg=fg) if self.color else text

    def progress(self, label: str) -> Callable[..., None]:
        """A ``(done, total, note="")`` callback: a line on a terminal after a while, else
        nothing. A note (a DeepL retry) shows on the line at once; in CI (no terminal) a
        note is a line of its own, so a long wait is never silent."""
        start = time.monotonic()
        shown = False

        def show(done: int, total: int, note: str = "") -> None:
            nonlocal shown
            if self.verbosity < 0:
                return
            if not self.tty:
                if note:
                    self.transcript = None
                    click.echo(f"{label}: {printable(note)} ({done}/{total})", err=True)
                return
            elapsed = time.monotonic() - start
            if elapsed < PROGRESS_AFTER and not shown and not note:
                return
            shown = True
            self.transcript = None
            eta = elapsed / done * (total - done) if done else 0
            width = 30
            filled = int(width * done / max(total, 1))
            bar = "#" * filled + "." * (width - filled)
            extra = f"  {printable(note)}" if note else ""
            line = f"\r{label} [{bar}] {done}/{total} ETA {eta:4.0f}s{extra}\033[K"
            click.echo(line, nl=False, err=True)
            if done >= total and not note:
                click.echo("", err=True)

        return show
