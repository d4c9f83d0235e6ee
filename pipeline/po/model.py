"""pipeline.po.model: our own typed PO model (``Entry``, ``Catalog``, ``Layout``).

The field names are polib's, so code and people who know polib read it at once,
but the model also remembers what polib forgets: the text each entry had in the
file and the file's own layout (BOM, line endings, wrap width). That is what lets
the writer leave a catalog that Poedit, polib or Weblate re-saved byte for byte
as it is when nothing the pipeline decides has changed, and rewrite only the
entries that did change when something has.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

Key = tuple[str | None, str]
"""An entry's identity, as gettext sees it: (msgctxt, msgid)."""


class Entry:
    """One PO entry. ``raw``/``seen`` are the entry's text in the file it was read from
    and its content at that moment: the writer reuses ``raw`` while ``content()`` is
    still ``seen``."""

    __slots__ = (
        "msgid",
        "msgstr",
        "msgctxt",
        "msgid_plural",
        "msgstr_plural",
        "flags",
        "comment",
        "tcomment",
        "occurrences",
        "previous_msgid",
        "previous_msgctxt",
        "previous_msgid_plural",
        "obsolete",
        "linenum",
        "raw",
        "seen",
    )

    def __init__(
        self,
        msgid: str = "",
        msgstr: str = "",
        msgctxt: str | None = None,
        msgid_plural: str = "",
        msgstr_plural: dict[int, str] | None = None,
        flags: list[str] | None = None,
        comment: str = "",
        tcomment: str = "",
        occurrences: list[tuple[str, str]] | None = None,
        previous_msgid: str | None = None,
        previous_msgctxt: str | None = None,
        previous_msgid_plural: str | None = None,
        obsolete: bool = False,
        linenum: int = 0,
    ) -> None:
        self.msgid = msgid
        self.msgstr = msgstr
        self.msgctxt = msgctxt
        self.msgid_plural = msgid_plural
        self.msgstr_plural = {} if msgstr_plural is None else msgstr_plural
        self.flags = [] if flags is None else flags
        self.comment = comment
        self.tcomment = tcomment
        self.occurrences = [] if occurrences is None else occurrences
        self.previous_msgid = previous_msgid
        self.previous_msgctxt = previous_msgctxt
        self.previous_msgid_plural = previous_msgid_plural
        self.obsolete = obsolete
        self.linenum = linenum
        self.raw: str | None = None
        self.seen: tuple | None = None

    def unchanged(self) -> bool:
        """Read from a file and still saying what it said there."""
        return self.raw is not None and self.seen == self.content()

    @property
    def key(self) -> Key:
        return (self.msgctxt, self.msgid)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @fuzzy.setter
    def fuzzy(self, value: bool) -> None:
        others = [f for f in self.flags if f != "fuzzy"]
        self.flags = ["fuzzy", *others] if value else others

    @property
    def is_plural(self) -> bool:
        return bool(self.msgid_plural or self.msgstr_plural)

    def translated(self) -> bool:
        """Reviewed and complete, as polib and ``msgfmt --statistics`` count it."""
        if self.obsolete or self.fuzzy:
            return False
        if self.is_plural:
            return bool(self.msgstr_plural) and all(self.msgstr_plural.values())
        return bool(self.msgstr)

    def has_human_text(self) -> bool:
        """A translation or a translator comment: what update must never drop."""
        return bool(self.msgstr or any(self.msgstr_plural.values()) or self.tcomment)

    def content(self) -> tuple:
        """Everything the entry says, nothing about how it was laid out."""
        return (
            self.obsolete,
            self.msgctxt,
            self.msgid,
            self.msgid_plural,
            self.msgstr,
            tuple(sorted(self.msgstr_plural.items())),
            tuple(self.flags),
            self.comment,
            self.tcomment,
            tuple(self.occurrences),
            self.previous_msgctxt,
            self.previous_msgid,
            self.previous_msgid_plural,
        )

    def untranslated(self) -> Entry:
        """A template entry as a new catalog's: the same English, context, comments and
        references, no translation."""
        return Entry(
            self.msgid, "", self.msgctxt, "", None, None, self.comment, "", [*self.occurrences]
        )

    def copy(self) -> Entry:
        """A deep enough copy: lists and dicts are new, the file text goes along."""
        e = Entry(
            self.msgid,
            self.msgstr,
            self.msgctxt,
            self.msgid_plural,
            dict(self.msgstr_plural),
            list(self.flags),
            self.comment,
            self.tcomment,
            list(self.occurrences),
            self.previous_msgid,
            self.previous_msgctxt,
            self.previous_msgid_plural,
            self.obsolete,
            self.linenum,
        )
        e.raw, e.seen = self.raw, self.seen
        return e

    def __repr__(self) -> str:
        ctx = f"{self.msgctxt!r}, " if self.msgctxt is not None else ""
        return f"Entry({ctx}{self.msgid[:40]!r}{', obsolete' if self.obsolete else ''})"


