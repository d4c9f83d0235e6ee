"""pipeline.safety.compare: what differs between the English inventory and a translation's.

Each difference becomes a ``Finding`` named for the QA check that owns it:
``markup-injection`` for anything the translation adds (a link, a tag, an
attribute, a block), ``hidden-text`` for comments and invisible characters,
``urls`` / ``images`` for destinations it loses or changes, ``markup-balance`` for
other markup it loses. ``active`` marks what could run in a reader's browser.
"""

from __future__ import annotations

import difflib
from collections import Counter

from pipeline.safety import urls
from pipeline.safety.attributes import new_tag, tag_findings
from pipeline.safety.finding import Finding
from pipeline.safety.inventory import Block, Inventory

_BLOCK_NAMES = {
    "Paragraph": "a paragraph",
    "Heading": "a heading",
    "BlockQuote": "a block quote",
    "CodeBlock": "a code block",
    "HtmlBlock": "an HTML block",
    "List": "a list",
    "Item": "a list item",
    "Table": "a table",
    "TableHead": "a table header",
    "TableRow": "a table row",
    "TableCell": "a table cell",
    "Rule": "a thematic break",
    "Document": "the document",
}


def block_name(kind: tuple) -> str:
    name = _BLOCK_NAMES.get(kind[0], kind[0])
    if kind[0] == "Heading":
        return f"{name} {str(kind[1]).lstrip('H')}"
    return name


def compare(english: Inventory, got: Inventory) -> list[Finding]:
    """Every difference, most telling first: structure, then facts, then definitions."""
    found: list[Finding] = []
    shape_a = [(b.depth, b.kind) for b in english.blocks]
    shape_b = [(b.depth, b.kind) for b in got.blocks]
    if shape_a != shape_b:
        found += _structure(shape_a, shape_b)
        found += _facts(_all_facts(english.blocks), _all_facts(got.blocks))
    else:
        for a, b in zip(english.blocks, got.blocks, strict=True):
            if a.facts != b.facts:
                found += _facts(Counter(a.facts), Counter(b.facts))
    for label, dest in sorted(set(got.definitions) - set(english.definitions)):
        script = urls.is_script(dest)
        found.append(
            Finding(
                "markup-injection",
                f"reference definition [{label}]: {dest} is not in the English",
                script,
            )
        )
    for label, dest in sorted(set(english.definitions) - set(got.definitions)):
        found.append(Finding("urls", f"reference definition [{label}]: {dest} is missing"))
    return list(dict.fromkeys(found))


def _all_facts(blocks: tuple[Block, ...]) -> Counter:
    return Counter(f for b in blocks for f in b.facts)


def _structure(a: list, b: list) -> list[Finding]:
    added, removed = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op in ("replace", "delete"):
            removed += [block_name(k) for _, k in a[i1:i2]]
        if op in ("replace", "insert"):
            added += [block_name(k) for _, k in b[j1:j2]]
    parts = []
    if added:
        parts.append("adds " + ", ".join(dict.fromkeys(added)))
    if removed:
        parts.append("removes " + ", ".join(dict.fromkeys(removed)))
    return [Finding("markup-injection", "changes the block structure: " + "; ".join(parts))]


def _facts(english: Counter, got: Counter) -> list[Finding]:
    added, removed = got - english, english - got
    tags_added = [f for f in added.elements() if f[0] == "tag"]
    tags_removed = [f for f in removed.elements() if f[0] == "tag"]
    found = tag_findings(tags_removed, tags_added)
    found += [_added(f) for f in added.elements() if f[0] != "tag"]
    found += [_removed(f) for f in removed.elements() if f[0] != "tag"]
    return found


def _added(fact: tuple) -> Finding:
    kind = fact[0]
    if kind in ("link", "image", "url"):
        what = {"link": "link to", "image": "image", "url": "URL"}[kind]
        if urls.is_script(fact[1]):
            return Finding(
                "markup-injection", f"script or data URL {fact[1]} is not in the English", True
            )
        return Finding("markup-injection", f"{what} {fact[1]} is not in the English")
    if kind == "tag":
        return new_tag(fact)
    if kind == "end":
        return Finding("markup-injection", f"closing tag </{fact[1]}> is not in the English")
    if kind == "comment":
        return Finding("hidden-text", "an HTML comment hides text")
    if kind == "hidden":
        return Finding("hidden-text", fact[1])
    if kind == "lt":
        return Finding("markup-injection", f"{fact[1]!r} may open an HTML tag in a browser")
    if kind == "open":
        return Finding("hidden-text", fact[1])
    if kind == "unreadable":
        return Finding("markup-injection", fact[1])
    if kind == "strikethrough":
        return Finding("markup-injection", "strikethrough (~~) is not in the English")
    if kind == "decl":
        return Finding("markup-injection", f"HTML declaration <!{fact[1]}> is not in the English")
    return Finding("markup-injection", f"{kind} {fact[1:]!r} is not in the English")


def _removed(fact: tuple) -> Finding:
    kind = fact[0]
    if kind == "link":
        return Finding("urls", f"link target {fact[1]} is missing or changed")
    if kind == "url":
        return Finding("urls", f"URL {fact[1]} is missing or changed")
    if kind == "image":
        return Finding("images", f"image {fact[1]} is missing or changed")
    if kind == "end":
        return Finding("markup-balance", f"HTML tag </{fact[1]}> is missing")
    if kind == "strikethrough":
        return Finding("markup-balance", "strikethrough (~~) is missing")
    return Finding("markup-balance", f"{kind} {fact[1:]!r} is missing")
