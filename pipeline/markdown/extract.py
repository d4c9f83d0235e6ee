"""pipeline.extract: an article becomes a skeleton with holes and a list of units.

Pure: text in, ``Article`` out. The skeleton is sliced from the original bytes
by the source ranges pyromark (pulldown-cmark) reports; nothing is re-rendered,
so filling every hole with its own msgid gives back the input byte for byte.
"""

from __future__ import annotations

import fnmatch
import functools
import hashlib
import operator
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

import pyromark

from pipeline.config import DEFAULTS
from pipeline.markdown import bodies, html, placeables, segments, sitesyntax, source, titles
from pipeline.markdown.bodies import Bodies, body_key, dump_body, load_body
from pipeline.markdown.filling import continuation, fill, fill_hole
from pipeline.model import (
    Article,
    FrontMatterField,
    Hole,
    Kind,
    Part,
    Role,
    Unit,
    role_contexts,
)

__all__ = [
    "Bodies",
    "Options",
    "article",
    "body_key",
    "continuation",
    "dump_body",
    "extract_body",
    "fill",
    "fill_hole",
    "has_letters",
    "load_body",
]

_OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_TASKLISTS
    | pyromark.Options.ENABLE_STRIKETHROUGH
)
_LEAF = frozenset(
    {"Text", "Code", "InlineHtml", "Html", "FootnoteReference", "InlineMath", "DisplayMath"}
)
_BREAKS = frozenset({"SoftBreak", "HardBreak"})
_INLINE_CONTAINERS: frozenset[object] = frozenset(
    {"Emphasis", "Strong", "Strikethrough", "Link", "Image", "Superscript", "Subscript"}
)
_PREFIX = re.compile(rb"[ \t>]*")
_ATX = re.compile(rb" {0,3}#{1,6}(?:[ \t\r\n]|$)")
"""An ATX heading's opening; a setext heading's text may start with ``#word``."""
_VERSION = hashlib.blake2b(
    b"".join(
        Path(m.__file__).read_bytes()
        for m in (bodies, html, placeables, segments, sitesyntax, titles)
    )
    + Path(__file__).read_bytes(),
    digest_size=8,
).hexdigest()
"""The extractor's own code: a body kept by another version is never reused."""
_LETTER = re.compile(r"[^\W\d_]")
_PLAIN = placeables.Syntax()
_NOT_PROSE = re.compile(r"(`+)[^`]*?\1|\]\([^)]*\)|<[^>]*>|https?://\S+")


@dataclass(frozen=True)
class Options:
    """What extraction needs from the configuration."""

    prose_keys: frozenset[str] = DEFAULTS.prose_keys
    prose_fences: tuple[str, ...] = DEFAULTS.prose_fences
    placeable_params: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
        sorted((k, tuple(v)) for k, v in DEFAULTS.placeable_params.items())
    )
    """(shortcode or component name, parameters whose values are prose), e.g.
    ``(("alert", ("title",)),)``: hashable, as options key caches."""
    mdx_files: tuple[str, ...] = DEFAULTS.mdx_files
    """File names read as MDX: ``{expressions}`` and ``import``/``export`` lines are code."""

    def syntax(self, path: str) -> placeables.Syntax:
        name = PurePosixPath(path).name
        mdx = any(fnmatch.fnmatch(name, g) for g in self.mdx_files)
        return placeables.Syntax.from_config(dict(self.placeable_params), mdx)

    @classmethod
    def of(cls, cfg) -> Options:
        """The options a configuration asks for (``placeable_params`` made hashable)."""
        params = tuple(sorted((k, tuple(v)) for k, v in cfg.placeable_params.items()))
        return cls(cfg.prose_keys, cfg.prose_fences, params, cfg.mdx_files)


