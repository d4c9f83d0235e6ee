"""pipeline.model: the small data model every stage shares.

Imports no sibling module. Everything here is plain data: the stages are pure
functions over it, and only ``repo/`` (the workspace and its store) touches files.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple, Protocol


class Role(StrEnum):
    """What a unit is in its article; the first word of its ``#.`` comment."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list item"
    BLOCK_QUOTE = "block quote"
    TABLE_CELL = "table cell"
    IMAGE_ALT = "image alt text"
    CODE_BLOCK = "code block"
    HTML_TEXT = "html text"
    HTML_ATTRIBUTE = "html"
    FRONT_MATTER = "front matter"
    PARAMETER = "parameter"
    """A translatable parameter of a shortcode, component or admonition (``alert title``)."""
    LINK_TITLE = "link title"
    """The title of a link definition or of an image alone in its paragraph."""


class Kind(NamedTuple):
    """A unit's kind: its role and the detail that goes with it.

    Written into the PO file as the ``#.`` comment translators read (``heading 2``,
    ``html: alt attribute``, ``front matter: title``) and parsed back from it, so
    no stage tests a comment by substring.
    """

    role: Role
    detail: str = ""
    """Heading level, HTML attribute name, or front-matter key."""

    def __str__(self) -> str:
        if self.role is Role.HEADING:
            return f"heading {self.detail}"
        if self.role is Role.HTML_ATTRIBUTE:
            return f"html: {self.detail} attribute"
        if self.role is Role.FRONT_MATTER:
            return f"front matter: {self.detail}"
        if self.role is Role.PARAMETER:
            return f"parameter: {self.detail}"
        return self.role.value

    @classmethod
    def parse(cls, text: str) -> Kind:
        """The kind a ``#.`` line names; anything unknown reads as a paragraph."""
        text = text.strip()
        if text.startswith("heading "):
            return cls(Role.HEADING, text[8:])
        if text.startswith("html: ") and text.endswith(" attribute"):
            return cls(Role.HTML_ATTRIBUTE, text[6:-10])
        if text.startswith("front matter: "):
            return cls(Role.FRONT_MATTER, text[14:])
        if text.startswith("parameter: "):
            return cls(Role.PARAMETER, text[11:])
        try:
            return cls(Role(text))
        except ValueError:
            return cls(Role.PARAGRAPH)

    @property
    def is_code(self) -> bool:
        return self.role is Role.CODE_BLOCK

    @property
    def is_front_matter(self) -> bool:
        return self.role is Role.FRONT_MATTER

    @property
    def is_html(self) -> bool:
        return self.role in (Role.HTML_TEXT, Role.HTML_ATTRIBUTE)

    @property
    def is_value(self) -> bool:
        """A quoted value (attribute, parameter, title): plain text that must keep its quotes."""
        return self.role in (Role.HTML_ATTRIBUTE, Role.PARAMETER, Role.LINK_TITLE)

    @property
    def is_markdown(self) -> bool:
        """Rendered by the site as inline Markdown (not code, front matter or raw HTML)."""
        return not (self.is_code or self.is_front_matter or self.is_value)

    @property
    def key(self) -> str:
        """The front-matter key of a front-matter unit, else ``""``."""
        return self.detail if self.is_front_matter else ""

    @property
    def role_name(self) -> str | None:
        """The role as a ``msgctxt`` names it, or None for running text.

        Paragraphs, list items, block quotes and HTML text are one role (running text,
        never a context); headings of every level are ``heading``; every other kind
        is its own role, named as its ``#.`` line (``table cell``, ``image alt text``,
        ``front matter: title``, ``html: alt attribute``, ``parameter: alert title``).
        """
        if self.role in _RUNNING_TEXT:
            return None
        if self.role is Role.HEADING:
            return "heading"
        return str(self)

    @classmethod
    def of_role(cls, name: str) -> Kind | None:
        """The kind a role name (a ``msgctxt`` this tool writes, or a ``#.`` kind line)
        stands for; None when it is no role of ours (a translator's ``msgctxt "menu"``,
        a ``placeables:`` note)."""
        if name == "heading":
            return cls(Role.HEADING, "1")
        kind = cls.parse(name)
        if kind.role is Role.PARAGRAPH and name != Role.PARAGRAPH.value:
            return None
        if kind.role is Role.HEADING and not kind.detail.isdigit():
            return None
        return kind


