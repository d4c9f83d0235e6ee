"""pipeline.repo.cldrcache: what babel's CLDR data said of the site's locale tags, kept.

Every run reads its configuration, and the configuration's locales are checked and
completed with CLDR's data (``locales.tags``): importing babel and loading its data
costs ~15 ms a process, a twentieth of a one-article ``sync`` on a large site. The
answers (a few per tag) are kept in ``.pipeline-cache/cldr.marshal`` (sealed: ``sealed``)
under the code and installed packages they were asked under (``stamps.code``: an
upgrade of babel asks again), and given back to the next run before it reads its
configuration. Deleting the file is always safe: the next run asks babel.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.locales import tags
from pipeline.repo import sealed, stamps, store
from pipeline.repo.layout import CACHE

FILE = "cldr.marshal"
FORMAT = 1


def load(root: Path) -> None:
    """Give ``tags`` the answers kept in the repository at ``root``, when they were asked
    under this code and these packages; nothing otherwise (missing, damaged, stale)."""
    try:
        stored = sealed.unseal((Path(root) / CACHE / FILE).read_bytes())
    except (OSError, ValueError):
        return
    if (
        type(stored) is tuple
        and len(stored) == 3
        and stored[0] == FORMAT
        and stored[1] == stamps.code()
        and type(stored[2]) is dict
    ):
        tags.keep(stored[2])


def save(cache: Path) -> None:
    """Keep every answer this process knows in ``cache`` (the repository's cache folder),
    when it asked babel anything new; a read-only checkout keeps nothing."""
    if not tags.asked():
        return
    answers = tags.kept()
    data = sealed.seal((FORMAT, stamps.code(), {k: answers[k] for k in sorted(answers)}))
    with contextlib.suppress(PipelineError):
        store.write_bytes(cache / FILE, data, FILE)
        store.ignore_folder(cache)