def article(
    text: str, path: str, slug: str, options: Options = Options(), bodies: Bodies | None = None
) -> Article:
    """Split an article's text into its skeleton and units.

    ``bodies`` may hold the body of an earlier run: the body is a pure function of its
    text, first line and the prose fences, so merge need not parse again what extract
    parsed (the front matter is always parsed: it is cheap and merge edits it).
    """
    src = source.split(text, path)
    data, fields, fm_units = _front_matter(src, options)
    syntax = options.syntax(path)
    key = body_key(src.body, src.body_line, options.prose_fences, syntax, _VERSION)
    cached = bodies.get(key) if bodies is not None else None
    if cached is None:
        body, body_units = extract_body(src.body, src.body_line, options.prose_fences, syntax)
        if bodies is not None:
            bodies.put(key, body, body_units)
    else:
        body, body_units = cached
    fields, body, units = _roles(fields, fm_units, body, body_units)
    return Article(
        slug=slug,
        path=path,
        bom=src.bom,
        fm_open=src.fm_open,
        fm_text=src.fm_text,
        fm_close=src.fm_close,
        fm_data=data,
        fm_fields=fields,
        body=body,
        units=units,
        body_line=src.body_line,
        text=text,
    )


def _front_matter(src: source.Source, options: Options):
    data = source.parse(src)
    fields = source.locate_fields(src, data, set(options.prose_keys))
    units = [Unit(f.value, _fm_kind(f), f.line) for f in fields if has_letters(f.value)]
    return data, fields, units


def relocated(article: Article, text: str, options: Options = Options()) -> Article:
    """The article after an edit of its front matter only (mirror values): the same body
    and units, front matter parsed again and body lines moved, without parsing the body."""
    src = source.split(text, article.path)
    if src.body != article.body_text:
        raise ValueError("relocated() is for front-matter edits only")
    data, fields, fm_units = _front_matter(src, options)
    shift = src.body_line - article.body_line
    body_units = article.units[len(article.units) - _holes(article.body) :]
    if shift:
        body_units = [u._replace(line=u.line + shift) for u in body_units]
    fields, body, units = _roles(fields, fm_units, article.body, body_units)
    return replace(
        article,
        fm_open=src.fm_open,
        fm_text=src.fm_text,
        fm_close=src.fm_close,
        fm_data=data,
        fm_fields=fields,
        body=body,
        units=units,
        body_line=src.body_line,
        text=text,
    )


def _roles(
    fields: list[FrontMatterField], fm_units: list[Unit], body: list[Part], body_units: list[Unit]
) -> tuple[list[FrontMatterField], list[Part], list[Unit]]:
    """Give a ``msgctxt`` to each unit whose English text the article also uses in
    another role (``model.role_contexts``: running text, then a heading, keeps none), and
    the same to its hole or front-matter field. Items of front-matter lists (tags,
    keywords, categories) are one role, ``front matter: terms``. Everything else is
    returned as it is (the same objects: most units of most articles keep no context)."""
    units = fm_units + body_units
    msgids = list(map(_MSGID, units))
    contexts = list(map(_CONTEXT, units))
    repeated = {m for m, n in Counter(msgids).items() if n > 1}  # only these can clash
    if not repeated and contexts.count(None) == len(contexts):
        return fields, body, units  # every text plays one role and none has a context
    listed = [len(f.path) > 1 for f in fields if has_letters(f.value)]
    if len(listed) != len(fm_units):
        raise ValueError("a front-matter unit for each field with letters")
    fm = len(fm_units)

    def name_of(i: int) -> str | None:
        return TERMS if i < fm and listed[i] else _role_name(units[i].kind)

    first: dict[str, str | None] = {}
    several: dict[str, set[str | None]] = {}  # only texts that play more than one role
    for i, msgid in enumerate(msgids):
        if msgid in repeated:
            name = name_of(i)
            was = first.setdefault(msgid, name)
            if was != name:
                several.setdefault(msgid, {was}).add(name)
    plain = role_contexts(several)
    changed: dict[int, str | None] = {}  # unit index -> its new context
    for i, msgid in enumerate(msgids):
        if contexts[i] is None and msgid not in plain:
            continue  # most units: running text no other role repeats
        name = name_of(i)
        context = name if plain.get(msgid, name) != name else None
        if context != contexts[i]:
            changed[i] = context
    if not changed:
        return fields, body, units
    for i, context in changed.items():
        units[i] = units[i]._replace(context=context)
    fm_units = units[: len(fm_units)]
    by_value = iter(fm_units)
    fields = [
        _with_context(f, next(by_value).context) if has_letters(f.value) else f for f in fields
    ]
    return fields, _holes_with(body, changed, len(fm_units)), units


