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
  bad key (403), network failure, persistent 429/5xx, the run deadline or budget
  exhaustion the engine stops sending, yields what is in flight, then raises a
  :class:`DeepLError` subclass whose one-line message says how many texts were drafted
  and how many characters billed, and never contains the key in any form.
- **Bounded waiting**: connect and read timeouts, at most ``tries`` attempts per request,
  ``Retry-After`` honoured and a run deadline (:mod:`pipeline.drafting.deeplhttp`); the
  client's own retries are off, and each retry is reported through ``on_event``.
- **A glossary of its own**: named per site and version (:mod:`~pipeline.drafting.
  deeplglossary`); a glossary DeepL rejects is reported in ``warnings`` and the run
  drafts without it instead of stopping.
"""

from __future__ import annotations

import hashlib
import threading
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Any

import deepl

from pipeline import locales
from pipeline.drafting import deeplglossary, deeplhttp
from pipeline.drafting.deeplbatch import (
    MAX_REQUEST_BYTES,
    MAX_TEXTS,
    Batch,
    DraftStore,
    Item,
    NoCache,
    Plan,
    Prepared,
    batches,
    cache_key,
    count,
)
from pipeline.drafting.deeplerrors import (
    AuthFailed,
    BudgetExceeded,
    DeadlineExceeded,
    DeepLError,
    NetworkError,
    QuotaExceeded,
    RateLimited,
    classify,
    forms,
    scrub,
    server_url,
)
from pipeline.drafting.mtmarkup import IGNORE_TAGS, MarkupError, Spans, from_xml, text_of, to_xml
from pipeline.errors import ConfigError
from pipeline.glossary import Glossary
from pipeline.model import Draft, DraftRequest

ClientFactory = Callable[[str, "str | None"], deepl.DeepLClient]

__all__ = [
    "AuthFailed",
    "BudgetExceeded",
    "DeepLEngine",
    "DeepLError",
    "NetworkError",
    "Plan",
    "QuotaExceeded",
    "RateLimited",
    "DeadlineExceeded",
    "engine_from_env",
    "scrub",
    "server_url",
]


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
        tries: int = 3,
        connect_timeout: float = 10.0,
        read_timeout: float = 30.0,
        deadline: float = 0.0,
        glossary_prefix: str = "pipeline",
        client_factory: ClientFactory | None = None,
        instructions: Sequence[str] = (),
        on_event: Callable[[str], None] | None = None,
    ):
        if not auth_key:
            raise ValueError("auth_key is empty")
        self._auth_key = auth_key
        self._secrets = forms(auth_key)
        self.server_url = server_url or None
        self.target_lang = (target_lang or locales.default().deepl_target()).upper()
        self.source_lang = (source_lang or locales.default_source().deepl_source()).upper()
        self.glossary = glossary if glossary is not None and glossary.terms else None
        self.glossary_digest = self.glossary.digest if self.glossary else "none"
        self._named = deeplglossary.named(
            glossary_prefix, self.source_lang, self.target_lang, self.glossary or Glossary()
        )
        self.glossary_problem = ""
        """Why the glossary is not used (DeepL rejected it), for notes and the summary."""
        self.instructions = [str(i) for i in instructions][:10]
        """DeepL custom instructions (house style); at most 10, each at most 300 characters."""
        self._variant = self.name
        if self.instructions:
            digest = hashlib.sha256("\n".join(self.instructions).encode()).hexdigest()[:12]
            self._variant = f"{self.name}+{digest}"  # other instructions, other drafts
        self.cache: DraftStore = cache if cache is not None else NoCache()
        self.batch_size = max(1, min(batch_size, MAX_TEXTS))
        self.max_request_bytes = max(4096, min(max_request_bytes, MAX_REQUEST_BYTES))
        self.concurrency = max(1, concurrency)
        self.max_chars = max_chars
        self.tries, self.deadline = max(1, tries), deadline
        self.timeouts = (connect_timeout, read_timeout)
        self._policy = deeplhttp.Policy.of(connect_timeout, read_timeout, self.tries, deadline)
        self.on_event = on_event
        """Called with a one-line notice (a retry) from the sending threads."""
        self.warnings: list[str] = []
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
        if self.glossary is not None:
            glossary = deeplglossary.describe(self.glossary, self._named)
        else:
            glossary = "no glossary" + (
                f" ({self.glossary_problem})" if self.glossary_problem else ""
            )
        return f"DeepL {self.target_lang}, {glossary}"

    # ------------------------------------------------------------------ public API

    def plan(self, requests: Sequence[DraftRequest]) -> Plan:
        """What :meth:`draft` would send now; reads the cache, never the network."""
        prepared = self._prepare(requests)
        packed = batches(prepared.items, self.batch_size, self.max_request_bytes)
        return Plan(
            msgids=tuple(i.msgid for i in prepared.items),
            requests=len(packed),
            characters=sum(b.chars for b in packed),
            cached=len(prepared.hits),
            skipped=tuple(prepared.skipped),
            max_chars=self.max_chars,
        )

    def draft(self, requests: Sequence[DraftRequest]) -> Iterator[tuple[str, Draft]]:
        """Yield cached drafts at once, then DeepL drafts batch by batch as they arrive.

        Raises a :class:`DeepLError` subclass after yielding everything obtained.
        """
        prepared = self._prepare(requests)
        glossary_id = None
        if prepared.items:
            deepl.http_client.max_network_retries = 0  # ours: deeplhttp.call
            deepl.http_client.min_connection_timeout = max(self.timeouts)
            self._policy = deeplhttp.Policy.of(*self.timeouts, self.tries, self.deadline)
            glossary_id = self._ensure_glossary(len(prepared.items))
            if self.glossary is None and self.glossary_digest != "none":
                self.glossary_digest = "none"  # drafted without it: other drafts, other keys
                prepared = self._prepare(requests)
        for msgid, entry in prepared.hits:
            self.cache_hits += 1
            yield msgid, self._to_draft(entry)
        if prepared.items:
            yield from self._run(
                batches(prepared.items, self.batch_size, self.max_request_bytes), glossary_id
            )

    # -------------------------------------------------------------------- planning

    def _prepare(self, requests: Iterable[DraftRequest]) -> Prepared:
        """Split requests into hits, texts to send and texts with nothing to translate."""
        out = Prepared()
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
            out.items.append(Item(req.msgid, key, xml, spans, req.context))
        return out

    # --------------------------------------------------------------------- sending

    def _client(self) -> deepl.DeepLClient:
        client = getattr(self._local, "client", None)
        if client is None:
            try:
                client = self._factory(self._auth_key, self.server_url)
            except ValueError as exc:
                raise ConfigError(self._scrub(f"DeepL client: {exc}")) from None
            self._local.transport = deeplhttp.Transport(self._policy)
            deeplhttp.install(client, self._local.transport)
            self._local.client = client
        return client

    def _call(self, fn: Callable[[], Any]) -> Any:
        """One request with this run's timeouts, retries and deadline."""
        self._client()
        return deeplhttp.call(fn, self._policy, self._local.transport, self._notify)

    def _notify(self, message: str) -> None:
        if self.on_event is not None:
            self.on_event(self._scrub(message))

    def _ensure_glossary(self, pending: int) -> str | None:
        """Our DeepL glossary for this version, created when missing (``deeplglossary``).

        A glossary DeepL rejects (bad entries, an unsupported language pair) is not worth
        stopping the run for: it is reported and the run drafts without it.
        """
        if self.glossary is None or self._glossary_id is not None:
            return self._glossary_id
        client = self._client()
        try:
            self._glossary_id = deeplglossary.ensure(client, self.glossary, self._named, self._call)
        except (deepl.AuthorizationException, deepl.QuotaExceededException) as exc:
            raise self._error(exc, 0, pending, "setting up the glossary") from None
        except (deepl.ConnectionException, deepl.TooManyRequestsException) as exc:
            raise self._error(exc, 0, pending, "setting up the glossary") from None
        except deeplhttp.DeadlineReached as exc:
            raise self._error(exc, 0, pending, "setting up the glossary") from None
        except (deepl.DeepLException, ValueError) as exc:
            self.glossary_problem = self._scrub(f"DeepL rejected the glossary: {exc}")
            self.warnings.append(
                f"{self.glossary_problem}; drafting without it "
                f"({self.glossary.path or 'glossary'}: check its entries)"
            )
            self.glossary = None
        return self._glossary_id

    def _send(self, batch: Batch, glossary_id: str | None) -> list[dict[str, Any]]:
        """Worker thread: translate one batch and store it in the cache at once.

        Storing here, not in the consumer, overlaps the file writes with other requests'
        latency, and a draft that was paid for is kept even if the consumer stops early.
        """
        client = self._client()
        results = self._call(
            lambda: client.translate_text(
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

    def _entry(self, item: Item, result: deepl.TextResult) -> dict[str, Any]:
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

    def _run(self, batches: list[Batch], glossary_id: str | None) -> Iterator[tuple[str, Draft]]:
        """Keep at most ``concurrency`` batches in flight; yield each as it completes."""
        total = sum(len(b.items) for b in batches)
        pending = deque(batches)
        running: dict[Future[list[dict[str, Any]]], Batch] = {}
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
                    except Exception as exc:  # drain what is in flight before stopping
                        if failure is None or isinstance(failure, BudgetExceeded):
                            failure = exc
                        continue
                    self.requests_sent += 1
                    for item, entry in zip(batch.items, results, strict=True):
                        done += 1
                        yield item.msgid, self._accept(item, entry)
                if failure is not None:
                    pending.clear()
        if failure is not None:
            raise self._stopped(failure, done, total)

    def _stopped(self, failure: BaseException, done: int, total: int) -> BaseException:
        """The error that ends the run, with the final counts (not those when it happened)."""
        if isinstance(failure, DeepLError):
            return failure
        if isinstance(failure, deepl.DeepLException):
            return self._error(failure, done, total)
        what = f"DeepL engine failed: {type(failure).__name__}: {failure}"
        return DeepLError(self._scrub(f"{what}; {self._progress(done, total)}"))

    def _progress(self, done: int, total: int) -> str:
        return (
            f"{done} of {total} texts drafted and saved, {self.characters_billed} characters billed"
        )

    def _submit(
        self,
        pool: ThreadPoolExecutor,
        pending: deque[Batch],
        running: dict[Future[list[dict[str, Any]]], Batch],
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
                    f"({chars} characters) not sent; {done + count(running)} of {total} "
                    "drafted; raise --max-chars to continue"
                )
            pending.popleft()
            self._reserved_chars += batch.chars
            running[pool.submit(self._send, batch, glossary_id)] = batch
        return None

    def _accept(self, item: Item, entry: dict[str, Any]) -> Draft:
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
        cls, what = classify(exc, self.server_url, self.deadline)
        if during:
            what = f"{what} while {during}"
        progress = self._progress(done, total)
        message = f"{what}; {progress}; rerun to continue (cached drafts are not billed again)"
        return cls(self._scrub(message))

    def _scrub(self, message: str) -> str:
        """One line, bounded, and never the key in any form (servers may echo headers)."""
        return scrub(message, self._secrets)


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
    if any(ch.isspace() or unicodedata.category(ch) == "Cc" for ch in key):
        raise ConfigError(
            "DEEPL_AUTH_KEY has a line break, space or control character inside it; "
            "set it to the key alone"
        )
    cfg = ctx.cfg
    return DeepLEngine(
        key,
        server_url=server_url(env.get("DEEPL_SERVER_URL", "")),
        target_lang=locales.resolve(cfg, ctx.locale).deepl_target(),
        source_lang=locales.source(cfg).deepl_source(),
        glossary=ctx.glossary,
        cache=ctx.cache,
        batch_size=cfg.deepl_batch,
        concurrency=cfg.deepl_concurrency,
        max_chars=ctx.max_chars,
        instructions=cfg.deepl_instructions,
        tries=cfg.deepl_tries,
        connect_timeout=cfg.deepl_connect_timeout,
        read_timeout=cfg.deepl_read_timeout,
        deadline=cfg.deepl_deadline,
        glossary_prefix=cfg.deepl_glossary_prefix or Path(cfg.root).resolve().name,
    )
