"""``python -m pipeline``: the command line, as the ``pipeline`` script runs it."""

from pipeline.cli import main

main()