def _holes_with(body: list[Part], changed: dict[int, str | None], first: int) -> list[Part]:
    """The body with the contexts ``changed`` gives (by unit index; the body's units start
    at ``first``), read only as far as the last changed hole (most often the title's H1)."""
    wanted = {i - first: c for i, c in changed.items() if i >= first}
    if not wanted:
        return body
    body, last, hole = list(body), max(wanted), -1
    for j, p in enumerate(body):
        if p.__class__ is not str:
            hole += 1
            if hole in wanted:
                body[j] = p._replace(context=wanted[hole])
            if hole == last:
                break
    return body


def _with_context(f: FrontMatterField, context: str | None) -> FrontMatterField:
    """The field with this context (itself when it has it already)."""
    return f if f.context == context else replace(f, context=context)


@functools.lru_cache(maxsize=512)
def _role_name(kind: Kind) -> str | None:
    """``Kind.role_name``, once per kind (a few kinds, hundreds of units)."""
    return kind.role_name


_MSGID = operator.itemgetter(0)
_CONTEXT = operator.itemgetter(4)
"""A unit's msgid and context (``Unit`` fields 0 and 4), read in C over a whole list."""

TERMS = "front matter: terms"
"""The role of every front-matter list item: a tag and a keyword are the same kind of text."""


def _holes(parts: Sequence[Part]) -> int:
    return sum(1 for p in parts if not isinstance(p, str))


def _fm_kind(f: FrontMatterField) -> Kind:
    return Kind(Role.FRONT_MATTER, str(f.path[0]))


def has_letters(text: str) -> bool:
    """Only text with letters outside code, URLs and tags is worth a translator's time.

    ``54%``, ``⭐⭐⭐`` or a lone `` `code` `` cell stays in the skeleton.
    """
    if "`" in text or "<" in text or "](" in text or "://" in text:
        text = _NOT_PROSE.sub(" ", text)
    return _LETTER.search(text) is not None


_PARAGRAPH = Kind(Role.PARAGRAPH)
_LIST_ITEM = Kind(Role.LIST_ITEM)
_TABLE_CELL = Kind(Role.TABLE_CELL)
_CODE_BLOCK = Kind(Role.CODE_BLOCK)
_LINK_TITLE = Kind(Role.LINK_TITLE)
_LEAF_BLOCKS = frozenset({"Paragraph", "Heading", "CodeBlock", "HtmlBlock", "Table"})
_PARAGRAPH_IN = {"Item": _LIST_ITEM, "BlockQuote": Kind(Role.BLOCK_QUOTE)}
_PARAGRAPH_RUN = (_PARAGRAPH, False)
_RUN_KINDS = {"TableCell": (_TABLE_CELL, True), "Item": (_LIST_ITEM, False)}
"""The run kind of text right inside these blocks, whatever their parents."""
_LEVELS = {f"H{level}": level for level in range(1, 7)}
"""pyromark's heading levels (``"H2"``) as numbers."""
_HEADINGS = {level: Kind(Role.HEADING, str(level)) for level in range(1, 7)}
"""A heading's kind by its level (made once, not per heading)."""


