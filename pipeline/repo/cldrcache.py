"""pipeline.repo.cldrcache: what babel's CLDR data said, kept between runs.

Every run reads its configuration, and the configuration's locales are checked and
completed with CLDR's data (``locales.tags``); merge labels reading times with CLDR's
units (``locales``). Importing babel and loading its data costs ~15 ms a process for the
tags and as much again for the labels, a tenth of a one-article ``sync`` on a large site.
The answers (a few per tag) and the labels (a few dozen numbers per locale) are kept in
``.pipeline-cache/cldr.marshal`` (sealed: ``sealed``) under the code and installed
packages they were made under (``stamps.code``: an upgrade of babel asks again), and given
back to the next run before it reads its configuration. Deleting the file is always
safe: the next run asks babel.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from pipeline import locales
from pipeline.errors import PipelineError
from pipeline.locales import tags
from pipeline.repo import sealed, stamps, store
from pipeline.repo.layout import CACHE

FILE = "cldr.marshal"
FORMAT = 1


def load(root: Path) -> None:
    """Give ``tags`` and ``locales`` the answers and labels kept in the repository at
    ``root``, when they were made under this code and these packages; nothing otherwise
    (missing, damaged, stale)."""
    try:
        stored = sealed.unseal((Path(root) / CACHE / FILE).read_bytes())
    except (OSError, ValueError):
        return
    if (
        type(stored) is tuple
        and len(stored) == 4
        and stored[0] == FORMAT
        and stored[1] == stamps.code()
        and type(stored[2]) is dict
        and type(stored[3]) is dict
    ):
        tags.keep(stored[2])
        locales.known_labels(stored[3])


def save(cache: Path) -> None:
    """Keep every answer and label this process knows in ``cache`` (the repository's cache
    folder); the same ones written the same way leave the file as it is (``store``), and a
    read-only checkout keeps nothing."""
    answers, labels = tags.kept(), locales.labels()
    if not (answers or labels):
        return
    kept = ({k: answers[k] for k in sorted(answers)}, {k: labels[k] for k in sorted(labels)})
    data = sealed.seal((FORMAT, stamps.code(), *kept))
    with contextlib.suppress(PipelineError):
        store.write_bytes(cache / FILE, data, FILE)
        store.ignore_folder(cache)
