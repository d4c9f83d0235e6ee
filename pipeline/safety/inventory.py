"""pipeline.safety.inventory: what a Markdown document holds besides its words.

One walk over pulldown-cmark's events (the parser the extractor cuts units with,
same options) gives, per block in document order, the block's kind and the
sorted facts inside it: link and image destinations, raw HTML tokens, comments,
hidden characters, bare URLs, strikethrough, task markers. Text and emphasis are
left out: those are what a translator changes. Two documents whose inventories
are equal show a reader the same links, images, HTML and structure.

The walk is the review's hot path (one per article in the common case), so it is
written as one loop with the cheap cases first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import pyromark

from pipeline.markdown import extract
from pipeline.safety import text as text_mod
from pipeline.safety import urls
from pipeline.safety.html import Tokenizer

OPTIONS = extract._OPTIONS
"""The extractor's options: the site's parser, as the extractor already assumes it."""

_IGNORED = frozenset({"Emphasis", "Strong", "Superscript", "Subscript"})


class Block(NamedTuple):
    """One block: its kind and nesting depth, and the facts directly inside it (sorted)."""

    depth: int
    kind: tuple
    facts: tuple


@dataclass(frozen=True)
class Inventory:
    """Everything a translation must leave as the English has it."""

    blocks: tuple[Block, ...]
    """In the order the blocks end (children before their container)."""
    definitions: tuple[tuple[str, str], ...]
    """Link reference definitions (label, destination), sorted."""
    spans: tuple[tuple[int, int], ...] = field(compare=False, default=())
    """Each block's UTF-8 byte range, for telling which block holds a unit's text."""
    links: tuple[str, ...] = field(compare=False, default=())
    """Link destinations in document order (Markdown, autolinks, bare URLs), for ``qa.urls``."""
    images: tuple[str, ...] = field(compare=False, default=())


def inventory(
    markdown: str, localize: urls.Localize | None = None, readable: frozenset[str] = frozenset()
) -> Inventory:
    """The inventory of a Markdown document (a body, or one unit in a small context)."""
    walker = _Walker(localize, text_mod.maybe_hidden(markdown), readable)
    walker.walk(pyromark.events_with_range(markdown, options=OPTIONS))
    defs = pyromark.reference_definitions(markdown, options=OPTIONS) if "]:" in markdown else {}
    definitions = tuple(
        sorted((label.lower(), urls.normalize(d["dest"], localize)) for label, d in defs.items())
    )
    return Inventory(
        tuple(walker.blocks),
        definitions,
        tuple(walker.spans),
        tuple(walker.links),
        tuple(walker.images),
    )


class _Open:
    """A block being walked: its facts and text so far."""

    __slots__ = ("depth", "kind", "facts", "start", "end", "text", "linkable")

    def __init__(self, depth: int, kind: tuple, start: int, end: int):
        self.depth, self.kind, self.start, self.end = depth, kind, start, end
        self.facts: list[tuple] = []
        self.text: list[str] = []
        self.linkable: list[str] = []


class _Walker:
    def __init__(self, localize: urls.Localize | None, scan_hidden: bool, readable: frozenset[str]):
        self.localize = localize
        self.scan_hidden = scan_hidden
        """False when the whole source has nothing hidden: no block needs a look."""
        self.html = Tokenizer(localize, readable)
        self.blocks: list[Block] = []
        self.spans: list[tuple[int, int]] = []
        self.links: list[str] = []
        self.images: list[str] = []
        self.inside = 0
        """Depth inside links and images, whose text is never autolinked."""
        self.alt = 0
        """Depth inside images: their content is alt text, rendered as plain text only."""

    def walk(self, events) -> None:
        top = root = _Open(0, ("Document",), 0, 0)
        stack: list[_Open] = []
        for event, rng in events:
            if type(event) is str:  # SoftBreak, HardBreak, Rule
                if event == "Rule":
                    self.blocks.append(Block(len(stack), ("Rule",), ()))
                    self.spans.append((rng["start"], rng["end"]))
                else:
                    top.text.append("\n")
                    top.linkable.append("\n")
                continue
            ((name, value),) = event.items()
            if name == "Text":
                top.text.append(value)
                top.linkable.append("\0" if self.inside else value)
            elif name == "Start":
                tag = value if type(value) is str else next(iter(value))
                if tag in _IGNORED:
                    continue
                if tag == "Link" or tag == "Image":
                    self.target(top, tag, value[tag])
                elif tag == "Strikethrough":
                    if not self.alt:
                        top.facts.append(("strikethrough",))
                else:
                    stack.append(_Open(len(stack), _kind(tag, value), rng["start"], rng["end"]))
                    top = stack[-1]
            elif name == "End":
                tag = value if type(value) is str else next(iter(value))
                if tag == "Link" or tag == "Image":
                    self.inside -= 1
                    self.alt -= tag == "Image"
                elif tag not in _IGNORED and tag != "Strikethrough" and stack:
                    if tag == "HtmlBlock":
                        self.html.reset_pending(top.facts.append)
                    self.close(stack.pop())
                    top = stack[-1] if stack else root
            else:
                self.leaf(top, name, value)
        self.html.reset_pending(root.facts.append)
        self.close(root)

    def target(self, top: _Open, tag: str, data: dict) -> None:
        """A link or image; inside an image's alt text neither renders, so neither counts."""
        self.inside += 1
        nested = self.alt > 0
        self.alt += tag == "Image"
        if nested:
            return
        plain = urls.normalize(data["dest_url"])
        dest = self.localize(plain) if self.localize is not None else plain
        (self.links if tag == "Link" else self.images).append(plain)
        top.facts.append(("link" if tag == "Link" else "image", dest))

    def leaf(self, top: _Open, name: str, value) -> None:
        if name == "Code" or (self.alt and name == "InlineHtml"):  # HTML in alt text is text
            top.text.append(value)
            top.linkable.append("\0")
        elif name == "InlineHtml" or name == "Html":
            top.linkable.append("\0")
            self.html.feed_piece(value, top.facts.append)
        elif name == "TaskListMarker":
            top.facts.append(("task", bool(value)))
        else:  # footnotes, math and whatever else a parser option adds: kept whole
            top.facts.append((name, value))

    def bare(self, facts: list[tuple], text: str) -> None:
        for url in text_mod.bare_urls(text):
            plain = urls.normalize(url)
            self.links.append(plain)
            facts.append(("url", self.localize(plain) if self.localize is not None else plain))

    def close(self, block: _Open) -> None:
        """Scan the block's text once, then record it with its sorted facts."""
        facts = block.facts
        if block.text:
            text = "".join(block.text)
            if self.scan_hidden:
                facts.extend(("hidden", what) for what in text_mod.hidden(text))
            if "://" in text or "www." in text:
                linkable = "".join(block.linkable)
                self.bare(facts, linkable)
        if len(facts) > 1:
            facts.sort(key=repr)
        self.blocks.append(Block(block.depth, block.kind, tuple(facts)))
        self.spans.append((block.start, block.end))


def _kind(tag: str, value) -> tuple:
    """A block's identity: its name and the details that define it (level, fence, list start)."""
    if type(value) is str:
        return (tag,)
    info = value[tag]
    if tag == "Heading":
        return (tag, info["level"])
    return (tag, _frozen(info))


def _frozen(value):
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(v) for v in value)
    return value