_RUNNING_TEXT = frozenset({Role.PARAGRAPH, Role.LIST_ITEM, Role.BLOCK_QUOTE, Role.HTML_TEXT})
_ROLE_RANK = {Role.HEADING: 1, Role.TABLE_CELL: 2, Role.FRONT_MATTER: 9}
"""Which role keeps the context-less entry when one English text plays several: running
text, then a heading, then a table cell, other body roles, and front matter last."""

CONTEXT_SEPARATOR = "\x04"
"""Between msgctxt and msgid in a key, as gettext joins them in MO files."""


def text_key(context: str | None, msgid: str) -> str:
    """The key of an English text in a role: the msgid alone without a context, else
    ``msgctxt + "\\x04" + msgid`` (gettext's own MO key). Catalog entries are looked up
    by it (``po.catalog.translations``), so one English text may have one translation
    per role."""
    return msgid if context is None else context + CONTEXT_SEPARATOR + msgid


def english(key: str) -> str:
    """The English text of a key (``text_key``'s msgid)."""
    head, sep, tail = key.partition(CONTEXT_SEPARATOR)
    return tail if sep and Kind.of_role(head) is not None else key


def role_contexts(kinds_by_text: dict[str, set[str | None]]) -> dict[str, str | None]:
    """For each English text playing several roles, the role that keeps no context."""
    return {text: min(roles, key=_rank) for text, roles in kinds_by_text.items() if len(roles) > 1}


def _rank(name: str | None) -> tuple[int, str]:
    if name is None:
        return (0, "")
    kind = Kind.of_role(name)
    return (_ROLE_RANK.get(kind.role, 5) if kind is not None else 5, name)


PARAGRAPH = Kind(Role.PARAGRAPH)


class Severity(StrEnum):
    """How much a finding matters: ``error`` fails the gate, the others are shown."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Unit(NamedTuple):
    """One translatable piece of an article, as a translator sees it.

    A named tuple, not a dataclass: an article has hundreds and they are built on the
    hot path of every run (immutable either way).
    """

    msgid: str
    """The English text, inline Markdown kept (``**Label**: text``), line breaks as ``\\n``."""
    kind: Kind
    """What it is, for the ``#.`` comment: ``heading 2``, ``list item``, ``front matter: title``."""
    line: int
    """1-based line in the source file, front matter counted."""
    note: str = ""
    """Extra ``#.`` lines for the translator (the placeables the text holds), or ``""``."""
    context: str | None = None
    """The ``msgctxt``: the role's name when the article uses this English text in more
    than one role and this one is not the role that keeps the context-less entry."""

    @property
    def key(self) -> str:
        """What the unit's translation is looked up by (``text_key``)."""
        return self.msgid if self.context is None else text_key(self.context, self.msgid)


class Hole(NamedTuple):
    """A place in the skeleton where a unit's translation goes.

    Each ``\\n`` of the msgid stands for the exact bytes in ``breaks``: the line ending
    (LF or CRLF, per line) and the next line's container prefix (list indentation,
    ``>`` markers, nothing on a lazy line). Filling the hole with its own msgid
    reproduces the source byte for byte.
    """

    msgid: str
    breaks: tuple[str, ...] = ()
    single_line: bool = False
    """Headings and table cells cannot span lines: newlines become spaces."""
    context: str | None = None
    """The unit's ``msgctxt`` (``Unit.context``)."""

    @property
    def key(self) -> str:
        return self.msgid if self.context is None else text_key(self.context, self.msgid)


Part = str | Hole


