"""pipeline.review.model: the small, plain values the review app works with.

The app depends on these and nothing else from the core: ``data`` builds them
from the repository (polib entries, the extractor's skeleton, the gate's
results), so a change in the core's model is absorbed in one module.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.model import text_key

REVIEWED, FUZZY, UNTRANSLATED = "reviewed", "fuzzy", "untranslated"


@dataclass(frozen=True, slots=True)
class Finding:
    """One QA or gate problem, as a reviewer reads it."""

    check: str
    severity: str
    message: str
    line: int = 0
    file: str = ""


@dataclass(frozen=True, slots=True)
class Entry:
    """One catalog entry (a distinct English text) and what a reviewer must know of it."""

    msgid: str
    msgstr: str
    fuzzy: bool
    kind: str
    """The extractor's ``#.`` kind: ``paragraph``, ``heading 2``, ``front matter: title``…"""
    tcomment: str = ""
    previous: str | None = None
    """The English this translation was made for (``#| msgid``), when it changed since."""
    line: int = 0
    """Line of the ``msgid`` in the PO file, as ``pipeline check`` reports it."""
    problems: tuple[Finding, ...] = ()
    withheld: str = ""
    """Why merge refuses to publish this translation (active content), or empty."""

    @property
    def state(self) -> str:
        if not self.msgstr:
            return UNTRANSLATED
        return FUZZY if self.fuzzy else REVIEWED

    @property
    def origin(self) -> str:
        """Where a draft came from: the tool's ``draft:`` or ``import:`` comment."""
        for prefix in ("draft:", "import:"):
            for line in self.tcomment.split("\n"):
                if line.startswith(prefix):
                    return line
        return ""

    @property
    def notes(self) -> list[str]:
        """Translator comments a person wrote (the tool's own notes left out)."""
        tool = ("draft:", "qa:", "import:")
        return [ln for ln in self.tcomment.split("\n") if ln and not ln.startswith(tool)]

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def needs_review(self) -> bool:
        return self.state != REVIEWED or bool(self.problems) or bool(self.withheld)


@dataclass(frozen=True, slots=True)
class Gap:
    """Markup between units: the English bytes, and the translation's (addenda placed)."""

    english: str
    translation: str


@dataclass(frozen=True, slots=True)
class Slot:
    """Where one unit's text goes in the body, and how its line breaks are written."""

    msgid: str
    breaks: tuple[str, ...] = ()
    single_line: bool = False
    own: str | None = None
    """This occurrence's own translation (an addenda ``translate`` section), if any."""
    context: str | None = None
    """The unit's ``msgctxt`` (a role of its own, ``Unit.context``)."""

    @property
    def key(self) -> str:
        """The unit's key (``model.text_key``): what the page and the API name it by."""
        return text_key(self.context, self.msgid)


Piece = Gap | Slot


@dataclass(frozen=True, slots=True)
class FrontRow:
    """One front-matter key: English value, localized value, and its unit when translated."""

    key: str
    english: str
    translation: str
    policy: str
    msgid: str | None = None
    """The key of its unit (``model.text_key``), when the value is translated."""


@dataclass(frozen=True, slots=True)
class Counts:
    """Per article and locale, the same numbers as ``pipeline status`` and ``check``."""

    units: int = 0
    words: int = 0
    reviewed: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    coverage: float = 0.0
    coverage_with_fuzzy: float = 0.0


@dataclass(frozen=True, slots=True)
class IndexRow:
    slug: str
    locale: str
    counts: Counts
    stale: bool
    has_catalog: bool
    problems: tuple[Finding, ...] = ()

    @property
    def flagged(self) -> int:
        """Units with a translation error (distinct PO lines)."""
        return len({p.line for p in self.problems if p.severity == "error" and _unit(p)})

    @property
    def warned(self) -> int:
        return len({p.line for p in self.problems if p.severity == "warning" and _unit(p)})

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def needs_review(self) -> bool:
        return bool(self.counts.fuzzy or self.counts.untranslated or self.flagged)


def _unit(p: Finding) -> bool:
    """A problem of one translation (a PO line), not of a whole file."""
    return p.file.endswith((".po", ".pot")) and p.line > 1 and not p.check.startswith("stale")


@dataclass
class ArticleData:
    """Everything the article view shows, read in one go from one version of each file."""

    slug: str
    locale: str
    source_path: str
    catalog_path: str
    catalog_hash: str
    """The store's digest of the PO file as read: a save is refused when it differs."""
    entries: dict[str, Entry] = field(default_factory=dict)
    pieces: list[Piece] = field(default_factory=list)
    front: list[FrontRow] = field(default_factory=list)
    counts: Counts = field(default_factory=Counts)
    problems: list[Finding] = field(default_factory=list)
    """Article-level findings of ``pipeline check`` (stale files, coverage…)."""
    notes: list[str] = field(default_factory=list)
    """What merge said (withheld translations, addenda that found no place…)."""
    draft: bool = False
    """Merge writes this article with ``draft: true``."""
    missing: str = ""
    """Why there is nothing to review (no catalog yet), or empty."""
