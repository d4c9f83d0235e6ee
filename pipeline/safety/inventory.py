"""pipeline.safety.inventory: what a Markdown document holds besides its words.

One walk over pulldown-cmark's events (the parser the extractor cuts units with,
same options) gives, per block in document order, the block's kind and the
sorted facts inside it: link and image destinations, raw HTML tokens, comments,
hidden characters, bare URLs, strikethrough, task markers. Text and emphasis are
left out: those are what a translator changes. Two documents whose inventories
are equal show a reader the same links, images, HTML and structure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyromark

from pipeline.markdown import extract
from pipeline.safety import text as text_mod
from pipeline.safety import urls
from pipeline.safety.html import Tokenizer

OPTIONS = extract._OPTIONS
"""The extractor's options: the site's parser, as the extractor already assumes it."""

_INLINE = frozenset({"Emphasis", "Strong", "Superscript", "Subscript"})
_BREAKS = {"SoftBreak": "\n", "HardBreak": "\n"}


@dataclass(frozen=True)
class Block:
    """One block: its kind and nesting depth, the facts directly inside it, where it is."""

    depth: int
    kind: tuple
    facts: tuple
    start: int = field(compare=False)
    end: int = field(compare=False)


@dataclass(frozen=True)
class Inventory:
    """Everything a translation must leave as the English has it."""

    blocks: tuple[Block, ...]
    definitions: tuple[tuple[str, str], ...]
    """Link reference definitions (label, destination), sorted."""
    links: tuple[str, ...] = field(compare=False, default=())
    """Link destinations in document order (Markdown, autolinks, bare URLs), for ``qa.urls``."""
    images: tuple[str, ...] = field(compare=False, default=())


def inventory(markdown: str, localize: urls.Localize | None = None) -> Inventory:
    """The inventory of a Markdown document (a body, or one unit in a small context)."""
    walker = _Walker(localize)
    walker.walk(pyromark.events_with_range(markdown, options=OPTIONS))
    defs = pyromark.reference_definitions(markdown, options=OPTIONS) if "]:" in markdown else {}
    definitions = tuple(
        sorted((label.lower(), urls.normalize(d["dest"], localize)) for label, d in defs.items())
    )
    return Inventory(tuple(walker.blocks), definitions, tuple(walker.links), tuple(walker.images))


class _Open:
    """A block being walked: its facts and text so far."""

    __slots__ = ("depth", "kind", "facts", "start", "end", "text", "linkable")

    def __init__(self, depth: int, kind: tuple, start: int, end: int):
        self.depth, self.kind, self.start, self.end = depth, kind, start, end
        self.facts: list[tuple] = []
        self.text: list[str] = []
        self.linkable: list[str] = []


class _Walker:
    def __init__(self, localize: urls.Localize | None):
        self.localize = localize
        self.html = Tokenizer(localize)
        self.blocks: list[Block] = []
        self.stack: list[_Open] = []
        self.links: list[str] = []
        self.images: list[str] = []
        self.in_link = 0
        self.in_image = 0
        self.root = _Open(0, ("Document",), 0, 0)

    @property
    def top(self) -> _Open:
        return self.stack[-1] if self.stack else self.root

    def add(self, fact: tuple) -> None:
        self.top.facts.append(fact)

    def walk(self, events) -> None:
        for event, rng in events:
            if type(event) is str:
                self.simple(event, rng)
                continue
            for name, value in event.items():
                if name == "Text":
                    self.text(value)
                elif name == "Start":
                    self.start(value, rng)
                elif name == "End":
                    self.end(value)
                else:
                    self.leaf(name, value)
        self.html.reset_pending(self.root.facts.append)
        self.close(self.root)

    def simple(self, name: str, rng: dict) -> None:
        if name in _BREAKS:
            self.text(_BREAKS[name])
        else:  # Rule: a leaf block
            self.blocks.append(Block(len(self.stack), (name,), (), rng["start"], rng["end"]))

    def text(self, value: str) -> None:
        top = self.top
        top.text.append(value)
        top.linkable.append("\0" if self.in_link or self.in_image else value)

    def start(self, tag, rng: dict) -> None:
        name, info = _tag(tag)
        if name in _INLINE:
            return
        if name in ("Link", "Image"):
            self.target(name, info)
            return
        if name == "Strikethrough":
            self.add(("strikethrough",))
            return
        self.stack.append(_Open(len(self.stack), (name, *info), rng["start"], rng["end"]))

    def end(self, tag) -> None:
        name = tag if type(tag) is str else next(iter(tag))
        if name in ("Link", "Image"):
            self.in_link -= name == "Link"
            self.in_image -= name == "Image"
            return
        if name in _INLINE or name == "Strikethrough" or not self.stack:
            return
        if name == "HtmlBlock":
            self.html.reset_pending(self.top.facts.append)
        self.close(self.stack.pop())

    def target(self, name: str, info: tuple) -> None:
        (data,) = info
        dest = urls.normalize(data["dest_url"], self.localize)
        if name == "Link":
            self.in_link += 1
            self.links.append(dest)
            self.add(("link", dest))
        else:
            self.in_image += 1
            self.images.append(dest)
            self.add(("image", dest))

    def leaf(self, name: str, value) -> None:
        top = self.top
        if name == "Code":
            top.text.append(value)
            top.linkable.append("\0")
        elif name in ("InlineHtml", "Html"):
            top.linkable.append("\0")
            self.html.feed_piece(value, top.facts.append)
        elif name == "TaskListMarker":
            self.add(("task", bool(value)))
        elif name == "FootnoteReference":
            self.add(("footnote", value))
        else:  # math and whatever else a parser option adds: kept whole
            self.add((name, value))

    def close(self, block: _Open) -> None:
        """Scan the block's text once, then record it with its sorted facts."""
        facts = block.facts
        if block.text:
            facts.extend(("hidden", what) for what in text_mod.hidden("".join(block.text)))
        if block.linkable:
            for url in text_mod.bare_urls("".join(block.linkable)):
                dest = urls.normalize(url, self.localize)
                self.links.append(dest)
                facts.append(("link", dest))
        self.blocks.append(
            Block(block.depth, block.kind, tuple(sorted(facts, key=repr)), block.start, block.end)
        )


def _tag(tag) -> tuple[str, tuple]:
    """A start tag's name and the details that define the block (level, fence, list start)."""
    if type(tag) is str:
        return tag, ()
    ((name, info),) = tag.items()
    if name == "Heading":
        return name, (info["level"],)
    if name in ("Link", "Image"):
        return name, (info,)
    return name, (_frozen(info),)


def _frozen(value):
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(v) for v in value)
    return value
