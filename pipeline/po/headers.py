"""pipeline.po.headers: which header fields are ours, which are the translator's.

A translator's tool sets ``Language`` (``zh_CN``), ``Plural-Forms``, ``Last-Translator``,
``Language-Team``, ``PO-Revision-Date``, ``X-Generator``…: all kept, in the file's
order. We only add what ``msgfmt -c`` requires and is missing (empty values: no
timestamp that would change on every run), and replace a charset other than
UTF-8 (we write UTF-8). A ``Language`` that names another locale than the
catalog's is a real conflict: reported, never silently rewritten.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline import locales

if TYPE_CHECKING:
    from babel.core import Locale

ORDER = (
    "Project-Id-Version",
    "Report-Msgid-Bugs-To",
    "POT-Creation-Date",
    "PO-Revision-Date",
    "Last-Translator",
    "Language-Team",
    "Language",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
    "Plural-Forms",
)
"""GNU gettext's order, used where a field must be added."""

CONTENT_TYPE = "text/plain; charset=UTF-8"


def new(project: str, language: str, plural: bool = True) -> dict[str, str]:
    """The header of a new file: every field ``msgfmt -c`` asks for, nothing dated."""
    meta = {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": "",
        "PO-Revision-Date": "",
        "Last-Translator": "",
        "Language-Team": "",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": CONTENT_TYPE,
        "Content-Transfer-Encoding": "8bit",
    }
    if plural:
        meta["Plural-Forms"] = plural_forms(language)
    return meta


def plural_forms(language: str) -> str:
    """The ``Plural-Forms`` of a ``Language`` value: the locale model's (babel's CLDR data)."""
    return locales.plural_forms(language)


def settle(old: dict[str, str], ours: dict[str, str], owned: frozenset[str]) -> dict[str, str]:
    """``old`` in its order, with ``owned`` fields set from ``ours`` and missing ones added."""
    meta = dict(old)
    for key in ORDER:
        if key in ours and (key in owned or key not in meta):
            meta = put(meta, key, ours[key])
    for key, value in ours.items():
        if key not in meta:
            meta[key] = value
    content_type = meta.get("Content-Type", "")
    if "charset=utf-8" not in content_type.lower().replace(" ", ""):
        meta = put(meta, "Content-Type", CONTENT_TYPE)
    return meta


def put(meta: dict[str, str], key: str, value: str) -> dict[str, str]:
    """Set ``key``; a new key goes after the fields that precede it in GNU's order."""
    if key in meta:
        return {**meta, key: value}
    before = set(ORDER[: ORDER.index(key)]) if key in ORDER else set(ORDER)
    items = list(meta.items())
    at = max((i + 1 for i, (k, _) in enumerate(items) if k in before), default=0)
    return dict(items[:at] + [(key, value)] + items[at:])


def language_conflict(value: str, locale: str) -> bool:
    """True when a ``Language`` value names another locale than ``locale``.

    ``zh_CN``, ``zh_Hans`` or ``zh-SG`` in a ``zh`` catalog are the same locale (babel's
    likely subtags give them the same language and script); ``zh_TW`` is not.
    """
    value = value.strip()
    if not value or value.replace("-", "_").lower() == locale.replace("-", "_").lower():
        return False
    theirs, mine = _parse(value), _parse(locale)
    if theirs is None or mine is None:
        return True
    if theirs.language != mine.language or _script(theirs) != _script(mine):
        return True
    return bool(mine.territory and theirs.territory and mine.territory != theirs.territory)


def _parse(tag: str) -> Locale | None:
    from babel.core import Locale, UnknownLocaleError  # only for a Language header to compare

    try:
        return Locale.parse(tag.replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        return None


def _script(loc: Locale) -> str | None:
    if loc.script:
        return loc.script
    from babel.core import get_global

    likely = get_global("likely_subtags")
    full = likely.get(str(loc)) or likely.get(loc.language)
    parsed = _parse(full) if full else None
    return parsed.script if parsed is not None else None
