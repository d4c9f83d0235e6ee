"""pipeline.drafting.deeplbatch: what the DeepL engine sends, planned without the network.

Why apart: packing texts into requests (up to 50 texts and 128 KiB of the client's
ASCII-escaped JSON, one context per request), the cache key of a draft and the
dry-run ``Plan`` are pure; the engine only sends what this module packed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from pipeline.drafting.mtmarkup import Spans

MAX_TEXTS = 50
MAX_REQUEST_BYTES = 128 * 1024
BODY_OVERHEAD = 512
"""Bytes of the JSON body besides texts and context (languages, flags, glossary id)."""


class DraftStore(Protocol):
    """Where drafts already paid for are kept, by ``cache_key`` (``repo.mtcache``)."""

    def get(self, key: str, source: str) -> dict[str, Any] | None: ...

    def put(self, key: str, entry: dict[str, Any]) -> None: ...


class NoCache:
    def get(self, key: str, source: str) -> dict[str, Any] | None:
        return None

    def put(self, key: str, entry: dict[str, Any]) -> None:
        pass


def cache_key(text: str, engine: str, target_lang: str, glossary_digest: str) -> str:
    """Stable key: NUL-separated fields, so no two field tuples share a key."""
    raw = "\0".join((text, engine, target_lang, glossary_digest))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Plan:
    """What a run would send, computed without any network call (``--dry-run``)."""

    msgids: tuple[str, ...]
    """Texts that would be sent, in order (not cached, not duplicates)."""
    requests: int
    characters: int
    """Billable characters: length of the XML sent (no URLs, no code, no context)."""
    cached: int
    """Requests served from the cache or from earlier in this run."""
    skipped: tuple[str, ...] = ()
    """Texts with nothing to translate (only code, URLs, markup): not sent, no draft."""
    max_chars: int | None = None

    @property
    def within_budget(self) -> bool:
        return self.max_chars is None or self.characters <= self.max_chars


@dataclass(frozen=True)
class Item:
    msgid: str
    key: str
    xml: str
    spans: Spans
    context: str

    @property
    def chars(self) -> int:
        return len(self.xml)


@dataclass(frozen=True)
class Batch:
    context: str
    items: tuple[Item, ...]

    @property
    def chars(self) -> int:
        return sum(i.chars for i in self.items)


@dataclass
class Prepared:
    hits: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def json_len(text: str) -> int:
    """Bytes ``text`` takes in the client's JSON body (``ensure_ascii``: \\uXXXX escapes)."""
    return len(json.dumps(text))


def count(running: Mapping[Any, Batch]) -> int:
    return sum(len(b.items) for b in running.values())


def batches(items: Sequence[Item], batch_size: int, max_request_bytes: int) -> list[Batch]:
    """Pack items with the same context, in first-seen order, within the limits."""
    groups: dict[str, list[Item]] = {}
    for item in items:
        groups.setdefault(item.context, []).append(item)
    batches: list[Batch] = []
    for context, group in groups.items():
        context = fit_context(context, max_request_bytes)
        size, current = json_len(context) + BODY_OVERHEAD, []
        for item in group:
            cost = json_len(item.xml) + 2
            if current and (len(current) >= batch_size or size + cost > max_request_bytes):
                batches.append(Batch(context, tuple(current)))
                size, current = json_len(context) + BODY_OVERHEAD, []
            current.append(item)
            size += cost
        if current:
            batches.append(Batch(context, tuple(current)))
    return batches


def fit_context(context: str, max_request_bytes: int) -> str:
    """Context is free but counts toward the body limit: keep it under a quarter."""
    limit = max_request_bytes // 4
    while context and json_len(context) > limit:
        context = context[: len(context) * 3 // 4]
    return context
