"""pipeline.gate: the CI gate's verdicts. Completeness, staleness and translation safety.

Pure: it compares what is on disk with the article plan (what extract and merge
would write now, computed by the caller), takes the one coverage count, and runs
the QA registry on every non-empty translation. Every finding is a ``Problem``
whose check name is in ``CHECKS`` (the gate's own and the QA checks, one registry)
and whose severity comes from there.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from pipeline import qa
from pipeline.coverage import Coverage
from pipeline.glossary import Glossary
from pipeline.locales import Locale
from pipeline.model import Problem, Severity, text_key
from pipeline.po import catalog
from pipeline.qa import consistency

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

GATE_CHECKS: Mapping[str, Severity] = MappingProxyType(
    {
        "source": ERROR,
        "po-syntax": ERROR,
        "missing-catalog": ERROR,
        "stale-template": ERROR,
        "stale-catalog": ERROR,
        "stale-article": ERROR,
        "stale-mirrors": ERROR,
        "coverage": ERROR,
        "unreviewed": ERROR,
        "draft": ERROR,
        "withheld": ERROR,
        "merge": ERROR,
        "orphan": WARNING,
        "consistency": INFO,
    }
)
"""The gate's own checks (completeness and staleness), with their severity."""

CHECKS: Mapping[str, Severity] = MappingProxyType({**GATE_CHECKS, **qa.CHECK_NAMES})
"""Every check name a problem can carry: the stable public contract of ``check``."""


def problem(check: str, message: str, file: str, line: int = 1) -> Problem:
    """A finding of a registered check, with the check's own severity."""
    return Problem(check, CHECKS[check], message, file, line)


@dataclass
class ArticleCheck:
    """One article in one locale, as ``check --format json`` reports it."""

    slug: str
    locale: str
    counts: Coverage = field(default_factory=Coverage)
    """The one coverage count (``coverage.coverage``), as ``status`` shows it."""
    stale: bool = False
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity == ERROR for p in self.problems)

    @property
    def coverage(self) -> float:
        """Reviewed words over all words, in percent."""
        return self.counts.reviewed_percent

    def finish(self) -> None:
        """Mark staleness and order the problems: errors first, then by place."""
        self.stale = any(p.check.startswith(("stale", "missing")) for p in self.problems)
        self.problems.sort(key=lambda p: (p.severity != ERROR, p.file, p.line, p.check))

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
                    "severity": str(p.severity),
                    "file": p.file,
                    "line": p.line,
                    "message": p.message,
                }
                for p in self.problems
            ],
        }

    def state(self) -> dict:
        """Everything it holds, as JSON data (a cache); ``from_state`` gives it back."""
        return {
            "slug": self.slug,
            "locale": self.locale,
            "counts": dataclasses.asdict(self.counts),
            "stale": self.stale,
            "problems": problem_states(self.problems),
        }

    @classmethod
    def from_state(cls, data: dict) -> ArticleCheck:
        return cls(
            data["slug"],
            data["locale"],
            Coverage(**data["counts"]),
            data["stale"],
            problems_of(data["problems"]),
        )


def problem_states(problems: list[Problem]) -> list[list]:
    return [[p.check, str(p.severity), p.message, p.file, p.line] for p in problems]


def problems_of(states: list[list]) -> list[Problem]:
    return [Problem(c, _SEVERITIES[s], m, f, line) for c, s, m, f, line in states]


_SEVERITIES = {str(s): s for s in Severity}


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
        return [problem(check, f"missing: {remedy}", path)]
    line = first_difference(current, expected)
    ratio = difflib.SequenceMatcher(None, current, expected, autojunk=False).quick_ratio()
    message = f"out of date from line {line} ({ratio:.0%} alike): {remedy}"
    return [problem(check, message, path, line)]


def coverage_problems(
    counts: Coverage,
    po_path: str,
    min_coverage: float,
    require_reviewed: bool,
    draft: bool,
    article_path: str,
) -> list[Problem]:
    found = []
    if counts.reviewed_percent < min_coverage:
        message = (
            f"{counts.reviewed_percent:.0f}% of words reviewed ({counts.percent:.0f}% with "
            f"fuzzy drafts), below {min_coverage:g}%"
        )
        found.append(problem("coverage", message, po_path))
    if require_reviewed:
        if counts.fuzzy or counts.untranslated:
            message = f"{counts.fuzzy} fuzzy and {counts.untranslated} untranslated units"
            found.append(problem("unreviewed", message, po_path))
        if draft:
            found.append(problem("draft", "the article is marked draft: true", article_path))
    return found


LocalePair = tuple[Locale, Locale]
"""(source, target) locales of a catalog."""


EntryFindings = tuple[tuple[str, str, str], ...]
"""An entry's QA findings without place: (check, severity, message), as ``run_checks``
orders them."""


def translation_problems(
    po,
    po_path: str,
    glossary: Glossary,
    fm_limits: dict[str, int],
    pair: LocalePair,
    memo: MutableMapping[str, EntryFindings] | None = None,
) -> list[Problem]:
    """The QA registry on every non-empty translation, reviewed and fuzzy; ``pair`` is the
    (source, target) locales, so each check reads the texts with their own rules.

    ``memo`` maps ``entry_key`` to findings: an entry whose inputs were checked before
    (in another article, or in an earlier run when the caller keeps the memo) is not
    checked again. The findings are a pure function of the key, so the result is the
    same with or without it.
    """
    found = []
    source, locale = pair
    salt = _entry_salt(glossary, fm_limits, pair) if memo is not None else ""
    for e in po:
        if e.obsolete or not e.msgstr or not e.msgid:
            continue
        line = getattr(e, "linenum", 0) or 0
        key = entry_key(salt, e.msgid, e.msgstr, e.comment) if memo is not None else ""
        findings = memo.get(key) if memo is not None else None
        if findings is None:
            kind = catalog.kind(e)
            subject = qa.Subject(
                e.msgid, e.msgstr, kind, glossary, fm_limits, locale, source, comment=e.comment
            )
            findings = tuple((p.check, str(p.severity), p.message) for p in qa.run_checks(subject))
            if memo is not None:
                memo[key] = findings
        found += [Problem(c, _SEVERITIES[s], m, po_path, line) for c, s, m in findings]
    return found