@dataclass(frozen=True, slots=True)
class FrontMatterField:
    """A translatable front-matter scalar, located in the YAML text."""

    path: tuple[str | int, ...]
    """Key path, e.g. ``("title",)`` or ``("tags", 2)``."""
    value: str
    start: int
    """Character offset of the scalar (quotes included) in the front-matter text."""
    end: int
    style: str
    """``"`` double-quoted, ``'`` single-quoted, or ``""`` plain / block."""
    line: int
    """1-based line in the file."""
    context: str | None = None
    """The unit's ``msgctxt`` (``Unit.context``)."""

    @property
    def key(self) -> str:
        return self.value if self.context is None else text_key(self.context, self.value)


@dataclass(slots=True)
class Article:
    """An article split into what must be kept and what can be translated."""

    slug: str
    path: str
    """Path relative to the repository root, for ``#:`` occurrences and messages."""
    bom: str
    """``"\\ufeff"`` when the file started with a BOM, else ``""``."""
    fm_open: str
    """Front-matter opening fence with its line ending (``---\\n``), or ``""``."""
    fm_text: str
    """The YAML between the fences, verbatim."""
    fm_close: str
    """Closing fence with its line ending."""
    fm_data: object = None
    """The parsed front matter (``source.FrontMatter``: values and where they sit)."""
    fm_fields: list[FrontMatterField] = field(default_factory=list)
    body: list[Part] = field(default_factory=list)
    """The body skeleton: verbatim text and holes."""
    units: list[Unit] = field(default_factory=list)
    """All units in document order, front matter first (duplicates kept)."""
    body_line: int = 1
    """Line of the file where the body starts."""
    text: str = ""
    """The whole file as read: what the English file keeps, but for its mirror values."""

    @property
    def body_text(self) -> str:
        """The body exactly as the file has it (never rebuilt from the skeleton)."""
        head = len(self.bom) + len(self.fm_open) + len(self.fm_text) + len(self.fm_close)
        return self.text[head:]


@dataclass(frozen=True, slots=True)
class Draft:
    """A proposed translation from an engine. Always saved as fuzzy unless ``reviewed``."""

    text: str
    origin: str
    """Where it came from, for the translator comment: ``memory exact``, ``deepl``…"""
    note: str = ""
    """Extra detail for the comment (match score, source article)."""
    reviewed: bool = False
    """Only an exact match of a reviewed memory entry may be saved as reviewed."""


@dataclass(frozen=True, slots=True)
class DraftRequest:
    """A unit that needs a draft, with what an engine may use as context."""

    msgid: str
    kind: Kind = PARAGRAPH
    context: str = ""
    """Article title and neighbouring text; never translated, never billed."""
    msgctxt: str | None = None
    """The entry's role context (``Unit.context``): a request per role, so the memory can
    prefer translations made in the same role; engines see only the English and ``kind``."""

    @property
    def key(self) -> str:
        return text_key(self.msgctxt, self.msgid)


@dataclass(frozen=True, slots=True)
class EnginePlan:
    """What an engine would do with some requests, found without calling any service."""

    msgids: tuple[str, ...] = ()
    """The texts it would draft (a machine engine: the texts it would send)."""
    requests: int = 0
    """Requests to a service."""
    characters: int = 0
    """Billable characters."""


class Engine(Protocol):
    """One way of drafting: translation memory, glossary or machine translation."""

    name: str

    @property
    def billed(self) -> int:
        """Characters billed by a service so far in this run (0 for local engines)."""
        ...

    def plan(self, requests: Sequence[DraftRequest]) -> EnginePlan:
        """What ``draft`` would do, without calling any service or changing anything."""
        ...

    def draft(self, requests: Sequence[DraftRequest]) -> Iterator[tuple[str, Draft]]:
        """Yield ``(msgid, draft)`` for the requests it can serve, as soon as each is known.

        Yielding (not returning) lets the caller save every draft obtained before a
        failure such as a DeepL quota error, which the engine raises afterwards.
        """
        ...


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding of a check, pointing at the line a person should fix."""

    check: str
    severity: Severity
    """``error`` fails the gate; ``warning`` and ``info`` are shown but pass."""
    message: str
    file: str = ""
    line: int = 0
