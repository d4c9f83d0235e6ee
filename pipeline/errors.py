"""pipeline.errors: every failure the tool reports, each carrying its exit code.

The shape of click's ``ClickException``: code deep in a stage raises, and only
``cli.commands`` turns the exception into one line on stderr and ``sys.exit(exit_code)``.
Nothing else decides an exit code. A message names the file and line a person
should look at (``path:line: message``), the compiler form editors and CI read.
"""

from __future__ import annotations


class PipelineError(Exception):
    """A problem with an input that the user must fix (exit 1)."""

    exit_code = 1

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = self.path or ""
        if self.path and self.line:
            where = f"{self.path}:{self.line}"
        return f"{where}: {self.message}" if where else self.message


class InputError(PipelineError):
    """A file the tool reads is broken: bad YAML, a broken PO file, invalid UTF-8 (exit 1)."""


class UsageError(PipelineError):
    """The command was asked for something that cannot be: an unknown article, a bad option
    combination (exit 2)."""

    exit_code = 2


class ConfigError(UsageError):
    """The configuration is invalid: an unknown key or a value of the wrong kind (exit 2)."""


class Failed(PipelineError):
    """A run finished but something failed: articles, a gate, an engine (exit 1).

    The details were already reported; the message is the one-line verdict.
    """
