"""pipeline.safety.html: raw HTML as a browser tokenizes it, reduced to what must not change.

Python's ``html.parser`` reads the tags, attributes (quotes, entities and a ``>``
inside a quoted value handled as a browser does) and comments; nothing here finds
a tag with a pattern. Each token becomes a *fact*: the tag name with its
attributes (translatable ones by presence only, URLs normalized), a closing tag, a
comment. Where ``html.parser`` gives up and keeps a ``<`` as text, a browser may
still open a tag, so that is a fact too.
"""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser

from pipeline.safety import text as text_mod
from pipeline.safety import urls

Fact = tuple
Sink = Callable[[Fact], None]

TRANSLATABLE = frozenset({"alt", "title", "placeholder", "aria-label"})
"""Attributes a translator translates (``markdown.html`` extracts them): compared by presence."""
URL_ATTRIBUTES = frozenset(
    {
        "href", "src", "srcset", "action", "formaction", "poster", "cite", "data",
        "background", "longdesc", "manifest", "xlink:href", "ping", "codebase",
        "usemap", "icon", "lowsrc", "dynsrc",
    }
)  # fmt: skip
ACTIVE_TAGS = frozenset(
    {
        "script", "iframe", "frame", "frameset", "object", "embed", "applet", "style",
        "link", "meta", "base", "form", "svg", "math", "template", "portal",
    }
)  # fmt: skip
"""Tags that can run code or load a page: what merge must never publish when new."""
LAYOUT = frozenset({"br", "wbr"})
"""A bare line break is text layout (translators write ``；`` for ``<br>`` in table cells)."""


def is_active_attribute(name: str, value: str | None) -> bool:
    """Event handlers, ``srcdoc``/``formaction`` and script URLs can run code."""
    if name.startswith("on") or name in ("srcdoc", "formaction"):
        return True
    return value is not None and urls.is_script(value)


class Tokenizer(HTMLParser):
    """One document's raw HTML, fed piece by piece; facts go to the current ``sink``."""

    def __init__(
        self, localize: urls.Localize | None = None, readable: frozenset[str] = frozenset()
    ):
        super().__init__(convert_charrefs=False)
        self.localize = localize
        self.readable = readable
        """More attributes compared by presence: those the article's units translate
        (``placeable_params`` of a component, ``label`` of ``TabItem``)."""
        self.sink: Sink = lambda fact: None

    def feed_piece(self, html: str, sink: Sink) -> None:
        self.sink = sink
        try:
            self.feed(html)
        except AssertionError:  # html.parser before 3.13 gives up on ``<![x[`` sections
            sink(("unreadable", "HTML the tokenizer cannot read: " + html[:40]))
            self.reset()

    def pending(self) -> str:
        """Raw HTML not yet tokenized: a tag or comment left open."""
        return self.rawdata

    def reset_pending(self, sink: Sink) -> None:
        """Report an open tag or comment and start afresh (the browser would swallow
        the following content into it)."""
        if self.rawdata:
            sink(("open", "an HTML tag or comment is left open: " + self.rawdata[:40]))
            self.rawdata = ""

    # -- html.parser callbacks -------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in LAYOUT and not attrs:
            return
        self.sink(("tag", tag, tuple(sorted(self._attr(n, v) for n, v in attrs))))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        if tag not in LAYOUT:
            self.sink(("end", tag))

    def handle_comment(self, data: str) -> None:
        self.sink(("comment",))

    def handle_decl(self, decl: str) -> None:
        self.sink(("decl", decl[:40]))

    handle_pi = unknown_decl = handle_decl

    def handle_data(self, data: str) -> None:
        for what in text_mod.hidden(data):
            self.sink(("hidden", what))
        at = data.find("<")
        while at >= 0:
            nxt = data[at + 1 : at + 2]
            if nxt.isalpha() or nxt in ("/", "!", "?"):
                self.sink(("lt", data[at : at + 20]))
            at = data.find("<", at + 1)

    def _attr(self, name: str, value: str | None) -> tuple[str, str | None]:
        if name in TRANSLATABLE:
            return name, ""
        readable = name in self.readable and name not in URL_ATTRIBUTES and name != "style"
        if readable and not is_active_attribute(name, value):
            return name, ""
        if name in URL_ATTRIBUTES and value is not None:
            return name, urls.normalize(value, self.localize)
        return name, value
