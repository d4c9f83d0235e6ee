"""pipeline.markdown.values: front-matter values compared as a person reads them.

YAML and TOML parse ``2024-05-01`` to a date and ``18`` to a number; what an edit
must preserve is the value as written, so both editors compare through here.
"""

from __future__ import annotations


def same(old: object, new: object) -> bool:
    """Whether setting ``new`` over ``old`` changes nothing a reader sees."""
    if isinstance(old, list) and isinstance(new, (list, tuple)):
        return [str(x) for x in old] == [str(x) for x in new]
    if isinstance(old, bool) or isinstance(new, bool):
        return old is new
    return str(old) == str(new) and not isinstance(new, (list, tuple))


def text(value: object) -> object:
    """A comparable value: str, bool or list of str (dates and numbers as written)."""
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, bool):
        return value
    return str(value)
