"""pipeline.qa.parsing: the markup, links, tags and code of a unit, parsed once."""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache


@lru_cache(maxsize=1)
def _md():
    """Built once, when first needed: markdown-it-py renders what a reader sees (render
    parity); a run that checks nothing does not import it."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


@dataclass(frozen=True)
class _Rendered:
    """What markdown-it makes of an inline unit: node counts, targets, code and text."""

    counts: Counter[str]
    hrefs: tuple[str, ...]
    srcs: tuple[str, ...]
    codes: tuple[str, ...]
    texts: tuple[str, ...]


_NODE_NAMES = {
    "strong_open": "bold",
    "em_open": "italic",
    "link_open": "link",
    "image": "image",
    "code_inline": "inline code",
}


_INLINE_SYNTAX = re.compile(r"[*_\[\]!`<&\\]")
"""Every character that starts an inline rule of markdown-it's CommonMark (emphasis, links,
images, code, autolinks and HTML, entities, escapes) or is counted as a literal: a text
without one renders as text alone."""


def _render(text: str) -> _Rendered:
    if not _INLINE_SYNTAX.search(text):
        # No node can open and no literal can show: what parsing would give, minus the
        # text pieces' exact split (only the literals' counts read them, and they are 0).
        return _Rendered(Counter(), (), (), (), (text,))
    counts: Counter[str] = Counter()
    hrefs: list[str] = []
    srcs: list[str] = []
    codes: list[str] = []
    texts: list[str] = []
    stack = list(reversed(_md().parseInline(text)))
    while stack:
        tok = stack.pop()
        if tok.type in _NODE_NAMES:
            counts[_NODE_NAMES[tok.type]] += 1
        if tok.type == "link_open":
            hrefs.append(str(tok.attrGet("href") or ""))
        elif tok.type == "image":
            srcs.append(str(tok.attrGet("src") or ""))
        elif tok.type == "code_inline":
            codes.append(tok.content)
        elif tok.type == "text":
            texts.append(tok.content)
        if tok.children:
            stack.extend(reversed(tok.children))
    return _Rendered(counts, tuple(hrefs), tuple(srcs), tuple(codes), tuple(texts))


_CODE_SPAN_RE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
_DEST = r"(?:<[^<>\n]*>|(?:[^\s()]|\([^\s()]*\))*)"
_MD_DEST_RE = re.compile(r"(!?)\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*(" + _DEST + r")")
_REF_DEF_RE = re.compile(r"^\s{0,3}\[(?!\^)[^\]]+\]:\s*(\S+)", re.M)
"""A reference definition's destination; ``[^1]: …`` is a footnote definition: prose."""
_TAG_RE = re.compile(r"<(/?)\s*([A-Za-z][A-Za-z0-9-]*)(:?)([^<>]*)(>?)")
_ATTR_RE = re.compile(r"""([^\s"'<>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_BARE_URL_RE = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'()\[\]{}\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]+"
)


@dataclass(frozen=True)
class _Tag:
    name: str
    closing: bool
    attrs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class _Parsed:
    """Everything the checks need from one side, extracted once."""

    text: str
    tags: tuple[_Tag, ...]
    """HTML tags, for ``markup_balance``'s counts (what they mean is ``pipeline.safety``'s)."""
    code_spans: tuple[str, ...]
    plain: str
    """The text with code spans, URLs and tags blanked out: what numbers etc. look at."""

    @cached_property
    def rendered(self) -> _Rendered:
        return _render(self.text)


@lru_cache(maxsize=8192)
def _parse(text: str) -> _Parsed:
    """One side of an entry, parsed; kept, so the English of an entry is parsed (and
    rendered) once for all the locales it is translated into."""
    code_spans = tuple(m.group(2).strip() or m.group(2) for m in _CODE_SPAN_RE.finditer(text))
    spans: list[tuple[int, int]] = [m.span() for m in _CODE_SPAN_RE.finditer(text)]
    # Link targets, tags and bare URLs are blanked out of ``plain`` so that the number
    # checks do not read them; which targets and tags there are is ``pipeline.safety``'s.
    spans += [m.span(2) for m in _MD_DEST_RE.finditer(text)]
    spans += [m.span(1) for m in _REF_DEF_RE.finditer(text)]
    tags: list[_Tag] = []
    for m in _TAG_RE.finditer(text):
        if not m.group(3):  # not a <scheme:...> autolink
            attrs = tuple(
                (a.group(1).lower(), html.unescape((a.group(2) or "").strip("\"'")))
                for a in _ATTR_RE.finditer(m.group(4))
            )
            tags.append(_Tag(m.group(2).lower(), bool(m.group(1)), attrs))
        spans.append(m.span())
    spans += [m.span() for m in _BARE_URL_RE.finditer(_blank(text, spans))]
    return _Parsed(
        text=text,
        tags=tuple(tags),
        code_spans=code_spans,
        plain=_blank(text, spans),
    )


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """Replace the spans by spaces so that neighbouring tokens cannot merge."""
    if not spans:
        return text
    out: list[str] = []
    pos = 0
    for start, end in sorted(spans):
        if start < pos:
            start = pos
        if start >= end:
            continue
        out.append(text[pos:start])
        out.append(" ")
        pos = end
    out.append(text[pos:])
    return "".join(out)
