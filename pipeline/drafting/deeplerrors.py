"""pipeline.drafting.deeplerrors: what stops a DeepL run, said in one line without the key.

Why a module: every way a run ends (quota, key, network, rate limit, deadline, budget)
is a ``PipelineError`` subclass with its exit code, and every message that leaves the
engine goes through ``scrub``, which removes the key in every form a server or a
library might echo it (as is, repr- or JSON-escaped, URL-quoted, or the pieces of a
key with a line break in it). Settings from the environment are checked here too.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Sequence

import deepl

from pipeline.drafting import deeplhttp
from pipeline.errors import ConfigError, PipelineError


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


class DeadlineExceeded(DeepLError):
    """The run spent ``deepl_deadline`` seconds on DeepL; nothing more was sent."""


def classify(exc: deepl.DeepLException, server: str | None, deadline: float) -> tuple[type, str]:
    """The error class and the first words of the message for a client exception."""
    if isinstance(exc, deepl.QuotaExceededException):
        cls, what = QuotaExceeded, "DeepL quota exceeded (HTTP 456)"
    elif isinstance(exc, deepl.AuthorizationException):
        cls, what = AuthFailed, "DeepL rejected the auth key (HTTP 403); check DEEPL_AUTH_KEY"
    elif isinstance(exc, deepl.TooManyRequestsException):
        cls, what = RateLimited, "DeepL still rate-limiting (HTTP 429) after retries"
    elif isinstance(exc, deeplhttp.WaitTooLong):
        cls, what = RateLimited, f"{exc}, longer than this run waits"
    elif isinstance(exc, deeplhttp.DeadlineReached):
        cls = DeadlineExceeded
        what = f"DeepL run deadline of {deadline:g} s reached (deepl_deadline)"
    elif isinstance(exc, deepl.ConnectionException):
        where = server or "the DeepL API"
        cls, what = NetworkError, f"cannot reach {where}: {exc}"
    else:
        cls, what = DeepLError, f"DeepL error: {exc}"
    return cls, what


def forms(key: str) -> tuple[str, ...]:
    """The ways a key can appear in a message: as is, escaped (repr, JSON, URL) and, for a
    key with a line break or spaces in it, each sizeable piece."""
    forms = {key, repr(key)[1:-1], json.dumps(key)[1:-1], urllib.parse.quote(key, safe="")}
    forms |= {piece for piece in key.split() if len(piece) >= 6}
    return tuple(sorted((f for f in forms if f), key=len, reverse=True))


def scrub(message: str, secrets: Sequence[str]) -> str:
    """``message`` on one line, at most 400 characters, with every secret form replaced."""
    for form in secrets:
        message = message.replace(form, "***")
    message = " ".join(message.split())
    for form in secrets:  # a form split across the line break just joined
        message = message.replace(form, "***")
    return message if len(message) <= 400 else message[:399] + "…"


def server_url(raw: str) -> str | None:
    """``DEEPL_SERVER_URL`` checked: an http(s) URL with a host, or a one-line error.

    The value is not echoed: a URL may carry credentials.
    """
    raw = raw.strip()
    if not raw:
        return None
    try:
        parts = urllib.parse.urlsplit(raw)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname)
        _ = parts.port  # a bad port raises here
    except ValueError:
        ok = False
    if not ok:
        raise ConfigError(
            "DEEPL_SERVER_URL is not a valid http(s) URL with a host "
            "(e.g. https://api.deepl.com); fix or unset it"
        )
    return raw
