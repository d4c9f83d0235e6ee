"""pipeline.po.pofile: the one PO reader (text -> ``Catalog``).

Strict where a lenient reader would lose a translation: an unterminated string,
an unknown escape, a keyword out of order, two entries with the same msgctxt and
msgid (``msgfmt -c`` rejects those too), a NUL byte, all raise ``InputError``
naming ``file:line`` before anything is written. Tolerant of what editors
legitimately do: a UTF-8 BOM, CRLF or CR-only line endings, any wrapping, entries
not separated by blank lines, comments in a block of their own, plural entries,
``msgctxt`` and ``#|``/``#~|`` previous fields.

Speed: most entries have one shape (comments, ``msgid``, ``msgstr``), read with
one regular expression each; every other block, and every block the expression
does not match, goes through the line parser in ``poparse``, which also reports
errors. ``loads(..., fast=False)`` forces the line parser so a test can prove the
two agree.
"""

from __future__ import annotations

import re

from pipeline.errors import InputError
from pipeline.po import poparse
from pipeline.po.model import Catalog, Entry, Key, Layout
from pipeline.po.strings import unescape

_STR = r'"[^"\\\n]*+(?:\\[ntrvbfa"\\][^"\\\n]*+)*+"'
_STRS = rf"({_STR}(?:\n{_STR})*+)"
_SIMPLE = re.compile(
    r"((?:# [^\n]*+\n|#\n)*+)((?:#\. [^\n]*+\n)*+)((?:#: [^\n]*+\n)*+)((?:#, [^\n]*+\n)?+)"
    rf"(?:msgctxt {_STRS}\n)?+msgid {_STRS}\nmsgstr {_STRS}"
)
"""Comments in gettext's order (translator, extracted, references, flags), an optional
msgctxt, msgid and msgstr with the escapes GNU writes: most entries of most files.
Possessive (``*+``): no part ever needs to give back what it took (each line's kind is
told by its first characters), so a block that does not match fails at once."""
_COMMON = re.compile(
    r'#\. ([^\n]*+)\n#: ([^\n ]*+)\n(?:msgctxt "([^"\\\n]*+)"\n)?+'
    r'msgid "([^"\\\n]*+)"\nmsgstr "([^"\\\n]*+)"'
)
"""The commonest block of all, as this tool writes it: one ``#.`` line, one reference,
and msgid and msgstr (and a msgctxt) on one line each without an escape: its fields
are the groups as they are, with no joining or unescaping."""
_COMMON_AT = re.compile(_COMMON.pattern + r"(?=\n\n|\n*+\Z)")
"""``_COMMON`` where a block starts, as a whole block: a blank line or the end follows."""
_PIECE = re.compile(r'"([^"\\\n]*(?:\\.[^"\\\n]*)*)"')


def loads(text: str, path: str, fast: bool = True) -> Catalog:
    """Parse PO text into a ``Catalog`` that remembers the text and its layout."""
    body, layout = _normalize(text, path)
    cat = Catalog(layout=layout, path=path)
    cat.source = text
    seen: dict[Key, int] = {}
    entries = cat.entries
    pending: list[tuple[int, str]] = []  # comment lines waiting for their entry
    pending_raw = ""
    common_at = _COMMON_AT.match if fast else _never_at
    common = _COMMON.fullmatch if fast else _never
    simple = _SIMPLE.fullmatch if fast else _never
    refs: dict[str, tuple[str, str]] = {}  # a file's entries mostly share one reference
    # The blocks of ``_blocks``, found as the text is read: a block of the commonest shape
    # is matched where it starts (no split, no copy), any other is cut at the next blank
    # line and read as ``_blocks`` would give it.
    pos, line, size = 0, 1, len(body)
    while pos < size:
        if not pending:
            m = common_at(body, pos)
            if m is not None:
                e = _common(m, m.group(), line, refs)
                _keep(e, cat, entries, seen, path)
                pos = m.end() + 2
                line = e.linenum + 3  # the msgstr line, the blank line, the next block
                continue
        end = body.find("\n\n", pos)
        if end < 0:
            end = size
        piece = body[pos:end]
        pos = end + 2
        first = line
        line += piece.count("\n") + 2
        block = _block(piece)
        if block is None:
            continue
        first += len(piece) - len(piece.lstrip("\n"))
        e = None
        if not pending:
            m = common(block)
            if m is not None:
                e = _common(m, block, first, refs)
            else:
                m = simple(block)
                e = None if m is None else _simple(m, block, first)
        if e is not None:
            _keep(e, cat, entries, seen, path)
            continue
        lines = pending + [(first + i, ln) for i, ln in enumerate(block.split("\n"))]
        raw = pending_raw + "\n\n" + block if pending else block
        found, pending, pending_raw = poparse.parse(lines, raw, path)
        for e in found:
            e.seen = e.content()
            _add(cat, e, seen, path)
    if pending:
        cat.tail = pending_raw
    if cat.seen is None and not cat.metadata and not cat.metadata_is_fuzzy:
        cat.raw, cat.seen = "", cat.head()  # no header entry: none to write back either
    cat.snapshot = tuple(e.raw for e in entries)
    return cat


