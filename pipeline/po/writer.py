"""pipeline.po.writer: ``Catalog`` -> PO text, in the file's own layout.

A catalog read from a file and not changed in content is written back as the very
text it was read from, whatever tool wrote it. A changed catalog keeps the text of
every entry that did not change and renders only the others, in the file's wrap
width (detected from its wrapped lines), line endings and BOM; so a one-word edit
is a one-entry diff, and a catalog Poedit re-wrapped stays Poedit-wrapped. New
files use the configured width (default: no wrapping, one line per string, which
never splits Chinese and keeps diffs to the lines that changed).
"""

from __future__ import annotations

import re

from pipeline.errors import InputError
from pipeline.po.model import Catalog, Entry
from pipeline.po.strings import escape, has_break, needs_escape, width, wrap

_STANDARD_WIDTHS = (76, 77, 78, 79, 80)
_WRAPPED = re.compile(r'^((?:#~\| |#~ |#\| )?)"(?:[^"\\\n]|\\.)*"[ \t]*(?=\n\1")', re.M)
"""A string line followed by another piece of the same string."""
_LONG = re.compile(r"^[^\n]{41,}$", re.M)


def dumps(cat: Catalog) -> str:
    """The catalog's text: its source when nothing changed, else entry by entry."""
    kept = tuple(e.raw if e.raw is not None and e.unchanged() else None for e in cat.entries)
    head_kept = cat.raw is not None and cat.seen == cat.head()
    if cat.source is not None and head_kept and kept == cat.snapshot:
        return cat.source
    cols = cat.layout.wrap
    if cols is None:
        detected = detect_wrap(cat.source) if cat.source is not None else None
        cols = cat.layout.fallback if detected is None else detected
    blocks = []
    if head_kept:
        if cat.raw:
            blocks.append(cat.raw)
    elif cat.header or cat.metadata or cat.metadata_is_fuzzy:
        blocks.append(render_head(cat, cols))
    order = cat.entries
    if any(e.obsolete for e in order):
        order = [e for e in order if not e.obsolete] + cat.obsolete_entries()
    if any(kept):
        texts = dict(zip(map(id, cat.entries), kept, strict=True))
        blocks += [texts[id(e)] or _checked(_rendered(e, cols), cat, e) for e in order]
    elif order:  # every entry rendered (a new catalog): checked at once
        fresh = [(not cols and _plain_text(e)) or _rendered(e, cols) for e in order]
        joined = "\n\n".join(fresh)
        if "\x00" in joined or "\r" in joined:
            for e, text in zip(order, fresh, strict=True):
                _checked(text, cat, e)
        blocks.append(joined)
    if cat.tail:
        blocks.append(cat.tail)
    text = "\n\n".join(blocks) + "\n"
    if cat.layout.newline != "\n":
        text = text.replace("\n", cat.layout.newline)
    return "\ufeff" + text if cat.layout.bom else text


def dumps_fresh(cat: Catalog, template: Catalog, template_text: str) -> str:
    """``dumps(cat)`` for a new catalog of ``template``'s entries (``Catalog.fresh``), from
    ``template_text`` (``dumps(template)``): the same entries, untranslated, under another
    head, so the entries are neither copied nor rendered again (a cold extract writes
    every catalog this way). Any other case is written as ``dumps`` writes it."""
    layout = cat.layout
    if (
        layout != template.layout
        or layout.newline != "\n"
        or layout.bom
        or cat.tail
        or template.tail
        or template.raw is not None
        or not _untranslated(template.entries)
    ):
        return dumps(cat)
    cols = layout.wrap if layout.wrap is not None else layout.fallback
    theirs, ours = _head(template, cols), _head(cat, cols)
    if not template_text.startswith(theirs):
        return dumps(cat)
    rest = template_text[len(theirs) :]  # "\n\n" + entries + "\n", or "\n" without any
    if theirs and not ours:
        rest = rest[2:] if rest.startswith("\n\n") else rest
    elif ours and not theirs and rest != "\n":
        rest = "\n\n" + rest
    return ours + rest


def _untranslated(entries: list[Entry]) -> bool:
    """What ``Entry.untranslated`` keeps is all each entry says."""
    return all(not e.msgstr and _plain(e) for e in entries)


def _plain(e: Entry) -> bool:
    """The entry says nothing beyond comments, references, context, msgid and msgstr:
    the shape extract makes, which ``_plain_text`` renders and a new catalog copies."""
    return not (
        e.obsolete
        or e.tcomment
        or e.flags
        or e.msgid_plural
        or e.msgstr_plural
        or e.previous_msgid is not None
        or e.previous_msgctxt is not None
        or e.previous_msgid_plural is not None
    )


def _head(cat: Catalog, cols: int) -> str:
    """The head ``dumps`` writes for a catalog not read from a file ("" for none)."""
    if cat.header or cat.metadata or cat.metadata_is_fuzzy:
        return render_head(cat, cols)
    return ""


def _checked(text: str, cat: Catalog, entry: Entry) -> str:
    """Refuse to write what no reader could read back as written (NUL, a bare CR)."""
    if "\x00" in text or "\r" in text:
        what = "a NUL character" if "\x00" in text else "a carriage return in a comment"
        raise InputError(f"cannot write {what} ({entry.msgid[:40]!r})", cat.path, entry.linenum)
    return text


