"""pipeline.repo.mtcache: machine drafts already paid for, so re-runs cost nothing.

Layout (under the configured ``mtcache`` directory, by default ``locale/.mtcache/``)::

    <key[:2]>/<key>.json      key = sha256 of (English text, engine, target lang, glossary digest)

One small file per English text: independent of articles (the same sentence in two
articles is paid once), merge-friendly if committed (a new draft is a new file, never an
edit of a shared one) and safe to prune by hand. Each file is deterministic JSON (sorted
keys, UTF-8, trailing newline) written atomically through ``store`` so an interrupted
run never leaves half a file. A file that does not parse, or whose ``source``
is not the requested text, counts as a miss and is overwritten by the next draft.

The file keeps DeepL's raw XML answer and the markup spans, not the rebuilt Markdown:
the paid-for data survives fixes to the Markdown conversion.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipeline.errors import PipelineError
from pipeline.repo import store

FORMAT = 1


class DraftCache:
    """A directory of cache entries; ``root=None`` is a cache that never hits or stores."""

    def __init__(self, root: Path | None):
        self.root = Path(root) if root is not None else None

    def _path(self, key: str) -> Path:
        assert self.root is not None
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str, source: str) -> dict[str, Any] | None:
        """The entry for ``key`` if present and made for ``source``, else None."""
        if self.root is None:
            return None
        try:
            entry = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(entry, dict) or entry.get("source") != source:
            return None
        return entry

    def put(self, key: str, entry: dict[str, Any]) -> None:
        """Write ``entry`` atomically (OSError when it cannot be stored)."""
        if self.root is None:
            return
        path = self._path(key)
        data = (
            json.dumps({"format": FORMAT, **entry}, ensure_ascii=False, sort_keys=True, indent=1)
            + "\n"
        )
        try:
            store.write_text(path, data, path.name)
        except PipelineError as exc:
            raise OSError(str(exc)) from None
