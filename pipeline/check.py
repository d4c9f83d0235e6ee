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

from . import qa
from .glossary import Glossary
from .merge import count
from .model import Problem

ERROR, WARNING = "error", "warning"


@dataclass
class ArticleCheck:
    """One article in one locale, as ``check --format json`` reports it."""

    slug: str
    locale: str
    units: int = 0
    words: int = 0
    reviewed: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    coverage: float = 0.0
    """Reviewed words over all words, in percent."""
    coverage_with_fuzzy: float = 0.0
    stale: bool = False
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity == ERROR for p in self.problems)

    def as_dict(self) -> dict:
        return {
            "slug": self.slug,
            "locale": self.locale,
            "units": self.units,
            "words": self.words,
            "reviewed": self.reviewed,
            "fuzzy": self.fuzzy,
            "untranslated": self.untranslated,
            "coverage": round(self.coverage, 1),
            "coverage_with_fuzzy": round(self.coverage_with_fuzzy, 1),
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


def statistics(result: ArticleCheck, po: polib.POFile) -> None:
    """Counts as GNU ``msgfmt --statistics`` gives them: translated, fuzzy, untranslated."""
    c = count((e.msgid, e) for e in po if not e.obsolete and e.msgid)
    result.units, result.words = c.units, c.words
    result.reviewed, result.fuzzy, result.untranslated = c.reviewed, c.fuzzy, c.untranslated
    result.coverage, result.coverage_with_fuzzy = c.reviewed_percent, c.percent


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
                f"({result.coverage_with_fuzzy:.0f}% with fuzzy drafts), below "
                f"{min_coverage:g}%",
                po_path,
                1,
            )
        )
    if require_reviewed:
        if result.fuzzy or result.untranslated:
            found.append(
                Problem(
                    "unreviewed",
                    ERROR,
                    f"{result.fuzzy} fuzzy and {result.untranslated} untranslated units",
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
        kind = e.comment.split("\n")[0] if e.comment else "paragraph"
        subject = qa.Subject(e.msgid, e.msgstr, kind, glossary, fm_limits)
        for p in qa.run_checks(subject):
            found.append(
                Problem(p.check, p.severity, p.message, po_path, getattr(e, "linenum", 0) or 0)
            )
    return found
