"""pipeline.pofile: fast PO text <-> polib objects.

polib stays the data model (``POFile``/``POEntry``) that the rest of the code
and its users know, but its pure-Python reader and writer cost ~3 ms per
article each way, more than parsing the Markdown. This module reads and writes
the same format in polib's field order, without width wrapping, and ``loads``
is a strict parser that, unlike polib, rejects an unterminated string instead
of dropping a character. Files wrapped by Poedit, Weblate or GNU tools read
the same.
"""

from __future__ import annotations

import re

import polib

from pipeline.errors import PipelineError

_ESCAPES = {
    "\\": "\\\\",
    "\t": "\\t",
    "\r": "\\r",
    "\n": "\\n",
    "\v": "\\v",
    "\b": "\\b",
    "\f": "\\f",
    '"': '\\"',
}
_ESCAPE_RE = re.compile(r'[\\\t\r\n\v\b\f"]')
_UNESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "v": "\v",
    "b": "\b",
    "f": "\f",
    "\\": "\\",
    '"': '"',
}
_UNESCAPE_RE = re.compile(r'\\(\\|n|t|r|v|b|f|")')
_SPECIAL = frozenset(_ESCAPES)


def escape(text: str) -> str:
    return _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group()], text) if _has_special(text) else text


def _has_special(text: str) -> bool:
    return _ESCAPE_RE.search(text) is not None


def unescape(text: str) -> str:
    return _UNESCAPE_RE.sub(lambda m: _UNESCAPES[m.group(1)], text) if "\\" in text else text


# -- writing ------------------------------------------------------------------


def _field(name: str, prefix: str, value: str) -> list[str]:
    """One keyword and its string: one line, or one line per embedded line break.

    No wrapping at a width (``msgcat --no-wrap``): Chinese is never split, and a
    one-word edit changes one PO line instead of reflowing a paragraph in the diff.
    """
    if "\n" not in value or value.endswith("\n") and value.count("\n") == 1:
        return [f'{prefix}{name} "{escape(value)}"']
    lines = value.splitlines(True)
    return [f'{prefix}{name} ""', *(f'{prefix}"{escape(line)}"' for line in lines)]


def _entry(e: polib.POEntry) -> str:
    if not (
        e.obsolete
        or e.tcomment
        or e.flags
        or e.msgctxt is not None
        or e.msgid_plural
        or e.msgstr_plural
        or e.previous_msgid is not None
    ):
        return _plain_entry(e)
    out: list[str] = []
    delflag = "#~ " if e.obsolete else ""
    if e.tcomment:
        out += ["# " + c for c in e.tcomment.split("\n")]
    if e.comment and not e.obsolete:
        out += ["#. " + c for c in e.comment.split("\n")]
    if e.occurrences and not e.obsolete:
        out += [f"#: {path}:{line}" if line else f"#: {path}" for path, line in e.occurrences]
    if e.flags:
        out.append("#, " + ", ".join(e.flags))
    previous = "#~| " if e.obsolete else "#| "
    for name, value in (
        ("msgctxt", e.previous_msgctxt),
        ("msgid", e.previous_msgid),
        ("msgid_plural", e.previous_msgid_plural),
    ):
        if value is not None:
            out += _field(name, previous, value)
    if e.msgctxt is not None:
        out += _field("msgctxt", delflag, e.msgctxt)
    out += _field("msgid", delflag, e.msgid)
    if e.msgid_plural:
        out += _field("msgid_plural", delflag, e.msgid_plural)
    if e.msgstr_plural:
        for index in sorted(e.msgstr_plural):
            out += _field(f"msgstr[{index}]", delflag, e.msgstr_plural[index])
    else:
        out += _field("msgstr", delflag, e.msgstr)
    out.append("")
    return "\n".join(out)


def _plain_entry(e: polib.POEntry) -> str:
    """The common case (comments, occurrences, msgid, msgstr), without the general walk."""
    head = "".join(f"#. {c}\n" for c in e.comment.split("\n")) if e.comment else ""
    refs = "".join(f"#: {p}:{n}\n" if n else f"#: {p}\n" for p, n in e.occurrences)
    return (
        head
        + refs
        + "\n".join(_field("msgid", "", e.msgid))
        + "\n"
        + "\n".join(_field("msgstr", "", e.msgstr))
        + "\n"
    )


def dumps(po: polib.POFile) -> str:
    """The PO text: header comment, metadata entry, entries, then obsolete entries."""
    head = "".join(
        "#\n" if not h else f"#{h}\n" if h[:1] in ",:" else f"# {h}\n"
        for h in po.header.split("\n")
    )
    parts = [_entry(po.metadata_as_entry())]
    parts += [_entry(e) for e in po if not e.obsolete]
    parts += [_entry(e) for e in po if e.obsolete]
    return head + "\n".join(parts)


# -- reading ------------------------------------------------------------------

_KEYWORD = re.compile(
    r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)[ \t]+"((?:[^"\\]|\\.)*)"[ \t]*$'
)
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"[ \t]*$')
_PREVIOUS = {
    "msgctxt": "previous_msgctxt",
    "msgid": "previous_msgid",
    "msgid_plural": "previous_msgid_plural",
}


def _broken(path: str, lineno: int, line: str) -> PipelineError:
    return PipelineError(f"broken PO file: cannot read {line.strip()[:40]!r}", path, lineno)


def _occurrence(ref: str) -> tuple[str, str]:
    path, _, num = ref.rpartition(":")
    return (path, num) if path and num.isdigit() else (ref, "")


