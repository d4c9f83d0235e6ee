"""pipeline.extract: an article becomes a skeleton with holes and a list of units.

Pure: text in, ``Article`` out. The skeleton is sliced from the original bytes
by the source ranges pyromark (pulldown-cmark) reports; nothing is re-rendered,
so filling every hole with its own msgid gives back the input byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

import pyromark

from pipeline.config import DEFAULTS
from pipeline.markdown import html, source
from pipeline.model import Article, FrontMatterField, Hole, Kind, Part, Role, Unit

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
_VERSION = hashlib.blake2b(
    Path(__file__).read_bytes() + Path(html.__file__).read_bytes(), digest_size=8
).hexdigest()
"""The extractor's own code: a body kept by another version is never reused."""
_LETTER = re.compile(r"[^\W\d_]")
_NOT_PROSE = re.compile(r"(`+)[^`]*?\1|\]\([^)]*\)|<[^>]*>|https?://\S+")


@dataclass(frozen=True)
class Options:
    """What extraction needs from the configuration."""

    prose_keys: frozenset[str] = DEFAULTS.prose_keys
    prose_fences: tuple[str, ...] = DEFAULTS.prose_fences


class Bodies(Protocol):
    """Somewhere to keep extracted bodies between runs (``repo.workspace`` keeps them on disk)."""

    def get(self, key: str) -> tuple[list[Part], list[Unit]] | None: ...

    def put(self, key: str, parts: list[Part], units: list[Unit]) -> None: ...


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
    key = body_key(src.body, src.body_line, options.prose_fences)
    cached = bodies.get(key) if bodies is not None else None
    if cached is None:
        body, body_units = extract_body(src.body, src.body_line, options.prose_fences)
        if bodies is not None:
            bodies.put(key, body, body_units)
    else:
        body, body_units = cached
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
        units=fm_units + body_units,
        body_line=src.body_line,
        text=text,
    )


def _front_matter(src: source.Source, options: Options):
    data = source.parse_yaml(src)
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
    return replace(
        article,
        fm_open=src.fm_open,
        fm_text=src.fm_text,
        fm_close=src.fm_close,
        fm_data=data,
        fm_fields=fields,
        units=fm_units + body_units,
        body_line=src.body_line,
        text=text,
    )


def _holes(parts: Sequence[Part]) -> int:
    return sum(1 for p in parts if not isinstance(p, str))


def body_key(body: str, first_line: int, prose_fences: Sequence[str]) -> str:
    """What an extracted body depends on, as a digest (the extractor's version included)."""
    h = hashlib.blake2b(
        f"{_VERSION}\0{first_line}\0{','.join(prose_fences)}\0".encode(), digest_size=16
    )
    h.update(body.encode("utf-8"))
    return h.hexdigest()


def dump_body(parts: list[Part], units: list[Unit]) -> str:
    """JSON for a body's skeleton and units (see ``Bodies``)."""
    return json.dumps(
        {
            "parts": [
                p if isinstance(p, str) else [p.msgid, list(p.breaks), p.single_line] for p in parts
            ],
            "units": [[u.msgid, str(u.kind), u.line] for u in units],
        },
        ensure_ascii=False,
    )


def load_body(text: str) -> tuple[list[Part], list[Unit]]:
    data = json.loads(text)
    parts: list[Part] = [
        p if isinstance(p, str) else Hole(p[0], tuple(p[1]), p[2]) for p in data["parts"]
    ]
    return parts, [Unit(m, Kind.parse(k), n) for m, k, n in data["units"]]


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
_PARAGRAPH_IN = {"Item": _LIST_ITEM, "BlockQuote": Kind(Role.BLOCK_QUOTE)}


@dataclass
class _Run:
    """Consecutive inline events that form one unit."""

    kind: Kind
    single_line: bool
    leaves: list[tuple[int, int]] = field(default_factory=list)
    start: int = -1
    end: int = -1
    image_only: bool = True
    image_alt: tuple[int, int] | None = None


