"""pipeline.drafting.repair: make a near match's old translation fit the new English.

Why: most near matches differ from the new English only in a number, a link
target, a code span or the emphasis around the whole unit. Offered as they
are, they carry the *old* number or URL into a medical article, which a
reviewer skimming a 90% match easily misses. So before a near match is
offered, what can be carried over mechanically is: the English and the old
translation are parsed with the same inline-Markdown parser DeepL drafts go
through (``mtmarkup.to_xml``), links, code, HTML and emphasis delimiters are
swapped span for span, and numbers in the prose are swapped where the old
translation holds the old number exactly as often as the old English did.
Anything that cannot be carried over safely is left alone and reported, so
the reviewer knows where to look (``complete`` is False).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from pipeline.drafting.mtmarkup import MarkupError, Span, Spans, from_xml, text_of, to_xml

_NUMBER = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)*(?![\d]|[.,]\d)")
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Repair:
    text: str
    changes: tuple[str, ...] = ()
    """What was carried over, e.g. ``400 -> 600``, ``link https://a -> https://b``."""
    complete: bool = True
    """The repaired text has the new English's numbers, links, code and markup."""


@dataclass
class _Parsed:
    xml: str
    spans: Spans
    numbers: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, text: str) -> _Parsed:
        xml, spans = to_xml(text)
        return cls(xml, spans, _NUMBER.findall(text_of(xml)))


def repair(old_en: str, new_en: str, old_tr: str) -> Repair:
    """``old_tr`` with the numbers and markup of ``new_en`` where ``old_en`` had others."""
    changes: list[str] = []
    labeled = _bold_label(old_en, new_en, old_tr)
    if labeled is not None:
        old_en, old_tr = labeled
        changes.append("label emphasized")
    (ho, co, to), (hn, cn, tn), (ht, ct, tt) = map(edges, (old_en, new_en, old_tr))
    if (ho, to) != (hn, tn) and _alike(ho, ht) and _alike(to, tt) and ct:
        core = _inner(co, cn, ct, changes)
        text = hn + core + _tail(tn, to, tt, core)
        changes.append(f"{_show(ho, to)} -> {_show(hn, tn)}")
    else:
        text = _inner(old_en, new_en, old_tr, changes)
    return Repair(text, tuple(changes), fits(new_en, text))


_LABEL = re.compile(r"(\*\*|__)([^*_]+?)\1(\s*)(\S.*)", re.S)


def _bold_label(old_en: str, new_en: str, old_tr: str) -> tuple[str, str] | None:
    """A leading label put in bold: ``**Luteal Phase** (17-28 days)`` for ``Luteal Phase (…)``.

    The label ends at the punctuation that follows it in the English (`` (``, ``:``); the
    translation's label ends at the first mark of the same kind (``（``, ``：``). Returns
    the old English and translation with the label emphasized, for the number swap.
    """
    m = _LABEL.fullmatch(new_en)
    if not m or not unicodedata.category(m.group(4)[0]).startswith("P"):
        return None
    delim, label, space, rest = m.groups()
    n = len(label)
    if _digits(old_en[:n]) != _digits(label) or _digits(old_en[n:]) != _digits(space + rest):
        return None
    mark = m.group(4)[0]
    norm = unicodedata.normalize
    k = next((i for i, ch in enumerate(old_tr) if norm("NFKC", ch) == mark), 0)
    if k == 0 or not old_tr[:k].strip():
        return None
    head = old_tr[:k].rstrip()
    return (
        delim + old_en[:n] + delim + old_en[n:],
        delim + head + delim + old_tr[len(head) :],
    )


def _digits(text: str) -> str:
    """Text compared without case or the values of its numbers."""
    return re.sub(r"\d+", "0", text).casefold()


def _inner(old_en: str, new_en: str, old_tr: str, changes: list[str]) -> str:
    """Spans and numbers swapped inside the text (its edges are the caller's)."""
    o, n, t = _Parsed.of(old_en), _Parsed.of(new_en), _Parsed.of(old_tr)
    before = len(changes)
    spans = _swap_spans(o.spans, n.spans, t.spans, changes)
    xml = _swap_numbers(o.numbers, n.numbers, t.xml, changes)
    if len(changes) == before:
        return old_tr
    try:
        return from_xml(xml, spans)
    except MarkupError:  # pragma: no cover - tags are never touched
        del changes[before:]
        return old_tr


_NUMBERING = re.compile(r"\d+(?:\.\d+)*\.?\s+")
_DELIMS = "*_~"


def _decor(ch: str, tail: bool) -> bool:
    """Emphasis delimiters, spaces, emoji and symbols; at the end, sentence punctuation too."""
    if ch in _DELIMS or ch.isspace():
        return True
    cat = unicodedata.category(ch)
    if cat in ("So", "Sk", "Mn", "Cf"):
        return True
    return tail and cat == "Po" and ch not in "%‰#&@*'\"\\/"


def edges(text: str) -> tuple[str, str, str]:
    """``(head, core, tail)``: the decoration around a unit's words.

    Head: emphasis delimiters, emoji and a section number (``6.1 ``); tail: emphasis
    delimiters and sentence punctuation (``**:``). A heading renumbered or a label
    put in bold changes only these, and they carry over whatever the language.
    """
    i = 0
    while True:
        m = _NUMBERING.match(text, i)
        if m:
            i = m.end()
        elif i < len(text) and _decor(text[i], tail=False):
            i += 1
        else:
            break
    j = len(text)
    while j > i and _decor(text[j - 1], tail=True):
        j -= 1
    return text[:i], text[i:j], text[j:]


