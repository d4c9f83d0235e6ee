"""pipeline.cleanup: repair what CommonMark would render wrongly in Chinese drafts.

CommonMark decides whether ``**`` opens or closes by what is next to it (the
"flanking" rules). A closing ``**`` that follows punctuation closes only when
whitespace or punctuation comes after it, which English always has and Chinese
never has: ``**标签：**内容`` prints its asterisks. The live site's translators
write ``**标签**：内容``; ``fix_flanking`` moves the punctuation that way, and
keeps a change only when markdown-it confirms the emphasis now renders.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from markdown_it import MarkdownIt

from pipeline import locales
from pipeline.config import DEFAULTS
from pipeline.glossary import Glossary
from pipeline.locales import Locale
from pipeline.model import PARAGRAPH, Kind, Problem
from pipeline.qa import Subject, run_checks

_MD = MarkdownIt("commonmark").enable("table")
_CODE_SPAN_RE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
_RUN_RE = re.compile(r"(?<!\*)(\*\*|\*)(?!\*)|(?<!_)(__)(?!_)")
_BRACKETS = {
    "（": "）",
    "(": ")",
    "《": "》",
    "〈": "〉",
    "「": "」",
    "『": "』",
    "【": "】",
    "“": "”",
    "‘": "’",
    '"': '"',
    "'": "'",
}
_CLOSERS = {v: k for k, v in _BRACKETS.items()}


def _is_punct(ch: str) -> bool:
    """CommonMark's "Unicode punctuation": general categories P and S."""
    return unicodedata.category(ch)[0] in "PS"


def _movable(ch: str) -> bool:
    """Punctuation the house style puts outside emphasis; ``%`` or ``℃`` belong to the number."""
    return unicodedata.category(ch)[0] == "P" and ch not in "%‰‱#&@\\/*_-"


def _is_space(ch: str) -> bool:
    return ch.isspace()


def _emphasis_count(text: str) -> tuple[int, int]:
    """(strong + em nodes, all other inline nodes) as markdown-it renders ``text``."""
    emph = other = 0
    for tok in _MD.parseInline(text)[0].children or []:
        if tok.type in ("strong_open", "em_open"):
            emph += 1
        elif tok.type in ("link_open", "image", "code_inline", "html_inline"):
            other += 1
    return emph, other


def _bracket_pairs(content: str) -> dict[int, int]:
    """Closing index -> opening index for the brackets and quotes matched inside ``content``."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for i, ch in enumerate(content):
        if ch in _CLOSERS and stack and content[stack[-1]] == _CLOSERS[ch]:
            pairs[i] = stack.pop()
        elif ch in _BRACKETS:
            stack.append(i)
    return pairs


def _rearrange(content: str, marker: str, opener_stuck: bool, closer_stuck: bool) -> str | None:
    """The span ``marker + content + marker`` with punctuation moved outside, or None.

    - ``标签：`` -> ``**标签**：`` (trailing punctuation out);
    - ``（COX）`` -> ``（**COX**）`` (a span that is one bracketed group: brackets out);
    - ``前列腺素（Prostaglandins）`` -> ``**前列腺素**（Prostaglandins）`` (a trailing
      bracketed gloss out, rather than splitting its brackets);
    - the mirror images for an opening marker stuck behind leading punctuation.
    """
    pairs = _bracket_pairs(content)
    last = len(content) - 1
    if pairs.get(last) == 0 and last > 1:
        return content[0] + marker + content[1:last] + marker + content[last]
    head, body, tail = "", content, ""
    if closer_stuck:
        if last in pairs and pairs[last] > 0:
            cut = pairs[last]
        else:
            cut = len(content)
            while (
                cut > 0
                and _movable(content[cut - 1])
                and content[cut - 1] not in _BRACKETS
                and (cut - 1) not in pairs
            ):
                cut -= 1
        body, tail = content[:cut], content[cut:]
    if opener_stuck:
        openers = {o: c for c, o in pairs.items()}
        if 0 in openers and openers[0] < len(body) - 1:
            cut = openers[0] + 1
        else:
            cut = 0
            while (
                cut < len(body)
                and _movable(body[cut])
                and body[cut] not in _CLOSERS
                and cut not in openers
            ):
                cut += 1
        head, body = body[:cut], body[cut:]
    if not body.strip() or (not head and not tail):
        return None
    return head + marker + body + marker + tail


def _runs(text: str) -> dict[str, list[tuple[int, int]]]:
    """Delimiter runs outside code spans, by marker, in order."""
    code = [m.span() for m in _CODE_SPAN_RE.finditer(text)]
    runs: dict[str, list[tuple[int, int]]] = {}
    for m in _RUN_RE.finditer(text):
        if any(a <= m.start() < b for a, b in code):
            continue
        runs.setdefault(m.group(), []).append(m.span())
    return runs


def _one_fix(text: str) -> str | None:
    """The text with the first repairable span repaired, or None when there is none."""
    for marker, spans in _runs(text).items():
        for k in range(len(spans) - 2 - len(spans) % 2, -1, -2):
            (o_start, o_end), (c_start, c_end) = spans[k], spans[k + 1]
            content = text[o_end:c_start]
            if not content or "\n\n" in content:
                continue
            after = text[c_end : c_end + 1]
            before = text[o_start - 1 : o_start] if o_start else ""
            closer_stuck = (
                _is_punct(content[-1])
                and bool(after)
                and not _is_space(after)
                and not _is_punct(after)
            )
            opener_stuck = (
                _is_punct(content[0])
                and bool(before)
                and not _is_space(before)
                and not _is_punct(before)
            )
            if not (closer_stuck or opener_stuck):
                continue
            span = _rearrange(content, marker, opener_stuck, closer_stuck)
            if span is None:
                continue
            candidate = text[:o_start] + span + text[c_end:]
            old, new = _emphasis_count(text), _emphasis_count(candidate)
            if new[0] > old[0] and new[1] == old[1]:
                return candidate
    return None


def fix_flanking(text: str) -> str:
    """Move punctuation out of emphasis that CommonMark would print literally in Chinese.

    ``**标签：**内容`` -> ``**标签**：内容``. A span that cannot be repaired by moving
    punctuation (``** 开头有空格**``) is left as it is, for ``qa.render_parity`` to report.
    Every change is verified with markdown-it: it is kept only if it makes one more
    bold or italic span render and changes no link, image or code. Pure and idempotent
    (it repeats until nothing more can be fixed).
    """
    if "*" not in text and "__" not in text:
        return text
    # Each accepted change renders one more span, so this ends after at most one round
    # per delimiter run.
    for _ in range(text.count("*") + text.count("_") + 1):
        fixed = _one_fix(text)
        if fixed is None:
            break
        text = fixed
    return text


def review_draft(
    msgid: str,
    draft: str,
    kind: Kind = PARAGRAPH,
    glossary: Glossary | None = None,
    fm_limits: Mapping[str, int] = DEFAULTS.fm_limits,
    pair: tuple[Locale, Locale] | None = None,
) -> tuple[str, list[Problem]]:
    """Clean a machine or memory draft and check it: what the drafting step saves.

    Returns the cleaned text and the problems left; a draft with problems is still
    saved (as fuzzy), with the failed check names in its comment for the reviewer.
    """
    text = fix_flanking(draft)
    source, locale = pair or (locales.default_source(), locales.default())
    gloss = glossary or Glossary()
    return text, run_checks(Subject(msgid, text, kind, gloss, dict(fm_limits), locale, source))