def _entry_salt(glossary: Glossary, fm_limits: Mapping[str, int], pair: LocalePair) -> str:
    """Everything besides the entry that the checks read: the glossary (every field), the
    front-matter limits and both locales as resolved (profile data included)."""
    terms = "\n".join(f"{t.term}\t{t.translation}\t{t.note}" for t in glossary.terms)
    text = f"{terms}\0{sorted(fm_limits.items())!r}\0{pair[0]!r}\0{pair[1]!r}"
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def entry_key(salt: str, msgid: str, msgstr: str, comment: str) -> str:
    """What an entry's findings depend on, hashed: the English, the translation, the
    ``#.`` comment (the kind and the note) and ``salt`` (``_entry_salt``). The code of the
    checks is not in it: a cache kept between runs must be keyed on that too."""
    # each text after its length (in characters): no two entries give the same string
    text = f"{salt}{len(msgid)}:{msgid}{len(msgstr)}:{msgstr}{len(comment)}:{comment}"
    data = text.encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16).hexdigest()  # one call, the same bytes


def consistency_problems(
    po, po_path: str, slug: str, conflicts: Mapping[str, object]
) -> list[Problem]:
    """Reviewed entries whose English is translated to say something else elsewhere.

    ``conflicts`` maps an English text to its ``drafting.tm.Group`` (every reviewed
    translation with its sources). Only a translation that differs in what it says
    (``qa.consistency.material``: not wording, spacing, markup or a Latin gloss) and is not
    the site's usual one is named. Info, not a warning: "Immediate" may rightly be 立即饮用
    in a tea recipe; on the live site a third of what remains is a real mismatch (an entry
    paired with the wrong English). The reviewer decides; the memory stops guessing.
    """
    found = []
    for e in po:
        group = conflicts.get(e.msgid) if not e.obsolete and e.msgstr and not e.fuzzy else None
        if group is None:
            continue
        variants = group.under(e.msgctxt)  # a title's own translation is no H1's conflict
        others = [
            v
            for v in variants
            if slug not in {s.slug for s in v.sources} and consistency.material(e.msgstr, v.text)
        ]
        same = [v for v in variants if not consistency.material(e.msgstr, v.text)]
        used = len({s.slug for v in same for s in v.sources} | {slug})
        if not others or consistency.outvoted(used, [len(v.articles) for v in others]):
            continue
        shown = [
            f"「{_short(v.text)}」 in {v.sources[0]}"
            + (f" and {len(v.sources) - 1} more" if len(v.sources) > 1 else "")
            for v in others
        ]
        message = f"{_short(e.msgid)!r} is 「{_short(e.msgstr)}」 here, " + "; ".join(shown[:3])
        line = getattr(e, "linenum", 0) or 0
        found.append(problem("consistency", message, po_path, line))
    return found


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


MERGE_JUDGES = frozenset({"markup-injection", "hidden-text", "urls", "images", "placeables"})
"""Entry checks that judge what merge's review judges (``pipeline.safety``, placeables)."""


def one_verdict(found: list[Problem], withheld: list[Problem]) -> list[Problem]:
    """``found`` and ``withheld`` with one error per entry merge does not publish.

    Merge withholds a translation for what the entry checks in ``MERGE_JUDGES`` find (one
    parse, one comparison), so both would name the same entry. ``withheld`` speaks: it is
    the verdict on the page, judged in the article, and its message gives merge's reason
    and what the page shows instead; it names the entry checks that agree (``[markup-
    injection]``), which stay silent there. Where merge publishes a translation an entry
    check refuses, the entry check speaks alone.
    """
    held = {(p.file, p.line) for p in withheld}
    agree: dict[tuple[str, int], list[str]] = {}
    kept = []
    for p in found:
        if p.check in MERGE_JUDGES and (p.file, p.line) in held:
            agree.setdefault((p.file, p.line), []).append(p.check)
        else:
            kept.append(p)
    for w in withheld:
        names = agree.get((w.file, w.line))
        kept.append(replace(w, message=f"{w.message} [{', '.join(names)}]") if names else w)
    return kept


def withheld_problems(po, po_path: str, withheld: dict[str, str]) -> list[Problem]:
    """An error for each translation merge did not publish, at its entry's line.

    Merge's review (``pipeline.safety``) sees the article in context; the QA checks
    above see each entry alone. Reporting merge's verdict too means the gate fails for
    exactly what the page will not show, with the same reason merge gives.
    """
    if not withheld:
        return []
    lines = {text_key(e.msgctxt, e.msgid): e.linenum or 0 for e in po if not e.obsolete}
    return [
        problem(
            "withheld",
            f"not published (merge uses the English text): {why}",
            po_path,
            lines.get(msgid, 0),
        )
        for msgid, why in sorted(withheld.items(), key=lambda kv: lines.get(kv[0], 0))
    ]
