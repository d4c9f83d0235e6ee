"""pipeline.engines.deepl: machine drafts from DeepL, cheap, markup-safe and interruptible.

What it guarantees, and why:

- **Markup safety**: each unit goes through :mod:`pipeline.mtmarkup` (``tag_handling="xml"``,
  ``ignore_tags=["x"]``), so URLs, code spans and HTML are never sent and the draft uses the
  English's own Markdown syntax. Units of prose code fences (``kind`` containing ``code`` or
  ``fence``) are sent as plain text.
- **Never pay twice**: a msgid is sent at most once per engine instance, and every answer
  is stored in the draft cache the caller gives (``repo.mtcache.DraftCache``),
  keyed by (English text, ``"deepl"``, target language, glossary digest).
- **Batching**: up to ``batch_size`` (<= 50) texts and ``max_request_bytes`` (<= 128 KiB,
  counted as the client's ASCII-escaped JSON, 6 bytes per CJK character) per request.
  DeepL applies ``context`` to every text of a request, so only requests with the same
  context are batched together: callers should pass one context per article (title and
  summary), not one per unit, or every unit becomes its own request.
- **Concurrency**: at most ``concurrency`` requests in flight, one client per thread.
- **Interruptible**: drafts are yielded batch by batch as they arrive; on quota (456),
  bad key (403), network failure, persistent 429/5xx or budget exhaustion the engine
  stops sending, yields what is in flight, then raises a :class:`DeepLError` subclass
  whose one-line message never contains the key.

The ``deepl`` client has no per-client retry or timeout settings; this engine sets the
module globals ``deepl.http_client.max_network_retries`` and ``min_connection_timeout``
when it starts sending (a read timeout is retried and may be billed twice, hence the
generous default timeout).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any, Protocol

import deepl

from pipeline import locales
from pipeline.drafting.mtmarkup import IGNORE_TAGS, MarkupError, Spans, from_xml, text_of, to_xml
from pipeline.errors import PipelineError
from pipeline.glossary import Glossary
from pipeline.model import Draft, DraftRequest

__all__ = [
    "AuthFailed",
    "BudgetExceeded",
    "DeepLEngine",
    "DeepLError",
    "NetworkError",
    "Plan",
    "QuotaExceeded",
    "RateLimited",
    "engine_from_env",
]

MAX_TEXTS = 50
MAX_REQUEST_BYTES = 128 * 1024
_BODY_OVERHEAD = 512
"""Bytes of the JSON body besides texts and context (languages, flags, glossary id)."""

ClientFactory = Callable[[str, "str | None"], deepl.DeepLClient]


class DraftStore(Protocol):
    """Where drafts already paid for are kept, by ``cache_key`` (``repo.mtcache``)."""

    def get(self, key: str, source: str) -> dict[str, Any] | None: ...

    def put(self, key: str, entry: dict[str, Any]) -> None: ...


class _NoCache:
    def get(self, key: str, source: str) -> dict[str, Any] | None:
        return None

    def put(self, key: str, entry: dict[str, Any]) -> None:
        pass


def cache_key(text: str, engine: str, target_lang: str, glossary_digest: str) -> str:
    """Stable key: NUL-separated fields, so no two field tuples share a key."""
    raw = "\0".join((text, engine, target_lang, glossary_digest))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class DeepLError(PipelineError):
    """DeepL could not (or must not) serve the rest of the run; drafts so far were yielded."""


class QuotaExceeded(DeepLError):
    """HTTP 456: the account's character quota or cost-control limit is reached."""


class AuthFailed(DeepLError):
    """HTTP 403: the key is wrong, or for the other server (Free ``:fx`` vs Pro)."""


class NetworkError(DeepLError):
    """The server could not be reached, or kept timing out, after the client's retries."""


class RateLimited(DeepLError):
    """HTTP 429 persisted after the client's retries."""


