"""pipeline.markdown.placeables: the site syntax inside Markdown text that is not prose.

Hugo shortcodes, MDX/JSX components, expressions and comments, heading attributes
(``{#install}``), Docusaurus admonition fences, footnote references, reference-link
labels and HTML entities. A translator must keep each one exactly (only the parameters a
site names as translatable may change), so extraction keeps them out of units where it
can, and the ``placeables`` check, merge and the DeepL markup all use this one scanner to
find them in a text: the same parse everywhere, never a second opinion.

Scanning is a small hand-written lexer (quotes, nested braces, escapes), not a pattern
per construct, so a ``>}}`` inside a quoted parameter or a ``}`` inside a JS string does
not end a placeable early.
"""

from __future__ import annotations

import html.entities
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

_ENTITIES = frozenset(name for name in html.entities.html5 if name.endswith(";"))
_CANDIDATE = re.compile(r"\{|&[#A-Za-z]|\[\^|</?[A-Z>]|:::")
_ENTITY_START = re.compile(rb"&[#A-Za-z]")


def starts(raw: bytes) -> list[int]:
    """Byte offsets in ``raw`` where a placeable may start (a superset), in order.

    Extraction asks once per body, so runs of prose without a candidate never reach the
    scanner. Single-byte searches (``memchr`` speed) do most of the work: most bodies
    hold no placeable at all and this must cost them next to nothing.
    """
    out = _each(raw, b"{") + _each(raw, b":::")
    out += [i - 1 for i in _each(raw, b"^") if raw[i - 1 : i] == b"["]
    out += [i for i in _each(raw, b"&") if _ENTITY_START.match(raw, i)]
    for i in _each(raw, b"<"):
        nxt = raw[i + 1 : i + 3]
        if (
            nxt[:1].isupper()
            or nxt[:1] == b">"
            or nxt == b"/>"
            or (nxt[:1] == b"/" and nxt[1:].isupper())
        ):
            out.append(i)
    return sorted(out)


def _each(raw: bytes, literal: bytes) -> list[int]:
    out = []
    i = raw.find(literal)
    while i >= 0:
        out.append(i)
        i = raw.find(literal, i + 1)
    return out


_NAME = re.compile(r"[\w.\-/]+")
_JSX_NAME = re.compile(r"[A-Z][\w.]*")
_ATTR_NAME = re.compile(r"[A-Za-z_:][\w:.\-]*")
_ENTITY = re.compile(r"&(?:([A-Za-z][A-Za-z0-9]{1,31});|#[0-9]{1,7};|#[xX][0-9A-Fa-f]{1,6};)")
_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")
_ADMONITION = re.compile(
    r"(:{3,})[ \t]*([A-Za-z][\w-]*)?[ \t]*(?:\[([^\]\n]*)\]|([^\n{]*?))"
    r"[ \t]*(\{[^\n]*\})?[ \t]*(?=\r?\n|$)"
)
_ATTRIBUTES = re.compile(r"\{[ \t]*[#.][^{}\n]*\}")
_LABEL = re.compile(r"\[((?:[^\[\]\\\n]|\\.)+)\]")
_CODE_TICKS = re.compile(r"`+")
_STARTS = re.compile(r"[{<&\[:]")


class Param(NamedTuple):
    """A translatable parameter's value inside a placeable (offsets in the scanned text)."""

    name: str
    start: int
    end: int


class Placeable(NamedTuple):
    kind: str
    """shortcode, component, expression, comment, attributes, admonition, footnote,
    label or entity."""
    start: int
    end: int
    name: str = ""
    role: str = "single"
    """``open``, ``close`` or ``single``: how it pairs with others of the same name."""
    params: tuple[Param, ...] = ()
    """Translatable parameters (the site's configuration says which)."""


@dataclass(frozen=True)
class Syntax:
    """What counts as a placeable where a text comes from."""

    params: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Shortcode or component name -> parameters whose values are prose (``"0"``: the
    first positional parameter)."""
    mdx: bool = False
    """``{expressions}`` are placeables (MDX files); plain Markdown keeps braces as text."""
    labels: frozenset[str] = frozenset()
    """Reference-link labels (normalized) whose ``[label]`` is a key, not text."""

    @classmethod
    def from_config(cls, params: Mapping[str, object], mdx: bool = False) -> Syntax:
        return cls({k: frozenset(str(p) for p in v) for k, v in params.items()}, mdx)  # type: ignore[union-attr]


def normalize_label(label: str) -> str:
    """CommonMark's label matching: case-folded, inner whitespace collapsed."""
    return " ".join(label.split()).casefold()


def scan(text: str, syntax: Syntax = Syntax()) -> list[Placeable]:
    """Every placeable in ``text``, in order, none overlapping."""
    if not _CANDIDATE.search(text) and not (syntax.labels and "[" in text):
        return []
    code = _code_spans(text)
    found: list[Placeable] = []
    m = _STARTS.search(text)
    while m is not None:
        p = _at(text, m.start(), syntax, code)
        if p is not None:
            found.append(p)
        m = _STARTS.search(text, p.end if p is not None else m.start() + 1)
    return found