def _comment(e: polib.POEntry, line: str, comments: list[str], tcomments: list[str]) -> None:
    """One ``#.``, ``#:``, ``#,`` or translator ``#`` line (``#|`` is the caller's)."""
    kind = line[1:2]
    if kind == ".":
        comments.append(line[3:] if line.startswith("#. ") else line[2:])
    elif kind == ":":
        e.occurrences.extend(_occurrence(ref) for ref in line[2:].split())
    elif kind == ",":
        e.flags.extend(f.strip() for f in line[2:].split(",") if f.strip())
    else:
        tcomments.append(line[2:] if line.startswith("# ") else line[1:])


def _parse_entry(lines: list[str], first: int, path: str) -> tuple[polib.POEntry, list[str]]:
    """One entry from its lines (no blank lines); returns it and its ``#`` comment lines."""
    e = polib.POEntry(msgid="", msgstr="", occurrences=[], flags=[])
    tcomments: list[str] = []
    comments: list[str] = []
    values: dict[str, str] = {}
    current: str | None = None
    for offset, raw in enumerate(lines):
        line = raw.lstrip().rstrip("\r\n")
        if line.startswith("#~"):
            e.obsolete = True
            line = line[2:].lstrip()
            if not line:
                continue
            if line.startswith("|"):
                line = "#" + line
        if line.startswith("#|") and line[2:].strip().startswith('"'):
            m = _STRING.match(line[2:].strip())
            if m is None or current is None or not current.startswith("prev:"):
                raise _broken(path, first + offset, raw)
            values[current] += unescape(m.group(1))
            continue
        if line.startswith("#|"):
            current = _keyword(line[2:].strip(), values, first + offset, raw, path, "prev:")
            continue
        if line[:1] == "#":
            _comment(e, line, comments, tcomments)
            continue
        if line[:1] == '"':
            m = _STRING.match(line)
            if m is None or current is None:
                raise _broken(path, first + offset, raw)
            values[current] += unescape(m.group(1))
            continue
        current = _keyword(line, values, first + offset, raw, path, "")
        if current == "msgid":
            e.linenum = first + offset
    for key, value in values.items():
        if key.startswith("prev:"):
            setattr(e, _PREVIOUS[key[5:]], value)
        elif key.startswith("msgstr["):
            e.msgstr_plural[int(key[7:-1])] = value
        else:
            setattr(e, key, value)
    if "msgid" not in values:
        raise _broken(path, first, lines[0])
    e.tcomment = "\n".join(tcomments)
    e.comment = "\n".join(comments)
    return e, tcomments


def _keyword(
    line: str, values: dict[str, str], lineno: int, raw: str, path: str, prefix: str
) -> str:
    m = _KEYWORD.match(line)
    if m is None or (prefix and m.group(1) not in _PREVIOUS):
        raise _broken(path, lineno, raw)
    key = prefix + m.group(1)
    if key in values:
        raise _broken(path, lineno, raw)
    values[key] = unescape(m.group(3))
    return key


_STR = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
_SIMPLE = re.compile(
    rf"((?:#[ .:,][^\n]*\n)*)msgid ({_STR}(?:\n{_STR})*)\nmsgstr ({_STR}(?:\n{_STR})*)"
)
_PIECE = re.compile(r'"([^"\\\n]*(?:\\.[^"\\\n]*)*)"')


def loads(text: str, path: str) -> polib.POFile:
    """Parse PO text into a polib ``POFile``; a syntax error names the file and line.

    Entries of the common shape (comments, ``msgid``, ``msgstr``) are read with one
    regular expression each; anything else goes through the strict line parser,
    which is also what reports a broken line.
    """
    po = polib.POFile(wrapwidth=78)
    line = 1
    for block in text.replace("\r\n", "\n").split("\n\n"):
        if block.strip():
            lead = len(block) - len(block.lstrip("\n"))
            _add(po, block.strip("\n"), line + lead, path)
        line += block.count("\n") + 2
    return po


_DEFAULTS = polib.POEntry().__dict__


def new_entry(**values) -> polib.POEntry:
    """A POEntry without polib's keyword-by-keyword constructor (a third of the read time)."""
    e = polib.POEntry.__new__(polib.POEntry)
    e.__dict__.update(_DEFAULTS, occurrences=[], flags=[], msgstr_plural={})
    e.__dict__.update(values)
    return e


def _simple(block: str, first: int) -> polib.POEntry | None:
    m = _SIMPLE.fullmatch(block)
    if m is None:
        return None
    e = new_entry(msgid=_joined(m.group(2)), msgstr=_joined(m.group(3)))
    tcomments, comments = [], []
    head = m.group(1)
    for c in head.split("\n")[:-1] if head else ():
        _comment(e, c, comments, tcomments)
    e.tcomment = "\n".join(tcomments)
    e.comment = "\n".join(comments)
    e.linenum = first + head.count("\n")
    return e


def _joined(strings: str) -> str:
    if "\n" not in strings:
        return unescape(strings[1:-1])
    return unescape("".join(_PIECE.findall(strings)))


def _add(po: polib.POFile, text: str, first: int, path: str) -> None:
    if po or po.metadata:
        entry = _simple(text, first)
        if entry is not None:
            po.append(entry)
            return
    block = text.split("\n")
    if all(
        ln.lstrip().startswith("#") and not ln.lstrip().startswith(("#~", "#|")) for ln in block
    ):
        if not po and not po.metadata and not po.header:
            po.header = "\n".join(ln[2:] if ln.startswith("# ") else ln[1:] for ln in block)
        return
    entry, tcomments = _parse_entry(block, first, path)
    if entry.msgid == "" and not entry.obsolete and not po and not po.metadata:
        po.metadata_is_fuzzy = entry.fuzzy
        if tcomments and not po.header:
            po.header = "\n".join(tcomments)
        for line in entry.msgstr.split("\n"):
            if ":" in line:
                key, value = line.split(":", 1)
                po.metadata[key.strip()] = value.strip()
        return
    po.append(entry)
