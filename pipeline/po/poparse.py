"""pipeline.po.poparse: the strict line parser behind ``pofile.loads``.

Reads any block ``pofile``'s one-expression fast path does not: obsolete entries,
``#|`` previous fields, plurals, leading or trailing blanks, several entries without
a blank line between them, comments in a block of their own. Keywords must come in
gettext's order (``msgctxt``, ``msgid``, ``msgid_plural``, ``msgstr``/``msgstr[N]``),
an entry's keywords are all obsolete or none, and every line is one of the forms
gettext writes; anything else is an ``InputError`` at its line.
"""

from __future__ import annotations

import re

from pipeline.errors import InputError
from pipeline.po.model import Entry
from pipeline.po.strings import unescape

_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)[ \t]+(\".*)$")
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"[ \t]*$')
_PREVIOUS = {
    "msgctxt": "previous_msgctxt",
    "msgid": "previous_msgid",
    "msgid_plural": "previous_msgid_plural",
}
# Stages of an entry, in the order its lines must come.
COMMENTS, PREVIOUS, CTXT, ID, PLURAL, STR = range(6)
_STAGE = {"msgctxt": CTXT, "msgid": ID, "msgid_plural": PLURAL}


def comment(e: Entry, line: str, comments: list[str], tcomments: list[str]) -> None:
    """One ``#.``, ``#:``, ``#,`` or translator ``#`` line (not ``#|`` or ``#~``)."""
    kind = line[1:2]
    if kind == ".":
        comments.append(line[3:] if line.startswith("#. ") else line[2:])
    elif kind == ":":
        e.occurrences.extend(_occurrence(ref) for ref in line[2:].split())
    elif kind == ",":
        e.flags.extend(f.strip() for f in line[2:].split(",") if f.strip())
    else:
        tcomments.append(line[2:] if line.startswith("# ") else line[1:])


def _occurrence(ref: str) -> tuple[str, str]:
    path, _, num = ref.rpartition(":")
    return (path, num) if path and num.isdigit() else (ref, "")


class _Builder:
    """One entry being read: its stage, the string being continued, its pieces."""

    def __init__(self, first: int) -> None:
        self.e = Entry()
        self.first = first
        self.stage = COMMENTS
        self.current: str | None = None
        self.values: dict[str, list[str]] = {}
        self.comments: list[str] = []
        self.tcomments: list[str] = []
        self.obsolete: bool | None = None

    def finish(self, raw: str, path: str) -> Entry:
        e, v = self.e, self.values
        if "msgid" not in v:
            raise InputError("broken PO file: entry without msgid", path, self.first)
        plural = "msgid_plural" in v
        forms = {k: s for k, s in v.items() if k.startswith("msgstr[")}
        if plural and not forms or not plural and "msgstr" not in v:
            want = "msgstr[0]" if plural else "msgstr"
            raise InputError(f"broken PO file: entry without {want}", path, e.linenum)
        for key, pieces in v.items():
            value = "".join(pieces)
            if key.startswith("prev:"):
                setattr(e, _PREVIOUS[key[5:]], value)
            elif key.startswith("msgstr["):
                e.msgstr_plural[int(key[7:-1])] = value
            else:
                setattr(e, key, value)
        e.obsolete = bool(self.obsolete)
        e.comment = "\n".join(self.comments)
        e.tcomment = "\n".join(self.tcomments)
        e.raw = raw
        return e


def parse(
    lines: list[tuple[int, str]], raw: str, path: str
) -> tuple[list[Entry], list[tuple[int, str]], str]:
    """The entries of one block, and its trailing comment lines (with their text) that
    belong to the entry in the next block."""
    entries: list[Entry] = []
    b = _Builder(lines[0][0])
    start = 0  # index in ``lines`` where the current entry began
    raw_lines = raw.split("\n")
    offset = len(raw_lines) - len(lines)  # blank separator lines kept inside ``raw``
    for i, (n, text) in enumerate(lines):
        line = text.lstrip()
        if not line.strip():
            continue  # whitespace between entries or keywords, as gettext reads it
        starts = _starts_entry(line)
        if b.stage == STR and starts:
            entries.append(b.finish(_slice(raw_lines, start, i, offset, raw), path))
            b, start = _Builder(n), i
        _line(b, n, line, text, path)
    rest = _slice(raw_lines, start, len(lines), offset, raw)
    if b.stage == COMMENTS:
        return entries, lines[start:], rest
    entries.append(b.finish(rest, path))
    return entries, [], ""


