"""pipeline.cli: the command line (click). Parses arguments, calls the runs, presents."""

from pipeline.cli.main import cli, main

__all__ = ["cli", "main"]
