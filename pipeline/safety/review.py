"""pipeline.safety.review: which translations of an article merge may publish.

Front-matter values are checked one by one (they are YAML scalars, not Markdown in
the body); the body is checked in context by ``safety.context``: one parse of the
filled article in the common case, a bisection over the translations otherwise.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.model import Article, Hole, Kind, Role
from pipeline.safety import urls
from pipeline.safety.context import bisect, changes, reason, reference
from pipeline.safety.units import controls_added, unit_findings

Translate = Callable[[str], "str | None"]
FRONT_MATTER = Kind(Role.FRONT_MATTER)


def review(
    article: Article, translate: Translate, localize: urls.Localize | None = None
) -> dict[str, str]:
    """msgid -> why its translation must not be published; ``{}`` when all may be.

    ``translate`` gives a msgid's translation (reviewed or fuzzy) or None; ``localize``
    is the URL rewriting merge applies (``/en/`` -> ``/zh/``), so that the localized
    form of an English link counts as the same link.
    """
    blocked: dict[str, str] = {}
    for f in article.fm_fields:
        new = translate(f.value)
        if new and new != f.value and f.value not in blocked:
            found = unit_findings(f.value, new, FRONT_MATTER)
            if found:
                blocked[f.value] = reason(found)
    wanted: dict[str, str] = {}
    for part in article.body:
        if isinstance(part, Hole) and part.msgid not in blocked and part.msgid not in wanted:
            new = translate(part.msgid)
            if not new or new == part.msgid:
                continue
            found = controls_added(part.msgid, new)  # a lone CR is a line break to some parsers
            if found:
                blocked[part.msgid] = reason(found)
            else:
                wanted[part.msgid] = new
    if not wanted:
        return blocked
    # attributes the article's units translate (a component's ``label``) change by design
    readable = frozenset(u.kind.detail for u in article.units if u.kind.role is Role.HTML_ATTRIBUTE)
    english = reference(article.body, localize, readable)
    if changes(article.body, wanted, english, localize, readable):
        blocked.update(bisect(article.body, wanted, english, localize, readable))
    return blocked