def _starts_entry(line: str) -> bool:
    if line[:1] == "#":
        return not line.startswith("#~") or line[2:].lstrip().startswith(("|", "msgctxt", "msgid "))
    return line.startswith(("msgctxt", "msgid ", "msgid\t"))


def _slice(raw_lines: list[str], start: int, end: int, offset: int, raw: str) -> str:
    if start == 0 and end + offset == len(raw_lines):
        return raw
    a = start + offset if start else 0
    return "\n".join(raw_lines[a : end + offset]).rstrip(" \t\f\v\n")


def _line(b: _Builder, n: int, line: str, text: str, path: str) -> None:
    obsolete = False
    if line.startswith("#~"):
        line = line[2:].lstrip()
        if not line.strip():
            return
        if line.startswith("|"):
            line, obsolete = "#" + line, True
        else:
            obsolete = True
            _value_line(b, n, line, text, path, obsolete)
            return
    if line.startswith("#|"):
        _previous(b, n, line[2:].lstrip(), text, path, obsolete)
    elif line[:1] == "#":
        if b.stage != COMMENTS:
            raise _broken(path, n, text, "a comment inside an entry")
        comment(b.e, line, b.comments, b.tcomments)
    else:
        _value_line(b, n, line, text, path, obsolete)


def _previous(b: _Builder, n: int, line: str, text: str, path: str, obsolete: bool) -> None:
    if b.stage > PREVIOUS:
        raise _broken(path, n, text, "a #| line after the entry's keywords")
    b.stage = PREVIOUS
    if line.startswith('"'):
        if b.current is None or not b.current.startswith("prev:"):
            raise _broken(path, n, text)
        b.values[b.current].append(_string(line, n, text, path))
        return
    m = _KEYWORD.match(line)
    if m is None or m.group(1) not in _PREVIOUS:
        raise _broken(path, n, text)
    key = "prev:" + m.group(1)
    if key in b.values:
        raise _broken(path, n, text, "a repeated #| keyword")
    b.values[key] = [_string(m.group(3), n, text, path)]
    b.current = key


def _value_line(b: _Builder, n: int, line: str, text: str, path: str, obsolete: bool) -> None:
    if b.obsolete is None:
        b.obsolete = obsolete
    elif b.obsolete != obsolete:
        raise _broken(path, n, text, "obsolete (#~) and active lines in one entry")
    if line.startswith('"'):
        if b.current is None or b.current.startswith("prev:"):
            raise _broken(path, n, text)
        b.values[b.current].append(_string(line, n, text, path))
        return
    m = _KEYWORD.match(line)
    if m is None:
        raise _broken(path, n, text)
    keyword, index, rest = m.groups()
    stage = _STAGE.get(keyword, STR)
    plural = "msgid_plural" in b.values
    if (
        stage < b.stage
        or stage == b.stage
        and stage != STR
        or keyword == "msgid_plural"
        and b.stage != ID
        or stage == STR
        and (b.stage < ID or (index is None) == plural)
    ):
        raise _broken(path, n, text, f"{keyword} out of place")
    if keyword in b.values:
        raise _broken(path, n, text, f"a repeated {keyword}")
    if keyword == "msgid":
        b.e.linenum = n
    b.stage = stage
    b.values[keyword] = [_string(rest, n, text, path)]
    b.current = keyword


def _string(line: str, n: int, text: str, path: str) -> str:
    m = _STRING.match(line)
    if m is None:
        raise _broken(path, n, text, "an unterminated or malformed string")
    try:
        return unescape(m.group(1))
    except ValueError as exc:
        raise _broken(path, n, text, str(exc)) from None


def _broken(path: str, n: int, text: str, why: str = "") -> InputError:
    what = f"{why}: " if why else ""
    return InputError(f"broken PO file: {what}cannot read {text.strip()[:40]!r}", path, n)
