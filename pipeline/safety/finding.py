"""pipeline.safety.finding: one thing a translation changes that it may not."""

from __future__ import annotations

from typing import NamedTuple


class Finding(NamedTuple):
    """Named for the QA check that owns it: ``markup-injection`` for anything added (a
    link, a tag, an attribute, a block), ``hidden-text`` for comments and invisible
    characters, ``urls``/``images`` for destinations lost or changed, ``markup-balance``
    for other markup lost. ``active`` marks what could run in a reader's browser."""

    check: str
    message: str
    active: bool = False