class BudgetExceeded(DeepLError):
    """The next request would exceed ``max_chars``; nothing beyond the budget was sent."""


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
class _Item:
    msgid: str
    key: str
    xml: str
    spans: Spans
    context: str

    @property
    def chars(self) -> int:
        return len(self.xml)


@dataclass(frozen=True)
class _Batch:
    context: str
    items: tuple[_Item, ...]

    @property
    def chars(self) -> int:
        return sum(i.chars for i in self.items)


@dataclass
class _Prepared:
    hits: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    items: list[_Item] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _default_client(auth_key: str, server_url: str | None) -> deepl.DeepLClient:
    client = deepl.DeepLClient(auth_key, server_url=server_url)
    client.set_app_info("pipeline", "0.1")
    return client


class DeepLEngine:
    """The DeepL ``Engine``: see the module docstring for its guarantees.

    Counters for the summary: ``characters_billed`` (sum of DeepL's ``billed_characters``),
    ``requests_sent`` (translate requests that got an answer, retries not counted),
    ``texts_sent``, ``cache_hits``, ``markup_problems`` (drafts whose tags were broken) and
    ``cache_write_errors`` (drafts that could not be stored; they are still yielded).
    """

    name = "deepl"

    def __init__(
        self,
        auth_key: str,
        *,
        server_url: str | None = None,
        target_lang: str | None = None,
        source_lang: str | None = None,
        glossary: Glossary | None = None,
        cache: DraftStore | None = None,
        batch_size: int = 40,
        max_request_bytes: int = 120 * 1024,
        concurrency: int = 4,
        max_chars: int | None = None,
        max_retries: int = 5,
        timeout: float = 60.0,
        client_factory: ClientFactory | None = None,
        instructions: Sequence[str] = (),
    ):
        if not auth_key:
            raise ValueError("auth_key is empty")
        self._auth_key = auth_key
        self.server_url = server_url or None
        self.target_lang = (target_lang or locales.default().deepl_target()).upper()
        self.source_lang = (source_lang or locales.default_source().deepl_source()).upper()
        self.glossary = glossary if glossary is not None and glossary.terms else None
        self.glossary_digest = self.glossary.digest if self.glossary else "none"
        self.instructions = [str(i) for i in instructions][:10]
        """DeepL custom instructions (house style); at most 10, each at most 300 characters."""
        self._variant = self.name
        if self.instructions:
            digest = hashlib.sha256("\n".join(self.instructions).encode()).hexdigest()[:12]
            self._variant = f"{self.name}+{digest}"  # other instructions, other drafts
        self.cache: DraftStore = cache if cache is not None else _NoCache()
        self.batch_size = max(1, min(batch_size, MAX_TEXTS))
        self.max_request_bytes = max(4096, min(max_request_bytes, MAX_REQUEST_BYTES))
        self.concurrency = max(1, concurrency)
        self.max_chars = max_chars
        self.max_retries = max_retries
        self.timeout = timeout
        self._factory = client_factory or _default_client
        self._local = threading.local()
        self._lock = threading.Lock()
        self._memory: dict[str, dict[str, Any]] = {}
        self._glossary_id: str | None = None
        self._reserved_chars = 0
        self.characters_billed = 0
        self.characters_sent = 0
        self.requests_sent = 0
        self.texts_sent = 0
        self.cache_hits = 0
        self.markup_problems = 0
        self.cache_write_errors = 0

    def __repr__(self) -> str:  # never show the key
        return f"DeepLEngine(server_url={self.server_url!r}, target_lang={self.target_lang!r})"

    @property
    def billed(self) -> int:
        """Characters DeepL billed in this run (the sum of its ``billed_characters``)."""
        return self.characters_billed

    @property
    def note(self) -> str:
        """Translator-comment detail shared by every draft of this engine."""
        glossary = f"glossary {self.glossary_digest}" if self.glossary else "no glossary"
        return f"DeepL {self.target_lang}, {glossary}"

    # ------------------------------------------------------------------ public API

    def plan(self, requests: Sequence[DraftRequest]) -> Plan:
        """What :meth:`draft` would send now; reads the cache, never the network."""
        prepared = self._prepare(requests)
        batches = self._batches(prepared.items)
        return Plan(
            msgids=tuple(i.msgid for i in prepared.items),
            requests=len(batches),
            characters=sum(b.chars for b in batches),
            cached=len(prepared.hits),
            skipped=tuple(prepared.skipped),
            max_chars=self.max_chars,
        )

    def draft(self, requests: Sequence[DraftRequest]) -> Iterator[tuple[str, Draft]]:
        """Yield cached drafts at once, then DeepL drafts batch by batch as they arrive.

        Raises a :class:`DeepLError` subclass after yielding everything obtained.
        """
        prepared = self._prepare(requests)
        for msgid, entry in prepared.hits:
            self.cache_hits += 1
            yield msgid, self._to_draft(entry)
        if not prepared.items:
            return
        deepl.http_client.max_network_retries = self.max_retries
        deepl.http_client.min_connection_timeout = self.timeout
        glossary_id = self._ensure_glossary(len(prepared.items))
        yield from self._run(self._batches(prepared.items), glossary_id)

    # -------------------------------------------------------------------- planning

    def _prepare(self, requests: Iterable[DraftRequest]) -> _Prepared:
        """Split requests into hits, texts to send and texts with nothing to translate."""
        out = _Prepared()
        seen: set[str] = set()
        for req in requests:
            if req.msgid in seen:
                continue
            seen.add(req.msgid)
            key = cache_key(req.msgid, self._variant, self.target_lang, self.glossary_digest)
            entry = self._memory.get(req.msgid) or self.cache.get(key, req.msgid)
            if entry is not None:
                out.hits.append((req.msgid, entry))
                continue
            literal = req.kind.is_code
            xml, spans = to_xml(req.msgid, literal=literal)
            if not text_of(xml).strip():
                out.skipped.append(req.msgid)
                continue
            out.items.append(_Item(req.msgid, key, xml, spans, req.context))
        return out

    def _batches(self, items: Sequence[_Item]) -> list[_Batch]:
        """Pack items with the same context, in first-seen order, within the limits."""
        groups: dict[str, list[_Item]] = {}
        for item in items:
            groups.setdefault(item.context, []).append(item)
        batches: list[_Batch] = []
        for context, group in groups.items():
            context = self._fit_context(context)
            size, current = _json_len(context) + _BODY_OVERHEAD, []
            for item in group:
                cost = _json_len(item.xml) + 2
                if current and (
                    len(current) >= self.batch_size or size + cost > self.max_request_bytes
                ):
                    batches.append(_Batch(context, tuple(current)))
                    size, current = _json_len(context) + _BODY_OVERHEAD, []
                current.append(item)
                size += cost
            if current:
                batches.append(_Batch(context, tuple(current)))
        return batches

    def _fit_context(self, context: str) -> str:
        """Context is free but counts toward the body limit: keep it under a quarter."""
        limit = self.max_request_bytes // 4
        while context and _json_len(context) > limit:
            context = context[: len(context) * 3 // 4]
        return context

    # --------------------------------------------------------------------- sending

    def _client(self) -> deepl.DeepLClient:
        client = getattr(self._local, "client", None)
        if client is None:
            client = self._factory(self._auth_key, self.server_url)
            self._local.client = client
        return client

    def _ensure_glossary(self, pending: int) -> str | None:
        """Reuse our DeepL glossary for this digest, create it if missing, drop stale ones."""
        if self.glossary is None or self._glossary_id is not None:
            return self._glossary_id
        target = self.target_lang.split("-")[0]
        prefix = f"pipeline {self.source_lang}-{self.target_lang} "
        legacy = f"pipeline {self.source_lang}-{target} "  # before variants had their own
        name = prefix + self.glossary_digest
        try:
            found = None
            client = self._client()
            for info in client.list_glossaries():
                if info.name == name and found is None:
                    found = info
                elif info.name.startswith((prefix, legacy)) and info.name != name:
                    client.delete_glossary(info)
            if found is None:
                found = client.create_glossary(
                    name, self.source_lang, target, self.glossary.entries
                )
        except deepl.DeepLException as exc:
            raise self._error(exc, 0, pending, "setting up the glossary") from None
        except ValueError as exc:
            raise DeepLError(self._scrub(f"glossary rejected by the client: {exc}")) from None
        self._glossary_id = found.glossary_id
        return self._glossary_id

    def _send(self, batch: _Batch, glossary_id: str | None) -> list[dict[str, Any]]:
        """Worker thread: translate one batch and store it in the cache at once.

        Storing here, not in the consumer, overlaps the file writes with other requests'
        latency, and a draft that was paid for is kept even if the consumer stops early.
        """
        results = self._client().translate_text(
            [i.xml for i in batch.items],
            source_lang=self.source_lang,
            target_lang=self.target_lang,
            context=batch.context or None,
            tag_handling="xml",
            ignore_tags=list(IGNORE_TAGS),
            preserve_formatting=True,
            glossary=glossary_id,
            custom_instructions=self.instructions or None,
        )
        if len(results) != len(batch.items):
            raise deepl.DeepLException(
                f"DeepL answered {len(results)} texts for {len(batch.items)} sent"
            )
        entries = [self._entry(i, r) for i, r in zip(batch.items, results, strict=True)]
        for item, entry in zip(batch.items, entries, strict=True):
            try:
                self.cache.put(item.key, entry)
            except OSError:
                with self._lock:
                    self.cache_write_errors += 1
        return entries

    def _entry(self, item: _Item, result: deepl.TextResult) -> dict[str, Any]:
        return {
            "engine": self.name,
            "target": self.target_lang,
            "glossary": self.glossary_digest,
            "source": item.msgid,
            "sent": item.xml,
            "answer": result.text,
            "spans": item.spans.to_json(),
            "billed": int(result.billed_characters or 0),
        }

    def _run(self, batches: list[_Batch], glossary_id: str | None) -> Iterator[tuple[str, Draft]]:
        """Keep at most ``concurrency`` batches in flight; yield each as it completes."""
        total = sum(len(b.items) for b in batches)
        pending = deque(batches)
        running: dict[Future[list[dict[str, Any]]], _Batch] = {}
        failure: BaseException | None = None
        done = 0
        with ThreadPoolExecutor(self.concurrency, thread_name_prefix="deepl") as pool:
            while pending or running:
                if failure is None:
                    failure = self._submit(pool, pending, running, glossary_id, done, total)
                if not running:
                    break
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    batch = running.pop(future)
                    self._reserved_chars -= batch.chars
                    try:
                        results = future.result()
                    except deepl.DeepLException as exc:
                        if failure is None or isinstance(failure, BudgetExceeded):
                            failure = self._error(exc, done, total)
                        continue
                    except Exception as exc:  # a bug or a broken server: still drain first
                        failure = failure if failure is not None else exc
                        continue
                    self.requests_sent += 1
                    for item, entry in zip(batch.items, results, strict=True):
                        done += 1
                        yield item.msgid, self._accept(item, entry)
                if failure is not None:
                    pending.clear()
        if failure is not None:
            raise failure

    def _submit(
        self,
        pool: ThreadPoolExecutor,
        pending: deque[_Batch],
        running: dict[Future[list[dict[str, Any]]], _Batch],
        glossary_id: str | None,
        done: int,
        total: int,
    ) -> BudgetExceeded | None:
        """Start batches up to the concurrency bound; stop before one that breaks the budget."""
        while pending and len(running) < self.concurrency:
            batch = pending[0]
            committed = self.characters_sent + self._reserved_chars
            if self.max_chars is not None and committed + batch.chars > self.max_chars:
                left = sum(len(b.items) for b in pending)
                chars = sum(b.chars for b in pending)
                return BudgetExceeded(
                    f"DeepL budget of {self.max_chars} characters reached: {left} texts "
                    f"({chars} characters) not sent; {done + _count(running)} of {total} "
                    "drafted; raise --max-chars to continue"
                )
            pending.popleft()
            self._reserved_chars += batch.chars
            running[pool.submit(self._send, batch, glossary_id)] = batch
        return None

    def _accept(self, item: _Item, entry: dict[str, Any]) -> Draft:
        """Count and convert one answer (consumer thread only: no locking needed)."""
        self.characters_billed += entry["billed"]
        self.characters_sent += item.chars
        self.texts_sent += 1
        self._memory[item.msgid] = entry
        return self._to_draft(entry)

    def _to_draft(self, entry: Mapping[str, Any]) -> Draft:
        """Markdown from the stored XML answer; a broken-tag draft says so in its note."""
        try:
            text = from_xml(entry["answer"], Spans.from_json(entry["spans"]))
            note = self.note
        except MarkupError as exc:
            self.markup_problems += 1
            text = exc.text
            note = f"{self.note}; markup not restored: {'; '.join(exc.problems)}"
        return Draft(text=text, origin=self.name, note=note, reviewed=False)

    # ---------------------------------------------------------------------- errors

    def _error(
        self, exc: deepl.DeepLException, done: int, total: int, during: str = ""
    ) -> DeepLError:
        """One clear line: what happened, how far the run got, what to do."""
        if isinstance(exc, deepl.QuotaExceededException):
            cls, what = QuotaExceeded, "DeepL quota exceeded (HTTP 456)"
        elif isinstance(exc, deepl.AuthorizationException):
            cls, what = AuthFailed, "DeepL rejected the auth key (HTTP 403); check DEEPL_AUTH_KEY"
        elif isinstance(exc, deepl.TooManyRequestsException):
            cls, what = RateLimited, "DeepL still rate-limiting (HTTP 429) after retries"
        elif isinstance(exc, deepl.ConnectionException):
            where = self.server_url or "the DeepL API"
            cls, what = NetworkError, f"cannot reach {where}: {exc}"
        else:
            cls, what = DeepLError, f"DeepL error: {exc}"
        if during:
            what = f"{what} while {during}"
        progress = f"{done} of {total} texts drafted and kept"
        message = f"{what}; {progress}; rerun to continue (cached drafts are not billed again)"
        return cls(self._scrub(message))

    def _scrub(self, message: str) -> str:
        """One line, bounded, and never the key (servers may echo headers)."""
        message = " ".join(message.replace(self._auth_key, "***").split())
        return message if len(message) <= 400 else message[:399] + "…"


def _json_len(text: str) -> int:
    """Bytes ``text`` takes in the client's JSON body (``ensure_ascii``: \\uXXXX escapes)."""
    return len(json.dumps(text))


def _count(running: Mapping[Any, _Batch]) -> int:
    return sum(len(b.items) for b in running.values())


def engine_from_env(ctx: Any) -> DeepLEngine | None:
    """A configured engine when ``DEEPL_AUTH_KEY`` is set, else None (memory-only runs).

    ``ctx`` is an ``engines.EngineContext``. ``DEEPL_SERVER_URL`` overrides the server
    (DeepL's own client tests point it at a mock); without it, the client picks Free
    (key ending ``:fx``) or Pro.
    """
    env = ctx.environ
    key = env.get("DEEPL_AUTH_KEY", "").strip()
    if not key:
        return None
    cfg = ctx.cfg
    return DeepLEngine(
        key,
        server_url=env.get("DEEPL_SERVER_URL", "").strip() or None,
        target_lang=locales.resolve(cfg, ctx.locale).deepl_target(),
        source_lang=locales.source(cfg).deepl_source(),
        glossary=ctx.glossary,
        cache=ctx.cache,
        batch_size=cfg.deepl_batch,
        concurrency=cfg.deepl_concurrency,
        max_chars=ctx.max_chars,
        instructions=cfg.deepl_instructions,
    )