def _never_at(text: str, pos: int) -> None:
    return None


def _never(block: str) -> None:
    return None


def _keep(e: Entry, cat: Catalog, entries: list[Entry], seen: dict[Key, int], path: str) -> None:
    """A block read by a fast path: a common entry joins ``entries``, any other ``_add``."""
    key = (e.msgctxt, e.msgid)
    if key in seen or not e.msgid:
        _add(cat, e, seen, path)
    else:
        seen[key] = e.linenum
        entries.append(e)


def _add(cat: Catalog, e: Entry, seen: dict[Key, int], path: str) -> None:
    """Any entry but the common one: a duplicate, the header, an obsolete entry."""
    key = (e.msgctxt, e.msgid)
    if key in seen:
        raise InputError(
            f"duplicate entry for {_show(e)} (first at line {seen[key]}); "
            "gettext keeps one: merge them by hand",
            path,
            e.linenum,
        )
    seen[key] = e.linenum
    if e.msgid or e.msgctxt is not None or e.obsolete:
        cat.entries.append(e)
    else:
        _header(cat, e, path)


def _normalize(text: str, path: str) -> tuple[str, Layout]:
    """Text with ``\\n`` line ends and no BOM, and the layout to write it back with."""
    bom = text.startswith("\ufeff")
    if bom:
        text = text[1:]
    newline = "\n"
    if "\r" in text:
        cr = text.index("\r")
        newline = "\r\n" if text.startswith("\r\n", cr) else "\r"
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InputError("broken PO file: NUL byte", path, line)
    return text, Layout(bom=bom, newline=newline, wrap=None)


def _blocks(text: str) -> list[tuple[int, str]]:
    """(first line, text) of each run of lines between blank lines (a line of spaces
    stays inside its block; the line parser skips it)."""
    out = []
    line = 1
    for piece in text.split("\n\n"):
        block = _block(piece)
        if block is not None:
            out.append((line + len(piece) - len(piece.lstrip("\n")), block))
        line += piece.count("\n") + 2
    return out


def _block(piece: str) -> str | None:
    """The block a piece of text between two ``\\n\\n`` holds: without the line breaks
    of more than one blank line; None when it holds nothing but blanks."""
    if piece[:1] == "\n" or piece[-1:] == "\n":  # more than one blank line
        body = piece.strip("\n")
        return body if body.strip() else None
    return piece if piece and not piece.isspace() else None


