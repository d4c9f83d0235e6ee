"""pipeline.markdown.sitesyntax: the extraction walker's handling of site syntax.

Why a separate module: the walker in ``extract`` cuts a body into skeleton and units;
this mixin adds what real Hugo and Docusaurus pages need on top of CommonMark: runs of
text are cut around placeables (``segments``), reference labels are recorded as keys,
link-definition titles become units (``titles``), MDX ``import``/``export`` paragraphs
stay code, and HTML blocks are read without the container prefixes (``> ``, list
indentation) between their lines. It only uses the walker's state (``raw``, ``emit``,
``stack``…), so the CommonMark walk itself stays in one place.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from pipeline.markdown import html, placeables, segments
from pipeline.model import Kind, Role

_LINK_TITLE = Kind(Role.LINK_TITLE)


class SiteSyntax:
    """Mixin for ``extract._Walker`` (see the module docstring)."""

    def emit_protected(
        self,
        start: int,
        end: int,
        leaves: list[tuple[int, int]],
        kind: Kind,
        single_line: bool,
        spans: list[tuple[int, int]] = (),  # type: ignore[assignment]
        labels: list[tuple[int, int]] = (),  # type: ignore[assignment]
    ) -> None:
        """``emit``, with the run's placeables kept out of it (see ``segments``)."""
        if not labels and not self.may_hold_placeables(start, end):
            self.emit(start, end, leaves, kind, single_line)  # plain prose: the common case
            return
        chunk = self.raw[start:end]
        text = chunk.decode("utf-8")
        found = placeables.scan(text, self.syntax)
        if labels:
            found = _with_labels(found, text, chunk, start, labels)
        if not found:
            self.emit(start, end, leaves, kind, single_line)
            return
        at = _Offsets(text, start)
        rel_spans = [(at.char(a), at.char(b)) for a, b in spans]
        anchors = [(at.char(a), at.char(b)) for a, b in leaves] + rel_spans
        heading = kind.role is Role.HEADING
        for piece in segments.cut(text, found, anchors, rel_spans, heading):
            a, b = at.byte(piece.start), at.byte(piece.end)
            if piece.param:
                self.emit(a, b, [(a, b)], Kind(Role.PARAMETER, piece.param), True)
                continue
            kept = [(max(x, a), min(y, b)) for x, y in leaves if y > a and x < b]
            self.emit(a, b, kept, kind, single_line, piece.note)

    def definitions_before(self, start: int, block_end: int = -1) -> None:
        """Emit the definition titles before ``start``; drop those inside the leaf block
        ``[start, block_end)`` (a ``[x]: y`` line inside a paragraph is text)."""
        while self.titles and self.titles[0].start < start:
            t = self.titles.pop(0)
            self.emit(t.start, t.end, [(t.start, t.end)], _LINK_TITLE, True)
        while self.titles and self.titles[0].start < block_end:
            self.titles.pop(0)

    def may_hold_placeables(self, start: int, end: int) -> bool:
        i = bisect_left(self.hot, start)
        return i < len(self.hot) and self.hot[i] < end

    def is_esm(self, run) -> bool:
        """An MDX ``import``/``export`` paragraph at the top level is code, not prose."""
        if len(self.stack) != 1 or self.stack[0][0] != "Paragraph":
            return False
        return self.raw.startswith((b"import ", b"export ", b"import{", b"export{"), run.start)

    # -- event dispatch -------------------------------------------------------
    def note_label(self, info: dict, start: int, end: int) -> None:
        """Where a reference link's label sits: ``[label]``, ``[label][]``, ``[text][label]``."""
        link_type = str(info.get("link_type", ""))
        if link_type == "Reference":
            self.labels.append((self.raw.rfind(b"[", start, end), end))
        elif link_type in ("Collapsed", "Shortcut"):
            first = start + 1 if self.raw[start : start + 1] == b"!" else start
            tail = 2 if link_type == "Collapsed" and self.raw[end : end + 2] == b"[]" else 0
            self.labels.append((first, end + tail))

    def emit_html(self, start: int, end: int) -> None:
        """An HTML block's text and attributes; container prefixes (``> ``, list
        indentation) between its lines never enter a unit."""
        lines, self.html_lines = _joined(self.raw, self.html_lines), []
        block = bytearray(self.raw[start:end])
        cursor = start
        for a, b in lines:  # blank out the prefixes so no piece starts or ends on one
            block[cursor - start : a - start] = b" " * (a - cursor)
            cursor = b
        view = bytes(block)
        if self.html_attrs is None:
            self.html_attrs = {
                k.lower().encode(): frozenset(a.encode() for a in v)
                for k, v in self.syntax.params.items()
            }
        for piece in html.pieces(view, 0, len(view), self.html_attrs):
            a, b = piece.start + start, piece.end + start
            kept = [(max(x, a), min(y, b)) for x, y in lines if y > a and x < b] or [(a, b)]
            if piece.kind.role is Role.HTML_TEXT:
                self.emit_protected(a, b, kept, piece.kind, False)
            else:
                self.emit(a, b, kept, piece.kind, False)


class _Offsets:
    """Character offsets in a run's text <-> byte offsets in the body (UTF-8)."""

    def __init__(self, text: str, base: int):
        self.text, self.base = text, base
        self.ascii = text.isascii()
        self.bytes = [] if self.ascii else _prefix_bytes(text)

    def byte(self, char: int) -> int:
        return self.base + (char if self.ascii else self.bytes[char])

    def char(self, byte: int) -> int:
        rel = byte - self.base
        return rel if self.ascii else bisect_right(self.bytes, rel) - 1


def _prefix_bytes(text: str) -> list[int]:
    out, n = [0], 0
    for c in text:
        n += len(c.encode("utf-8"))
        out.append(n)
    return out


def _with_labels(found, text: str, chunk: bytes, base: int, labels) -> list:
    """The scanner's placeables plus the parser's reference labels (which win on overlap)."""
    at = _Offsets(text, base)
    extra = []
    for a, b in labels:
        ca, cb = at.char(a), at.char(b)
        name = placeables.normalize_label(text[ca:cb].strip("[]!"))
        extra.append(placeables.Placeable("label", ca, cb, name))
    kept = [p for p in found if not any(p.start < e.end and e.start < p.end for e in extra)]
    return sorted(kept + extra)


def _joined(raw: bytes, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Adjacent HTML lines as one range: only a container prefix separates two ranges
    (pulldown-cmark leaves the ``\r`` of a CRLF out of its line events)."""
    out: list[tuple[int, int]] = []
    for a, b in lines:
        if out and (out[-1][1] == a or raw[out[-1][1] : a] == b"\r"):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out
