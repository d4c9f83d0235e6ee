"""pipeline.align: pair an English article with an existing human translation.

Pure: two extracted ``Article`` objects in (the localized one is extracted with
the same function, so its units are its own text), an ``Alignment`` out. Used
by ``pipeline import`` to adopt a site that is already translated.

Structure decides, text only confirms. The outline (headings with levels) is
aligned first; then the units inside each pair of matching sections, by
sequence alignment over unit kinds. What must survive translation — numbers,
URLs, inline code, emoji, bold and link counts — is the evidence that accepts
a pair as confident or marks it doubtful with a reason. Whatever the localized
article has between two aligned units that the English one does not (added
sections, list items, table rows, its own table padding) becomes an addendum,
so merge can give the localized body back byte for byte. Nothing is guessed
silently: every doubt and every divergence is reported with both line numbers.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from pipeline import locales
from pipeline.adopt import addenda as addenda_mod
from pipeline.adopt.addenda import Addenda, Entry
from pipeline.config import DEFAULTS, Config
from pipeline.locales import numerals
from pipeline.markdown import extract
from pipeline.model import Article, Hole, Kind, Role, Unit, text_key

GAP = -1.0
"""Score of leaving a unit without a partner; a pair must score above two gaps."""
REWRITE_SHARE = 0.6
"""Below this share of units paired on either side, the translation is a rewrite."""

_URL = re.compile(r"https?://[^\s)<>\]\"'`]+|\]\(\s*<?([^)\s>]+)")
_CODE = re.compile(r"(`+)([^`]+?)\1")
_NUM = re.compile(r"\d+(?:[.,]\d+)*")
_NAME = re.compile(r"\b[A-Za-z]*[A-Z][A-Za-z]*[A-Z0-9][A-Za-z0-9]*")
_EMOJI = re.compile("[\u2600-\u27bf\U0001f000-\U0001faff]")


@dataclass(frozen=True)
class Rules:
    """What the aligner knows about the two locales (``from_locales`` builds it)."""

    chars_ratio: float = 0.4
    """Translation characters per source character (median of the parallel pairs; 0.4 is
    the site's Chinese per English)."""
    segments: tuple[str, ...] = ()
    """URL locale segments that may differ between the two texts (``en``, ``zh``)."""
    suffixes: Mapping[str, str] = field(default_factory=dict)
    """Mirror-key suffixes (``title_zh``): derived values, never paired nor kept."""
    numbers: tuple[tuple[str, str], tuple[str, str]] = ((".", ","), (".", ","))
    """(decimal, group) of the source and of the translation: ``1,5`` is ``1.5`` in French."""

    @classmethod
    def from_locales(cls, cfg: Config, locale: str) -> Rules:
        src, tr = locales.source(cfg), locales.resolve(cfg, locale)
        return cls(
            tr.chars_per_source_char,
            (src.segment, tr.segment),
            locales.suffixes(cfg),
            ((src.decimal, src.group), (tr.decimal, tr.group)),
        )

    def segment_re(self) -> re.Pattern[str] | None:
        if not self.segments:
            return None
        return re.compile(rf"(^|/)(?:{'|'.join(map(re.escape, self.segments))})(/|$)")


@functools.lru_cache(maxsize=1)
def default_rules() -> Rules:
    """The rules of the default configuration (callers without one: tests, tools)."""
    return Rules.from_locales(DEFAULTS, DEFAULTS.locales[0])


@dataclass(frozen=True, slots=True)
class Pair:
    """An English unit and the localized text that translates it."""

    msgid: str
    msgstr: str
    kind: Kind
    en_line: int
    tr_line: int
    doubt: str = ""
    """Why this pair is not certain (empty when confident)."""
    context: str | None = None
    """The English unit's ``msgctxt`` (``Unit.context``)."""

    @property
    def confident(self) -> bool:
        return not self.doubt

    @property
    def key(self) -> str:
        """The catalog key of the English unit (``model.text_key``)."""
        return text_key(self.context, self.msgid)


@dataclass(frozen=True, slots=True)
class Divergence:
    """A place where the two structures differ, for a person to look at."""

    en_line: int
    tr_line: int
    what: str

    def __str__(self) -> str:
        return f"source line {self.en_line} <-> translation line {self.tr_line}: {self.what}"


@dataclass
class Alignment:
    pairs: list[Pair] = field(default_factory=list)
    """Accepted pairs, body first then front matter (see ``align``)."""
    unmatched: list[Unit] = field(default_factory=list)
    """English units with no partner: they stay untranslated."""
    addenda: Addenda = field(default_factory=Addenda)
    divergences: list[Divergence] = field(default_factory=list)
    verdict: str = "parallel"
    """``parallel``, ``extended`` (localized adds content), ``partial`` or ``rewrite``."""
    tr_only: int = 0
    """Localized units with no English partner (kept in the addenda)."""
    layout: int = 0
    """Gaps whose markup the localized article spells differently (kept in the addenda)."""
    rejected: int = 0
    """Pairs not imported because the translation is a rewrite: doubtful, or confident only
    for want of evidence against them (no number, URL, code or name in common)."""

    @property
    def confident(self) -> list[Pair]:
        return [p for p in self.pairs if p.confident]

    @property
    def doubtful(self) -> list[Pair]:
        return [p for p in self.pairs if not p.confident]

    @property
    def inserted(self) -> int:
        return sum(e.inserts for e in self.addenda.entries)


# -- evidence ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a faithful translation keeps from its source text."""

    numbers: tuple[str, ...]
    urls: tuple[str, ...]
    code: tuple[str, ...]
    emoji: tuple[str, ...]
    bold: int
    links: int
    names: tuple[str, ...] = ()
    """Acronyms and names in Latin script (NSAIDs, GnRH): translators often keep them."""

    def tokens(self) -> Counter[str]:
        return Counter(
            [f"n{x}" for x in self.numbers]
            + [f"u{x}" for x in self.urls]
            + [f"c{x}" for x in self.code]
            + [f"e{x}" for x in self.emoji]
            + [f"a{x}" for x in self.names]
        )


def evidence(text: str, rules: Rules | None = None, side: int = 0) -> Evidence:
    """What ``text`` keeps, read as the ``side`` (0 source, 1 translation) of ``rules``."""
    rules = rules or default_rules()
    segment = rules.segment_re()
    urls = [m.group(1) or m.group() for m in _URL.finditer(text)]
    if segment is not None:
        urls = [segment.sub(r"\1*\2", u) for u in urls]
    code = [m.group(2) for m in _CODE.finditer(text)]
    prose = numerals.canonical(_CODE.sub(" ", _URL.sub(" ", text)), *rules.numbers[side])
    numbers = [n.replace(",", "") for n in _NUM.findall(prose)]
    return Evidence(
        tuple(sorted(numbers)),
        tuple(sorted(urls)),
        tuple(sorted(code)),
        tuple(sorted(_EMOJI.findall(text))),
        text.count("**"),
        text.count("]("),
        tuple(sorted(set(_NAME.findall(prose)))),
    )


def doubts(en: str, tr: str, rules: Rules | None = None) -> list[str]:
    """Why ``tr`` may not translate ``en``: each kept-token kind that differs."""
    rules = rules or default_rules()
    a, b = evidence(en, rules, 0), evidence(tr, rules, 1)
    out = []
    for name in ("numbers", "urls", "code", "emoji"):
        x, y = getattr(a, name), getattr(b, name)
        if x != y:
            out.append(f"{name} differ ({', '.join(x) or '-'} / {', '.join(y) or '-'})")
    if a.bold != b.bold:
        out.append(f"bold markers differ ({a.bold} / {b.bold})")
    if a.links != b.links:
        out.append(f"links differ ({a.links} / {b.links})")
    if len(en) >= 40 and abs(_length_log(en, tr, rules.chars_ratio)) > math.log(4):
        out.append(f"length unusual ({len(en)} / {len(tr)} characters)")
    return out


def _length_log(en: str, tr: str, ratio: float) -> float:
    return math.log((len(tr) + 4) / (len(en) * ratio + 4))


# -- tokens and scores --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Tok:
    index: int
    unit: Unit
    level: int
    """Heading level, 0 for other units."""
    ev: Evidence
    shape: Counter[Kind]
    """Headings: kinds of the units in the section they open."""


def _tokens(units: Sequence[Unit], rules: Rules, side: int) -> list[_Tok]:
    toks = []
    for i, u in enumerate(units):
        level = int(u.kind.detail) if u.kind.role is Role.HEADING else 0
        toks.append(_Tok(i, u, level, evidence(u.msgid, rules, side), Counter()))
    for i, t in enumerate(toks):
        if t.level:
            j = i + 1
            while j < len(toks) and not toks[j].level:
                t.shape[toks[j].unit.kind] += 1
                j += 1
    return toks


def _evidence_score(a: _Tok, b: _Tok, ratio: float) -> float:
    x, y = a.ev.tokens(), b.ev.tokens()
    score = 0.0
    if x or y:
        score += 1.5 * sum((x & y).values()) / sum((x | y).values()) - 0.5
    for n, m in ((a.ev.bold, b.ev.bold), (a.ev.links, b.ev.links)):
        if n or m:
            score += 0.25 if n == m else -0.25
    return score - 0.5 * min(1.0, abs(_length_log(a.unit.msgid, b.unit.msgid, ratio)))


def _heading_score(a: _Tok, b: _Tok, ratio: float) -> float | None:
    base = 2.0 if a.level == b.level else 0.5 if abs(a.level - b.level) == 1 else 0.0
    total = sum(a.shape.values()) + sum(b.shape.values())
    shape = 1.0 - sum(((a.shape - b.shape) + (b.shape - a.shape)).values()) / total if total else 1
    return base + 1.5 * shape - 0.75 + _evidence_score(a, b, ratio)


def _block_score(a: _Tok, b: _Tok, ratio: float) -> float | None:
    if a.level or b.level or a.unit.kind != b.unit.kind:
        return None
    return 2.0 + _evidence_score(a, b, ratio)


def _sequence(
    a: Sequence[_Tok], b: Sequence[_Tok], score: Callable[[_Tok, _Tok], float | None]
) -> list[tuple[int, int]]:
    """Needleman-Wunsch: the monotone pairing with the best total score (ties: pair early)."""
    n, m = len(a), len(b)
    if not n or not m:
        return []
    best = [[j * GAP for j in range(m + 1)]]
    move = [[2] * (m + 1)]
    for i in range(1, n + 1):
        row, back = [i * GAP], [1]
        prev = best[i - 1]
        for j in range(1, m + 1):
            s = score(a[i - 1], b[j - 1])
            options = (
                (prev[j - 1] + s, 0) if s is not None else (-math.inf, 0),
                (prev[j] + GAP, 1),
                (row[j - 1] + GAP, 2),
            )
            value, step = max(options, key=lambda o: (o[0], -o[1]))
            row.append(value)
            back.append(step)
        best.append(row)
        move.append(back)
    pairs = []
    i, j = n, m
    while i and j:
        step = move[i][j]
        if step == 0:
            pairs.append((a[i - 1].index, b[j - 1].index))
            i, j = i - 1, j - 1
        elif step == 1:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def _body_pairs(en: Sequence[Unit], tr: Sequence[Unit], rules: Rules) -> list[tuple[int, int]]:
    """Outline first, then the units inside each pair of aligned sections."""
    a, b = _tokens(en, rules, 0), _tokens(tr, rules, 1)
    ratio = rules.chars_ratio

    def heading(x: _Tok, y: _Tok) -> float | None:
        return _heading_score(x, y, ratio)

    def block(x: _Tok, y: _Tok) -> float | None:
        return _block_score(x, y, ratio)

    heads = _sequence([t for t in a if t.level], [t for t in b if t.level], heading)
    bounds = [(-1, -1), *heads, (len(a), len(b))]
    pairs: list[tuple[int, int]] = []
    for (i0, j0), (i1, j1) in zip(bounds, bounds[1:], strict=False):
        pairs.extend(_sequence(a[i0 + 1 : i1], b[j0 + 1 : j1], block))
        if i1 < len(a):
            pairs.append((i1, j1))
    return pairs


# -- the alignment ------------------------------------------------------------------


def align(en: Article, tr: Article, rules: Rules | None = None) -> Alignment:
    """Pair ``tr``'s text with ``en``'s units; keep what only ``tr`` has as addenda.

    ``rules`` say how the two locales write (numbers, URL segments, expected length)
    and name the mirror-key suffixes (``title_en``, ``title_zh``) that are derived
    values and therefore never paired nor kept. Body pairs come before
    front-matter pairs; a title repeated as the H1 has an entry of its own
    (``msgctxt "front matter: title"``), so each keeps its own translation.
    """
    rules = rules or default_rules()
    en_body, tr_body = _body_units(en), _body_units(tr)
    found = _body_pairs(en_body, tr_body, rules)
    result = Alignment()
    body = [_pair(en_body[i], tr_body[j], rules) for i, j in found]
    sure = sum(p.confident for p in body)
    share = min(sure / max(1, len(en_body)), sure / max(1, len(tr_body)))
    if en_body and share < REWRITE_SHARE:
        result.verdict = "rewrite"
        keep = [k for k, p in enumerate(body) if p.confident and _attested(p, rules)]
        result.rejected = len(body) - len(keep)
        found, body = [found[k] for k in keep], [body[k] for k in keep]
    fm_pairs, fm_unmatched = _front_matter_pairs(en, tr, rules)
    result.pairs = body + fm_pairs
    matched = {i for i, _ in found}
    result.unmatched = fm_unmatched + [u for i, u in enumerate(en_body) if i not in matched]
    result.tr_only = len(tr_body) - len(found)
    entries, result.divergences, result.layout = _gaps(en, tr, found)
    entries = _in_order(en, _own_translations(en, en_body, tr_body, found) + entries)
    result.addenda = Addenda(tr.path, _own_keys(en, tr, rules.suffixes), entries)
    if result.verdict != "rewrite":
        result.verdict = (
            "partial"
            if len(matched) < len(en_body)
            else "extended"
            if result.tr_only
            else "parallel"
        )
    return result


def _attested(pair: Pair, rules: Rules) -> bool:
    """Kept tokens in common: in a rewrite, a pair of the same kind alone proves nothing."""
    return bool(evidence(pair.msgid, rules, 0).tokens() & evidence(pair.msgstr, rules, 1).tokens())


def _body_units(article: Article) -> list[Unit]:
    holes = sum(isinstance(p, Hole) for p in article.body)
    return article.units[len(article.units) - holes :]


def _pair(e: Unit, z: Unit, rules: Rules) -> Pair:
    reasons = doubts(e.msgid, z.msgid, rules)
    if e.kind != z.kind:
        reasons.insert(0, f"{e.kind} in English, {z.kind} in the translation")
    return Pair(e.msgid, z.msgid, e.kind, e.line, z.line, "; ".join(reasons), e.context)


def _front_matter_pairs(en: Article, tr: Article, rules: Rules) -> tuple[list[Pair], list[Unit]]:
    """By key: scalars to scalars, list items by position when the lists are as long."""
    theirs = {f.path: f for f in tr.fm_fields}
    pairs, unmatched = [], []
    for f in en.fm_fields:
        if not extract.has_letters(f.value):
            continue
        kind = Kind(Role.FRONT_MATTER, str(f.path[0]))
        other = theirs.get(f.path)
        same_shape = len(f.path) == 1 or _length(en, f.path[0]) == _length(tr, f.path[0])
        if other is None or not same_shape or not other.value.strip():
            unmatched.append(Unit(f.value, kind, f.line))
            continue
        reasons = "; ".join(doubts(f.value, other.value, rules))
        pairs.append(Pair(f.value, other.value, kind, f.line, other.line, reasons, f.context))
    return pairs, unmatched


def _length(article: Article, key: object) -> int:
    value = article.fm_data.values.get(key)
    return len(value) if isinstance(value, list) else -1


def _own_keys(en: Article, tr: Article, suffixes: Mapping[str, str]) -> str:
    """The localized front matter's own keys, verbatim (YAML lines with continuations)."""
    keys = list(tr.fm_data.values)
    lines = tr.fm_text.splitlines(keepends=True)
    kept = []
    for n, key in enumerate(keys):
        if key in en.fm_data.values or locales.mirror_of(str(key), dict(suffixes)):
            continue
        first = tr.fm_data.nodes[key][0].start_mark.line
        last = tr.fm_data.nodes[keys[n + 1]][0].start_mark.line if n + 1 < len(keys) else len(lines)
        kept.append("".join(lines[first:last]))
    text = "".join(kept)
    return text if not text or text.endswith("\n") else text + "\n"


def _own_translations(
    en: Article, en_body: list[Unit], tr_body: list[Unit], pairs: list[tuple[int, int]]
) -> list[Entry]:
    """Occurrences translated differently from the first one of the same English text in
    the same role (``Unit.key``: a role with a context of its own has its own entry)."""
    marks = addenda_mod.anchors(en.body)[1:]
    first: dict[str, str] = {}
    out = []
    for i, j in pairs:
        key, msgstr = en_body[i].key, tr_body[j].msgid
        if first.setdefault(key, msgstr) != msgstr:
            out.append(Entry(marks[i], msgstr, unit=True))
    return out


def _in_order(en: Article, entries: list[Entry]) -> list[Entry]:
    """Entries in document order (a unit's own translation before the text after it)."""
    where = {a: n for n, a in enumerate(addenda_mod.anchors(en.body))}
    return sorted(entries, key=lambda e: (where[e.anchor], not e.unit))


# -- what lies between aligned units ------------------------------------------------


def _rendered(parts) -> tuple[str, list[tuple[int, int]]]:
    """The body text and each hole's span in it (holes filled with their own text)."""
    out, spans, pos = [], [], 0
    for part in parts:
        text = part if isinstance(part, str) else extract.fill_hole(part, part.msgid)
        if isinstance(part, Hole):
            spans.append((pos, pos + len(text)))
        out.append(text)
        pos += len(text)
    return "".join(out), spans


def _gaps(
    en: Article, tr: Article, pairs: list[tuple[int, int]]
) -> tuple[list[Entry], list[Divergence], int]:
    """Addenda for every stretch between aligned units where the translation has other bytes."""
    marks = addenda_mod.anchors(en.body)
    gaps = addenda_mod.gaps(en.body)
    en_units, tr_units = _body_units(en), _body_units(tr)
    tr_text, spans = _rendered(tr.body)
    entries: list[Entry] = []
    notes: list[Divergence] = []
    layout = 0
    bounds = [(-1, -1), *pairs, (len(en_units), len(tr_units))]
    for (i0, j0), (i1, j1) in zip(bounds, bounds[1:], strict=False):
        q = tr_text[spans[j0][1] if j0 >= 0 else 0 : spans[j1][0] if j1 < len(spans) else None]
        en_line = en_units[i0].line if i0 >= 0 else en.body_line
        tr_line = _line_at(tr, tr_text, spans[j0][1] if j0 >= 0 else 0)
        extra = j1 - j0 - 1
        if extra:
            what = f"{extra} unit{'s' * (extra != 1)} only in the translation, kept as addendum"
            notes.append(Divergence(en_line, tr_units[j0 + 1].line, what))
        if i1 - i0 > 1:
            missing = i1 - i0 - 1
            what = f"{missing} English unit{'s' * (missing != 1)} without translation"
            notes.append(Divergence(en_units[i0 + 1].line, tr_line, what))
            entry = _insert_around(marks[i0 + 1], gaps[i0 + 1], gaps[i1], q)
        else:
            entry = _insert_or_replace(marks[i0 + 1], gaps[i0 + 1], q)
            layout += entry is not None and not extra
        if entry is not None:
            entries.append(entry)
    return entries, notes, layout


def _line_at(article: Article, text: str, offset: int) -> int:
    return article.body_line + text.count("\n", 0, offset)


def _boundaries(p: str) -> list[int]:
    """Where an insertion may go in ``p``, best first: after the anchor's block, its line…"""
    lines = [i + 1 for i, c in enumerate(p) if c == "\n"]
    canonical = lines[0] if lines else 0
    for nxt in lines[1:]:
        if p[canonical:nxt].strip():
            break
        canonical = nxt
    return list(dict.fromkeys([canonical, *lines, 0]))


def _insert_or_replace(anchor, p: str, q: str) -> Entry | None:
    if q == p:
        return None
    if len(q) > len(p):
        for k in _boundaries(p):
            text = q[k : len(q) - (len(p) - k)]
            whole_lines = "\n" not in p or (k and (text.endswith("\n") or k == len(p)))
            if whole_lines and q.startswith(p[:k]) and q.endswith(p[k:]):
                return Entry(anchor, text, p[:k].count("\n"))
    return Entry(anchor, q, english=p)


def _insert_around(anchor, first: str, last: str, q: str) -> Entry | None:
    """The translation's text where English units went missing: kept after the first gap."""
    k = next((k for k in _boundaries(first) if q.startswith(first[:k])), 0)
    rest = q[k:]
    for t in [0, *(i + 1 for i, c in enumerate(last) if c == "\n")]:
        cut = len(rest) - len(last) + t
        if rest.endswith(last[t:]) and (cut <= 0 or rest[cut - 1] == "\n"):
            rest = rest[: max(cut, 0)]
            break
    return Entry(anchor, rest, first[:k].count("\n")) if rest.strip() else None
