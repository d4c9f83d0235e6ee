"""A fake DeepL API server for tests and the benchmark: real HTTP, no network.

Why a real server rather than a mocked client: the tests then exercise the official
``deepl`` client end to end (JSON bodies, retries, status-code mapping, timeouts).

It serves ``POST /v2/translate``, ``GET /v2/usage`` and the v2 glossary endpoints
(create, list, get, entries, delete) on 127.0.0.1 with keep-alive (HTTP/1.1). Its
"translation" keeps every XML tag, prefixes ``译:`` and maps a few known words (``ZH-HANS``;
other targets get their code as prefix, ``JA:``), so it is deterministic. Like DeepL, it
answers 400 ``Value for 'target_lang' not supported.`` for a target code DeepL does not
have (``ZH``, ``SR-LATN``…), and the same for an unknown source. Every request is recorded
(:class:`Record`). Failures can be scripted:

- ``fail_429`` / ``fail_5xx``: answer the next N translate requests with 429 / 503;
- ``quota_after``: after K successful translate requests, every further one gets 456;
- ``forbid``: answer every translate request with 403 (bad key);
- ``drop``: close the socket without answering the next N translate requests;
- ``latency``: seconds to sleep before answering each translate request (a hanging server);
- ``mangle``: a function applied to each translated text (to drop or break tags);
- ``retry_after``: the ``Retry-After`` header sent with each scripted 429;
- ``reject_glossary``: answer glossary creation with 400, as DeepL does for bad entries.
- ``answers``: sent text containing a key -> that answer instead of a translation (to
  script exactly what a hostile or broken engine returns).

Bounded: at most ``max_records`` requests are kept, and the server shuts itself down
after ``lifetime`` seconds even if a test forgets to stop it.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

WORDS = {
    "Back pain": "背痛",
    "back pain": "背痛",
    "pain": "疼痛",
    "period": "经期",
    "Bold": "粗体",
    "link": "链接",
    "common": "常见",
    "see": "见",
    "here": "这里",
}
_WORD_RE = re.compile("|".join(sorted(map(re.escape, WORDS), key=len, reverse=True)))
_TAG_SPLIT = re.compile(r"(<[^>]*>)")

TARGETS = frozenset(
    [
        "AR",
        "BG",
        "CS",
        "DA",
        "DE",
        "EL",
        "EN-GB",
        "EN-US",
        "ES",
        "ES-419",
        "ET",
        "FI",
        "FR",
        "HE",
        "HU",
        "ID",
        "IT",
        "JA",
        "KO",
        "LT",
        "LV",
        "NB",
        "NL",
        "PL",
        "PT-BR",
        "PT-PT",
        "RO",
        "RU",
        "SK",
        "SL",
        "SV",
        "TH",
        "TR",
        "UK",
        "VI",
        "ZH-HANS",
        "ZH-HANT",
    ]
)
"""DeepL's target codes (its documentation), kept here apart from the package's own table:
the fake is DeepL, so a wrong mapping in the package fails against it."""
SOURCES = frozenset(
    [
        "AR",
        "BG",
        "CS",
        "DA",
        "DE",
        "EL",
        "EN",
        "ES",
        "ET",
        "FI",
        "FR",
        "HE",
        "HU",
        "ID",
        "IT",
        "JA",
        "KO",
        "LT",
        "LV",
        "NB",
        "NL",
        "PL",
        "PT",
        "RO",
        "RU",
        "SK",
        "SL",
        "SV",
        "TH",
        "TR",
        "UK",
        "VI",
        "ZH",
    ]
)


def fake_translate(text: str, target: str = "ZH-HANS") -> str:
    """Deterministic stand-in for DeepL: tags untouched, known words mapped, a prefix."""
    if target != "ZH-HANS":
        return f"{target}:" + text
    parts = _TAG_SPLIT.split(text)
    out = [p if p.startswith("<") else _WORD_RE.sub(lambda m: WORDS[m.group()], p) for p in parts]
    return "译:" + "".join(out)


@dataclass
class Record:
    method: str
    path: str
    headers: dict[str, str]
    body: Any
    """Parsed JSON body, or None."""
    status: int = 0


@dataclass
class Script:
    fail_429: int = 0
    fail_5xx: int = 0
    drop: int = 0
    quota_after: int | None = None
    forbid: bool = False
    latency: float = 0.0
    mangle: Callable[[str], str] | None = None
    retry_after: str | None = None
    reject_glossary: bool = False
    answers: dict[str, str] = field(default_factory=dict)


@dataclass
class FakeDeepL:
    """Start with :meth:`start` (or use as a context manager); ``url`` is the server URL."""

    lifetime: float = 120.0
    max_records: int = 20_000
    script: Script = field(default_factory=Script)
    records: list[Record] = field(default_factory=list)
    translated_ok: int = 0
    active: int = 0
    max_active: int = 0
    characters: int = 0
    glossaries: dict[str, dict] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # -- lifecycle
    def start(self) -> FakeDeepL:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = _Server(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True).start()
        timer = threading.Timer(self.lifetime, self.stop)
        timer.daemon = True
        timer.start()
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()

    def __enter__(self) -> FakeDeepL:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._server is not None, "not started"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    # -- assertions
    def translate_bodies(self) -> list[dict]:
        """JSON bodies of the translate requests that were answered 200."""
        return [r.body for r in self.records if r.path == "/v2/translate" and r.status == 200]

    def sent_texts(self) -> list[str]:
        return [t for body in self.translate_bodies() for t in body["text"]]

    def record(self, rec: Record) -> None:
        with self.lock:
            if len(self.records) < self.max_records:
                self.records.append(rec)


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """Silent: a client that timed out and left is what the hanging-server tests want."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # else headers + body in two writes cost a 40 ms delayed ACK
    fake: FakeDeepL

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Silent: tests read records, not logs."""

    def _body(self) -> Any:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            return json.loads(raw) if raw else None
        except ValueError:
            return raw.decode("utf-8", "replace")

    def _send(
        self,
        rec: Record,
        status: int,
        payload: Any = None,
        text: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        rec.status = status
        data = (
            b""
            if payload is None and text is None
            else (text.encode() if text is not None else json.dumps(payload).encode())
        )
        self.send_response(status)
        self.send_header("Content-Type", "text/plain" if text is not None else "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _record(self) -> Record:
        rec = Record(self.command, self.path.split("?")[0], dict(self.headers), self._body())
        self.fake.record(rec)
        return rec

    def do_POST(self) -> None:  # noqa: N802 - stdlib naming
        rec = self._record()
        if rec.path == "/v2/translate":
            self._translate(rec)
        elif rec.path == "/v2/glossaries":
            self._create_glossary(rec)
        else:
            self._send(rec, 404, {"message": "not found"})

    def do_GET(self) -> None:  # noqa: N802
        rec = self._record()
        fake = self.fake
        if rec.path == "/v2/usage":
            self._send(rec, 200, {"character_count": fake.characters, "character_limit": 500000})
        elif rec.path == "/v2/glossaries":
            self._send(rec, 200, {"glossaries": list(fake.glossaries.values())})
        elif m := re.fullmatch(r"/v2/glossaries/([\w-]+)(/entries)?", rec.path):
            info = fake.glossaries.get(m.group(1))
            if info is None:
                self._send(rec, 404, {"message": "Glossary not found"})
            elif m.group(2):
                self._send(rec, 200, text=info["_entries"])
            else:
                self._send(rec, 200, info)
        else:
            self._send(rec, 404, {"message": "not found"})

    def do_DELETE(self) -> None:  # noqa: N802
        rec = self._record()
        m = re.fullmatch(r"/v2/glossaries/([\w-]+)", rec.path)
        with self.fake.lock:
            found = bool(m) and self.fake.glossaries.pop(m.group(1), None) is not None
        self._send(rec, 204) if found else self._send(rec, 404, {"message": "Glossary not found"})

    def _create_glossary(self, rec: Record) -> None:
        body = rec.body
        if self.fake.script.reject_glossary:
            self._send(rec, 400, {"message": "Invalid glossary entries provided"})
            return
        with self.fake.lock:
            gid = f"g{len(self.fake.records):04d}-fake"
            info = {
                "glossary_id": gid,
                "name": body["name"],
                "ready": True,
                "source_lang": body["source_lang"].lower(),
                "target_lang": body["target_lang"].lower(),
                "creation_time": "2025-01-01T00:00:00.123456Z",
                "entry_count": len(body["entries"].splitlines()),
                "_entries": body["entries"],
            }
            self.fake.glossaries[gid] = info
        self._send(rec, 201, info)

    def _scripted_failure(self, rec: Record) -> bool:
        """Apply the next scripted failure, if any; True when the request was answered."""
        fake, script = self.fake, self.fake.script
        with fake.lock:
            if script.forbid:
                kind = "403"
            elif script.drop > 0:
                script.drop -= 1
                kind = "drop"
            elif script.fail_429 > 0:
                script.fail_429 -= 1
                kind = "429"
            elif script.fail_5xx > 0:
                script.fail_5xx -= 1
                kind = "503"
            elif script.quota_after is not None and fake.translated_ok >= script.quota_after:
                kind = "456"
            else:
                return False
        if kind == "drop":
            rec.status = -1
            self.close_connection = True
        elif kind == "429":
            after = script.retry_after
            self._send(
                rec, 429, {"message": "Too many requests"}, headers=after and {"Retry-After": after}
            )
        elif kind == "403":
            self._send(rec, 403, {"message": "Wrong key " + self.headers.get("Authorization", "")})
        elif kind == "503":
            self._send(rec, 503, {"message": "Service unavailable"})
        else:
            self._send(rec, 456, {"message": "Quota exceeded"})
        return True

    def _bad_language(self, rec: Record) -> bool:
        """DeepL's answer to a language code it does not have: 400 with its message."""
        body = rec.body or {}
        for key, known in (("target_lang", TARGETS), ("source_lang", SOURCES)):
            value = body.get(key)
            if (value is not None or key == "target_lang") and str(value).upper() not in known:
                self._send(rec, 400, {"message": f"Value for '{key}' not supported."})
                return True
        return False

    def _translate(self, rec: Record) -> None:
        fake = self.fake
        with fake.lock:
            fake.active += 1
            fake.max_active = max(fake.max_active, fake.active)
        try:
            if fake.script.latency:
                time.sleep(fake.script.latency)
            if self._scripted_failure(rec) or self._bad_language(rec):
                return
            out = []
            target = rec.body["target_lang"].upper()
            for text in rec.body["text"]:
                scripted = [a for key, a in fake.script.answers.items() if key in text]
                translated = scripted[0] if scripted else fake_translate(text, target)
                if fake.script.mangle:
                    translated = fake.script.mangle(translated)
                out.append(
                    {
                        "text": translated,
                        "detected_source_language": "EN",
                        "billed_characters": len(text),
                    }
                )
            with fake.lock:
                fake.translated_ok += 1
                fake.characters += sum(len(t) for t in rec.body["text"])
            self._send(rec, 200, {"translations": out})
        finally:
            with fake.lock:
                fake.active -= 1


def collect(gen) -> tuple[dict, Exception | None]:
    """Drain an engine's ``draft`` generator: the drafts it yielded, and the DeepLError that
    stopped it (None when it finished), so a test sees what was kept before a failure."""
    from pipeline.drafting.engines.deepl import DeepLError

    got: dict = {}
    try:
        for msgid, draft in gen:
            got[msgid] = draft
    except DeepLError as exc:
        return got, exc
    return got, None