class _Walker:
    """Walks pyromark's events once, cutting the body into verbatim parts and holes."""

    def __init__(self, body: str, first_line: int, prose_fences: Sequence[str]):
        self.raw = body.encode("utf-8")
        self.first_line = first_line
        self.prose_fences = tuple(prose_fences)
        self.newlines = [m.start() for m in re.finditer(rb"\n", self.raw)]
        self.parts: list[Part] = []
        self.units: list[Unit] = []
        self.pos = 0
        self.stack: list[tuple[str, object]] = []
        self.run: _Run | None = None
        self.code: _Run | None = None
        self.in_code = False

    # -- output -------------------------------------------------------------
    def line_of(self, offset: int) -> int:
        return self.first_line + bisect_right(self.newlines, offset - 1)

    def emit(
        self, start: int, end: int, leaves: list[tuple[int, int]], kind: Kind, single_line: bool
    ) -> None:
        """Cut a hole for ``raw[start:end]`` unless it holds no words."""
        text, breaks = _unit_text(self.raw, start, end, leaves)
        if not has_letters(text):
            return
        if start > self.pos:
            self.parts.append(self.raw[self.pos : start].decode("utf-8"))
        self.parts.append(Hole(text, tuple(breaks), single_line))
        self.units.append(Unit(text, kind, self.line_of(start)))
        self.pos = end

    def finish(self) -> list[Part]:
        if self.pos < len(self.raw):
            self.parts.append(self.raw[self.pos :].decode("utf-8"))
        return self.parts

    # -- runs of inline content ---------------------------------------------
    def run_kind(self) -> tuple[Kind, bool]:
        name, info = self.stack[-1] if self.stack else ("", None)
        if name == "Heading":
            level, atx = info  # type: ignore[misc]
            return Kind(Role.HEADING, str(level)), atx  # a setext heading may span lines
        if name == "TableCell":
            return _TABLE_CELL, True
        if name == "Item":
            return _LIST_ITEM, False
        if name == "Paragraph":
            parent = self.stack[-2][0] if len(self.stack) > 1 else ""
            return _PARAGRAPH_IN.get(parent, _PARAGRAPH), False
        return _PARAGRAPH, False

    def inline(self, name: str, start: int, end: int) -> None:
        if self.run is None:
            kind, single = self.run_kind()
            self.run = _Run(kind, single, start=start)
        run = self.run
        run.end = max(run.end, end)
        if name in _LEAF or name in _BREAKS:
            run.leaves.append((start, end))

    def flush(self) -> None:
        run, self.run = self.run, None
        if run is None or not run.leaves:
            return
        leaves = run.leaves  # events arrive in document order
        if run.image_alt is not None and run.image_only:
            inner = [lv for lv in leaves if run.image_alt[0] <= lv[0] < run.image_alt[1]]
            if inner:
                self.emit(inner[0][0], inner[-1][1], inner, Kind(Role.IMAGE_ALT), True)
            return
        self.emit(run.start, run.end, leaves, run.kind, run.single_line)

    # -- event dispatch -------------------------------------------------------
    def walk(self, events: Iterable[tuple[object, dict]]) -> None:
        for event, rng in events:
            start, end = rng["start"], rng["end"]
            if type(event) is str:
                self.on_simple(event, start, end)
                continue
            for name, value in event.items():  # one item: {"Start": tag}, {"Text": "…"}…
                if name == "Text" and not self.in_code and self.run is not None:
                    run = self.run  # the hot path: more text in the current unit
                    run.end = end if end > run.end else run.end
                    run.leaves.append((start, end))
                    if run.image_only:
                        self.note_leaf(run, start, end)
                elif name == "End":
                    if type(value) is not str or value not in _INLINE_CONTAINERS:  # not ** or ]()
                        self.on_end(value, start, end)
                elif name == "Start":
                    self.on_start(value, start, end)
                else:
                    self.on_leaf(name, start, end)
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

    def on_start(self, tag: object, start: int, end: int) -> None:
        name, info = _tag(tag)
        if name in _INLINE_CONTAINERS:
            self.inline(name, start, end)
            run = self.run
            if name == "Image" and run is not None and run.image_alt is None and run.image_only:
                run.image_alt = (start, end)
            elif run is not None and (run.image_alt is None or start >= run.image_alt[1]):
                run.image_only = False
            return
        self.flush()
        if name == "Heading":
            info = (info, self.raw[start:end].lstrip(b" ")[:1] == b"#")
        self.stack.append((name, info))
        if name == "CodeBlock":
            self.in_code = True
            self.code = _Run(_CODE_BLOCK, False) if self.is_prose_fence(info) else None

    def on_end(self, tag: object, start: int, end: int) -> None:
        name, _ = _tag(tag)
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

    def emit_html(self, start: int, end: int) -> None:
        for piece in html.pieces(self.raw, start, end):
            self.emit(piece.start, piece.end, [(piece.start, piece.end)], piece.kind, False)


