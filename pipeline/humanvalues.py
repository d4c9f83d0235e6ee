"""pipeline.humanvalues: a person's localized front-matter value is never replaced by English.

Why: ``glossary`` keys (``category``, ``author``) and ``derive`` keys (reading time)
are not translation units, so their localized values live only in the localized
article. When the glossary lacks an entry, merge used to write the English value
over a person's 避孕指导. Now a localized value a person wrote is kept unless the
English it translates has changed, and the missing glossary entry is reported.

Pure: merge passes what the repository says (the localized article's front
matter as on disk, read by ``repo``) and gets back the value and a note.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from pipeline.glossary import Glossary
from pipeline.markdown import frontmatter


@dataclass(frozen=True)
class Found:
    """Values a person wrote for one key, for the current English (``fresh``) or not."""

    fresh: tuple[str, ...] = ()
    stale: tuple[str, ...] = ()
    """Made for an English value that has since changed (the localized article's own
    ``<key>_<source>`` mirror says which English it translated)."""


def found(
    key: str,
    english: object,
    current: Mapping[str, object],
    english_fm: Mapping[str, object],
    source_locale: str,
    locale: str,
    same_english: Callable[[object, object], bool] | None = None,
) -> Found:
    """The localized values of ``key`` a person wrote, where the repository keeps them.

    In the localized article (``current``): the key itself, then its ``<key>_<locale>``
    mirror (an imported article may say ``category: medical`` and ``category_zh: 医学专业``);
    then the English article's own ``<key>_<locale>`` mirror. A value equal to the
    English is a copy, not a translation. ``same_english`` compares the English now with
    the one the localized article records (derived keys compare minutes).
    """
    made_for = current.get(f"{key}_{source_locale}")
    same = same_english or _same_text
    changed = made_for is not None and not same(made_for, english)
    english_text = frontmatter.value_text(english)
    mine = [current.get(key), current.get(f"{key}_{locale}")]
    ours = [v for v in mine if isinstance(v, str) and v.strip() and v != english_text]
    fresh = [] if changed else list(ours)
    mirror = english_fm.get(f"{key}_{locale}")
    # The English mirror counts unless it is merely merge's copy of a stale localized value.
    if isinstance(mirror, str) and mirror.strip() and mirror not in (english_text, *ours):
        fresh.append(mirror)
    return Found(tuple(dict.fromkeys(fresh)), tuple(ours) if changed else ())


def _same_text(a: object, b: object) -> bool:
    return frontmatter.value_text(a) == frontmatter.value_text(b)


def same_minutes(a: object, b: object) -> bool:
    """Reading times agree when they state the same minutes (``25 minutes`` ~ ``25 min``)."""
    return frontmatter.minutes_in(a) == frontmatter.minutes_in(b)


def glossary_value(
    key: str, english: str, glossary: Glossary, human: Found, reviewed: str | None
) -> tuple[str, str]:
    """The localized value of a ``glossary`` key, and a note for a person ("" when none).

    Order: a person's value for this English (reported when the glossary says otherwise
    or lacks it), the glossary's entry, the reviewed catalog translation of the same
    English text, a person's value for an English that has since changed (reported: a
    stale translation a reviewer can check beats English on a Chinese page), and only
    then the English, which is always reported.
    """
    term = glossary.lookup(english)
    if human.fresh:
        value = human.fresh[0]
        if term is None:
            add = f"add `{english},{value}` to the glossary"
            return value, f"{key} {english!r} is not in the glossary; kept {value!r} ({add})"
        if term.translation != value:
            return value, (
                f"{key}: kept {value!r}; the glossary says {term.translation!r} for {english!r}"
            )
        return value, ""
    if term is not None:
        return term.translation, ""
    if reviewed:
        add = f"add `{english},{reviewed}` to the glossary"
        return reviewed, f"{key} {english!r} is not in the glossary; used {reviewed!r} ({add})"
    if human.stale:
        value = human.stale[0]
        return value, (
            f"{key} changed to {english!r}, which is not in the glossary; kept the earlier "
            f"translation {value!r}: check it and add the new English to the glossary"
        )
    return english, f"{key} {english!r} is not in the glossary; copied in English"


def derived_value(derived: str, human: Found, carry: bool) -> str:
    """A person's way of writing the derived value (``25 分钟``) when it says the same."""
    fresh = [v for v in human.fresh if not carry or same_minutes(v, derived)]
    if len(fresh) < 2:
        return fresh[0] if fresh else derived
    from rapidfuzz import fuzz  # here: with one value or none, nothing to choose between

    return max(fresh, key=lambda v: (fuzz.ratio(v, derived), -fresh.index(v)))
