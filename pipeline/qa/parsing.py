"""pipeline.qa.parsing: the markup, links, tags and code of a unit, parsed once."""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from markdown_it import MarkdownIt

_MD = MarkdownIt("commonmark").enable("table")
"""Built once: markdown-it-py renders what a reader sees (render parity)."""


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


def _render(text: str) -> _Rendered:
    counts: Counter[str] = Counter()
    hrefs: list[str] = []
    srcs: list[str] = []
    codes: list[str] = []
    texts: list[str] = []
    stack = list(reversed(_MD.parseInline(text)))
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
_REF_DEF_RE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*(\S+)", re.M)
_TAG_RE = re.compile(r"<(/?)\s*([A-Za-z][A-Za-z0-9-]*)(:?)([^<>]*)(>?)")
_ATTR_RE = re.compile(r"""([^\s"'<>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_BARE_URL_RE = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'()\[\]{}\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]+"
)
_URL_ATTRS = frozenset(
    {
        "href",
        "src",
        "srcset",
        "action",
        "formaction",
        "poster",
        "cite",
        "data",
        "xlink:href",
        "background",
        "longdesc",
        "manifest",
    }
)
_TEXT_ATTRS = frozenset(
    {"alt", "title", "placeholder", "aria-label", "aria-description", "label", "summary", "content"}
)
"""Attributes whose value a translator translates: only their presence is compared."""
_DANGEROUS_SCHEME_RE = re.compile(r"^(?:javascript|vbscript|data|livescript):", re.I)


@dataclass(frozen=True)
class _Tag:
    name: str
    closing: bool
    attrs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class _Parsed:
    """Everything the checks need from one side, extracted once."""

    text: str
    links: tuple[str, ...]
    """Link targets (Markdown, autolink, href, bare URL) in order, images excluded."""
    images: tuple[str, ...]
    tags: tuple[_Tag, ...]
    code_spans: tuple[str, ...]
    plain: str
    """The text with code spans, URLs and tags blanked out: what numbers etc. look at."""

    @cached_property
    def rendered(self) -> _Rendered:
        return _render(self.text)


def _parse(text: str) -> _Parsed:
    code_spans = tuple(m.group(2).strip() or m.group(2) for m in _CODE_SPAN_RE.finditer(text))
    spans: list[tuple[int, int]] = [m.span() for m in _CODE_SPAN_RE.finditer(text)]
    # Targets are collected from raw syntax, not from markdown-it's tokens: markdown-it
    # refuses ``javascript:`` links and leaves them as text, but another renderer may not.
    found: list[tuple[int, str, str]] = []  # (position, "link" | "image", url)
    for m in _MD_DEST_RE.finditer(text):
        url = m.group(2).strip("<>")
        found.append((m.start(2), "image" if m.group(1) else "link", url))
        spans.append(m.span(2))
    for m in _REF_DEF_RE.finditer(text):
        found.append((m.start(1), "link", m.group(1).strip("<>")))
        spans.append(m.span(1))
    tags: list[_Tag] = []
    for m in _TAG_RE.finditer(text):
        if m.group(3):  # <scheme:...> autolink
            url = m.group(2) + ":" + m.group(4).split()[0] if m.group(4).split() else m.group(2)
            found.append((m.start(), "link", url.rstrip(">")))
        else:
            attrs = tuple(
                (a.group(1).lower(), html.unescape((a.group(2) or "").strip("\"'")))
                for a in _ATTR_RE.finditer(m.group(4))
            )
            tag = _Tag(m.group(2).lower(), bool(m.group(1)), attrs)
            tags.append(tag)
            for name, value in attrs:
                if name in _URL_ATTRS and value:
                    kind = "image" if (tag.name == "img" and name in ("src", "srcset")) else "link"
                    found.append((m.start(), kind, value))
        spans.append(m.span())
    masked = _blank(text, spans)
    for m in _BARE_URL_RE.finditer(masked):
        found.append((m.start(), "link", m.group().rstrip(".,;:!?")))
        spans.append(m.span())
    found.sort(key=lambda f: f[0])
    return _Parsed(
        text=text,
        links=tuple(u for _, k, u in found if k == "link"),
        images=tuple(u for _, k, u in found if k == "image"),
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


def _is_dangerous(url: str) -> bool:
    cleaned = re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(url))
    return bool(_DANGEROUS_SCHEME_RE.match(cleaned))
