"""pipeline.check: the CI gate. Completeness, staleness and translation safety.

Pure: it compares what is on disk with what extract and merge would write now
(both computed by the caller), counts the catalog like ``msgfmt --statistics``
and runs the QA registry on every non-empty translation. Every finding is a
``Problem`` with a stable check name, a severity and the file and line to fix.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import polib

from pipeline import qa
from pipeline.glossary import Glossary
from pipeline.merge import Coverage, count
from pipeline.model import Problem, Severity
from pipeline.po import catalog

ERROR, WARNING = Severity.ERROR, Severity.WARNING


@dataclass
class ArticleCheck:
    """One article in one locale, as ``check --format json`` reports it."""

    slug: str
    locale: str
    counts: Coverage = field(default_factory=Coverage)
    """The catalog's entries counted as ``msgfmt --statistics`` counts them."""
    stale: bool = False
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity == ERROR for p in self.problems)

    @property
    def coverage(self) -> float:
        """Reviewed words over all words, in percent."""
        return self.counts.reviewed_percent

    def as_dict(self) -> dict:
        c = self.counts
        return {
            "slug": self.slug,
            "locale": self.locale,
            "units": c.units,
            "words": c.words,
            "reviewed": c.reviewed,
            "fuzzy": c.fuzzy,
            "untranslated": c.untranslated,
            "coverage": round(c.reviewed_percent, 1),
            "coverage_with_fuzzy": round(c.percent, 1),
            "stale": self.stale,
            "problems": [
                {
                    "check": p.check,
                    "severity": p.severity,
                    "file": p.file,
                    "line": p.line,
                    "message": p.message,
                }
                for p in self.problems
            ],
        }


def statistics(po: polib.POFile) -> Coverage:
    """Counts as GNU ``msgfmt --statistics`` gives them: translated, fuzzy, untranslated."""
    return count((e.msgid, e) for e in po if not e.obsolete and e.msgid)


def first_difference(current: str, expected: str) -> int:
    """1-based line of the first difference, for a message a person can act on."""
    for i, (a, b) in enumerate(
        zip(current.splitlines(), expected.splitlines(), strict=False), start=1
    ):
        if a != b:
            return i
    return min(len(current.splitlines()), len(expected.splitlines())) + 1


def stale(
    path: str, current: str | None, expected: str | None, check: str, remedy: str
) -> list[Problem]:
    """A file that differs from what the pipeline would write now."""
    if expected is None or current == expected:
        return []
    if current is None:
        return [Problem(check, ERROR, f"missing: {remedy}", path, 1)]
    line = first_difference(current, expected)
    ratio = difflib.SequenceMatcher(None, current, expected, autojunk=False).quick_ratio()
    return [
        Problem(
            check, ERROR, f"out of date from line {line} ({ratio:.0%} alike): {remedy}", path, line
        )
    ]


def coverage_problems(
    result: ArticleCheck,
    po_path: str,
    min_coverage: float,
    require_reviewed: bool,
    draft: bool,
    article_path: str,
) -> list[Problem]:
    found = []
    if result.coverage < min_coverage:
        found.append(
            Problem(
                "coverage",
                ERROR,
                f"{result.coverage:.0f}% of words reviewed "
                f"({result.counts.percent:.0f}% with fuzzy drafts), below "
                f"{min_coverage:g}%",
                po_path,
                1,
            )
        )
    if require_reviewed:
        if result.counts.fuzzy or result.counts.untranslated:
            found.append(
                Problem(
                    "unreviewed",
                    ERROR,
                    f"{result.counts.fuzzy} fuzzy and {result.counts.untranslated} "
                    "untranslated units",
                    po_path,
                    1,
                )
            )
        if draft:
            found.append(
                Problem("draft", ERROR, "the article is marked draft: true", article_path, 1)
            )
    return found


def translation_problems(
    po: polib.POFile, po_path: str, glossary: Glossary, fm_limits: dict[str, int]
) -> list[Problem]:
    """The QA registry on every non-empty translation, reviewed and fuzzy."""
    found = []
    for e in po:
        if e.obsolete or not e.msgstr or not e.msgid:
            continue
        subject = qa.Subject(e.msgid, e.msgstr, catalog.kind(e), glossary, fm_limits, e.comment)
        for p in qa.run_checks(subject):
            found.append(
                Problem(p.check, p.severity, p.message, po_path, getattr(e, "linenum", 0) or 0)
            )
    return found
