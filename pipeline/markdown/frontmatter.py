"""pipeline.frontmatter: rewrite front-matter values and leave every other byte alone.

Edits are spans: a value's exact location comes from libyaml's node marks,
and only the changed scalar (or list) is re-emitted, in the
quoting style the file already used. Comments, key order, quoting and flow
lists therefore survive, which no load/dump cycle guarantees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from pipeline.markdown import source

_PLAIN_SAFE = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n]*$")
_PLAIN_RISKY = re.compile(
    r": |\s#|^(?:true|false|yes|no|on|off|null|~|[-+]?[\d.]+(?:e\d+)?)$"
    r"|^\d{4}-\d\d-\d\d|\s$",
    re.IGNORECASE,
)
_MINUTES = re.compile(r"(\d+(?:\.\d+)?)")


def quote(value: str, style: str) -> str:
    """A YAML scalar for ``value`` in ``style`` (``"``, ``'`` or plain), escaped as needed."""
    if style == "'" and "\n" not in value:
        return "'" + value.replace("'", "''") + "'"
    if style == "" and _PLAIN_SAFE.match(value) and not _PLAIN_RISKY.search(value):
        return value
    escaped = (
        value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\t", "\\t")
        .replace("\r", "\\r")
    )
    return f'"{escaped}"'


def emit(value: object, style: str = '"') -> str:
    """YAML text for a new value: strings quoted, booleans plain, lists in flow style."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(quote(str(v), style or '"') for v in value) + "]"
    return quote(str(value), style)


@dataclass
class Editor:
    """Collects edits to one front-matter text and applies them together."""

    text: str
    fm: source.FrontMatter
    edits: list[tuple[int, int, str]] = field(default_factory=list)
    appended: list[str] = field(default_factory=list)

    @property
    def eol(self) -> str:
        return "\r\n" if "\r\n" in self.text else "\n"

    def set(self, key: str, value: object) -> None:
        """Give ``key`` a value: replace it in place, or add the key at the end."""
        if key not in self.fm.values:
            self.appended.append(f"{key}: {emit(value)}")
            return
        if _same(self.fm.values[key], value):
            return
        key_node, node = self.fm.nodes[key]
        start, end = node.start_mark.index, node.end_mark.index
        trailing = self.text[start:end][len(self.text[start:end].rstrip("\r\n")) :]
        if isinstance(node, yaml.SequenceNode) and not node.flow_style:
            # A block list: rewrite from the colon, as a flow list on the key's line.
            start = key_node.end_mark.index
            self.edits.append((start, end, ": " + emit(value) + (trailing or self.eol)))
            return
        style = node.style if isinstance(node, yaml.ScalarNode) else '"'
        style = style if style in ('"', "'") else "" if style is None else '"'
        self.edits.append((start, end, emit(value, style) + trailing))

    def set_scalar_at(self, start: int, end: int, style: str, old: str, value: str) -> None:
        """Replace one located scalar (a translated field), keeping its quote style."""
        if value != old:
            self.edits.append((start, end, quote(value, style)))

    def result(self) -> str:
        text = self.text
        for start, end, new in sorted(self.edits, reverse=True):
            text = text[:start] + new + text[end:]
        if self.appended:
            if text and not text.endswith("\n"):
                text += self.eol
            text += "".join(line + self.eol for line in self.appended)
        return text


def _same(old: object, new: object) -> bool:
    if isinstance(old, list) and isinstance(new, (list, tuple)):
        return [str(x) for x in old] == [str(x) for x in new]
    if isinstance(old, bool) or isinstance(new, bool):
        return old is new
    return str(old) == str(new) and not isinstance(new, (list, tuple))


# -- derived values -----------------------------------------------------------


def minutes_in(value: object) -> int | None:
    m = _MINUTES.search(str(value)) if value is not None else None
    return max(1, round(float(m.group(1)))) if m else None


def value_text(value: object) -> object:
    """A comparable value: str, bool or list of str (dates and numbers as written)."""
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, bool):
        return value
    return str(value)
