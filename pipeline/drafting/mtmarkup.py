"""pipeline.mtmarkup: inline Markdown <-> the XML DeepL's ``tag_handling="xml"`` keeps intact.

Why: DeepL translates prose, not Markdown. Sent raw, ``**`` and ``[text](url)`` get moved,
dropped or translated, and URLs and code are billed and mangled. So each inline construct
becomes a numbered XML tag, and everything DeepL must not see stays here, in :class:`Spans`:

============================  ======================  ==========================================
Markdown                      sent as                 kept in Spans (restored verbatim)
============================  ======================  ==========================================
``**b**`` / ``__b__``         ``<b i="N">b</b>``      the exact delimiters
``*i*`` / ``_i_``             ``<i i="N">i</i>``      the exact delimiters
``~~s~~``                     ``<s i="N">s</s>``      the exact delimiters
``[text](url "t")``           ``<a i="N">text</a>``   ``[`` and ``](url "t")`` (any link form)
``![alt](src)``               ``<img i="N"/>``        the whole image; alt text is NOT sent
``code``, inline HTML,        ``<x i="N"/>``          the exact source (``x`` is in
autolinks, bare URLs,                                  ``ignore_tags``; nothing inside is sent)
``[^1]``, HTML blocks,
placeables (shortcodes,
components, ``{expr}``,
``{#id}``, entities),
``[label]``, ``[label][]``
hard break                    ``<br i="N"/>``         ``"  \\n"`` or ``"\\\\\\n"``
============================  ======================  ==========================================

Image alt text stays English in the draft: it is short, rarely shown, and sending it as a
separate text would break the one-unit-one-text accounting; the reviewer translates it.
The same holds for translatable parameters inside a placeable (``text=`` of a shortcode):
the placeable travels whole and the reviewer translates the parameter. A reference
label is a key, never text: ``[label]`` travels whole, and in ``[text][label]`` only the
text is sent.

Everything else is sent as its Markdown *source*, XML-escaped, so backslash escapes and
entity references (``\\*``, ``&amp;``) reach DeepL literally. That keeps the round trip
exact, ``from_xml(*to_xml(s)) == s`` for every ``s``, at the price of a rare odd character.

The Markdown is parsed with pyromark (pulldown-cmark), whose event ranges are UTF-8 byte
offsets into the source: every piece of markup is sliced from the original bytes, never
re-rendered, which is how ``__`` stays ``__`` and a link title keeps its quotes.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

import pyromark

from pipeline.markdown import placeables as site_syntax

__all__ = ["IGNORE_TAGS", "MarkupError", "Span", "Spans", "from_xml", "text_of", "to_xml"]

IGNORE_TAGS = ("x",)
"""Tags whose content DeepL must leave alone (pass as ``ignore_tags``)."""

_OPTIONS = pyromark.Options.ENABLE_STRIKETHROUGH | pyromark.Options.ENABLE_FOOTNOTES
_CONTAINERS = {"Strong": "b", "Emphasis": "i", "Strikethrough": "s", "Link": "a"}
_ATOMS = {"Code", "InlineHtml", "Html", "FootnoteReference", "InlineMath", "DisplayMath"}
_OPAQUE_LINKS = {"Autolink", "Email", "WikiLink"}
_PLACEHOLDERS = {"x", "img", "br"}
_LABEL_LINKS = {"Shortcut", "ShortcutUnknown", "Collapsed", "CollapsedUnknown"}
_SYNTAX = site_syntax.Syntax(mdx=True)
# Bare URLs and footnote references inside plain text: never sent, never translated.
_PROTECT = re.compile(
    r"\[\^[^\]\s]+\]"
    r"|(?:https?://|www\.)[^\s<>]*[^\s<>.,;:!?)\]}'\"*_~`，。；：！？）」』】]"
)


@dataclass(frozen=True, slots=True)
class Span:
    """One numbered tag: its XML name and the Markdown it stands for."""

    tag: str
    open: str
    close: str = ""


@dataclass(frozen=True, slots=True)
class Spans:
    """The markup of one text, indexed by the ``i`` attribute of its tags."""

    items: tuple[Span, ...] = ()

    def __len__(self) -> int:
        return len(self.items)

    def to_json(self) -> list[list[str]]:
        """Plain lists, for the draft cache."""
        return [[s.tag, s.open, s.close] for s in self.items]

    @classmethod
    def from_json(cls, data: list[list[str]]) -> Spans:
        return cls(tuple(Span(*row) for row in data))


class MarkupError(ValueError):
    """DeepL lost or broke tags; ``text`` is the best Markdown that could be rebuilt."""

    def __init__(self, text: str, problems: list[str]):
        super().__init__("; ".join(problems))
        self.text = text
        self.problems = problems


# ---------------------------------------------------------------------------- to_xml


@dataclass(slots=True)
class _Node:
    kind: str
    """``b``/``i``/``s``/``a`` (containers) or ``x``/``img``/``br`` (atoms), ``root``."""
    start: int
    end: int
    children: list[_Node] = field(default_factory=list)
    inner_end: int = -1


def to_xml(markdown_inline: str, *, literal: bool = False) -> tuple[str, Spans]:
    """Convert one unit's inline Markdown to DeepL XML and the markup kept aside.

    ``literal=True`` sends the text as plain prose (for prose code fences such as mermaid
    or ``text`` blocks, where ``*`` means nothing): only escaping and URL protection.
    """
    src = markdown_inline.encode("utf-8")
    root = _Node("root", 0, len(src))
    if not literal:
        _build_tree(markdown_inline, src, root)
    _protect(markdown_inline, root, literal)
    out: list[str] = []
    spans: list[Span] = []
    _emit(src, root, 0, len(src), out, spans)
    return "".join(out), Spans(tuple(spans))


def text_of(xml: str) -> str:
    """The characters DeepL will translate: the XML without tags, unescaped."""
    return html.unescape(_TAG_RE.sub("", xml))


def _build_tree(text: str, src: bytes, root: _Node) -> None:
    stack = [root]
    skip = 0  # depth inside an image, whose events are all part of the atom
    events = pyromark.events_with_range(text, options=_OPTIONS, broken_link_callback=_keep_ref)
    for event, rng in events:
        start, end = rng["start"], rng["end"]
        if skip:
            skip += _depth_change(event, "Image")
            continue
        top = stack[-1]
        if isinstance(event, dict) and "Start" in event:
            kind = _start_kind(event["Start"])
            if kind == "img":
                skip = 1
                top.children.append(_Node("img", start, end))
                top.inner_end = max(top.inner_end, end)
            elif kind:
                stack.append(_Node(kind, start, _link_end(src, event["Start"], end)))
            continue
        if isinstance(event, dict) and "End" in event:
            if _end_kind(event["End"]) and len(stack) > 1:
                _close(stack.pop(), stack[-1])
            continue
        _leaf(event, start, end, top)


def _keep_ref(_info: dict) -> tuple[str, str]:
    """Reference links whose definition lies outside the unit stay links (``[t][ref]``)."""
    return ("", "")


def _depth_change(event: object, name: str) -> int:
    if isinstance(event, dict) and "Start" in event and _name(event["Start"]) == name:
        return 1
    if isinstance(event, dict) and "End" in event and _name(event["End"]) == name:
        return -1
    return 0


def _name(tag: object) -> str:
    return tag if isinstance(tag, str) else next(iter(tag)) if isinstance(tag, dict) else ""


def _start_kind(tag: object) -> str:
    name = _name(tag)
    if name == "Image":
        return "img"
    link_type = tag["Link"].get("link_type") if name == "Link" else None  # type: ignore[index]
    if link_type in _OPAQUE_LINKS or link_type in _LABEL_LINKS:
        return "x"
    return _CONTAINERS.get(name, "")


def _protect(text: str, root: _Node, literal: bool) -> None:
    """Each placeable (``markdown.placeables``) becomes one ``x`` atom, whatever pyromark
    made of its pieces (``{{<note>}}`` parses as text, HTML, text)."""
    found = site_syntax.scan(text, _SYNTAX)
    if literal:
        found = [p for p in found if p.kind == "shortcode"]
    if not found:
        return
    starts = _byte_starts(text)
    for p in found:
        _insert(root, starts[p.start], starts[p.end])


def _byte_starts(text: str) -> list[int]:
    out, n = [0], 0
    for c in text:
        n += len(c.encode("utf-8"))
        out.append(n)
    return out


def _insert(node: _Node, a: int, b: int) -> None:
    """Put an atom for ``[a, b)`` under the deepest node that holds it whole."""
    for child in node.children:
        if child.start < a and b < child.end and child.kind in ("b", "i", "s", "a"):
            return _insert(child, a, b)
    overlapping = [c for c in node.children if c.start < b and a < c.end]
    if any(c.start < a or c.end > b for c in overlapping):
        return  # the placeable straddles markup: leave it as it is
    kept = [c for c in node.children if c not in overlapping]
    kept.append(_Node("x", a, b))
    node.children = sorted(kept, key=lambda c: c.start)
    node.inner_end = max(node.inner_end, b)


def _end_kind(tag: object) -> str:
    return _CONTAINERS.get(_name(tag), "")


def _link_end(src: bytes, tag: object, end: int) -> int:
    """pulldown-cmark ends ``[text][]`` before the ``[]``; take it into the link."""
    if _name(tag) != "Link" or src[end : end + 2] != b"[]":
        return end
    kind = str(tag["Link"].get("link_type", ""))  # type: ignore[index]
    return end + 2 if kind.startswith("Collapsed") else end


def _close(node: _Node, parent: _Node) -> None:
    """A link with no text, or any span without content, is kept whole as a placeholder."""
    if node.kind == "x" or (node.kind == "a" and node.inner_end < 0):
        node.kind, node.children = "x", []
    parent.children.append(node)
    parent.inner_end = max(parent.inner_end, node.end)


def _leaf(event: object, start: int, end: int, top: _Node) -> None:
    name = _name(event)
    if name in _ATOMS:
        top.children.append(_Node("x", start, end))
    elif event == "HardBreak":
        top.children.append(_Node("br", start, end))
    top.inner_end = max(top.inner_end, end)


def _delims(src: bytes, node: _Node) -> tuple[int, int]:
    """Byte length of the opening and closing markup of a container."""
    if node.kind == "b":
        return 2, 2
    if node.kind == "i":
        return 1, 1
    if node.kind == "s":
        n = len(src[node.start :]) - len(src[node.start :].lstrip(b"~"))
        return n, n
    return 1, node.end - max(node.inner_end, node.start + 1)  # link: "[" ... "](dest)"


def _emit(src: bytes, node: _Node, lo: int, hi: int, out: list[str], spans: list[Span]) -> None:
    """Write the XML for ``src[lo:hi]`` (the inside of ``node``)."""
    cursor = lo
    for child in node.children:
        _emit_text(src[cursor : child.start].decode("utf-8"), out, spans)
        n = len(spans)
        if child.kind in _PLACEHOLDERS:
            spans.append(Span(child.kind, src[child.start : child.end].decode("utf-8")))
            out.append(f'<{child.kind} i="{n}"/>')
        else:
            o, c = _delims(src, child)
            spans.append(
                Span(
                    child.kind,
                    src[child.start : child.start + o].decode("utf-8"),
                    src[child.end - c : child.end].decode("utf-8"),
                )
            )
            out.append(f'<{child.kind} i="{n}">')
            _emit(src, child, child.start + o, child.end - c, out, spans)
            out.append(f"</{child.kind}>")
        cursor = child.end
    _emit_text(src[cursor:hi].decode("utf-8"), out, spans)


def _emit_text(text: str, out: list[str], spans: list[Span]) -> None:
    cursor = 0
    for m in _PROTECT.finditer(text):
        out.append(_escape(text[cursor : m.start()]))
        out.append(f'<x i="{len(spans)}"/>')
        spans.append(Span("x", m.group()))
        cursor = m.end()
    out.append(_escape(text[cursor:]))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# -------------------------------------------------------------------------- from_xml

_TAG_RE = re.compile(
    r"<(/?)([A-Za-z][\w.-]*)((?:\s+[\w.-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>"
)
_ID_RE = re.compile(r"""\bi\s*=\s*["'](\d+)["']""")


def from_xml(xml: str, spans: Spans) -> str:
    """Rebuild Markdown from DeepL's XML answer, with the exact markup the English used.

    Tolerant by design: a dropped, duplicated, unknown or unbalanced tag never crashes.
    The best text is rebuilt (unclosed spans are closed at the end, unknown tags are
    dropped with their text kept) and :class:`MarkupError` carries it with the problems.
    """
    out: list[str] = []
    problems: list[str] = []
    stack: list[tuple[str, int]] = []
    seen: list[int] = []
    cursor = 0
    for m in _TAG_RE.finditer(xml):
        out.append(html.unescape(xml[cursor : m.start()]))
        cursor = m.end()
        _tag(m, spans, out, stack, seen, problems)
    out.append(html.unescape(xml[cursor:]))
    for tag, n in reversed(stack):
        problems.append(f"<{tag}> {n} not closed")
        out.append(spans.items[n].close)
    _check_counts(spans, seen, problems)
    text = "".join(out)
    if problems:
        raise MarkupError(text, problems)
    return text


def _tag(
    m: re.Match[str],
    spans: Spans,
    out: list[str],
    stack: list[tuple[str, int]],
    seen: list[int],
    problems: list[str],
) -> None:
    closing, tag, attrs, selfclosing = m.group(1), m.group(2), m.group(3), m.group(4)
    if closing:
        _close_tag(tag, spans, out, stack, problems)
        return
    idm = _ID_RE.search(attrs)
    n = int(idm.group(1)) if idm else -1
    if not 0 <= n < len(spans) or spans.items[n].tag != tag:
        problems.append(f"unexpected tag {m.group()!r}")
        return
    seen.append(n)
    out.append(spans.items[n].open)
    if tag not in _PLACEHOLDERS and not selfclosing:
        stack.append((tag, n))
    elif tag not in _PLACEHOLDERS:
        out.append(spans.items[n].close)


def _close_tag(
    tag: str, spans: Spans, out: list[str], stack: list[tuple[str, int]], problems: list[str]
) -> None:
    if tag in _PLACEHOLDERS:
        return  # <x i="1"></x>: the content was ignored, the open markup already written
    for depth in range(len(stack) - 1, -1, -1):
        if stack[depth][0] == tag:
            for inner_tag, inner in reversed(stack[depth + 1 :]):
                problems.append(f"<{inner_tag}> {inner} closed out of order")
                out.append(spans.items[inner].close)
            out.append(spans.items[stack[depth][1]].close)
            del stack[depth:]
            return
    problems.append(f"stray </{tag}>")


def _check_counts(spans: Spans, seen: list[int], problems: list[str]) -> None:
    for n, span in enumerate(spans.items):
        count = seen.count(n)
        if count == 0:
            problems.append(f"lost {span.open}{'…' + span.close if span.close else ''}")
        elif count > 1:
            problems.append(f"repeated {span.open}{'…' + span.close if span.close else ''}")
