"""pipeline.pofile: fast PO text <-> polib objects.

polib stays the data model (``POFile``/``POEntry``) that the rest of the code
and its users know, but its pure-Python reader and writer cost ~3 ms per
article each way, more than parsing the Markdown. This module reads and writes
the same format: ``dumps`` produces exactly what polib's ``str(po)`` produces
(same wrapping rules, same field order), and ``loads`` is a strict line parser
that, unlike polib, rejects an unterminated string instead of dropping a
character.
"""

from __future__ import annotations

import re
import textwrap

import polib

from .model import PipelineError

WRAP = 78

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


def _field(name: str, prefix: str, value: str, width: int = WRAP, measure: str = "") -> list[str]:
    """One keyword and its string, wrapped the way polib (and so our old files) wrap it.

    ``measure`` is the name polib counts when deciding to wrap (``previous_msgid``
    for a ``#| msgid`` line), which is not always the name it prints.
    """
    lines = value.splitlines(True)
    if len(lines) > 1:
        lines = ["", *lines]
    else:
        special = sum(value.count(c) for c in _SPECIAL) if _has_special(value) else 0
        if len(value) > width - (len(measure or name) + 3) + special:
            wrapped = textwrap.wrap(
                escape(value), width - 2, drop_whitespace=False, break_long_words=False
            )
            lines = ["", *(unescape(item) for item in wrapped)]
        else:
            lines = [value]
    out = [f'{prefix}{name} "{escape(lines[0])}"']
    out.extend(f'{prefix}"{escape(line)}"' for line in lines[1:])
    return out


def _comments(value: str, marker: str, width: int = WRAP) -> list[str]:
    out: list[str] = []
    for comment in value.split("\n"):
        if len(comment) + len(marker) > width:
            out += textwrap.wrap(
                comment,
                width,
                initial_indent=marker,
                subsequent_indent=marker,
                break_long_words=False,
            )
        else:
            out.append(marker + comment)
    return out


def _occurrences(occurrences, width: int = WRAP) -> list[str]:
    files = " ".join(f"{path}:{line}" if line else path for path, line in occurrences)
    if len(files) + 3 <= width:
        return ["#: " + files]
    wrapped = textwrap.wrap(
        files.replace("-", "*"),
        width,
        initial_indent="#: ",
        subsequent_indent="#: ",
        break_long_words=False,
    )
    return [line.replace("*", "-") for line in wrapped]


def _entry(e: polib.POEntry) -> str:
    out: list[str] = []
    delflag = "#~ " if e.obsolete else ""
    if e.tcomment:
        out += _comments(e.tcomment, "# ")
    if e.comment and not e.obsolete:
        out += _comments(e.comment, "#. ")
    if e.occurrences and not e.obsolete:
        out += _occurrences(e.occurrences)
    if e.flags:
        out.append("#, " + ", ".join(e.flags))
    previous = "#~| " if e.obsolete else "#| "
    for name, value in (
        ("msgctxt", e.previous_msgctxt),
        ("msgid", e.previous_msgid),
        ("msgid_plural", e.previous_msgid_plural),
    ):
        if value is not None:
            out += _field(name, previous, value, measure="previous_" + name)
    if e.msgctxt is not None:
        out += _field("msgctxt", delflag, e.msgctxt)
    out += _field("msgid", delflag, e.msgid)
    if e.msgid_plural:
        out += _field("msgid_plural", delflag, e.msgid_plural)
    if e.msgstr_plural:
        for index in sorted(e.msgstr_plural):
            out += _field("msgstr", delflag, e.msgstr_plural[index], measure=f"msgstr[{index}]")[
                :0
            ] or _plural(delflag, index, e.msgstr_plural[index])
    else:
        out += _field("msgstr", delflag, e.msgstr)
    out.append("")
    return "\n".join(out)


def _plural(delflag: str, index: int, value: str) -> list[str]:
    lines = _field("msgstr", delflag, value, measure=f"msgstr[{index}]")
    lines[0] = lines[0].replace("msgstr ", f"msgstr[{index}] ", 1)
    return lines


def dumps(po: polib.POFile) -> str:
    """The PO text, identical to polib's ``str(po)`` at width 78."""
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
    r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"((?:[^"\\]|\\.)*)"\s*$'
)
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"\s*$')


