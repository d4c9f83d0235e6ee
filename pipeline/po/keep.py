"""pipeline.po.keep: give a freshly computed catalog the old file's order and text.

``update`` and ``rebase`` compute what a catalog or template should say; this puts
it in the shape of the file on disk: entries in the file's order (new ones next to
their neighbours in the article), the file's layout, and each unchanged entry's
own text, so that the writer reproduces the file byte for byte when nothing
changed and rewrites only what did.
"""

from __future__ import annotations

from pipeline.po.model import Catalog, Entry, Key, Layout


def keep_layout(
    header: str,
    metadata: dict[str, str],
    fuzzy: bool,
    entries: list[Entry],
    old: Catalog,
    fallback: int = 0,
) -> Catalog:
    """A catalog of ``entries`` shaped like ``old`` (order, layout, unchanged text)."""
    layout = Layout(old.layout.bom, old.layout.newline, old.layout.wrap, fallback)
    cat = Catalog(header, metadata, layout=layout, path=old.path)
    cat.metadata_is_fuzzy = fuzzy
    cat.header_line = old.header_line
    cat.raw, cat.seen, cat.tail = old.raw, old.seen, old.tail
    cat.source, cat.snapshot = old.source, old.snapshot
    previous = {e.key: e for e in old}
    for e in entries:
        before = previous.get(e.key)
        if e.raw is None and before is not None and before.seen == e.content():
            e.raw, e.seen, e.linenum = before.raw, before.seen, before.linenum
    active = [e for e in entries if not e.obsolete]
    cat.entries = _order(active, old) + [e for e in entries if e.obsolete]
    return cat


def _order(active: list[Entry], old: Catalog) -> list[Entry]:
    """``active`` (template order) in the old file's order when the file has its own
    (``msgcat -s`` sorted it); each new entry after its predecessor in the template."""
    pos: dict[Key, int] = {e.key: i for i, e in enumerate(old) if not e.obsolete}
    places = [pos[e.key] for e in active if e.key in pos]
    if all(a < b for a, b in zip(places, places[1:], strict=False)):
        return active
    ordered = sorted((e for e in active if e.key in pos), key=lambda e: pos[e.key])
    index = {id(e): i for i, e in enumerate(ordered)}
    after: dict[int, list[Entry]] = {}
    anchor = -1
    for e in active:
        if id(e) in index:
            anchor = index[id(e)]
        else:
            after.setdefault(anchor, []).append(e)
    out = list(after.get(-1, []))
    for i, e in enumerate(ordered):
        out.append(e)
        out += after.get(i, [])
    return out
