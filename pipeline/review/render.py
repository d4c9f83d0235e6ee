"""pipeline.review.render: Markdown to safe HTML, and the word-level diff of changed English.

Both sides are rendered with markdown-it-py in CommonMark mode with tables and
strikethrough, the syntax the extractor parses (pulldown-cmark with the same
options), raw HTML allowed as a CommonMark site allows it, and every fragment
is then sanitized with nh3 (ammonia, Rust): an allow-list of tags and
attributes, URL schemes limited to http, https and mailto, so no script, event
handler or ``javascript:`` URL survives, whatever a PO file holds.

Images are shown as a labelled placeholder (alt text and address) instead of
being loaded: the reviewer checks the alt text and the address, and the page
never fetches anything from elsewhere.
"""

from __future__ import annotations

import difflib
import html
import re
from functools import lru_cache

_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd",
        "del", "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3",
        "h4", "h5", "h6", "hr", "i", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s",
        "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot",
        "th", "thead", "tr", "u", "ul",
    }
)  # fmt: skip
_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "ol": {"start"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "span": {"title"},
}
_CLASSES = {"span": {"img", "img-alt", "img-src"}, "code": {"img-src"}}
_SCHEMES = {"http", "https", "mailto"}


@lru_cache(maxsize=1)
def parser():
    """The one markdown-it-py instance (CommonMark, tables, strikethrough, raw HTML)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.add_render_rule("image", _image)
    return md


def _image(self, tokens, idx, options, env) -> str:
    """``![alt](src)`` as text: what a reviewer checks, without loading anything."""
    tok = tokens[idx]
    alt = self.renderInlineAsText(tok.children or [], options, env)
    src = tok.attrGet("src") or ""
    return (
        f'<span class="img" title="image">[image: <span class="img-alt">{html.escape(alt)}'
        f'</span> <code class="img-src">{html.escape(str(src))}</code>]</span>'
    )


def sanitize(fragment: str) -> str:
    """The allow-listed HTML of a fragment: nothing in it can run."""
    return _cleaner().clean(fragment)


@lru_cache(maxsize=1)
def _cleaner():
    import nh3

    return nh3.Cleaner(
        tags=set(_TAGS),
        attributes={k: set(v) for k, v in _ATTRIBUTES.items()},
        allowed_classes={k: set(v) for k, v in _CLASSES.items()},
        url_schemes=set(_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        set_tag_attribute_values={"a": {"target": "_blank"}},
        strip_comments=True,
    )


_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:", re.MULTILINE)


def references(text: str) -> dict:
    """A document's link reference definitions, so a block can use one defined elsewhere.

    Most articles have none: the whole document is parsed only when one may be there.
    """
    if not _DEFINITION.search(text):
        return {}
    env: dict = {}
    parser().parse(text, env)
    return env.get("references", {})


def markdown(text: str, refs: dict | None = None) -> str:
    """Sanitized HTML of a Markdown fragment (``refs``: the whole document's definitions)."""
    if not refs:
        return _cached(text)
    return sanitize(parser().render(text, {"references": dict(refs)}))


@lru_cache(maxsize=16384)
def _cached(text: str) -> str:
    """Rows repeat from view to view (only edited units change): render each text once."""
    return sanitize(parser().render(text, {}))


def inline(text: str) -> str:
    """Sanitized HTML of one unit's inline Markdown (front matter, unit lists)."""
    return sanitize(parser().renderInline(text))


_WORDS = re.compile(r"\w+|[^\w\s]|\s+")


def diff_words(old: str, new: str) -> str:
    """``<del>``/``<ins>`` marks of what changed between two English texts, word by word."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    out = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(html.escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{html.escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{html.escape(''.join(b[j1:j2]))}</ins>")
    return "".join(out)
