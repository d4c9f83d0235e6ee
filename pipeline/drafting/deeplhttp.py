"""pipeline.drafting.deeplhttp: how the DeepL engine waits, retries and gives up.

Why not the ``deepl`` client's own retries: they use one timeout for connecting
and reading (60 s × 6 tries left a run silent for six minutes on a hanging
server), ignore ``Retry-After``, cannot be bounded by a run deadline and cannot
tell the user they are happening. So the client's retries are turned off and:

- every request gets a connect and a read timeout, each cut to what is left of the
  run deadline (``Transport``, a requests adapter mounted on the client's session);
- ``call`` retries what DeepL says to retry (429, 5xx, timeouts, dropped
  connections) at most ``tries`` times in all, waiting what ``Retry-After`` asks
  (or a short backoff), never beyond the deadline, and reports each retry;
- past the deadline nothing more is sent (``DeadlineReached``).
"""

from __future__ import annotations

import email.utils
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import deepl
from requests.adapters import HTTPAdapter

T = TypeVar("T")


class DeadlineReached(deepl.DeepLException):
    """The run's time on DeepL is up: nothing more is sent."""


class WaitTooLong(deepl.DeepLException):
    """DeepL asked to come back later than this run is willing to wait."""


@dataclass
class Policy:
    """Timeouts, tries and the run deadline (``time.monotonic()`` seconds, or None)."""

    connect: float = 10.0
    read: float = 30.0
    tries: int = 3
    deadline: float | None = None
    max_wait: float = 120.0
    """The longest ``Retry-After`` honoured; a longer one stops the run (rerun later)."""
    backoff: float = 1.0

    @classmethod
    def of(cls, connect: float, read: float, tries: int, seconds: float) -> Policy:
        deadline = time.monotonic() + seconds if seconds and seconds > 0 else None
        return cls(max(connect, 0.001), max(read, 0.001), max(1, tries), deadline)

    def remaining(self) -> float | None:
        return None if self.deadline is None else self.deadline - time.monotonic()

    def timeouts(self) -> tuple[float, float]:
        """(connect, read) for the next request, never beyond the deadline."""
        left = self.remaining()
        if left is None:
            return self.connect, self.read
        left = max(left, 0.001)  # ``call`` stops before sending once the deadline is past
        return min(self.connect, left), min(self.read, left)


class Transport(HTTPAdapter):
    """A requests adapter: the policy's timeouts on every request; remembers Retry-After.

    One per client, and each client is used by one thread only, so ``retry_after`` is
    the answer to this thread's last request.
    """

    def __init__(self, policy: Policy):
        super().__init__()
        self.policy = policy
        self.retry_after: str | None = None

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        response = super().send(
            request,
            stream=stream,
            timeout=self.policy.timeouts(),
            verify=verify,
            cert=cert,
            proxies=proxies,
        )
        self.retry_after = response.headers.get("Retry-After")
        return response


def install(client: Any, transport: Transport) -> bool:
    """Mount ``transport`` on the client's session (the ``deepl`` client keeps it private)."""
    session = getattr(getattr(client, "_client", None), "_session", None)
    if session is None or not hasattr(session, "mount"):
        return False
    session.mount("https://", transport)
    session.mount("http://", transport)
    return True


def retryable(exc: deepl.DeepLException) -> bool:
    if isinstance(exc, (DeadlineReached, WaitTooLong)):
        return False
    if isinstance(exc, deepl.TooManyRequestsException):
        return True
    if isinstance(exc, deepl.ConnectionException):
        return exc.should_retry
    status = getattr(exc, "http_status_code", None)
    return status is not None and status >= 500


def call(
    fn: Callable[[], T],
    policy: Policy,
    transport: Transport | None,
    on_retry: Callable[[str], None] | None = None,
) -> T:
    """``fn()``, retried as the policy says; the last error is raised as it came."""
    delay = policy.backoff
    for attempt in range(1, policy.tries + 1):
        left = policy.remaining()
        if left is not None and left <= 0:
            raise DeadlineReached("the run deadline is reached")
        if transport is not None:
            transport.retry_after = None
        try:
            return fn()
        except deepl.DeepLException as exc:
            if not retryable(exc) or attempt >= policy.tries:
                raise
            asked = parse_retry_after(transport.retry_after if transport else None)
            wait = asked if asked is not None else delay * random.uniform(0.8, 1.2)
            if wait > policy.max_wait:
                raise WaitTooLong(f"DeepL asks to retry after {wait:.0f} s") from None
            left = policy.remaining()
            if left is not None and wait >= left:
                raise DeadlineReached("the run deadline is reached") from None
            if on_retry is not None:
                why = "Retry-After" if asked is not None else "backoff"
                on_retry(
                    f"DeepL retry {attempt}/{policy.tries - 1} after {reason(exc)} "
                    f"({why} {wait:.1f}s)"
                )
            time.sleep(wait)
            delay *= 2
    raise AssertionError("unreachable")  # pragma: no cover


def reason(exc: deepl.DeepLException) -> str:
    status = getattr(exc, "http_status_code", None)
    if isinstance(exc, deepl.TooManyRequestsException):
        return "HTTP 429"
    if status:
        return f"HTTP {status}"
    text = str(exc).lower()
    return "a timeout" if "timed out" in text else "a connection failure"


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