def _at(text: str, pos: int, syntax: Syntax, code: list[tuple[int, int]]) -> Placeable | None:
    ch = text[pos]
    if ch == "{" and text.startswith(("{{<", "{{%"), pos):
        return _shortcode(text, pos, syntax)  # Hugo expands these even inside code
    if ch not in "{<&[:" or _inside(code, pos) or _escaped(text, pos):
        return None
    if ch == "{":
        return _brace(text, pos, syntax)
    if ch == "<":
        return _component(text, pos, syntax)
    if ch == "&":
        m = _ENTITY.match(text, pos)
        if m and (m.group(1) is None or m.group(1) + ";" in _ENTITIES):
            return Placeable("entity", pos, m.end(), m.group())
        return None
    if ch == "[":
        return _bracket(text, pos, syntax)
    return _admonition(text, pos) if text.startswith(":::", pos) else None


# -- Hugo shortcodes ---------------------------------------------------------------


def _shortcode(text: str, pos: int, syntax: Syntax) -> Placeable | None:
    """``{{< name a="b" >}}``, ``{{% /name %}}``, ``{{< x />}}``, ``{{</* escaped */>}}``."""
    delim = text[pos + 2]
    close = (">" if delim == "<" else "%") + "}}"
    i = _ws(text, pos + 3)
    if text.startswith("/*", i):
        end = text.find("*/" + close, i)
        if end < 0:
            end2 = text.find("*/ " + close, i)
            return None if end2 < 0 else Placeable("shortcode", pos, end2 + 3 + len(close))
        return Placeable("shortcode", pos, end + 2 + len(close))
    role = "open"
    if text.startswith("/", i):
        role, i = "close", _ws(text, i + 1)
    m = _NAME.match(text, i)
    if not m:
        return None
    name = m.group().rstrip("/")
    i = m.start() + len(name)
    wanted = syntax.params.get(name, frozenset())
    params: list[Param] = []
    index = 0
    while True:
        i = _ws(text, i)
        if text.startswith(close, i):
            return Placeable("shortcode", pos, i + len(close), name, role, tuple(params))
        if text.startswith("/" + close, i) or text.startswith("/ " + close, i):
            end = text.index(close, i) + len(close)
            return Placeable("shortcode", pos, end, name, "single", tuple(params))
        key = ""
        km = re.compile(r"([\w-]+)[ \t]*=[ \t]*").match(text, i)
        if km:
            key, i = km.group(1), km.end()
        value = _value(text, i, close)
        if value is None:
            return None
        vs, ve, inner = value
        label = key or str(index)
        index += 0 if key else 1
        if label in wanted:
            params.append(Param(label, *inner))
        i = ve


def _value(text: str, i: int, close: str) -> tuple[int, int, tuple[int, int]] | None:
    """A parameter value: ``"quoted"``, `` `raw` `` or bare; (start, end, inner span)."""
    if i >= len(text):
        return None
    q = text[i]
    if q == '"':
        j = i + 1
        while j < len(text) and text[j] != '"':
            j += 2 if text[j] == "\\" else 1
        return (i, j + 1, (i + 1, j)) if j < len(text) else None
    if q == "`":
        j = text.find("`", i + 1)
        return (i, j + 1, (i + 1, j)) if j > 0 else None
    j = i
    while j < len(text) and not text[j].isspace() and not text.startswith(close, j):
        j += 1
    return (i, j, (i, j)) if j > i else None


# -- MDX / JSX ------------------------------------------------------------------------


def _brace(text: str, pos: int, syntax: Syntax) -> Placeable | None:
    """``{/* comment */}``, ``{#id .class}`` heading attributes, ``{expression}`` (MDX)."""
    if text.startswith("{/*", pos):
        end = text.find("*/}", pos + 3)
        if end >= 0:
            return Placeable("comment", pos, end + 3)
    m = _ATTRIBUTES.match(text, pos)
    if m:
        return Placeable("attributes", pos, m.end(), m.group())
    if not syntax.mdx:
        return None
    end = _balanced(text, pos)
    return Placeable("expression", pos, end) if end > pos + 1 else None


def _balanced(text: str, pos: int) -> int:
    """End of the brace group at ``pos`` (JS strings and comments skipped), or -1."""
    depth = 0
    i = pos
    while i < len(text):
        c = text[i]
        if c in "\"'`":
            j = i + 1
            while j < len(text) and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            continue
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            if j < 0:
                return -1
            i = j + 2
            continue
        depth += c == "{"
        depth -= c == "}"
        i += 1
        if depth == 0:
            return i
    return -1


