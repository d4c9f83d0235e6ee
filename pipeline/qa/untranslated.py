"""pipeline.qa.untranslated: English left where a translation belongs.

What a translator rightly leaves in English is not prose: the reference list (cited
works, their journals and publishers), names (apps, organisations, products, plan
names) and wordplay that only works in English (an acrostic such as ``**S**pecific``).
On the live site every one of the 88 units the first version of this check reported was
of that kind; what it should find is a sentence left in English.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.model import Problem, Role
from pipeline.qa.markup import _term_re
from pipeline.qa.subject import WARNING, Subject, _problem

_PROSE_WORD_RE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][a-z]{2,}(?![A-Za-z0-9])")
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9'’.\-]*")
_SMALL_WORDS = frozenset(
    ("a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or")
    + ("the", "to", "vs", "vs.", "via", "with")
)
"""Words a title leaves in lower case (``Guidelines on Sports Medicine``)."""
_YEAR_RE = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")
_SOURCE_RE = re.compile(
    r"\s[-–—]\s+[A-Z][\w'’.\-]*(?:\s+(?:[A-Z&][\w'’.\-]*|of|and|the|for|in|on))*$"
)
"""``… - Journal of Sports Rehabilitation``: a title followed by where it was published."""
_AUTHOR_TITLE_RE = re.compile(r"^[^.*]+\.\s*\*[^*]+\*")
"""``Clinic Staff. *Copper coils explained*.``: author, then the work in italics."""
_SPLIT_WORD_RE = re.compile(r"(?:\*\*|__|\*|_)[A-Za-z]{1,3}(?:\*\*|__|\*|_)[a-z]")
"""Emphasis inside a word: ``**S**pecific``, an acrostic or mnemonic."""


def untranslated(s: Subject) -> Iterator[Problem]:
    """The translation equals the English prose (warning).

    Skipped when nothing translatable is left after removing code, URLs, numbers and
    do-not-translate terms (``PeriodHub``, ``NSAIDs``, ``L4-S1``), and for what stays
    English on purpose: a cited work or its source (a year, ``et al.``, a link, ``Title -
    Publisher``, ``Author. *Title*.``), a name or title written in title case outside a
    heading (``Moon Diary``, ``National Guidelines on Sports Medicine``), an acrostic.
    A heading or front-matter value in title case is still reported: those are the
    article's own titles.
    """
    if s.msgstr.strip() != s.msgid.strip() or s.is_code:
        return
    text = s.src.plain
    for t in s.glossary.terms_in(text):
        if t.keep:
            text = _term_re(t.term).sub(" ", text)
    if s.glossary.lookup(s.msgid) is not None or not _PROSE_WORD_RE.search(text):
        return
    if _cited(s.msgid, s.src.plain) or _SPLIT_WORD_RE.search(s.msgid):
        return
    own_title = s.is_front_matter or s.kind.role is Role.HEADING
    if not own_title and _title_case(text):
        return
    yield _problem("untranslated", WARNING, "translation is the same as the English")


def _cited(raw: str, plain: str) -> bool:
    """A reference: a cited work, its authors or where it was published."""
    return bool(
        _linked(raw)
        or _YEAR_RE.search(plain)
        or "et al" in plain
        or _SOURCE_RE.search(plain.strip().rstrip("."))
        or _AUTHOR_TITLE_RE.search(raw.strip())
    )


def _linked(raw: str) -> bool:
    """The unit links to the work it names (a Markdown link or a bare URL)."""
    return "](" in raw or "://" in raw


def _title_case(plain: str) -> bool:
    """Every word capitalized but the small ones: a name or the title of a work."""
    words = _WORD_RE.findall(plain.replace("*", " ").replace("_", " "))
    if not words or not words[0][0].isupper():
        return False
    return all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in words)