def detect_wrap(text: str) -> int | None:
    """The width a file's strings are wrapped at; 0 when long strings are not wrapped,
    None when nothing tells (no string long enough)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    found = {True: 0, False: 0}  # by "has a #~/#| prefix": tools measure those differently
    for m in _WRAPPED.finditer(text):
        line = m.group().rstrip()
        prefixed = bool(m.group(1))
        if not line.endswith('\\n"') and len(line) * 2 > found[prefixed]:
            found[prefixed] = max(found[prefixed], width(line))
    widest = found[False] or found[True]
    if widest:
        return next((w for w in _STANDARD_WIDTHS if w >= widest), widest)
    limit = _STANDARD_WIDTHS[-1]
    for m in _LONG.finditer(text):
        line = m.group()
        if '"' in line and (len(line) > limit or width(line) > limit):
            return 0
    return None


def field(prefix: str, keyword: str, value: str, cols: int) -> list[str]:
    """One keyword and its string, as ``msgcat`` writes it at width ``cols`` (0: no wrap)."""
    head = f"{prefix}{keyword} "
    segments = _segments(value) if "\n" in value[:-1] else [value]
    if not cols:
        if len(segments) == 1:
            return [f'{head}"{escape(value)}"']
        return [f'{head}""', *(f'{prefix}"{escape(s)}"' for s in segments)]
    if len(segments) == 1:
        escaped = escape(value)
        if width(head) + width(escaped) + 2 <= cols or not has_break(value):
            return [f'{head}"{escaped}"']
    limit = cols - width(prefix) - 2
    lines = [piece for s in segments for piece in wrap(s, limit)]
    return [f'{head}""', *(f'{prefix}"{piece}"' for piece in lines)]


def _segments(value: str) -> list[str]:
    """Pieces ending after each line break (only ``\n``: a ``\r`` stays inside its line)."""
    parts = value.split("\n")
    return [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


_RENDERED: dict[tuple, str] = {}
"""Entries rendered lately, by content and width, for the shapes ``_plain_text`` does not
take (wrapped, commented, fuzzy, plural, obsolete): rendering those costs more than the
lookup, and a catalog's entries are often its template's, written just before it."""


def _rendered(e: Entry, cols: int) -> str:
    if not cols:
        text = _plain_text(e)
        if text is not None:
            return text
    key = (cols, e.content())
    text = _RENDERED.get(key)
    if text is None:
        text = render(e, cols)
        if len(_RENDERED) >= 4096:
            _RENDERED.clear()
        _RENDERED[key] = text
    return text


def _plain_text(e: Entry) -> str | None:
    """``render(e, 0)`` in fewer steps, for an entry as extract makes them (``#.`` and
    ``#:`` lines, context, msgid, msgstr): most entries of most catalogs, and a new
    catalog renders every one. None for any other entry."""
    if not _plain(e):
        return None
    comment = e.comment
    if not comment:
        head = ""
    elif "\n" in comment:
        head = "".join(("#. " + c if c else "#.") + "\n" for c in comment.split("\n"))
    else:
        head = "#. " + comment + "\n"
    for path, line in e.occurrences:
        head += f"#: {path}:{line}\n" if line else f"#: {path}\n"
    if e.msgctxt is not None:
        head += _unwrapped("msgctxt", e.msgctxt) + "\n"
    msgid, msgstr = e.msgid, e.msgstr
    tail = _unwrapped("msgstr", msgstr) if msgstr else 'msgstr ""'
    if needs_escape(msgid) is None:
        return f'{head}msgid "{msgid}"\n{tail}'
    return f"{head}{_unwrapped('msgid', msgid)}\n{tail}"


def _unwrapped(keyword: str, value: str) -> str:
    """``field("", keyword, value, 0)`` as one text."""
    if needs_escape(value) is None:
        return f'{keyword} "{value}"'
    return "\n".join(field("", keyword, value, 0))


def render(e: Entry, cols: int) -> str:
    """One entry in gettext's order: comments, references, flags, previous, keywords."""
    out = [("# " + c if c else "#") for c in e.tcomment.split("\n")] if e.tcomment else []
    if e.comment:
        out += [("#. " + c if c else "#.") for c in e.comment.split("\n")]
    if e.occurrences:
        out += _references(e.occurrences, cols)
    if e.flags:
        out.append("#, " + ", ".join(e.flags))
    previous = "#~| " if e.obsolete else "#| "
    for keyword, value in (
        ("msgctxt", e.previous_msgctxt),
        ("msgid", e.previous_msgid),
        ("msgid_plural", e.previous_msgid_plural),
    ):
        if value is not None:
            out += field(previous, keyword, value, cols)
    prefix = "#~ " if e.obsolete else ""
    if e.msgctxt is not None:
        out += field(prefix, "msgctxt", e.msgctxt, cols)
    out += field(prefix, "msgid", e.msgid, cols)
    if e.msgid_plural or e.msgstr_plural:
        out += field(prefix, "msgid_plural", e.msgid_plural, cols)
        for index in sorted(e.msgstr_plural) or [0]:
            out += field(prefix, f"msgstr[{index}]", e.msgstr_plural.get(index, ""), cols)
    else:
        out += field(prefix, "msgstr", e.msgstr, cols)
    return "\n".join(out)


def _references(occurrences: list[tuple[str, str]], cols: int) -> list[str]:
    refs = [f"{path}:{line}" if line else path for path, line in occurrences]
    if not cols:
        return ["#: " + ref for ref in refs]
    lines = ["#:"]
    for ref in refs:
        if lines[-1] != "#:" and width(lines[-1]) + 1 + width(ref) > cols:
            lines.append("#:")
        lines[-1] += " " + ref
    return lines


def render_head(cat: Catalog, cols: int) -> str:
    out = [("# " + h if h else "#") for h in cat.header.split("\n")] if cat.header else []
    if cat.metadata_is_fuzzy:
        out.append("#, fuzzy")
    out.append('msgid ""')
    text = "".join(f"{k}: {v}\n" for k, v in cat.metadata.items())
    return "\n".join(out + field("", "msgstr", text, cols))
