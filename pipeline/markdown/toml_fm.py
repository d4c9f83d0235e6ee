"""pipeline.markdown.toml_fm: TOML front matter (Hugo's ``+++`` fences), read and edited in place.

``tomllib`` (the standard library) parses the values but says nothing about where they
sit, so a small, strict locator finds the exact span of every top-level value and of
each item of a top-level array. Every span it reports is checked against tomllib's own
parse of the same text; a value it cannot locate exactly is never guessed at: reading
or writing it is refused with the file and line. Edits replace those spans only, so
comments, key order, spacing and tables survive, and the result is parsed back before
it is returned (write what you can parse back).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from typing import NamedTuple

from pipeline.errors import PipelineError
from pipeline.markdown import values
from pipeline.model import FrontMatterField

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_KEY_LINE = re.compile(
    r"[ \t]*(?:([A-Za-z0-9_-]+)|\"((?:[^\"\\\n]|\\.)*)\"|'([^'\n]*)')[ \t]*=[ \t]*"
)
_WS = re.compile(r"(?:[ \t\r\n]|#[^\n]*)*")
_LINE_END = re.compile(r"[ \t]*(?:#[^\n]*)?(?:\r?\n|\Z)")
_SCALAR = re.compile(r"[^\s,\]\}#]+(?:[ T][0-9][^\s,\]\}#]*)?")
_STRINGS = (
    (
        '"""',
        re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""(?!")|"""(?:[^"\\]|\\.|"(?!""))*""""{1,2}', re.S),
    ),
    ("'''", re.compile(r"'''(?:[^']|'(?!''))*'''(?:'{1,2})?", re.S)),
    ('"', re.compile(r'"(?:[^"\\\n]|\\.)*"')),
    ("'", re.compile(r"'[^'\n]*'")),
)


class Mark(NamedTuple):
    """A position, shaped like libyaml's marks so callers can read either."""

    index: int
    line: int
    """0-based line within the front-matter text."""


class Node(NamedTuple):
    start_mark: Mark
    end_mark: Mark
    style: str = ""
    """The string's quotes (``"``, ``'``, ``\"\"\"``, ``'''``), ``[`` for arrays, else ``""``."""
    items: tuple[Node, ...] = ()


@dataclass(frozen=True)
class TomlFrontMatter:
    """Parsed TOML front matter: values, and where each top-level value sits."""

    values: dict
    nodes: dict
    """Key -> ``(key_node, value_node)`` for every value located exactly."""
    path: str = ""
    first_line: int = 2
    unlocated: dict = field(default_factory=dict)
    """Key -> file line of top-level values the locator could not place exactly."""
    tables_at: int = -1
    """Offset of the first table header (where new top-level keys must go), or -1."""
    format: str = "toml"

    def line_of(self, key: str) -> int:
        if key in self.unlocated:
            return self.unlocated[key]
        return self.first_line + self.nodes[key][0].start_mark.line

    def editor(self, text: str) -> Editor:
        return Editor(text, self)


def parse(text: str, path: str, first_line: int) -> TomlFrontMatter:
    """Parse TOML front matter and locate its top-level values; errors name the file line."""
    try:
        values = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        last = first_line + text.rstrip("\r\n").count("\n")
        at = first_line + int(line.group(1)) - 1 if line else last
        problem = re.sub(r"\s*\(at (?:line|end of).*\)$", "", str(exc))
        raise PipelineError(f"invalid front matter: {problem}", path, at) from None
    nodes, unlocated, tables_at = _locate(text, values, first_line)
    return TomlFrontMatter(values, nodes, path, first_line, unlocated, tables_at)


def _locate(text: str, values: dict, first_line: int) -> tuple[dict, dict, int]:
    """Walk the top-level ``key = value`` lines up to the first table header.

    Returns the located nodes, the keys that could not be located (with the line where
    the locator gave up) and the offset of the first table header (-1: none; -2: unknown,
    because the locator stopped before reaching it).
    """
    nodes: dict = {}
    pos = 0
    while True:
        pos = _WS.match(text, pos).end()
        if pos >= len(text):
            return nodes, {}, -1
        if text[pos] == "[":
            return nodes, {}, text.rfind("\n", 0, pos) + 1
        line0 = text.count("\n", 0, pos)
        key_m = _KEY_LINE.match(text, pos)
        end = _value_end(text, key_m.end()) if key_m else None
        tail = _LINE_END.match(text, end) if end is not None else None
        node = _node(text, key_m.end(), end) if key_m and end is not None and tail else None
        key = _key_name(key_m) if key_m else ""
        if node is None or key not in values or not _verified(text, node, values[key]):
            # A dotted key or a form this locator does not know: stop here, place nothing
            # after it (guessing could rewrite the wrong bytes).
            gave_up = first_line + line0
            rest = {k: gave_up for k in values if k not in nodes}
            return nodes, rest, -2
        nodes[key] = (Node(Mark(key_m.start(), line0), Mark(key_m.end(), line0)), node)
        pos = tail.end()


def _key_name(m: re.Match[str]) -> str:
    if m.group(1) is not None:
        return m.group(1)
    if m.group(2) is not None:
        return tomllib.loads(f'k = "{m.group(2)}"')["k"]
    return m.group(3)


def _value_end(text: str, pos: int) -> int | None:
    """End offset of the TOML value starting at ``pos``, or None when unsure."""
    if pos >= len(text):
        return None
    ch = text[pos]
    for _, pattern in _STRINGS:
        if ch in "\"'":
            m = pattern.match(text, pos)
            if m:
                return m.end()
    if ch in "\"'":
        return None
    if ch in "[{":
        return _bracket_end(text, pos)
    m = _SCALAR.match(text, pos)
    return m.end() if m else None


def _bracket_end(text: str, pos: int) -> int | None:
    close = "]" if text[pos] == "[" else "}"
    pos += 1
    while True:
        pos = _WS.match(text, pos).end()
        if pos >= len(text):
            return None
        if text[pos] == close:
            return pos + 1
        if text[pos] == ",":
            pos += 1
            continue
        if close == "}":
            key = _KEY_LINE.match(text, pos)
            if key is None:
                return None
            pos = key.end()
        end = _value_end(text, pos)
        if end is None:
            return None
        pos = end


def _node(text: str, start: int, end: int) -> Node | None:
    line0 = text.count("\n", 0, start)
    mark = Mark(start, line0), Mark(end, line0 + text.count("\n", start, end))
    ch = text[start]
    if ch in "\"'":
        style = next(q for q, p in _STRINGS if text.startswith(q, start) and p.match(text, start))
        return Node(*mark, style)
    if ch != "[":
        return Node(*mark)
    items: list[Node] = []
    pos = start + 1
    while True:
        pos = _WS.match(text, pos).end()
        if text[pos] == "]":
            return Node(*mark, "[", tuple(items))
        if text[pos] == ",":
            pos += 1
            continue
        item_end = _value_end(text, pos)
        if item_end is None:
            return None
        item = _node(text, pos, item_end)
        if item is None:
            return None
        items.append(item)
        pos = item_end


def _verified(text: str, node: Node, value: object) -> bool:
    """The span parses, on its own, to exactly the value tomllib gave the whole document."""
    try:
        alone = tomllib.loads("v = " + text[node.start_mark.index : node.end_mark.index])["v"]
    except tomllib.TOMLDecodeError:
        return False
    if alone != value or type(alone) is not type(value):
        return False
    return not node.items or all(
        _verified(text, item, v) for item, v in zip(node.items, value, strict=True)
    )


# -- fields and edits -------------------------------------------------------------


def locate_fields(fm: TomlFrontMatter, keys: set[str]) -> list[FrontMatterField]:
    """Where each string value of ``keys`` (and each string item of their arrays) sits."""
    found: list[FrontMatterField] = []
    for key, value in fm.values.items():
        if key not in keys or not isinstance(value, (str, list)):
            continue
        if key in fm.unlocated:
            raise PipelineError(
                f'cannot locate the value of {key!r} exactly; write it as `{key} = "…"`',
                fm.path,
                fm.unlocated[key],
            )
        node = fm.nodes[key][1]
        if isinstance(value, str):
            pairs = [((key,), value, node)]
        else:
            pairs = [
                ((key, i), v, n) for i, (v, n) in enumerate(zip(value, node.items, strict=True))
            ]
        for path, v, n in pairs:
            if isinstance(v, str) and n.style:
                line = fm.first_line + n.start_mark.line
                found.append(
                    FrontMatterField(path, v, n.start_mark.index, n.end_mark.index, n.style, line)
                )
    return found


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def quote(value: str, style: str = '"') -> str:
    """A TOML string for ``value``: the file's own quotes when they can hold it, else basic."""
    if style == "'" and "'" not in value and not _CONTROL.search(value):
        return f"'{value}'"
    if style == '"""' and not value.startswith(("\n", "\r\n")):
        return '"""' + _escape(value, keep="\n") + '"""'
    return '"' + _escape(value) + '"'


def _escape(value: str, keep: str = "") -> str:
    out = []
    for c in value:
        if c in keep:
            out.append(c)
        elif c in ('"', "\\"):
            out.append("\\" + c)
        elif _CONTROL.match(c):
            out.append({"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(c, f"\\u{ord(c):04x}"))
        else:
            out.append(c)
    return "".join(out)


def emit(value: object, style: str = '"') -> str:
    """TOML text for a new value: strings quoted, booleans and numbers bare, lists inline."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(quote(str(v)) for v in value) + "]"
    return quote(str(value), style)


@dataclass
class Editor:
    """Collects edits to TOML front matter and applies them together (``frontmatter.Editor``'s
    interface): values are replaced where they sit, new keys go before the first table."""

    text: str
    fm: TomlFrontMatter
    edits: list[tuple[int, int, str]] = field(default_factory=list)
    appended: list[str] = field(default_factory=list)
    expected: dict = field(default_factory=dict)

    @property
    def eol(self) -> str:
        return "\r\n" if "\r\n" in self.text else "\n"

    def set(self, key: str, value: object) -> None:
        """Give ``key`` a value: replace it in place, or add the key to the top-level table."""
        if key in self.fm.unlocated:
            raise PipelineError(
                f"cannot rewrite {key!r} exactly: its value is not in a form the editor knows",
                self.fm.path,
                self.fm.unlocated[key],
            )
        old = self.fm.values.get(key)
        if key in self.fm.values and values.same(old, value):
            return
        self.expected[key] = value
        name = key if _BARE_KEY.fullmatch(key) else quote(key)
        if key not in self.fm.values:
            self.appended.append(f"{name} = {emit(value)}")
            return
        node = self.fm.nodes[key][1]
        style = node.style if node.style and node.style != "[" else '"'
        self.edits.append((node.start_mark.index, node.end_mark.index, emit(value, style)))

    def set_scalar_at(self, start: int, end: int, style: str, old: str, value: str) -> None:
        """Replace one located string (a translated field), keeping its quote style."""
        if value != old:
            self.edits.append((start, end, quote(value, style)))

    def result(self) -> str:
        text = self.text
        for start, end, new in sorted(self.edits, reverse=True):
            text = text[:start] + new + text[end:]
        if self.appended:
            added = "".join(line + self.eol for line in self.appended)
            at = self.fm.tables_at
            if at == -2:
                raise PipelineError(
                    f"cannot add {self.appended[0].split(' = ')[0]!r}: the front matter has a "
                    "form the editor does not know",
                    self.fm.path,
                    min(self.fm.unlocated.values()),
                )
            if at < 0:
                if text and not text.endswith("\n"):
                    text += self.eol
                text += added
            else:
                shift = sum(len(new) - (end - start) for start, end, new in self.edits)
                text = text[: at + shift] + added + text[at + shift :]
        self._parse_back(text)
        return text

    def _parse_back(self, text: str) -> None:
        try:
            got = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise PipelineError(
                f"edited front matter is not valid TOML: {exc}", self.fm.path
            ) from None
        for key, want in self.expected.items():
            if not values.same(got.get(key), want):
                raise PipelineError(f"edited front matter lost the value of {key!r}", self.fm.path)
