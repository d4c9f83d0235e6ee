"""pipeline.safety.units: one translation checked on its own, in a small context of its kind.

The PO-entry checks (``pipeline check``'s QA and the drafting step) see a unit
without its article, so the unit is placed in the smallest document that gives it
the same parse: a heading after ``#``, a table cell in a one-column table, alt text
inside ``![…](…)``, an attribute value between quotes. Then the same comparison
as merge's in-context review runs on the English and the translation, so all three
refuse the same things.
"""

from __future__ import annotations

from functools import lru_cache

from pipeline.model import Hole, Kind, Part, Problem, Role, Severity
from pipeline.safety import text as text_mod
from pipeline.safety import urls
from pipeline.safety.context import Reference, differences, parsed
from pipeline.safety.finding import Finding
from pipeline.safety.inventory import Inventory

_LOCALIZE = urls.any_locale


def context(kind: Kind, msgid: str) -> tuple[Part, ...]:
    """A minimal skeleton holding one hole of ``kind`` for ``msgid``."""
    n = msgid.count("\n")
    role = kind.role
    if role is Role.HEADING:
        level = int(kind.detail) if kind.detail.isdigit() and 1 <= int(kind.detail) <= 6 else 1
        return ("#" * level + " ", Hole(msgid, (), True), "\n")
    if role is Role.TABLE_CELL:
        return ("| h |\n| --- |\n| ", Hole(msgid, (), True), " |\n")
    if role is Role.IMAGE_ALT:
        return ("![", Hole(msgid, (), True), "](image.png)\n")
    if role is Role.LIST_ITEM:
        return ("- ", Hole(msgid, ("\n  ",) * n), "\n")
    if role is Role.BLOCK_QUOTE:
        return ("> ", Hole(msgid, ("\n> ",) * n), "\n")
    if role is Role.CODE_BLOCK:
        return ("```text\n", Hole(msgid, ("\n",) * n), "\n```\n")
    if role is Role.HTML_TEXT:
        return ("<div>\n", Hole(msgid, ("\n",) * n), "\n</div>\n")
    if role is Role.HTML_ATTRIBUTE:
        name = kind.detail if kind.detail.replace("-", "").isalnum() else "title"
        return (f'<div {name}="', Hole(msgid, ("\n",) * n), '">\n</div>\n')
    if role is Role.FRONT_MATTER:  # a value, not a block: "1. Intro" is no list here
        return ("x ", Hole(msgid, ("\n",) * n), "\n")
    return (Hole(msgid, ("\n",) * n), "\n")


@lru_cache(maxsize=8192)
def _unit(text: str, kind: Kind) -> Reference:
    """One unit's text in its context, parsed (both sides of every entry go through here)."""
    readable = frozenset({kind.detail}) if kind.role is Role.HTML_ATTRIBUTE else frozenset()
    return parsed(context(kind, text), {}, _LOCALIZE, readable)


def unit_findings(msgid: str, msgstr: str, kind: Kind) -> list[Finding]:
    """What ``msgstr`` changes that a translation of ``msgid`` may not change."""
    found = controls_added(msgid, msgstr)
    if kind.is_front_matter and "\n" in msgstr and "\n" not in msgid:
        found.append(Finding("hidden-text", "a line break in a one-line front-matter value"))
    if msgstr == msgid or (text_mod.plain(msgid) and text_mod.plain(msgstr)):
        return found
    return found + differences(_unit(msgid, kind), _unit(msgstr, kind))


def unit_problems(msgid: str, msgstr: str, kind: Kind) -> list[Problem]:
    """``unit_findings`` as QA problems (errors, without file and line)."""
    return [Problem(f.check, Severity.ERROR, f.message) for f in unit_findings(msgid, msgstr, kind)]


def unit_inventory(text: str, kind: Kind) -> Inventory:
    """A unit's own inventory (links and images in order, for ``qa.urls``/``qa.images``)."""
    return _EMPTY if text_mod.plain(text) else _unit(text, kind).inventory


_EMPTY = Inventory((), ())


def controls_added(msgid: str, msgstr: str) -> list[Finding]:
    """Control characters and line separators the translation has and the English lacks.

    Raw, before any parsing: a CR or NEL is a line break to YAML and to some Markdown
    parsers and nothing a reader sees, and other controls break feeds and files.
    """
    if not text_mod.has_controls(msgstr):
        return []  # most translations: nothing to compare
    have = set(text_mod.controls(msgid))
    return [
        Finding("hidden-text", what)
        for what in dict.fromkeys(text_mod.controls(msgstr))
        if what not in have
    ]
