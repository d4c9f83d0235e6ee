"""pipeline.markdown.bodies: extracted bodies kept between runs, and their cache key.

A body's skeleton and units are a pure function of its text, its first line, the prose
fences, the site syntax and the extractor's own code, so a run may reuse what an earlier
run extracted (``project`` keeps them on disk) as long as the key says so.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import marshal
from collections.abc import Sequence
from typing import Protocol

from pipeline.markdown import placeables
from pipeline.model import Hole, Kind, Part, Unit


class Bodies(Protocol):
    """Somewhere to keep extracted bodies between runs (``project`` keeps them on disk)."""

    def get(self, key: str) -> tuple[list[Part], list[Unit]] | None: ...

    def put(self, key: str, parts: list[Part], units: list[Unit]) -> None: ...


def body_key(
    body: str,
    first_line: int,
    prose_fences: Sequence[str],
    syntax: placeables.Syntax,
    version: str,
) -> str:
    """What an extracted body depends on, as a digest (the extractor's version included)."""
    params = sorted((k, sorted(v)) for k, v in syntax.params.items())
    h = hashlib.sha256(  # OpenSSL's SHA-256: about twice blake2b's speed on a body here
        f"{version}\0{first_line}\0{','.join(prose_fences)}\0{syntax.mdx}\0{params}\0".encode()
    )
    h.update(body.encode("utf-8"))
    return h.hexdigest()[:32]


def dump_body(parts: list[Part], units: list[Unit]) -> bytes:
    """A body's skeleton and units as bytes (see ``Bodies``).

    ``marshal``, not JSON: about three times faster both ways, and a cold extract writes
    one per article. The file is the tool's own (a git-ignored cache); its key line
    guards against another version, its checksum against damage (``repo.sealed``, which
    the workspace wraps it in), and ``load_body`` refuses what does not load.
    A hole is kept as its first three fields (a slice: a plain tuple, made in C) and the
    units as columns (``zip``, in C), not as a tuple built in Python per unit.
    """
    msgids, kinds, lines, notes, _contexts = zip(*units, strict=True) if units else ((),) * 5
    return marshal.dumps(
        (
            [p if p.__class__ is str else p[:3] for p in parts],
            msgids,
            tuple(map(_name, kinds)),
            lines,
            notes,
        ),
        4,
    )


def load_body(data: bytes) -> tuple[list[Part], list[Unit]]:
    """What ``dump_body`` wrote; ``ValueError`` (or ``TypeError``) for anything else."""
    try:
        stored, msgids, names, lines, notes = marshal.loads(data)
    except EOFError:
        raise ValueError("truncated body") from None
    # The named tuples are built from their fields in C (``tuple.__new__``), without a
    # Python ``__new__`` frame per hole and unit: a merge loads hundreds per article.
    parts: list[Part] = [p if p.__class__ is str else _new(Hole, (*p, None)) for p in stored]
    if any(len(p) != 4 for p in parts if p.__class__ is not str):
        raise ValueError("not a body")
    nones = itertools.repeat(None, len(msgids))  # columns of unequal length: ValueError
    return parts, list(map(_unit, zip(msgids, map(_kind, names), lines, notes, nones, strict=True)))


_new = tuple.__new__
_unit = functools.partial(_new, Unit)
"""A ``Unit`` from the tuple of its fields, in C."""


@functools.lru_cache(maxsize=512)
def _name(kind: Kind) -> str:
    """A kind as text (a few kinds, hundreds of units: each written once)."""
    return str(kind)


@functools.lru_cache(maxsize=512)
def _kind(name: str) -> Kind:
    return Kind.parse(name)
