"""pipeline.drafting.engines: the ways of drafting a translation, and their registry.

Every engine implements ``model.Engine`` (``name``, ``draft``, ``plan``, ``billed``).
``REGISTRY`` maps a name to an ``EngineSpec`` that builds the engine for one locale
from an ``EngineContext``; the command line's ``--engine`` choices, the order of the
chain and the summary all come from it, so a new engine is one module plus one line
here. Local engines (memory, glossary) always run first; machine engines run after
them when selected and available (their factory returns None without a key).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pipeline.config import Config
from pipeline.errors import UsageError
from pipeline.glossary import Glossary
from pipeline.model import Engine


@dataclass(frozen=True)
class EngineContext:
    """What a factory may use to build an engine for one locale."""

    cfg: Config
    locale: str
    glossary: Glossary
    catalogs: Callable[[], Iterable[tuple[str, Any]]]
    """Every catalog of the locale as (slug, catalog), read on demand (memory needs them)."""
    cache: Any
    """Where machine drafts already paid for are kept (``repo.mtcache.DraftCache``)."""
    max_chars: int | None = None
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    catalogs_of: Callable[[str], Iterable[tuple[str, Any]]] | None = None
    """Every catalog of another locale, read on demand (OpenCC drafts from the source
    script's catalogs)."""
    memory: Callable[[], Any] | None = None
    """The locale's memory kept between runs (``repo.tmcache``), or None: then the memory
    reads ``catalogs``."""


@dataclass(frozen=True)
class EngineSpec:
    name: str
    factory: Callable[[EngineContext], Engine | None]
    """The engine for a locale, or None when it cannot run here (no key)."""
    machine: bool = False
    """Machine translation: billed or remote, run only when selected and available."""
    needs: str = ""
    """What makes it available, for the message when it was asked for and is not."""
    environ: tuple[str, ...] = ()
    """Every environment variable it reads (a ``sync`` answered from the settled record
    must not meet any of them set: ``repo.settled``)."""


def _memory(ctx: EngineContext) -> Engine:
    from pipeline.drafting.engines import memory

    cfg = ctx.cfg
    return memory.build(
        ctx.catalogs,
        cfg.memory_threshold,
        cfg.memory_exact_reviewed,
        cfg.memory_exact_min_words,
        cfg.memory_exact_fuzzy_kinds,
        ctx.memory,
    )


def _glossary(ctx: EngineContext) -> Engine:
    from pipeline.drafting.engines.terms import Terms

    return Terms(ctx.glossary)


def _opencc(ctx: EngineContext) -> Engine | None:
    from pipeline import locales

    if not locales.resolve(ctx.cfg, ctx.locale).opencc:  # most locales: not even loaded
        return None
    from pipeline.drafting.engines import opencc

    return opencc.build(ctx)


def _deepl(ctx: EngineContext) -> Engine | None:
    from pipeline.drafting.engines import deepl

    return deepl.engine_from_env(ctx)


REGISTRY: dict[str, EngineSpec] = {
    "memory": EngineSpec("memory", _memory),
    "glossary": EngineSpec("glossary", _glossary),
    "opencc": EngineSpec("opencc", _opencc),
    "deepl": EngineSpec(
        "deepl",
        _deepl,
        machine=True,
        needs="DEEPL_AUTH_KEY",
        environ=("DEEPL_AUTH_KEY", "DEEPL_SERVER_URL"),
    ),
}

AUTO, LOCAL = "auto", "memory"
"""``--engine auto``: local engines, then every available machine engine; ``--engine memory``:
local engines only; ``--engine <name>``: local engines, then that machine engine (required)."""


def choices() -> list[str]:
    """The ``--engine`` values, derived from the registry."""
    return [AUTO, LOCAL, *(n for n, s in REGISTRY.items() if s.machine)]


def chain(selection: str, ctx: EngineContext) -> list[Engine]:
    """The engines to run, in order, for ``selection`` (see ``AUTO``)."""
    if selection not in choices():
        raise UsageError(f"unknown engine {selection!r}; choose from {', '.join(choices())}")
    engines: list[Engine] = []
    for name, spec in REGISTRY.items():
        if spec.machine and selection not in (AUTO, name):
            continue
        engine = spec.factory(ctx)
        if engine is None and selection == name:
            raise UsageError(f"{spec.needs or 'its settings'} is not set; --engine {name} needs it")
        if engine is not None:
            engines.append(engine)
    return engines
