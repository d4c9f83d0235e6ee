"""pipeline.qa.registry: every check, listed (``CHECKS``), their names and severities
(``CHECK_NAMES``), and ``run_checks``: what ``pipeline.qa`` gives, imported when first
asked for (see the package's docstring)."""

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