class _Run:
    """Consecutive inline events that form one unit (a plain class with slots: one is
    made per unit, on the hot path). Its kind is the innermost block's, read when the
    run is flushed (blocks start and end only after a flush, so it is the same)."""

    __slots__ = ("leaves", "start", "end", "image_only", "image_alt", "image_title")

    def __init__(self, start: int = -1) -> None:
        self.leaves: list[tuple[int, int]] = []
        self.start = start
        self.end = -1
        self.image_only = True
        self.image_alt: tuple[int, int] | None = None
        self.image_title = ""


_new = tuple.__new__
"""Builds a ``Hole`` or ``Unit`` from all its fields without the named tuple's Python
``__new__`` (a frame per unit, hundreds of units an article)."""


class _Walker(sitesyntax.SiteSyntax):
    """Walks pyromark's events once, cutting the body into verbatim parts and holes."""

    def __init__(
        self,
        body: str,
        first_line: int,
        prose_fences: Sequence[str],
        syntax: placeables.Syntax = _PLAIN,
    ):
        self.syntax = syntax
        self.mdx = syntax.mdx
        self.html_attrs: dict[bytes, frozenset[bytes]] | None = None
        """The prose attributes of HTML tags, made at the first HTML block (few bodies)."""
        self.raw = body.encode("utf-8")
        self.first_line = first_line
        self.prose_fences = tuple(prose_fences)
        self.counted = 0
        self.line = first_line
        """The line at byte ``counted``: units come in order, so lines are counted on."""
        self.hot = placeables.starts(self.raw)
        """Where a placeable may start: a run with none is plain prose."""
        self.titles = titles.definitions(self.raw)
        """Titles of link reference definitions not yet emitted, in order."""
        self.parts: list[Part] = []
        self.units: list[Unit] = []
        self.pos = 0
        self.stack: list[tuple[str, object]] = []
        self.run: _Run | None = None
        self.code: _Run | None = None
        self.in_code = False
        self.html_lines: list[tuple[int, int]] = []
        self.spans: list[tuple[int, int]] = []
        """The current run's inline containers (emphasis, links…): a unit never splits one."""
        self.labels: list[tuple[int, int]] = []
        """The current run's reference-link labels (``[install guide]``): keys, never text."""

    # -- output -------------------------------------------------------------
    def line_of(self, offset: int) -> int:
        """The file line of ``raw[offset]``."""
        if offset < self.counted:  # a unit before the last one (rare): count from the top
            self.counted, self.line = 0, self.first_line
        self.line += self.raw.count(b"\n", self.counted, offset)
        self.counted = offset
        return self.line

    def emit(
        self,
        start: int,
        end: int,
        leaves: list[tuple[int, int]],
        kind: Kind,
        single_line: bool,
        note: str = "",
    ) -> None:
        """Cut a hole for ``raw[start:end]`` unless it holds no words."""
        raw = self.raw
        chunk = raw[start:end]
        if 10 not in chunk:  # one line (no b"\n": the int is a memchr, the bytes ~8x slower)
            text, breaks = chunk.decode("utf-8"), ()
        else:
            text, lines = _unit_text(raw, start, end, leaves)
            breaks = tuple(lines)
        if not note:  # has_letters(), with a call less for plain text
            if "`" in text or "<" in text or "](" in text or "://" in text:
                if not has_letters(text):
                    return
            elif not text[:1].isalpha() and _LETTER.search(text) is None:
                return  # a text that starts with a letter (most) needs no search
        parts = self.parts
        if start > self.pos:
            parts.append(raw[self.pos : start].decode("utf-8"))
        parts.append(_new(Hole, (text, breaks, single_line, None)))
        if start >= self.counted:  # line_of(), inlined: units come in order
            self.line += raw.count(b"\n", self.counted, start)
            self.counted = start
            line = self.line
        else:
            line = self.line_of(start)
        self.units.append(_new(Unit, (text, kind, line, note, None)))
        self.pos = end

    def finish(self) -> list[Part]:
        self.definitions_before(len(self.raw) + 1)
        if self.pos < len(self.raw):
            self.parts.append(self.raw[self.pos :].decode("utf-8"))
        return self.parts

    # -- runs of inline content ---------------------------------------------
    def open_run(self, start: int) -> _Run:
        """The run that inline content at ``start`` begins (none is open)."""
        run = self.run = _Run(start)
        return run

    def inline(self, name: str, start: int, end: int) -> None:
        run = self.run
        if run is None:
            run = self.open_run(start)
        if end > run.end:
            run.end = end
        if name in _LEAF or name in _BREAKS:
            run.leaves.append((start, end))

    def flush(self) -> None:
        run = self.run
        if run is None:  # most calls: a block boundary with no text pending
            return
        self.run = None
        spans, labels = self.spans, self.labels  # only ever filled while a run is open
        if spans or labels:
            self.spans, self.labels = [], []
        if not run.leaves:
            return
        if self.titles:  # a "[x]: y" line inside this text is text, not a definition
            self.definitions_before(run.start, run.end)
        leaves = run.leaves  # events arrive in document order
        if run.image_alt is not None and run.image_only:
            inner = [lv for lv in leaves if run.image_alt[0] <= lv[0] < run.image_alt[1]]
            if inner:  # alt text may span lines: the translation keeps its line breaks
                self.emit(inner[0][0], inner[-1][1], inner, Kind(Role.IMAGE_ALT), False)
            t = titles.image_title(self.raw, *run.image_alt, run.image_title)
            if t is not None:
                self.emit(t.start, t.end, [(t.start, t.end)], _LINK_TITLE, True)
            return
        if self.mdx and self.is_esm(run):
            return
        stack = self.stack  # the run's kind: the innermost block's (inlined: once a run)
        if not stack:
            kind, single = _PARAGRAPH_RUN
        else:
            name, info = stack[-1]
            found = _RUN_KINDS.get(name)
            if found is not None:  # a cell or an item: the kind is the block's alone
                kind, single = found
            elif name == "Heading":
                level, single = info  # type: ignore[misc]  # a setext heading may span lines
                kind = _HEADINGS[level]
            elif name == "Paragraph":
                parent = stack[-2][0] if len(stack) > 1 else ""
                kind, single = _PARAGRAPH_IN.get(parent, _PARAGRAPH), False
            else:
                kind, single = _PARAGRAPH_RUN
        if self.hot or labels:
            self.emit_protected(run.start, run.end, leaves, kind, single, spans, labels)
        else:  # no placeable anywhere in the body: the common case, kept fast
            self.emit(run.start, run.end, leaves, kind, single)

    def walk(self, events: Iterable[tuple[object, dict]]) -> None:
        """One pass over the events. The frequent events (text, emphasis, the starts and
        ends of paragraphs, items, cells and lists) are handled here with no further call;
        the rest go to ``on_start``, ``on_end`` and ``on_leaf``. An event is a dict of one
        key (``{"Text": "…"}``, ``{"Start": tag}``): it is asked for the likely keys in
        turn, and the range is read only where it is used (most block ends need none)."""
        stack, titles_left = self.stack, self.titles  # both only ever changed in place
        raw = self.raw
        for event, rng in events:
            if event.__class__ is str:
                self.on_simple(event, rng["start"], rng["end"])  # type: ignore[arg-type]
            elif "Text" in event and not self.in_code:  # type: ignore[operator]
                start, end = rng["start"], rng["end"]
                run = self.run
                if run is None:
                    run = self.run = _Run(start)
                if end > run.end:
                    run.end = end
                run.leaves.append((start, end))
                if run.image_only:  # note_leaf(), inlined: the first text of every run
                    alt = run.image_alt
                    if (
                        (alt is None or start >= alt[1])
                        and start < end
                        and (raw[start] > 32 or raw[start:end].strip())  # above space: no slice
                    ):
                        run.image_only = False
            elif "End" in event:  # type: ignore[operator]
                value = event["End"]  # type: ignore[index]
                if value.__class__ is not str:  # {"Heading": "H2"}, {"List": False}…
                    if "List" in value or "Heading" in value:  # on_end(), inlined
                        if self.run is not None:
                            self.flush()
                        if stack:
                            stack.pop()
                    else:
                        for block in value:
                            self.on_end(block, rng["start"], rng["end"])
                elif value in _BLOCK_ENDS:  # </p>, </li>, </td>…: nothing else to do
                    if self.run is not None:
                        self.flush()
                    if stack:
                        stack.pop()
                elif value not in _INLINE_CONTAINERS:  # not ** or ]()
                    self.on_end(value, rng["start"], rng["end"])
            elif "Start" in event:  # type: ignore[operator]
                value = event["Start"]  # type: ignore[index]
                if value.__class__ is not str:  # {"Heading": {...}}, {"Link": {...}}…
                    if "List" in value:  # on_start(), inlined: a list is only a block
                        if self.run is not None:
                            self.flush()
                        if titles_left:
                            self.definitions_before(rng["start"])
                        stack.append(("List", value["List"]))
                    else:
                        for block in value:
                            self.on_start(block, value[block], rng["start"], rng["end"])
                elif value in _SPANS:  # **, _, ~~ (no label, never an image)
                    start, end = rng["start"], rng["end"]
                    run = self.run
                    if run is None:
                        run = self.run = _Run(start)
                    if end > run.end:
                        run.end = end
                    if self.hot:
                        self.spans.append((start, end))
                    if run.image_only and (run.image_alt is None or start >= run.image_alt[1]):
                        run.image_only = False
                else:  # a block: <p>, <li>, <td>…
                    if self.run is not None:
                        self.flush()
                    if titles_left:
                        start = rng["start"]
                        self.definitions_before(start, rng["end"] if value in _LEAF_BLOCKS else -1)
                    stack.append((value, None))
            else:
                for name in event:  # type: ignore[attr-defined]
                    self.on_leaf(name, rng["start"], rng["end"])
        self.flush()

    def on_simple(self, name: str, start: int, end: int) -> None:
        if name in _BREAKS:
            self.inline(name, start, end)
        else:  # Rule and the like: block-level, verbatim
            self.flush()

    def on_leaf(self, name: str, start: int, end: int) -> None:
        if self.in_code:
            if self.code is not None:
                self.code.leaves.append((start, end))
        elif name == "Html":
            self.flush()  # HtmlBlock lines are handled as a whole at the block's end
            self.html_lines.append((start, end))
        elif name == "TaskListMarker":
            self.flush()
        else:
            self.inline(name, start, end)
            if self.run is not None and self.run.image_only:
                self.note_leaf(self.run, start, end)

    def note_leaf(self, run: _Run, start: int, end: int) -> None:
        """Text outside the image makes the run a paragraph, not an image's alt text."""
        alt = run.image_alt
        if (alt is None or start >= alt[1]) and self.raw[start:end].strip():
            run.image_only = False

    def on_start(self, name: str, info: object, start: int, end: int) -> None:
        """A container that pyromark describes with a dict (heading, list, link, image,
        code block, table…); ``info`` is that dict (a heading's: its level, as a number)."""
        if name == "Heading" and isinstance(info, dict):
            info = _LEVELS[info.get("level", "H1")]
        if name in _INLINE_CONTAINERS:
            self.inline(name, start, end)
            run = self.run
            if self.hot:  # only a body with placeables needs to know where containers are
                self.spans.append((start, end))
            if info is not None and info.get("id"):  # type: ignore[attr-defined]
                self.note_label(info, start, end)  # a reference link: its label is a key
            if name == "Image" and run is not None and run.image_alt is None and run.image_only:
                run.image_alt = (start, end)
                run.image_title = info.get("title", "") if info is not None else ""  # type: ignore[attr-defined]
            elif run is not None and (run.image_alt is None or start >= run.image_alt[1]):
                run.image_only = False
            return
        self.flush()
        if self.titles:
            self.definitions_before(start, end if name in _LEAF_BLOCKS else -1)
        if name == "Heading":
            info = (info, _ATX.match(self.raw, start) is not None)
        self.stack.append((name, info))
        if name == "CodeBlock":
            self.in_code = True
            self.code = _Run() if self.is_prose_fence(info) else None

    def on_end(self, name: str, start: int, end: int) -> None:
        if name in _INLINE_CONTAINERS:
            return
        self.flush()
        if self.stack:
            self.stack.pop()
        if name == "CodeBlock":
            self.in_code = False
            code, self.code = self.code, None
            if code is not None and code.leaves:
                self.emit_trimmed(code.leaves, _CODE_BLOCK)
        elif name == "HtmlBlock":
            self.emit_html(start, end)

    def is_prose_fence(self, info: object) -> bool:
        if not isinstance(info, dict) or "Fenced" not in info:
            return False
        lang = (info["Fenced"] or "").split()
        return (lang[0] if lang else "") in self.prose_fences

    def emit_trimmed(self, leaves: list[tuple[int, int]], kind: Kind) -> None:
        """A code block's text without its leading and trailing line breaks."""
        start, end = leaves[0][0], leaves[-1][1]
        while end > start and self.raw[end - 1] in b"\r\n":
            end -= 1
        while start < end and self.raw[start] in b"\r\n":
            start += 1
        kept = [(max(a, start), min(b, end)) for a, b in leaves if b > start and a < end]
        if kept:
            self.emit(start, end, kept, kind, False)


