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
from pipeline.safety import text as text_mod
from pipeline.safety import urls
from pipeline.safety.findings import Finding, block_name, compare
from pipeline.safety.inventory import Inventory, inventory
from pipeline.safety.render import Rendered, homes, render


@dataclass(frozen=True)
class Reference:
    """The English side of a skeleton: its inventory and the block of each hole."""

    inventory: Inventory
    homes: tuple[int, ...]


def reference(parts: Sequence[Part], localize: urls.Localize | None) -> Reference:
    rendered = render(parts, {})
    return _reference(rendered.text, rendered.spans, localize)


@lru_cache(maxsize=512)
def _reference(text: str, spans: tuple, localize: urls.Localize | None) -> Reference:
    inv = inventory(text, localize)
    return Reference(inv, homes(inv.spans, spans))


def changes(
    parts: Sequence[Part],
    translations: Mapping[str, str],
    english: Reference,
    localize: urls.Localize | None,
) -> list[Finding]:
    """What the skeleton filled with ``translations`` changes, compared with the English."""
    rendered = render(parts, translations)
    got = inventory(rendered.text, localize)
    found = compare(english.inventory, got) or _escapes(rendered, got, english)
    return [f._replace(message=text_mod.visible(f.message)) for f in found]


def _escapes(rendered: Rendered, got: Inventory, english: Reference) -> list[Finding]:
    """Translations whose text no longer sits in the block the English text sat in."""
    found = []
    for msgid, want, have in zip(
        rendered.msgids, english.homes, homes(got.spans, rendered.spans), strict=True
    ):
        if want != have:
            where = block_name(got.blocks[want].kind) if want >= 0 else "its place"
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
) -> dict[str, str]:
    """The translations that, added in document order to those accepted, change the article.

    Pairs of plain text (nothing a parser could read as markup on either side) cannot
    change the inventory, so they are accepted together first, with one parse to make
    sure; the bisection then runs over the rest. Every group is accepted only after a
    parse of the article with it, so the accepted set always passes.
    """
    plain = {m: t for m, t in wanted.items() if _plain(m) and _plain(t)}
    if plain and changes(parts, plain, english, localize):
        plain = {}
    accepted: dict[str, str] = dict(plain)
    bad: list[str] = []

    def visit(group: list[str], known_bad: bool) -> None:
        if not group:
            return
        trial = {**accepted, **{m: wanted[m] for m in group}}
        if not known_bad and not changes(parts, trial, english, localize):
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
        why = changes(parts, {**accepted, msgid: wanted[msgid]}, english, localize)
        found[msgid] = reason(why) if why else "changes the article together with another unit"
    return found


_MARKUP = frozenset("<>[]&`\\|~\"'\n\r\t")
_LINE_START = frozenset("#-+*=>_0123456789 ")


def _plain(text: str) -> bool:
    """No character a Markdown or HTML parser could read as markup, wherever it lands.

    A speed-up only: ``bisect`` confirms with a parse that these change nothing.
    """
    return (
        bool(text)
        and text[0] not in _LINE_START
        and _MARKUP.isdisjoint(text)
        and "://" not in text
        and "www." not in text
        and not text_mod.maybe_hidden(text)
    )


def reason(found: Sequence[Finding]) -> str:
    """One line for merge's notes and check's message: the first findings, deduplicated."""
    messages = list(dict.fromkeys(f.message for f in found))
    shown = "; ".join(messages[:3])
    return shown + (f" (and {len(messages) - 3} more)" if len(messages) > 3 else "")