@dataclass(frozen=True)
class Layout:
    """How a file is laid out: kept on re-save, never part of its content."""

    bom: bool = False
    newline: str = "\n"
    wrap: int | None = None
    """Line width of string fields (display columns, quotes included); 0: no wrap;
    None: as the source text is wrapped (detected when a changed entry is written)."""
    fallback: int = 0
    """The width when ``wrap`` is None and the text does not tell (``po_wrap``)."""


class Catalog:
    """A PO file or template: header comment, ordered metadata, entries.

    Iterates, indexes and appends like polib's ``POFile`` (obsolete entries included).
    ``raw``/``seen`` keep the head of the file (header comment and metadata entry),
    ``source`` the whole text and ``snapshot`` its entries' texts in order, for the
    layout-keeping writer.
    """

    __slots__ = (
        "header",
        "metadata",
        "metadata_is_fuzzy",
        "_entries",
        "_template",
        "layout",
        "path",
        "header_line",
        "raw",
        "seen",
        "tail",
        "source",
        "snapshot",
    )

    def __init__(
        self,
        header: str = "",
        metadata: dict[str, str] | None = None,
        entries: list[Entry] | None = None,
        layout: Layout | None = None,
        path: str = "",
    ) -> None:
        self.header = header
        self.metadata: dict[str, str] = {} if metadata is None else metadata
        self.metadata_is_fuzzy = False
        self._entries: list[Entry] | None = [] if entries is None else entries
        self._template: Catalog | None = None
        self.layout = layout or Layout()
        self.path = path
        self.header_line = 1
        self.raw: str | None = None
        self.seen: tuple | None = None
        self.tail = ""
        """Comment lines after the last entry, kept verbatim."""
        self.source: str | None = None
        self.snapshot: tuple | None = None

    @classmethod
    def fresh(
        cls, template: Catalog, header: str, metadata: dict[str, str], layout: Layout
    ) -> Catalog:
        """A new catalog of ``template``'s entries, each untranslated.

        The entries are copied when first asked for: a cold ``extract`` writes a new
        catalog that is its template under another header (``writer.dumps``, given the
        template's text, writes it without a copy), and never reads its entries.
        """
        cat = cls(header, metadata, layout=layout)
        cat._entries, cat._template = None, template
        return cat

    @property
    def entries(self) -> list[Entry]:
        entries = self._entries
        if entries is None:
            entries = self._entries = [t.untranslated() for t in self._template.entries]
            self._template = None
        return entries

    @entries.setter
    def entries(self, entries: list[Entry]) -> None:
        self._entries, self._template = entries, None

    def template_of(self) -> Catalog | None:
        """The template whose entries this new catalog holds, none of them copied yet (so
        none changed): ``Catalog.fresh``."""
        return self._template if self._entries is None else None

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __getitem__(self, index: int) -> Entry:
        return self.entries[index]

    def __bool__(self) -> bool:
        return True

    def append(self, entry: Entry) -> None:
        self.entries.append(entry)

    def active(self) -> list[Entry]:
        return [e for e in self.entries if not e.obsolete]

    def obsolete_entries(self) -> list[Entry]:
        return [e for e in self.entries if e.obsolete]

    def get(self, key: Key, include_obsolete: bool = False) -> Entry | None:
        for e in self.entries:
            if e.key == key and (include_obsolete or not e.obsolete):
                return e
        return None

    def find(
        self, msgid: str, msgctxt: str | None = None, include_obsolete_entries: bool = False
    ) -> Entry | None:
        """polib's ``find`` by msgid (and context): the entry, or None."""
        return self.get((msgctxt, msgid), include_obsolete_entries)

    def head(self) -> tuple:
        """What the header says: comment, metadata in order, fuzzy."""
        return (self.header, tuple(self.metadata.items()), self.metadata_is_fuzzy)

    def content(self) -> tuple:
        return (self.head(), tuple(e.content() for e in self.entries), self.tail)

    def __repr__(self) -> str:
        return f"Catalog({self.path!r}, {len(self.entries)} entries)"
