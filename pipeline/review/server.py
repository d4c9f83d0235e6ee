"""pipeline.review.server: the local web app (Starlette on uvicorn).

Safety, in layers, because the pages show text from PO files anyone may have
edited and the app can write to the repository:

* it binds to 127.0.0.1 unless told otherwise, and answers only requests whose
  ``Host`` is the address it was started on (no DNS-rebinding);
* a per-run token, given once in the URL the command prints, becomes a
  same-site cookie; every page needs it, every write also needs it in a header
  and an ``Origin`` (when the browser sends one) equal to the app's own, so
  another page open in the browser can neither read nor post;
* every response carries a Content-Security-Policy that allows scripts and
  styles from the app only, and images from nowhere, on top of the sanitizing
  of every rendered fragment;
* slugs and locales are checked against the repository's article list before
  any path is built from them.
"""

from __future__ import annotations

import contextlib
import hmac
import secrets
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from pipeline.errors import PipelineError
from pipeline.review.data import Repository

COOKIE = "pipeline_review"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
MAX_TEXT = 100_000


@dataclass
class Settings:
    """What one run of ``pipeline review`` serves, and how."""

    repo: Repository
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    hosts: frozenset[str] = frozenset()
    """``host:port`` values the ``Host`` header may carry."""
    merge: bool = False
    """Re-merge the article after each save."""


def app(settings: Settings):
    """The ASGI application (Starlette imported here, not when the CLI starts)."""
    from starlette.applications import Starlette
    from starlette.routing import Route

    from pipeline.review import handlers

    h = handlers.Handlers(settings)
    routes = [
        Route("/", h.index),
        Route("/a/{locale}/{slug:path}", h.article),
        Route("/static/{name}", h.static),
        Route("/api/preview", h.preview, methods=["POST"]),
        Route("/api/save", h.save, methods=["POST"]),
    ]
    return Guard(Starlette(routes=routes), settings)


class Guard:
    """ASGI middleware: Host allow-list, the token, same-origin writes, security headers."""

    def __init__(self, inner, settings: Settings):
        self.inner = inner
        self.settings = settings

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.inner(scope, receive, send)
        from starlette.requests import Request
        from starlette.responses import PlainTextResponse, RedirectResponse

        request = Request(scope)
        refused = self.refusal(request)
        if refused:
            response = PlainTextResponse(refused, status_code=403)
        elif request.query_params.get("token") == self.settings.token:
            response = RedirectResponse(request.url.path, status_code=303)
            response.set_cookie(COOKIE, self.settings.token, httponly=True, samesite="strict")
        else:
            return await self.inner(scope, receive, _headers(send))
        await response(scope, receive, _headers(send))

    def refusal(self, request) -> str:
        """Why this request is refused, or ``""``."""
        s = self.settings
        if request.headers.get("host", "") not in s.hosts:
            return "unknown Host: open the address `pipeline review` printed"
        if request.query_params.get("token") == s.token or request.url.path.startswith("/static/"):
            return ""
        if not _same(request.cookies.get(COOKIE, ""), s.token):
            return "no review token: open the address `pipeline review` printed (it has ?token=…)"
        if request.method != "GET":
            if not _same(request.headers.get("x-review-token", ""), s.token):
                return "missing or wrong X-Review-Token header"
            origin = request.headers.get("origin")
            if origin is not None and origin.split("://", 1)[-1] not in s.hosts:
                return "cross-origin write refused"
        return ""


def _same(a: str, b: str) -> bool:
    return bool(a) and hmac.compare_digest(a.encode(), b.encode())


def _headers(send):
    """Add the security headers to every response."""
    extra = [
        (b"content-security-policy", CSP.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
        (b"cache-control", b"no-store"),
    ]

    async def wrapped(message):
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []), *extra]}
        await send(message)

    return wrapped


# -- running it ------------------------------------------------------------------------


@dataclass
class Running:
    url: str
    """The address to open, token included."""
    base: str
    server: object
    thread: threading.Thread | None = None


def listen(host: str, port: int) -> socket.socket:
    """A bound socket (port 0: any free port), so the address is known before serving."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise PipelineError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    sock.listen(64)
    return sock


def prepare(repo: Repository, host: str, port: int, merge: bool = False):
    """The socket, the settings (with the hosts this run answers to) and the app."""
    sock = listen(host, port)
    real = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    names = {shown, "localhost", "127.0.0.1", "[::1]"} if loopback(host) else {shown}
    settings = Settings(repo, hosts=frozenset(f"{n}:{real}" for n in names), merge=merge)
    base = f"http://{shown}:{real}"
    return sock, settings, base


def loopback(host: str) -> bool:
    return host in ("127.0.0.1", "localhost", "::1") or host.startswith("127.")


@contextmanager
def serving(
    repo: Repository, host: str = "127.0.0.1", port: int = 0, merge: bool = False
) -> Iterator[Running]:
    """Serve in a background thread (tests, the benchmark); stopped on exit."""
    import uvicorn

    sock, settings, base = prepare(repo, host, port, merge)
    config = uvicorn.Config(app(settings), log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started and thread.is_alive():
        threading.Event().wait(0.02)
    try:
        yield Running(f"{base}/?token={settings.token}", base, server, thread)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def warm(repo: Repository, first: str | None = None) -> threading.Thread:
    """Compute the gate's results in the background (the article opened first, then the
    index), so the pages a reviewer opens next are quick."""

    def work() -> None:
        if first is not None:
            repo.checked(first)
        repo.index()

    thread = threading.Thread(target=_quietly, args=(work,), daemon=True)
    thread.start()
    return thread


def _quietly(work) -> None:
    with contextlib.suppress(Exception):  # the page that needs it reports the error
        work()