def _component(text: str, pos: int, syntax: Syntax) -> Placeable | None:
    """``<Tabs>``, ``</TabItem>``, ``<CodeStep step={1}>``, ``<Foo />``, fragments."""
    i = pos + 1
    role = "open"
    if text.startswith("/", i):
        role, i = "close", i + 1
    m = _JSX_NAME.match(text, i)
    name = m.group() if m else ""
    if not m and not text.startswith(">", i):
        return None
    i = m.end() if m else i
    wanted = syntax.params.get(name, frozenset())
    params: list[Param] = []
    while True:
        i = _ws(text, i, newlines=True)
        if text.startswith(">", i):
            return Placeable("component", pos, i + 1, name, role, tuple(params))
        if text.startswith("/>", i):
            return Placeable("component", pos, i + 2, name, "single", tuple(params))
        if text.startswith("{", i):  # {...spread}
            end = _balanced(text, i)
            if end < 0:
                return None
            i = end
            continue
        am = _ATTR_NAME.match(text, i)
        if not am:
            return None
        i = _ws(text, am.end(), newlines=True)
        if not text.startswith("=", i):
            continue
        i = _ws(text, i + 1, newlines=True)
        if i < len(text) and text[i] in "\"'":
            end = text.find(text[i], i + 1)
            if end < 0:
                return None
            if am.group() in wanted:
                params.append(Param(am.group(), i + 1, end))
            i = end + 1
        elif text.startswith("{", i):
            i = _balanced(text, i)
            if i < 0:
                return None
        else:
            return None


# -- Markdown-level placeables -----------------------------------------------------------


def _bracket(text: str, pos: int, syntax: Syntax) -> Placeable | None:
    m = _FOOTNOTE.match(text, pos)
    if m:
        return Placeable("footnote", pos, m.end(), m.group())
    if not syntax.labels or (pos and text[pos - 1] == "!"):
        return None
    m = _LABEL.match(text, pos)
    if m and normalize_label(m.group(1)) in syntax.labels:
        if text.startswith("(", m.end()):
            return None  # an inline link whose text happens to read like a label
        if text.startswith("[", m.end()) and not text.startswith("[]", m.end()):
            return None  # ``[text][label]``: the first brackets are translatable text
        end = m.end() + 2 if text.startswith("[]", m.end()) else m.end()
        return Placeable("label", pos, end, normalize_label(m.group(1)))
    return None


def _admonition(text: str, pos: int) -> Placeable | None:
    """A Docusaurus admonition fence, alone on its line: ``:::note[Title]`` or ``:::``."""
    line_start = text.rfind("\n", 0, pos) + 1
    if text[line_start:pos].strip(" \t"):
        return None
    m = _ADMONITION.match(text, pos)
    if not m:
        return None
    name = m.group(2) or ""
    title = 3 if m.group(3) is not None else 4
    params: tuple[Param, ...] = ()
    if name and m.group(title) and m.group(title).strip():
        params = (Param("title", m.start(title), m.end(title)),)
    return Placeable("admonition", pos, m.end(), name, "open" if name else "close", params)


# -- helpers ---------------------------------------------------------------------------


def _ws(text: str, i: int, newlines: bool = True) -> int:
    while i < len(text) and text[i] in (" \t\r\n" if newlines else " \t"):
        i += 1
    return i


def _escaped(text: str, pos: int) -> bool:
    n = 0
    while pos - n - 1 >= 0 and text[pos - n - 1] == "\\":
        n += 1
    return n % 2 == 1


def _code_spans(text: str) -> list[tuple[int, int]]:
    """CommonMark code spans: a backtick run closed by the next run of the same length."""
    if "`" not in text:
        return []
    runs = [
        (m.start(), m.end()) for m in _CODE_TICKS.finditer(text) if not _escaped(text, m.start())
    ]
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(runs):
        start, end = runs[i]
        n = end - start
        j = next((k for k in range(i + 1, len(runs)) if runs[k][1] - runs[k][0] == n), None)
        if j is None:
            i += 1
            continue
        spans.append((start, runs[j][1]))
        i = j + 1
    return spans


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    return any(a <= pos < b for a, b in spans)


# -- comparing two texts ---------------------------------------------------------------


def signature(text: str, p: Placeable) -> str:
    """What must not change: the placeable's text with its translatable values blanked
    (a label: its normalized name, so ``[x][]`` and ``[text][x]`` keep the same key)."""
    if p.kind == "label":
        return f"[{p.name}]"
    out, cursor = [], p.start
    for prm in p.params:
        out.append(text[cursor : prm.start])
        out.append("\u2026")
        cursor = prm.end
    out.append(text[cursor : p.end])
    return "".join(out)


def describe(text: str, p: Placeable) -> str:
    """A short name for the ``#.`` note: ``{{< glossary_tooltip >}}``, ``</CodeStep>``."""
    if p.kind == "shortcode" and p.name:
        o, c = ("<", ">") if text[p.start + 2] == "<" else ("%", "%")
        head = ("/" if p.role == "close" else "") + p.name + (" …" if p.params else "")
        return f"{{{{{o} {head} {'/' if p.role == 'single' else ''}{c}}}}}".replace(
            " /" + c, " /" + c
        )
    if p.kind == "component":
        slash = "/" if p.role == "close" else ""
        return f"<{slash}{p.name}{' /' if p.role == 'single' else ''}>"
    if p.kind == "admonition":
        return f":::{p.name}"
    shown = text[p.start : p.end]
    return shown if len(shown) <= 40 else shown[:37] + "…" + shown[-2:]