_SPANS = frozenset({"Emphasis", "Strong", "Strikethrough", "Superscript", "Subscript"})
"""Inline containers that pyromark names by a bare string (links and images carry a dict)."""
_BLOCK_ENDS = frozenset({"Paragraph", "Item", "TableCell", "TableRow", "TableHead", "Table"})
"""Block ends named by a bare string that only close the block (not code or HTML)."""


def _unit_text(
    raw: bytes, start: int, end: int, leaves: list[tuple[int, int]]
) -> tuple[str, list[str]]:
    """The msgid for ``raw[start:end]``, and the exact bytes that each of its ``\\n`` stands for.

    A break is the line ending (``\\n`` or ``\\r\\n``) plus the next line's container
    prefix (list indentation, ``>`` markers; nothing on a lazy line).
    """
    starts = [a for a, _ in leaves]
    pieces: list[bytes] = []
    breaks: list[str] = []
    pos = start
    while True:
        nl = raw.find(b"\n", pos, end)
        if nl < 0:
            break
        text_end = nl - 1 if nl > pos and raw[nl - 1] == 13 else nl
        pieces.append(raw[pos:text_end])
        line_start = nl + 1
        cut = _prefix_len(raw, line_start, end, leaves, starts)
        breaks.append(raw[text_end : line_start + cut].decode("utf-8"))
        pos = line_start + cut
    pieces.append(raw[pos:end])
    return b"\n".join(pieces).decode("utf-8"), breaks


def _prefix_len(raw: bytes, line_start: int, end: int, leaves, starts) -> int:
    """Bytes of container prefix at ``line_start``: none inside a leaf that spans lines."""
    i = bisect_right(starts, line_start) - 1
    if i >= 0 and leaves[i][0] < line_start < leaves[i][1]:
        return 0
    cap = starts[i + 1] if i + 1 < len(starts) else end
    cap = min(cap, end)
    m = _PREFIX.match(raw, line_start, max(cap, line_start))
    return m.end() - line_start if m else 0


def extract_body(
    body: str,
    first_line: int = 1,
    prose_fences: Sequence[str] = ("text", "mermaid"),
    syntax: placeables.Syntax = _PLAIN,
) -> tuple[list[Part], list[Unit]]:
    """The body's skeleton and units; ``first_line`` is the file line where it starts."""
    walker = _Walker(body, first_line, prose_fences, syntax)
    walker.walk(pyromark.events_with_range(body, options=_OPTIONS))
    return walker.finish(), walker.units
