"""pipeline.source: read an article into front matter and body, with line numbers.

The front matter is split off by hand (python-frontmatter strips the body and
re-serialises the YAML, which loses bytes); ruamel.yaml's round-trip loader
parses it and tells where every value sits, so later stages can rewrite one
scalar and leave every other byte alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from .model import FrontMatterField, PipelineError

_FENCE_OPEN = re.compile(r"---[ \t]*(\r?\n)")
_FENCE_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Source:
    """An article's text split at the front-matter fences, nothing changed."""

    path: str
    bom: str
    fm_open: str
    fm_text: str
    fm_close: str
    body: str

    @property
    def fm_line(self) -> int:
        """File line of the first YAML line."""
        return 2

    @property
    def body_line(self) -> int:
        return 1 + self.fm_open.count("\n") + self.fm_text.count("\n") + self.fm_close.count("\n")

    @property
    def text(self) -> str:
        return self.bom + self.fm_open + self.fm_text + self.fm_close + self.body


def decode(data: bytes, path: str) -> str:
    """UTF-8 text of a file, or an error naming the line of the first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PipelineError(f"not valid UTF-8 ({exc.reason})", path, line) from None


def split(text: str, path: str) -> Source:
    """Split an article at its front-matter fences; the parts concatenate to ``text``."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    rest = text[len(bom) :]
    opened = _FENCE_OPEN.match(rest)
    if not opened:
        raise PipelineError("no front matter: the file must start with a '---' line", path, 1)
    close = _FENCE_CLOSE.search(rest, opened.end())
    if not close:
        raise PipelineError("front matter is not closed by a '---' line", path, 1)
    return Source(
        path=path,
        bom=bom,
        fm_open=rest[: opened.end()],
        fm_text=rest[opened.end() : close.start()],
        fm_close=close.group(),
        body=rest[close.end() :],
    )


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    return yaml


def parse_yaml(src: Source) -> CommentedMap:
    """The front matter as ruamel round-trip objects; errors name the file line."""
    try:
        data = _yaml().load(src.fm_text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = src.fm_line + mark.line if mark else src.fm_line
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise PipelineError(f"invalid front matter: {problem}", src.path, line) from None
    except YAMLError as exc:
        raise PipelineError(f"invalid front matter: {exc}", src.path, src.fm_line) from None
    if data is None:
        return CommentedMap()
    if not isinstance(data, CommentedMap):
        raise PipelineError("front matter must be a mapping of keys", src.path, src.fm_line)
    return data


def locate_fields(src: Source, data: CommentedMap, keys: set[str]) -> list[FrontMatterField]:
    """Where each string value of ``keys`` (and each string item of their lists) sits."""
    starts = _line_starts(src.fm_text)
    found: list[FrontMatterField] = []
    for key in data:
        if key not in keys:
            continue
        value = data[key]
        if isinstance(value, str):
            line, col = data.lc.value(key)
            found.append(_field(src, starts, (key,), value, line, col))
        elif isinstance(value, CommentedSeq):
            for i, item in enumerate(value):
                if isinstance(item, str):
                    line, col = value.lc.item(i)
                    found.append(_field(src, starts, (key, i), item, line, col))
    return found


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))
    return starts


def _field(
    src: Source, starts: list[int], path, value: str, line: int, col: int
) -> FrontMatterField:
    text = src.fm_text
    start = starts[line] + col
    style = text[start] if text[start] in "\"'" else ""
    end = scalar_end(text, start)
    return FrontMatterField(path, value, start, end, style, src.fm_line + line)


def scalar_end(text: str, start: int) -> int:
    """End offset of the YAML scalar starting at ``start`` (quotes included)."""
    quote = text[start]
    if quote == '"':
        i = start + 1
        while i < len(text) and text[i] != '"':
            i += 2 if text[i] == "\\" else 1
        return i + 1
    if quote == "'":
        i = start + 1
        while i < len(text):
            if text[i] == "'":
                if text.startswith("''", i):
                    i += 2
                    continue
                return i + 1
            i += 1
        return i
    if quote in "|>":
        return _block_scalar_end(text, start)
    # Plain scalar: to the end of the line, a comment, or a flow separator.
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    in_flow = _in_flow(text, start)
    i = start
    while i < line_end:
        c = text[i]
        if c == "#" and text[i - 1] in " \t":
            break
        if in_flow and c in ",]}":
            break
        i += 1
    return len(text[start:i].rstrip()) + start


def _in_flow(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    return before.count("[") + before.count("{") > before.count("]") + before.count("}")


def _block_scalar_end(text: str, start: int) -> int:
    line_start = text.rfind("\n", 0, start) + 1
    indent = len(text[line_start:start]) - len(text[line_start:start].lstrip(" "))
    pos = text.find("\n", start)
    if pos < 0:
        return len(text)
    end = pos
    for m in re.finditer(r"[^\n]*(?:\n|$)", text[pos + 1 :]):
        line = m.group()
        if not line:
            break
        stripped = line.strip()
        if stripped and len(line) - len(line.lstrip(" ")) <= indent:
            break
        if stripped:
            end = pos + 1 + m.start() + len(line.rstrip("\n"))
    return end
