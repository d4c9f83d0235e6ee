"""pipeline.safety.attributes: what a translation may do to an English element's attributes.

Keep them exactly, with two exceptions the site's own human translations make and
that cannot hide text or run code: dropping an event handler (removing script never
injects anything), and class tokens that only apply while the reader interacts
(``hover:bg-white``, ``focus:ring``), which change nothing a reader sees at rest.
A class that applies at rest (``hidden``, ``md:hidden``, ``opacity-0``) can hide a
warning, so it must be the English's.
"""

from __future__ import annotations

from pipeline.safety.finding import Finding
from pipeline.safety.html import ACTIVE_TAGS, URL_ATTRIBUTES, is_active_attribute

INTERACTION_VARIANTS = frozenset(
    {
        "hover", "focus", "active", "focus-within", "focus-visible", "visited",
        "group-hover", "group-focus", "peer-hover", "peer-focus", "motion-safe",
        "motion-reduce",
    }
)  # fmt: skip


def tag_findings(removed: list[tuple], added: list[tuple]) -> list[Finding]:
    """English tags the translation lacks or changed, and tags it added, paired by name."""
    found: list[Finding] = []
    left = list(removed)
    for new in added:
        same = [old for old in left if old[1] == new[1]]
        if not same:
            found.append(new_tag(new))
            continue
        old = max(same, key=lambda o: len(set(o[2]) & set(new[2])))
        left.remove(old)
        found += attribute_findings(new[1], old[2], new[2])
    found += [Finding("markup-balance", f"HTML tag <{old[1]}> is missing") for old in left]
    return found


def attribute_findings(name: str, before: tuple, after: tuple) -> list[Finding]:
    """Attributes added or changed (``markup-injection``) and lost (``markup-balance``)."""
    old, new = dict(before), dict(after)
    found = []
    for attr, value in after:
        if attr in old and old[attr] == value:
            continue
        if attr == "class" and _interaction_only(old.get("class"), value):
            continue
        shown = attr if value is None else f"{attr}={value!r}"
        found.append(
            Finding(
                "markup-injection",
                f"HTML attribute {shown} on <{name}> is not in the English",
                is_active_attribute(attr, value),
            )
        )
    for attr, _ in before:
        if attr not in new and not attr.startswith("on"):
            found.append(Finding("markup-balance", f"HTML attribute {attr} on <{name}> is missing"))
    return found


def new_tag(fact: tuple) -> Finding:
    name, attrs = fact[1], fact[2]
    active = [a for a, v in attrs if is_active_attribute(a, v)]
    shown = [f"{a}={v!r}" for a, v in attrs if a in URL_ATTRIBUTES and v is not None]
    shown += [f"{a}=" for a in active if a not in URL_ATTRIBUTES]
    detail = " " + " ".join(shown) if shown else ""
    return Finding(
        "markup-injection",
        f"HTML tag <{name}{detail}> is not in the English",
        name in ACTIVE_TAGS or bool(active),
    )


def _interaction_only(english: str | None, value: str | None) -> bool:
    """Every class token the translation adds applies only during an interaction."""
    had = set((english or "").split())
    for token in (value or "").split():
        if token in had:
            continue
        variants = token.split(":")[:-1]
        if not variants or not all(v in INTERACTION_VARIANTS for v in variants):
            return False
    return set((value or "").split()) >= had
