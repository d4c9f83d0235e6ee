"""pipeline.qa.subject: what a check looks at, and how it reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from pipeline import locales
from pipeline.config import DEFAULTS
from pipeline.glossary import Glossary
from pipeline.locales import Locale
from pipeline.model import PARAGRAPH, Kind, Problem, Severity
from pipeline.qa.parsing import _parse, _Parsed
from pipeline.safety import Finding, Inventory, unit_findings, unit_inventory

ERROR = Severity.ERROR
WARNING = Severity.WARNING
INFO = Severity.INFO


@dataclass(frozen=True)
class Subject:
    """One translated unit as the checks see it."""

    msgid: str
    msgstr: str
    kind: Kind = PARAGRAPH
    """The extractor's unit kind: ``paragraph``, ``heading 2``, ``front matter: seo_title``…"""
    glossary: Glossary = field(default_factory=Glossary)
    fm_limits: dict[str, int] = field(default_factory=lambda: dict(DEFAULTS.fm_limits), hash=False)
    """Front-matter key -> maximum display width, in full-width characters (``fm_length``)."""
    locale: Locale = field(default_factory=locales.default, hash=False, compare=False)
    """The locale of the translation: its script, punctuation, number formats, length."""
    source: Locale = field(default_factory=locales.default_source, hash=False, compare=False)
    """The locale of the source text (its number formats and scale words)."""
    comment: str = ""
    """The entry's ``#.`` lines: the kind, and the note naming translatable parameters and
    link labels (see ``markdown.segments.note``)."""

    @property
    def unchanged(self) -> bool:
        """The translation is the English (a name, a code block, a text left as it is):
        a check that compares what both sides have (each read by the same pure function)
        finds nothing, and need not parse either side."""
        return self.msgstr == self.msgid

    @property
    def is_code(self) -> bool:
        return self.kind.is_code

    @property
    def is_front_matter(self) -> bool:
        return self.kind.is_front_matter

    @property
    def is_markdown(self) -> bool:
        """Only these units are rendered as inline Markdown by the site."""
        return self.kind.is_markdown

    @cached_property
    def src(self) -> _Parsed:
        return _parse(self.msgid)

    @cached_property
    def dst(self) -> _Parsed:
        return _parse(self.msgstr)

    def same_target(self, url: str) -> str:
        """A link target compared across the two texts: a site-relative link may switch
        the leading locale segment (``/en/…`` in the source, ``/zh-cn/…`` in the
        translation), because merge rewrites exactly that; nothing else may change."""
        url = url.strip()
        for segment in (self.source.segment, self.locale.segment):
            prefix = f"/{segment}/"
            if url.startswith(prefix):
                return "/{locale}/" + url[len(prefix) :]
        return url

    @cached_property
    def findings(self) -> list[Finding]:
        """What ``pipeline.safety`` refuses in this translation (merge's own comparison)."""
        return unit_findings(self.msgid, self.msgstr, self.kind)

    @property
    def src_targets(self) -> Inventory:
        """The English unit's links and images in order, as the site's parser reads them."""
        return unit_inventory(self.msgid, self.kind)

    @property
    def dst_targets(self) -> Inventory:
        return unit_inventory(self.msgstr, self.kind)


def _problem(check: str, severity: Severity, message: str) -> Problem:
    return Problem(check, severity, message)
