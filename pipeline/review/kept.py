"""pipeline.review.kept: results kept per article while the files they came from are unchanged.

Pure bookkeeping, no repository access: ``data`` supplies the key of an article
(a digest of every file its result depends on) and the computation. A result is
kept only if the key is the same after the computation as before it (nothing
moved while it ran), one article is computed by one thread at a time (a page
waits for the start-up warm-up instead of repeating its work), and several
articles are computed in one call when the computation is cheaper that way.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence


class Kept:
    def __init__(
        self,
        key: Callable[[Sequence[str]], dict[str, str]],
        compute: Callable[[Sequence[str]], dict[str, list]],
    ):
        self._key = key
        self._compute = compute
        self._kept: dict[str, tuple[str, list]] = {}
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}

    def get(self, slug: str) -> list:
        """One article's result, computed again if one of its files changed."""
        with self._guard:
            lock = self._locks.setdefault(slug, threading.Lock())
        with lock:
            return self.many([slug])[slug]

    def many(self, slugs: Sequence[str]) -> dict[str, list]:
        """Results of several articles; those not kept are computed in one call."""
        out: dict[str, list] = {}
        for _ in range(3):
            keys = self._key(slugs)
            missing = [s for s in slugs if self._kept.get(s, ("",))[0] != keys[s]]
            out.update({s: self._kept[s][1] for s in slugs if s not in missing})
            if not missing:
                return out
            fresh = self._compute(missing)
            after = self._key(missing)
            for s in missing:
                out[s] = fresh[s]
                if after[s] == keys[s]:
                    self._kept[s] = (keys[s], fresh[s])
            if all(after[s] == keys[s] for s in missing):
                return out
        return out
