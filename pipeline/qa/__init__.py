"""pipeline.qa: translation-safety checks on one (msgid, msgstr) pair.

The registry lives here; the checks live by theme in ``numbers``, ``markup`` and
``text``, over the shared parse in ``parsing`` and the ``Subject`` in ``subject``.

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

from collections.abc import Callable, Iterator

from pipeline.model import Problem
from pipeline.qa.markup import (
    active_content,
    emphasis,
    hidden_text,
    images,
    inline_code,
    localization_spots,
    markup_balance,
    markup_injection,
    render_parity,
    urls,
)
from pipeline.qa.numbers import numbers
from pipeline.qa.placeables import placeables
from pipeline.qa.subject import ERROR, INFO, WARNING, Subject
from pipeline.qa.terms import glossary_terms
from pipeline.qa.text import (
    citations,
    emoji,
    emoji_clusters,
    fm_length,
    length_ratio,
    punctuation,
    whitespace,
)
from pipeline.qa.untranslated import untranslated

Check = Callable[[Subject], Iterator[Problem]]

CHECKS: tuple[Check, ...] = (
    numbers,
    localization_spots,
    urls,
    images,
    inline_code,
    markup_balance,
    markup_injection,
    hidden_text,
    render_parity,
    emphasis,
    placeables,
    glossary_terms,
    emoji,
    citations,
    length_ratio,
    untranslated,
    whitespace,
    punctuation,
    fm_length,
)

CHECK_NAMES: dict[str, str] = {
    "numbers": ERROR,
    "fahrenheit-dropped": WARNING,
    "localization-spot": INFO,
    "urls": ERROR,
    "images": ERROR,
    "inline-code": ERROR,
    "markup-balance": ERROR,
    "markup-injection": ERROR,
    "hidden-text": ERROR,
    "render-parity": ERROR,
    "emphasis": WARNING,
    "placeables": ERROR,
    "glossary": INFO,
    "do-not-translate": ERROR,
    "emoji": WARNING,
    "citations": ERROR,
    "length-ratio": WARNING,
    "untranslated": WARNING,
    "whitespace": WARNING,
    "punctuation": WARNING,
    "fm-length": WARNING,
}
"""Every check name a Problem can carry, with its severity: the stable public contract."""

_SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


def run_checks(subject: Subject, checks: tuple[Check, ...] = CHECKS) -> list[Problem]:
    """All problems of one unit: one per check, errors first, then by check name.

    A check that finds several things in one entry (two numbers missing) reports them in
    one problem, its messages joined in the order found: one finding per entry per check,
    so a PO line gets one annotation per check and the ``qa:`` comment one line each.
    An empty translation is not checked: completeness is reported elsewhere.
    """
    if not subject.msgstr:
        return []
    found: dict[str, list[Problem]] = {}
    for check in checks:
        for p in check(subject):
            same = found.setdefault(p.check, [])
            if p.message not in (q.message for q in same):
                same.append(p)
    merged = [
        Problem(name, ps[0].severity, "; ".join(p.message for p in ps))
        for name, ps in found.items()
    ]
    return sorted(merged, key=lambda p: (_SEVERITY_ORDER.get(p.severity, 3), p.check))


__all__ = [
    "active_content",
    "CHECKS",
    "CHECK_NAMES",
    "ERROR",
    "INFO",
    "WARNING",
    "Check",
    "Subject",
    "emoji_clusters",
    "run_checks",
    *(c.__name__ for c in CHECKS),
]
