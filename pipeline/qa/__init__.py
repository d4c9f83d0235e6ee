"""pipeline.qa: translation-safety checks on one (msgid, msgstr) pair.

The registry is ``registry``, whose names the package gives (``pipeline.qa.CHECKS``,
``run_checks``, each check) as they are first asked for: a ``merge`` needs only the
placeables' rule (``placeables.withheld``), and importing every check cost a one-article
``sync`` ~7 ms. The checks live by theme in ``numbers``, ``markup`` and ``text``, over
the shared parse in ``parsing`` and the ``Subject`` in ``subject``.

Each check is a small pure function ``check(subject) -> Iterator[Problem]`` named
for the property it protects, listed explicitly in ``CHECKS`` (the shape of
``babel.messages.checkers``, but yielding findings instead of raising on the
first one, so a reviewer sees every problem of an entry at once). Problems
carry an empty file and line: the caller knows the PO entry and fills them in.

The checks compare what the English *has* with what the translation *has*; they
never judge style. They are calibrated on the live site's human translations (all 43
articles imported; ``bench/calibrate_qa.py``, pinned by ``tests/qa/test_calibration.py``):
what those translators do on purpose (drop Fahrenheit twins, localize brand names and
emergency numbers, write ``°C`` as ``℃``, ``Part 3`` as ``第三部分``, ``2x daily`` as
``早晚各1次``, bold where English is italic, keep cited titles in English) passes or is a
warning; what would hurt a reader (a changed dose, a changed or added link, injected
markup, markup that renders as literal asterisks) is an error. An error check is right
at least 90% of the time there and a warning 70%; a check that cannot be is ``INFO``:
shown, never failing the gate.
"""

from __future__ import annotations

import importlib


def __getattr__(name: str):
    registry = importlib.import_module("pipeline.qa.registry")  # not ``from . import``: that
    try:  # asks this very function whether the package has the name first
        return getattr(registry, name)
    except AttributeError:
        raise AttributeError(f"module 'pipeline.qa' has no attribute {name!r}") from None


def __dir__() -> list[str]:
    registry = importlib.import_module("pipeline.qa.registry")
    return sorted(set(globals()) | set(registry.__all__))
