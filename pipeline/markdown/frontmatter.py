"""pipeline.frontmatter: rewrite front-matter values and leave every other byte alone.

Edits are spans: a value's exact location comes from libyaml's node marks,
and only the changed scalar (or list) is re-emitted, in the
quoting style the file already used. Comments, key order, quoting and flow
lists therefore survive, which no load/dump cycle guarantees.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import yaml

from pipeline.errors import PipelineError
from pipeline.markdown import source, values

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_PLAIN_SAFE = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n]*$")
_PLAIN_RISKY = re.compile(
    r": |\s#|^(?:true|false|yes|no|on|off|null|~|[-+]?[\d.]+(?:e\d+)?)$"
    r"|^\d{4}-\d\d-\d\d|\s$",
    re.IGNORECASE,
)
_FLOW_INDICATORS = frozenset(",[]{}")
"""Indicators inside a flow list (``tags: [a, b]``), where a located scalar may sit."""
_MINUTES = re.compile(r"(\d+(?:\.\d+)?)")


_SHORT_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\0": "\\0",
    "\a": "\\a",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\v": "\\v",
    "\f": "\\f",
    "\r": "\\r",
    "\x1b": "\\e",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
}


_UNPRINTABLE = "\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\ufeff\ufffe\uffff"
"""Outside YAML's printable set (Unicode categories Cc and Cs), or a line break YAML knows
and a reader does not see: one character class, so a value is scanned at C speed."""
_UNPRINTABLE_RE = re.compile(f"[{_UNPRINTABLE}]")
_ESCAPED_RE = re.compile(f'[\\\\"{_UNPRINTABLE}]')
"""What a double-quoted scalar escapes: the unprintable, the backslash and the quote."""


def _escape(m: re.Match) -> str:
    ch = m.group()
    short = _SHORT_ESCAPES.get(ch)
    if short is not None:
        return short
    code = ord(ch)
    return f"\\x{code:02X}" if code < 0x100 else f"\\u{code:04X}"


def double_quoted(value: str) -> str:
    """A double-quoted YAML scalar for any string: every character that is not plainly
    printable is escaped (``\\r``, ``\\N`` for NEL, ``\\L``/``\\P``, ``\\x07``…)."""
    return '"' + _ESCAPED_RE.sub(_escape, value) + '"'


@functools.lru_cache(maxsize=4096)
def quote(value: str, style: str) -> str:
    """A YAML scalar for ``value`` in ``style`` (``"``, ``'`` or plain), safe whatever it holds.

    Plain and single-quoted styles are kept only for conservative values that libyaml
    reads back as the same string; anything with a control character, a YAML line break
    (CR, NEL, U+2028/U+2029), an indicator or a look-alike of another type (``true``,
    ``1.5``, ``2024-01-01``) is double-quoted with full escaping. Cached: a site repeats
    its categories, authors and reading times in every article.
    """
    printable = _UNPRINTABLE_RE.search(value) is None
    if style == "'" and printable and "\n" not in value:
        return "'" + value.replace("'", "''") + "'"
    if (
        style == ""
        and printable
        and _PLAIN_SAFE.match(value)
        and not _PLAIN_RISKY.search(value)
        and not _FLOW_INDICATORS.intersection(value)
        and _reads_back(value)
    ):
        return value
    return double_quoted(value)


def _reads_back(plain: str) -> bool:
    try:
        return yaml.load("k: " + plain, Loader=_Loader) == {"k": plain}
    except yaml.YAMLError:
        return False


def emit(value: object, style: str = '"') -> str:
    """YAML text for a new value: strings quoted, booleans plain, lists in flow style.

    List items are always quoted: in a flow list ``,``, ``[`` and ``]`` are indicators.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        item_style = style if style in ('"', "'") else '"'
        return "[" + ", ".join(quote(str(v), item_style) for v in value) + "]"
    return quote(str(value), style)


@dataclass
class Editor:
    """Collects edits to one front-matter text and applies them together.

    ``result`` parses the edited text back (libyaml, as ``source`` reads articles) and
    refuses it unless it holds exactly the intended mapping: the same keys, each value
    as set. Whatever a value holds, it can then neither inject a key nor break the file.
    """

    text: str
    fm: source.FrontMatter
    edits: list[tuple[int, int, str]] = field(default_factory=list)
    appended: list[str] = field(default_factory=list)
    path: str = ""
    """The file being written, for the error that refuses it."""
    intended: dict = field(default_factory=dict)
    """Key (or ``(key, index)`` of a list item) -> the value set."""
    read_back: tuple[str, source.FrontMatter] | None = field(default=None, repr=False)
    """The edited text and the front matter ``verify`` read from it: whoever reads that
    text again (``plan``, the English after its mirrors) takes it from here."""

    @property
    def eol(self) -> str:
        return "\r\n" if "\r\n" in self.text else "\n"

    def set(self, key: str, value: object) -> None:
        """Give ``key`` a value: replace it in place, or add the key at the end."""
        if key not in self.fm.values:
            self.appended.append(f"{quote(str(key), '')}: {emit(value)}")
            self.intended[key] = value
            return
        if values.same(self.fm.values[key], value):
            return
        self.intended[key] = value
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
            self.intended[self._located(start)] = value

    def _located(self, start: int) -> object:
        """The key, or ``(key, index)`` of a list item, whose scalar starts at ``start``."""
        for key, (_, node) in self.fm.nodes.items():
            if isinstance(node, yaml.ScalarNode) and node.start_mark.index == start:
                return key
            if isinstance(node, yaml.SequenceNode):
                for i, item in enumerate(node.value):
                    if item.start_mark.index == start:
                        return (key, i)
        return ("?", start)

    def result(self) -> str:
        text = self.text
        for start, end, new in sorted(self.edits, reverse=True):
            text = text[:start] + new + text[end:]
        if self.appended:
            if text and not text.endswith("\n"):
                text += self.eol
            text += "".join(line + self.eol for line in self.appended)
        if self.edits or self.appended:
            self.verify(text)
        return text

    def expected(self) -> dict:
        """The mapping the edited text must parse to, values as ``value_text`` compares them."""
        want = {k: value_text(v) for k, v in self.fm.values.items()}
        for where, value in self.intended.items():
            if isinstance(where, tuple):
                key, i = where
                items = list(want.get(key) or [])
                if isinstance(i, int) and i < len(items):
                    items[i] = str(value)
                want[key] = items
            else:
                want[where] = value_text(value)
        return want

    def verify(self, text: str) -> None:
        """Parse ``text`` back; a key added, lost or read differently refuses the write."""
        src = source.Source(self.path, "", "---\n", text, "---\n", "")
        try:
            read = source.parse_yaml(src)
        except PipelineError as exc:
            raise PipelineError(
                f"the front matter would not parse back ({exc.message}): not written",
                self.path or None,
                exc.line,
            ) from None
        got = {k: value_text(v) for k, v in read.values.items()}
        want = self.expected()
        for key in [*want, *(k for k in got if k not in want)]:
            if got.get(key, _MISSING) != want.get(key, _MISSING):
                raise PipelineError(
                    f"front matter key {key!r} would read back as {got.get(key, 'missing')!r}, "
                    f"not {want.get(key, 'absent')!r}: not written",
                    self.path or None,
                )
        self.read_back = (text, read)


_MISSING = object()


class _Fenced(Editor):
    """A file without front matter: nothing changes unless a value must be written.

    Merge writes a value there only when it must (``draft: true`` on an incomplete
    translation); the new front matter is then YAML, which Hugo and Docusaurus both read,
    in fences of the file's own line ending.
    """

    @property
    def eol(self) -> str:
        return self.fm.eol

    def result(self) -> str:
        inner = super().result()
        return f"---{self.eol}{inner}---{self.eol}" if inner else ""


def editor(text: str, fm, path: str = "") -> Editor:
    """The editor for ``fm``'s format: YAML (``Editor``), TOML (``toml_fm``), or none.
    ``path`` names the file in the error when an edit would not read back."""
    fmt = getattr(fm, "format", "yaml")
    if fmt == "toml":
        return fm.editor(text)
    return _Fenced(text, fm, path=path) if fmt == "none" else Editor(text, fm, path=path)


# -- derived values -----------------------------------------------------------


def minutes_in(value: object) -> int | None:
    m = _MINUTES.search(str(value)) if value is not None else None
    return max(1, round(float(m.group(1)))) if m else None


value_text = values.text