def _alike(english: str, translated: str) -> bool:
    """The same decoration, full-width punctuation and spacing aside (``**:`` ~ ``**：``)."""
    norm = unicodedata.normalize
    return "".join(norm("NFKC", english).split()) == "".join(norm("NFKC", translated).split())


def _tail(new: str, old: str, old_tr: str, core: str) -> str:
    """The new English's tail in the translation's own punctuation.

    The translation's old tail tells how it writes each mark (``:`` as ``：``); without
    one, a text ending in a wide (CJK) character takes the full-width form of the mark.
    """
    seen = {unicodedata.normalize("NFKC", ch): ch for ch in old_tr if not ch.isspace()}
    wide = bool(core) and unicodedata.east_asian_width(core[-1]) in "WF"
    out = []
    for ch in new:
        if ch in seen:
            ch = seen[ch]
        elif wide and unicodedata.category(ch) == "Po" and ch != ".":
            ch = _FULLWIDTH.get(ch, ch)
        out.append(ch)
    text = "".join(out)
    return text.lstrip() if wide else text


_FULLWIDTH = {c: chr(ord(c) + 0xFEE0) for c in ":;!?,"}
"""ASCII marks and their full-width forms (U+FF01..U+FF5E mirror U+0021..U+007E)."""


def _show(head: str, tail: str) -> str:
    return repr(head.strip() + "…" + tail.strip())


def _swap_spans(old: Spans, new: Spans, tr: Spans, changes: list[str]) -> Spans:
    """Links, code, HTML and delimiters that changed in place, swapped in the translation.

    Only when the English kept its structure (the same tags in the same order) and
    every copy of an old span changed the same way.
    """
    if [s.tag for s in old.items] != [s.tag for s in new.items]:
        return tr
    mapping: dict[Span, Span] = {}
    for a, b in zip(old.items, new.items, strict=True):
        if mapping.get(a, b) != b:
            return tr  # the same old span became two different ones: ambiguous
        mapping[a] = b
    out = []
    for s in tr.items:
        repl = mapping.get(s, s)
        if repl != s:
            changes.append(f"{_label(s)} -> {_label(repl)}")
        out.append(repl)
    return Spans(tuple(out))


def _label(span: Span) -> str:
    return (span.open + "…" + span.close) if span.close else span.open


def _swap_numbers(old: list[str], new: list[str], xml: str, changes: list[str]) -> str:
    """Numbers of the old English replaced by the new English's in the translation's prose."""
    mapping: dict[str, str] = {}
    changed: Counter[str] = Counter()
    for a, b in _paired(old, new):
        if mapping.get(a, b) != b:
            return xml  # the same old number became two different ones: ambiguous
        mapping[a] = b
        changed[a] += 1
    if not mapping:
        return xml
    count_old = Counter(old)
    parts = _TAG.split(xml)
    tags = _TAG.findall(xml)
    found = Counter(n for p in parts for n in _NUMBER.findall(p))
    # Every copy of the old number changed, and the translation holds exactly those copies.
    usable = {a: b for a, b in mapping.items() if found[a] == count_old[a] == changed[a]}
    if not usable:
        return xml
    pattern = re.compile(
        r"(?<![\d.,])(?:"
        + "|".join(map(re.escape, sorted(usable, key=len, reverse=True)))
        + r")(?![\d]|[.,]\d)"
    )
    parts = [pattern.sub(lambda m: usable[m.group()], p) for p in parts]
    changes.extend(f"{a} -> {b}" for a, b in usable.items())
    out = [parts[0]]
    for tag, part in zip(tags, parts[1:], strict=True):
        out += [tag, part]
    return "".join(out)


def _paired(old: list[str], new: list[str]) -> list[tuple[str, str]]:
    """Old and new numbers that changed: position by position when there are as many,
    else within the stretches difflib finds replaced one for one."""
    if len(old) == len(new):
        return [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    pairs = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "replace" and i2 - i1 == j2 - j1:
            pairs += zip(old[i1:i2], new[j1:j2], strict=True)
    return pairs


def fits(english: str, translation: str) -> bool:
    """The translation has the English's numbers, links, code, HTML and markup tags."""
    e, t = _Parsed.of(english), _Parsed.of(translation)
    if Counter(e.numbers) - Counter(t.numbers):
        return False
    return _shape(e.spans) == _shape(t.spans)


def _shape(spans: Spans) -> Counter[tuple[str, str, str]]:
    """Link targets, code and HTML exactly; emphasis by kind only (its delimiters may vary)."""
    return Counter(
        (s.tag, s.open, s.close) if s.tag in ("a", "x", "img") else (s.tag, "", "")
        for s in spans.items
    )


def word_diff(old: str, new: str, context: int = 3, limit: int = 400) -> str:
    """``take [-400mg-]{+600mg+} every`` style: every change, a few words around each."""
    a, b = old.split(), new.split()
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    out: list[str] = []
    for n, (op, i1, i2, j1, j2) in enumerate(ops):
        if op == "equal":
            words = a[i1:i2]
            first, last = n == 0, n == len(ops) - 1
            if len(words) > (context if first or last else 2 * context + 1):
                head = [] if first else words[:context]
                tail = [] if last else words[-context:]
                words = [*head, "…", *tail]
            out += words
            continue
        if i2 > i1:
            out.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(b[j1:j2]) + "+}")
    text = " ".join(out) if len(ops) > 1 or ops and ops[0][0] != "equal" else "(same words)"
    return text if len(text) <= limit else text[: limit - 1] + "…"