class _Reader:
    """A line-by-line PO reader that builds polib entries."""

    def __init__(self, path: str):
        self.path = path
        self.po = polib.POFile(wrapwidth=WRAP)
        self.header: list[str] = []
        self.reset()

    def reset(self) -> None:
        self.entry = polib.POEntry(msgid="", msgstr="", occurrences=[], flags=[])
        self.started = False
        self.field: tuple[str, str | None] | None = None
        self.tcomments: list[str] = []
        self.comments: list[str] = []

    def fail(self, lineno: int, line: str) -> None:
        raise PipelineError(f"broken PO file: cannot read {line.strip()[:40]!r}", self.path, lineno)

    def finish(self) -> None:
        if not self.started:
            if self.tcomments and not self.po.metadata and not self.po:
                self.header = self.tcomments
            self.reset()
            return
        e = self.entry
        e.tcomment = "\n".join(self.tcomments)
        e.comment = "\n".join(self.comments)
        if e.msgid == "" and not e.obsolete and not self.po and not self.po.metadata:
            self._metadata(e)
        else:
            self.po.append(e)
        self.reset()

    def _metadata(self, e: polib.POEntry) -> None:
        self.po.metadata_is_fuzzy = e.fuzzy
        if self.tcomments:
            self.header = self.tcomments
        for line in e.msgstr.split("\n"):
            if ":" in line:
                key, value = line.split(":", 1)
                self.po.metadata[key.strip()] = value.strip()

    def feed(self, lineno: int, raw: str) -> None:
        line = raw.strip()
        if not line:
            if self.started:
                self.finish()
            return
        if line.startswith("#~"):
            self.entry.obsolete = True
            rest = line[2:].lstrip()
            if rest.startswith("|"):
                return self.previous(lineno, rest[1:].strip(), line)
            if not rest:
                return None
            return self.string_line(lineno, rest, line)
        if line.startswith("#"):
            return self.comment(lineno, line)
        return self.string_line(lineno, line, line)

    def comment(self, lineno: int, line: str) -> None:
        if self.started and self.field is not None and self.field[0] != "previous":
            self.finish()
        kind = line[1:2]
        if kind == ".":
            self.comments.append(line[3:] if line.startswith("#. ") else line[2:])
        elif kind == ":":
            for ref in line[2:].split():
                path, _, num = ref.rpartition(":")
                self.entry.occurrences.append((path, num) if path and num.isdigit() else (ref, ""))
        elif kind == ",":
            self.entry.flags.extend(f.strip() for f in line[2:].split(",") if f.strip())
        elif kind == "|":
            self.previous(lineno, line[2:].strip(), line)
        else:
            self.tcomments.append(line[2:] if line.startswith("# ") else line[1:])

    def previous(self, lineno: int, rest: str, line: str) -> None:
        m = _KEYWORD.match(rest)
        if m:
            name = {
                "msgctxt": "previous_msgctxt",
                "msgid": "previous_msgid",
                "msgid_plural": "previous_msgid_plural",
            }.get(m.group(1))
            if name is None:
                self.fail(lineno, line)
            setattr(self.entry, name, unescape(m.group(3)))
            self.field = ("previous", name)
            return
        s = _STRING.match(rest)
        if not s or self.field is None or self.field[0] != "previous":
            self.fail(lineno, line)
        name = self.field[1]
        setattr(self.entry, name, getattr(self.entry, name) + unescape(s.group(1)))

    def string_line(self, lineno: int, rest: str, line: str) -> None:
        m = _KEYWORD.match(rest)
        if m:
            keyword, index, value = m.group(1), m.group(2), unescape(m.group(3))
            if (
                keyword in ("msgid", "msgctxt")
                and self.started
                and self.field
                and self.field[0] in ("msgstr", "msgstr[]")
            ):
                self.finish()
            if keyword == "msgctxt" and self.started and self.field and self.field[0] == "msgid":
                self.fail(lineno, line)
            self.started = True
            if index is not None:
                self.entry.msgstr_plural[int(index)] = value
                self.field = ("msgstr[]", index)
            else:
                setattr(self.entry, keyword, value)
                self.field = (keyword, None)
                if keyword == "msgid":
                    self.entry.linenum = lineno
            return
        s = _STRING.match(rest)
        if not s or self.field is None or self.field[0] == "previous":
            self.fail(lineno, line)
        value = unescape(s.group(1))
        kind, index = self.field
        if kind == "msgstr[]":
            self.entry.msgstr_plural[int(index)] += value
        else:
            setattr(self.entry, kind, getattr(self.entry, kind) + value)


def loads(text: str, path: str) -> polib.POFile:
    """Parse PO text into a polib ``POFile``; a syntax error names the file and line."""
    reader = _Reader(path)
    for lineno, line in enumerate(text.splitlines(), start=1):
        reader.feed(lineno, line)
    reader.finish()
    po = reader.po
    po.header = "\n".join(reader.header)
    if not po.metadata and not reader.header:
        po.header = ""
    return po