def _tag(tag: object) -> tuple[str, object]:
    if isinstance(tag, str):
        return tag, None
    ((name, info),) = tag.items()  # type: ignore[union-attr]
    if name == "Heading" and isinstance(info, dict):
        return name, int(str(info.get("level", "H1"))[1:])
    return name, info


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
    body: str, first_line: int = 1, prose_fences: Sequence[str] = ("", "text", "mermaid")
) -> tuple[list[Part], list[Unit]]:
    """The body's skeleton and units; ``first_line`` is the file line where it starts."""
    walker = _Walker(body, first_line, prose_fences)
    walker.walk(pyromark.events_with_range(body, options=_OPTIONS))
    return walker.finish(), walker.units


def fill(parts: Sequence[Part], translate) -> str:
    """The body with each hole filled by ``translate(msgid)`` (the inverse of extraction)."""
    out: list[str] = []
    for part in parts:
        out.append(part if isinstance(part, str) else fill_hole(part, translate(part.msgid), out))
    return "".join(out)


def fill_hole(hole: Hole, text: str, before: Sequence[str] = ()) -> str:
    """Put a translation in the hole, each line break as the source wrote it.

    ``before`` is the output so far; lines beyond those the source had continue as
    its last line implies (``- `` becomes two spaces, ``> `` stays).
    """
    if hole.single_line and "\n" in text:
        text = " ".join(line.strip() for line in text.split("\n"))
    if "\n" not in text:
        return text
    lines = text.split("\n")
    out = [lines[0]]
    extra = hole.breaks[-1] if hole.breaks else None
    for i, line in enumerate(lines[1:]):
        if i < len(hole.breaks):
            out.append(hole.breaks[i] + line)
            continue
        if extra is None:
            head = _last_line(before)
            extra = ("\r\n" if _ends_crlf(before) else "\n") + continuation(head)
        out.append(extra + line)
    return "".join(out)


def _ends_crlf(parts: Sequence[str]) -> bool:
    for piece in reversed(parts):
        if "\n" in piece:
            return piece[: piece.rfind("\n")].endswith("\r")
    return False


_CONTAINER_HEAD = re.compile(r"[ \t>]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?)?")


def continuation(head: str) -> str:
    """The prefix that continues a line starting with ``head`` in the same block."""
    if _CONTAINER_HEAD.fullmatch(head):
        return re.sub(r"[^ \t>]", " ", head)
    return head[: len(head) - len(head.lstrip(" \t"))]


def _last_line(parts: Sequence[str]) -> str:
    tail: list[str] = []
    for piece in reversed(parts):
        cut = piece.rfind("\n")
        if cut >= 0:
            tail.append(piece[cut + 1 :])
            break
        tail.append(piece)
    return "".join(reversed(tail))
