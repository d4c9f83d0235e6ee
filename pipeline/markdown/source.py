"""pipeline.source: read an article into front matter and body, with line numbers.

YAML (``---``) is read here; TOML (``+++``) in ``toml_fm``; a file without fences has
empty front matter.

The front matter is split off by hand (python-frontmatter strips the body and
re-serialises the YAML, which loses bytes). libyaml (PyYAML's C loader) parses
it and its node marks tell exactly where every value starts and ends, so later
stages can rewrite one scalar and leave every other byte alone. It is also
about ten times faster than ruamel.yaml's round-trip loader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from pipeline.errors import PipelineError
from pipeline.model import FrontMatterField

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_FENCE_OPEN = re.compile(r"---[ \t]*(\r?\n)")
_FENCE_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.MULTILINE)
_TOML_OPEN = re.compile(r"\+\+\+[ \t]*(\r?\n)")
_TOML_CLOSE = re.compile(r"^\+\+\+[ \t]*(?:\r?\n|\Z)", re.MULTILINE)
_JSON_OPEN = re.compile(r"\{[ \t]*\r?\n")


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
        """File line of the first front-matter line."""
        return 2

    @property
    def format(self) -> str:
        """``yaml`` (``---``), ``toml`` (``+++``) or ``none`` (no front matter at all)."""
        return "toml" if self.fm_open.startswith("+++") else "yaml" if self.fm_open else "none"

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
    """Split an article at its front-matter fences; the parts concatenate to ``text``.

    ``---`` opens YAML and ``+++`` TOML; a file that opens with neither has no front
    matter (an include, many docs pages): its front matter is empty and every byte is body.
    """
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    rest = text[len(bom) :]
    opened = _FENCE_OPEN.match(rest)
    close_re, fence = _FENCE_CLOSE, "---"
    if not opened:
        opened, close_re, fence = _TOML_OPEN.match(rest), _TOML_CLOSE, "+++"
    if not opened:
        if _JSON_OPEN.match(rest):
            raise PipelineError("JSON front matter is not supported: use YAML or TOML", path, 1)
        return Source(path, bom, "", "", "", rest)
    close = close_re.search(rest, opened.end())
    if not close:
        raise PipelineError(f"front matter is not closed by a '{fence}' line", path, 1)
    return Source(
        path=path,
        bom=bom,
        fm_open=rest[: opened.end()],
        fm_text=rest[opened.end() : close.start()],
        fm_close=close.group(),
        body=rest[close.end() :],
    )


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """Parsed front matter: plain values, and the YAML nodes that say where each one sits."""

    values: dict
    """Top-level key -> Python value (str, bool, int, date, list…), in file order."""
    nodes: dict
    """Top-level key -> ``(key_node, value_node)``; marks are character offsets."""
    format: str = "yaml"
    """``yaml``, or ``none`` for a file without front matter (see ``frontmatter.editor``)."""
    eol: str = "\n"
    """The file's line ending, for fences merge may have to add to a file that had none."""

    def span(self, key: str) -> tuple[int, int]:
        """Where the value of ``key`` sits, without a block value's final line break."""
        node = self.nodes[key][1]
        start, end = node.start_mark.index, node.end_mark.index
        return start, end


def parse(src: Source):
    """The front matter of any supported format: ``FrontMatter`` or ``TomlFrontMatter``."""
    if src.format == "toml":
        from pipeline.markdown import toml_fm  # a TOML site's only: not imported for YAML

        return toml_fm.parse(src.fm_text, src.path, src.fm_line)
    if src.format == "none":
        return FrontMatter({}, {}, "none", "\r\n" if "\r\n" in src.body else "\n")
    return parse_yaml(src)


def parse_yaml(src: Source) -> FrontMatter:
    """Parse the front matter with libyaml; errors name the file line."""
    loader = _Loader(src.fm_text)
    try:
        root = loader.get_single_node()
        if root is None:
            return FrontMatter({}, {})
        if not isinstance(root, yaml.MappingNode):
            raise PipelineError("front matter must be a mapping of keys", src.path, src.fm_line)
        values: dict = {}
        nodes: dict = {}
        for key_node, value_node in root.value:
            key = _construct(loader, key_node)
            if key in values:
                line = src.fm_line + key_node.start_mark.line
                raise PipelineError(f"duplicate front-matter key {key!r}", src.path, line)
            values[key] = _construct(loader, value_node)
            nodes[key] = (key_node, value_node)
        return FrontMatter(values, nodes)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = src.fm_line + mark.line if mark else src.fm_line
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise PipelineError(f"invalid front matter: {problem}", src.path, line) from None
    except yaml.YAMLError as exc:
        raise PipelineError(f"invalid front matter: {exc}", src.path, src.fm_line) from None
    finally:
        loader.dispose()


_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"


def _construct(loader, node: yaml.Node) -> object:
    """The Python value of a node, as ``construct_object(node, deep=True)`` builds it.

    A string (most values, every key) is the node's own text, as PyYAML's constructor
    returns it; taking it directly skips the constructor's bookkeeping, which was most
    of the cost of reading a front matter (merge reads each one several times).
    """
    if node.tag == _STR_TAG and isinstance(node, yaml.ScalarNode):
        return node.value
    if node.tag == _SEQ_TAG and all(
        item.tag == _STR_TAG and isinstance(item, yaml.ScalarNode) for item in node.value
    ):
        return [item.value for item in node.value]  # a list of strings (tags, keywords)
    return loader.construct_object(node, deep=True)


def locate_fields(src: Source, fm, keys: set[str]) -> list[FrontMatterField]:
    """Where each string value of ``keys`` (and each string item of their lists) sits."""
    if fm.format == "toml":
        from pipeline.markdown import toml_fm

        return toml_fm.locate_fields(fm, keys)
    found: list[FrontMatterField] = []
    for key, (_, node) in fm.nodes.items():
        if key not in keys:
            continue
        value = fm.values[key]
        if isinstance(value, str) and isinstance(node, yaml.ScalarNode):
            found.append(_field(src, (key,), value, node))
        elif isinstance(value, list) and isinstance(node, yaml.SequenceNode):
            for i, (item, item_node) in enumerate(zip(value, node.value, strict=False)):
                if isinstance(item, str) and isinstance(item_node, yaml.ScalarNode):
                    found.append(_field(src, (key, i), item, item_node))
    return found


def _field(src: Source, path: tuple, value: str, node: yaml.ScalarNode) -> FrontMatterField:
    start, end = node.start_mark.index, node.end_mark.index
    if node.style in ("|", ">"):
        end = start + len(src.fm_text[start:end].rstrip("\r\n"))
    style = node.style if node.style in ('"', "'") else ""
    return FrontMatterField(path, value, start, end, style, src.fm_line + node.start_mark.line)
