"""pipeline.locales.numerals: numbers as a locale writes them, read back as one canonical form.

French writes the English ``1.5 mg`` as ``1,5 mg`` and ``10,000`` as ``10 000``;
German writes ``10.000``. Comparing numbers across languages therefore starts by
reading each text with its own locale's separators (CLDR's, via the ``Locale``):
a grouped integer loses its separators, a decimal separator between digits
becomes ``.``. Nothing is guessed: ``1,500`` in a French text is one and a half,
as a French reader reads it, so an English ``1,500`` copied unchanged into French
is reported as a changed number.
"""

from __future__ import annotations

import re
from functools import lru_cache

_SPACES = frozenset(" \u00a0\u202f\u2009")
"""A space-like group separator is written with any of these (NBSP, narrow NBSP, thin)."""


@lru_cache(maxsize=32)
def _patterns(decimal: str, group: str) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    seps = sorted(_SPACES) if group in _SPACES else [group]
    g = "[" + "".join(re.escape(s) for s in seps) + "]"
    d = re.escape(decimal)
    grouped = re.compile(rf"(?<![\d{d}])\d{{1,3}}(?:{g}\d{{3}})+(?!\d|{g}\d)")
    point = re.compile(rf"(?<=\d){d}(?=\d)") if decimal != "." else None
    return grouped, point


def canonical(text: str, decimal: str = ".", group: str = ",") -> str:
    """``text`` with its numbers in canonical form: no grouping, ``.`` as decimal point."""
    grouped, point = _patterns(decimal, group)
    text = grouped.sub(lambda m: re.sub(r"\D", "", m.group()), text)
    return point.sub(".", text) if point is not None else text
