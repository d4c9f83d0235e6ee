"""pipeline.safety.review: which translations of an article merge may publish.

Front-matter values are checked one by one (they are YAML scalars, not Markdown in
the body); the body is checked in context by ``safety.context``: one parse of the
filled article in the common case, a bisection over the translations otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from pipeline.model import Article, Hole, Kind, Part, Role
from pipeline.safety import urls
from pipeline.safety.context import bisect, changes, reason, reference
from pipeline.safety.units import controls_added, unit_findings

Translate = Callable[[str], "str | None"]
FRONT_MATTER = Kind(Role.FRONT_MATTER)


def review(
    article: Article, translate: Translate, localize: urls.Localize | None = None
) -> dict[str, str]:
    """Unit key -> why its translation must not be published; ``{}`` when all may be.

    ``translate`` gives a unit key's (``model.text_key``) translation (reviewed or
    fuzzy) or None; ``localize`` is the URL rewriting merge applies (``/en/`` ->
    ``/zh/``), so that the localized form of an English link counts as the same link.
    """
    blocked: dict[str, str] = {}
    for f in article.fm_fields:
        new = translate(f.key)
        if new and new != f.value and f.key not in blocked:
            found = unit_findings(f.value, new, FRONT_MATTER)
            if found:
                blocked[f.key] = reason(found)
    wanted: dict[str, str] = {}
    for part in article.body:
        if isinstance(part, Hole) and part.key not in blocked and part.key not in wanted:
            new = translate(part.key)
            if not new or new == part.msgid:
                continue
            found = controls_added(part.msgid, new)  # a lone CR is a line break to some parsers
            if found:
                blocked[part.key] = reason(found)
            else:
                wanted[part.key] = new
    if not wanted:
        return blocked
    # attributes the article's units translate (a component's ``label``) change by design
    readable = frozenset(u.kind.detail for u in article.units if u.kind.role is Role.HTML_ATTRIBUTE)
    blocked.update(_in_context(tuple(article.body), tuple(wanted.items()), localize, readable))
    return blocked


@lru_cache(maxsize=128)
def _in_context(
    body: tuple[Part, ...],
    wanted: tuple[tuple[str, str], ...],
    localize: urls.Localize | None,
    readable: frozenset[str],
) -> tuple[tuple[str, str], ...]:
    """The body's translations that change the article, with why. A pure function of its
    arguments, kept: the same skeleton with the same translations (an article under two
    names, a locale translated the same way) is judged once per process."""
    want = dict(wanted)
    english = reference(body, localize, readable)
    if not changes(body, want, english, localize, readable):
        return ()
    return tuple(bisect(body, want, english, localize, readable).items())
