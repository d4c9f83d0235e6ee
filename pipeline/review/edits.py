"""pipeline.review.edits: what approve, save and reject do to one entry.

Pure: an entry's reviewable fields in, the new fields out. Kept apart from the
adapter so the rules are read (and tested) in one place:

* **approve** saves the text as reviewed: the fuzzy flag, the ``#|`` previous
  English and the tool's own ``draft:``/``qa:`` notes go, as they go when
  ``extract`` carries a reviewed entry forward, so a later ``make sync``
  changes nothing;
* **save** keeps the text as a draft awaiting approval (fuzzy); when the text
  changed, the tool's notes say it was edited in review and by whom;
* **reject** empties the translation (and drops what described the draft); a
  person's own comments always stay.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

ACTIONS = ("approve", "save", "reject")
TOOL_NOTES = ("draft:", "qa:")


@dataclass(frozen=True, slots=True)
class Fields:
    """The parts of a PO entry a review may change (nothing else is ever touched)."""

    msgstr: str
    flags: tuple[str, ...] = ()
    tcomment: str = ""
    previous: str | None = None

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags


def apply(
    old: Fields, action: str, text: str, reviewer: str = "", failed: tuple[str, ...] = ()
) -> Fields:
    """The entry after ``action`` with ``text``; ``failed`` names the checks the text fails."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r} (expected one of {', '.join(ACTIONS)})")
    human = [ln for ln in old.tcomment.split("\n") if ln and not ln.startswith(TOOL_NOTES)]
    others = tuple(f for f in old.flags if f != "fuzzy")
    if action == "approve":
        return Fields(text, others, "\n".join(human), None)
    if action == "reject":
        return Fields("", others, "\n".join(human), None)
    if text == old.msgstr and old.fuzzy:
        return old
    notes = [f"draft: edited in review{f' by {reviewer}' if reviewer else ''}"]
    if failed:
        notes.append("qa: check " + ", ".join(failed))
    return replace(old, msgstr=text, flags=("fuzzy", *others), tcomment="\n".join([*human, *notes]))