def _simple(m: re.Match, block: str, first: int) -> Entry:
    """The entry of a block of the common shape (comments, msgctxt, msgid, msgstr)."""
    tcomments, comments, refs, flags, ctxt, msgid, msgstr = m.groups()
    msgid = msgid[1:-1] if "\\" not in msgid and "\n" not in msgid else _joined(msgid)
    msgstr = msgstr[1:-1] if "\\" not in msgstr and "\n" not in msgstr else _joined(msgstr)
    e = Entry(msgid, msgstr, None if ctxt is None else _joined(ctxt))
    lines = 0
    tcomment = comment = ""
    occurrences: tuple[tuple[str, str], ...] = ()
    flag_list: tuple[str, ...] = ()
    if tcomments:
        e.tcomment = tcomment = "\n".join(c[2:] for c in tcomments[:-1].split("\n"))
        lines += tcomments.count("\n")
    if comments:
        e.comment = comment = comments[3:-1].replace("\n#. ", "\n")
        lines += comments.count("\n")
    if refs:
        ref = refs[3:-1]
        if " " in ref or "\n" in ref:
            occurrences = tuple([_ref(r) for r in ref.replace("\n#: ", " ").split()])
        else:
            occurrences = (_ref(ref),)
        e.occurrences = list(occurrences)
        lines += refs.count("\n")
    if flags:
        flag_list = tuple(f.strip() for f in flags[3:-1].split(",") if f.strip())
        e.flags = list(flag_list)
        lines += 1
    if ctxt is not None:
        lines += ctxt.count("\n") + 1
    e.linenum = first + lines
    e.raw = block
    e.seen = (False, e.msgctxt, msgid, "", msgstr, (), flag_list, comment, tcomment, occurrences)
    e.seen += (None, None, None)
    return e


def _common(m: re.Match, block: str, first: int, refs: dict[str, tuple[str, str]]) -> Entry:
    """The entry of a block of the commonest shape (``_COMMON``): ``_simple`` with every
    field already in its final form. ``refs``: references read so far (tuples, shared)."""
    comment, ref, msgctxt, msgid, msgstr = m.groups()
    occurrence = refs.get(ref)
    if occurrence is None:
        occurrence = refs[ref] = _ref(ref)
    # Slot by slot, not ``Entry(...)``: the class call and its ``__init__`` frame were a
    # twentieth of reading the 430 benchmark catalogs (11 of 202 ms). Every slot is set,
    # as ``__init__`` sets it (tests/po compare each entry with the line parser's).
    e = _blank(Entry)
    e.msgid = msgid
    e.msgstr = msgstr
    e.msgctxt = msgctxt
    e.msgid_plural = ""
    e.msgstr_plural = {}
    e.flags = []
    e.comment = comment
    e.tcomment = ""
    e.occurrences = [occurrence]
    e.previous_msgid = e.previous_msgctxt = e.previous_msgid_plural = None
    e.obsolete = False
    e.linenum = first + (2 if msgctxt is None else 3)
    e.raw = block
    refs_seen = (occurrence,)
    e.seen = (False, msgctxt, msgid, "", msgstr, (), (), comment, "", refs_seen, None, None, None)
    return e


_blank = object.__new__
"""An instance with no slot set (``_common`` sets each)."""


def _ref(ref: str) -> tuple[str, str]:
    path, _, num = ref.rpartition(":")
    return (path, num) if path and num.isdigit() else (ref, "")


def _joined(strings: str) -> str:
    if "\n" not in strings:
        return unescape(strings[1:-1])
    return unescape("".join(_PIECE.findall(strings)))


def _show(e: Entry) -> str:
    ctx = f"msgctxt {e.msgctxt!r} " if e.msgctxt is not None else ""
    return f"{ctx}msgid {e.msgid[:50]!r}"


def _header(cat: Catalog, e: Entry, path: str) -> None:
    """The metadata entry: comment, ``Name: value`` lines, fuzzy flag."""
    extra = e.comment or e.occurrences or e.previous_msgid is not None or e.is_plural
    if extra or any(f != "fuzzy" for f in e.flags):
        raise InputError(
            'the header entry (msgid "") has comments, references, flags or plural forms '
            "the tool cannot keep; remove them",
            path,
            e.linenum,
        )
    cat.header = e.tcomment
    cat.metadata_is_fuzzy = e.fuzzy
    cat.header_line = e.linenum
    for offset, line in enumerate(e.msgstr.split("\n")):
        if not line.strip():
            continue
        name, colon, value = line.partition(":")
        name = name.strip()
        if not colon or not name or name in cat.metadata:
            why = "a duplicate field" if name in cat.metadata else "not 'Name: value'"
            raise InputError(f"header line {line[:40]!r} is {why}", path, e.linenum + offset)
        cat.metadata[name] = value.strip()
    if not cat.entries:
        cat.raw = e.raw
        cat.seen = cat.head()
