"""pipeline.safety.context: a skeleton's translations compared with its English, in context.

In context: the article's skeleton is filled and parsed as the site will parse
it, and its inventory compared with the English one's. The common case costs one
parse of the filled article (the English side is cached per article): equal
inventories and every translation inside its own block mean everything may be
published. Only when they differ are the translations looked at in groups
(bisection), each group added to the English with the translations already
accepted, so that a unit that is harmless alone but harmful with another is
still caught and the published article always passes the same test.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from pipeline.model import Part
from pipeline.model import english as english_of
from pipeline.safety import text as text_mod
from pipeline.safety import urls
from pipeline.safety.compare import block_name, compare
from pipeline.safety.finding import Finding
from pipeline.safety.inventory import Inventory, inventory
from pipeline.safety.render import homes, render


@dataclass(frozen=True)
class Reference:
    """A filled skeleton as parsed: its inventory, and per hole its msgid and the block
    holding its text (the English side of an article is one, cached)."""

    inventory: Inventory
    homes: tuple[int, ...]
    msgids: tuple[str, ...]


def parsed(
    parts: Sequence[Part],
    translations: Mapping[str, str],
    localize: urls.Localize | None,
    readable: frozenset[str] = frozenset(),
) -> Reference:
    """The skeleton filled with ``translations`` (the msgid where there is none), parsed;
    ``readable``: HTML attributes the units translate, compared by presence."""
    rendered = render(parts, translations)
    return _filled(rendered.text, rendered.spans, rendered.msgids, localize, readable)


def reference(
    parts: Sequence[Part], localize: urls.Localize | None, readable: frozenset[str] = frozenset()
) -> Reference:
    """The English side, cached: an article's review and its next locale's reuse it."""
    rendered = render(parts, {})
    return _cached(rendered.text, rendered.spans, rendered.msgids, localize, readable)


def _parsed(
    text: str,
    spans: tuple,
    msgids: tuple,
    localize: urls.Localize | None,
    readable: frozenset[str] = frozenset(),
) -> Reference:
    inv = inventory(text, localize, readable)
    return Reference(inv, homes(inv.spans, spans), msgids)


_cached = lru_cache(maxsize=512)(_parsed)
_filled = lru_cache(maxsize=256)(_parsed)
"""The filled side, kept by text too: a pure function of its arguments, so an article
whose filled text was parsed already in this process (a bisection step taken again, the
same article under another name, a locale with the same translations) is not parsed
again. Kept apart from ``_cached`` so that the English side's cache stays one entry per
article."""


def differences(english: Reference, got: Reference) -> list[Finding]:
    """What ``got`` changes compared with the English: inventory first, then any unit
    whose text no longer sits in the block the English text sat in."""
    found = compare(english.inventory, got.inventory) or _escapes(english, got)
    return [f._replace(message=text_mod.visible(f.message)) for f in found]


def changes(
    parts: Sequence[Part],
    translations: Mapping[str, str],
    english: Reference,
    localize: urls.Localize | None,
    readable: frozenset[str] = frozenset(),
) -> list[Finding]:
    """What the skeleton filled with ``translations`` changes, compared with the English."""
    return differences(english, parsed(parts, translations, localize, readable))


def _escapes(english: Reference, got: Reference) -> list[Finding]:
    found = []
    for msgid, want, have in zip(english.msgids, english.homes, got.homes, strict=True):
        if want != have:
            where = block_name(got.inventory.blocks[want].kind) if want >= 0 else "its place"
            found.append(
                Finding(
                    "markup-injection",
                    f"the text of {msgid[:30]!r} no longer stays in {where}"
                    if have >= 0
                    else f"the text of {msgid[:30]!r} is blank",
                )
            )
    return found


def bisect(
    parts: Sequence[Part],
    wanted: dict[str, str],
    english: Reference,
    localize: urls.Localize | None,
    readable: frozenset[str] = frozenset(),
) -> dict[str, str]:
    """The translations that, added in document order to those accepted, change the article.

    Pairs of plain text (nothing a parser could read as markup on either side) cannot
    change the inventory, so they are accepted together first, with one parse to make
    sure; the bisection then runs over the rest. Every group is accepted only after a
    parse of the article with it, so the accepted set always passes.
    """
    plain = {m: t for m, t in wanted.items() if text_mod.plain(english_of(m)) and text_mod.plain(t)}
    if plain and changes(parts, plain, english, localize, readable):
        plain = {}
    accepted: dict[str, str] = dict(plain)
    bad: list[str] = []

    def visit(group: list[str], known_bad: bool) -> None:
        if not group:
            return
        trial = {**accepted, **{m: wanted[m] for m in group}}
        if not known_bad and not changes(parts, trial, english, localize, readable):
            accepted.update((m, wanted[m]) for m in group)
            return
        if len(group) == 1:
            bad.append(group[0])
            return
        mid = len(group) // 2
        visit(group[:mid], False)
        visit(group[mid:], False)

    visit([m for m in wanted if m not in plain], True)  # with ``plain``, the whole set failed
    found = {}
    for msgid in bad:
        why = changes(parts, {**accepted, msgid: wanted[msgid]}, english, localize, readable)
        found[msgid] = reason(why) if why else "changes the article together with another unit"
    return found


def reason(found: Sequence[Finding]) -> str:
    """One line for merge's notes and check's message: the first findings, deduplicated."""
    messages = list(dict.fromkeys(f.message for f in found))
    shown = "; ".join(messages[:3])
    return shown + (f" (and {len(messages) - 3} more)" if len(messages) > 3 else "")
