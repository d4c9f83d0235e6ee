"""pipeline.qa: translation-safety checks on one (msgid, msgstr) pair.

Each check is a small pure function ``check(subject) -> Iterator[Problem]`` named
for the property it protects, listed explicitly in ``CHECKS`` (the shape of
``babel.messages.checkers``, but yielding findings instead of raising on the
first one, so a reviewer sees every problem of an entry at once). Problems
carry an empty file and line: the caller knows the PO entry and fills them in.

The checks compare what the English *has* with what the translation *has*; they
never judge style. They were calibrated on the aligned blocks of the live
site's 27 structurally parallel human translations: what those translators do
on purpose (drop Fahrenheit twins, localize brand names and emergency numbers,
write ``°C`` as ``℃``, ``mg/day`` as ``mg/日``, ``3g`` as ``3克``, ``Part 3`` as
``第三部分``) is a warning or passes; what would hurt a reader (a changed dose,
a changed or added link, injected markup, markup that renders as literal
asterisks) is an error.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from markdown_it import MarkdownIt

from .glossary import Glossary, Term
from .model import Problem

ERROR = "error"
WARNING = "warning"

DEFAULT_FM_LIMITS: Mapping[str, int] = {"seo_title": 30, "seo_description": 80}

_MD = MarkdownIt("commonmark").enable("table")


@dataclass(frozen=True)
class Subject:
    """One translated unit as the checks see it."""

    msgid: str
    msgstr: str
    kind: str = "paragraph"
    """The extractor's unit kind: ``paragraph``, ``heading 2``, ``front matter: seo_title``…"""
    glossary: Glossary = field(default_factory=Glossary)
    fm_limits: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_FM_LIMITS), hash=False)
    """Front-matter key -> maximum length in Chinese characters (see ``fm_length``)."""

    @property
    def is_code(self) -> bool:
        return self.kind.startswith("code")

    @property
    def is_front_matter(self) -> bool:
        return self.kind.startswith("front matter")

    @property
    def is_markdown(self) -> bool:
        """Only these units are rendered as inline Markdown by the site."""
        return not (self.is_code or self.is_front_matter or self.kind.startswith("html:"))

    @cached_property
    def src(self) -> _Parsed:
        return _parse(self.msgid)

    @cached_property
    def dst(self) -> _Parsed:
        return _parse(self.msgstr)


def _problem(check: str, severity: str, message: str) -> Problem:
    return Problem(check, severity, message)


# --------------------------------------------------------------------------- parsing


@dataclass(frozen=True)
class _Rendered:
    """What markdown-it makes of an inline unit: node counts, targets, code and text."""

    counts: Counter[str]
    hrefs: tuple[str, ...]
    srcs: tuple[str, ...]
    codes: tuple[str, ...]
    texts: tuple[str, ...]


_NODE_NAMES = {
    "strong_open": "bold",
    "em_open": "italic",
    "link_open": "link",
    "image": "image",
    "code_inline": "inline code",
}


def _render(text: str) -> _Rendered:
    counts: Counter[str] = Counter()
    hrefs: list[str] = []
    srcs: list[str] = []
    codes: list[str] = []
    texts: list[str] = []
    stack = list(reversed(_MD.parseInline(text)))
    while stack:
        tok = stack.pop()
        if tok.type in _NODE_NAMES:
            counts[_NODE_NAMES[tok.type]] += 1
        if tok.type == "link_open":
            hrefs.append(str(tok.attrGet("href") or ""))
        elif tok.type == "image":
            srcs.append(str(tok.attrGet("src") or ""))
        elif tok.type == "code_inline":
            codes.append(tok.content)
        elif tok.type == "text":
            texts.append(tok.content)
        if tok.children:
            stack.extend(reversed(tok.children))
    return _Rendered(counts, tuple(hrefs), tuple(srcs), tuple(codes), tuple(texts))


_CODE_SPAN_RE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
_DEST = r"(?:<[^<>\n]*>|(?:[^\s()]|\([^\s()]*\))*)"
_MD_DEST_RE = re.compile(r"(!?)\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*(" + _DEST + r")")
_REF_DEF_RE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*(\S+)", re.M)
_TAG_RE = re.compile(r"<(/?)\s*([A-Za-z][A-Za-z0-9-]*)(:?)([^<>]*)(>?)")
_ATTR_RE = re.compile(r"""([^\s"'<>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_BARE_URL_RE = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'()\[\]{}\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]+"
)
_URL_ATTRS = frozenset(
    {
        "href",
        "src",
        "srcset",
        "action",
        "formaction",
        "poster",
        "cite",
        "data",
        "xlink:href",
        "background",
        "longdesc",
        "manifest",
    }
)
_TEXT_ATTRS = frozenset(
    {"alt", "title", "placeholder", "aria-label", "aria-description", "label", "summary", "content"}
)
"""Attributes whose value a translator translates: only their presence is compared."""
_DANGEROUS_SCHEME_RE = re.compile(r"^(?:javascript|vbscript|data|livescript):", re.I)


@dataclass(frozen=True)
class _Tag:
    name: str
    closing: bool
    attrs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class _Parsed:
    """Everything the checks need from one side, extracted once."""

    text: str
    links: tuple[str, ...]
    """Link targets (Markdown, autolink, href, bare URL) in order, images excluded."""
    images: tuple[str, ...]
    tags: tuple[_Tag, ...]
    code_spans: tuple[str, ...]
    plain: str
    """The text with code spans, URLs and tags blanked out: what numbers etc. look at."""

    @cached_property
    def rendered(self) -> _Rendered:
        return _render(self.text)


def _parse(text: str) -> _Parsed:
    code_spans = tuple(m.group(2).strip() or m.group(2) for m in _CODE_SPAN_RE.finditer(text))
    spans: list[tuple[int, int]] = [m.span() for m in _CODE_SPAN_RE.finditer(text)]
    # Targets are collected from raw syntax, not from markdown-it's tokens: markdown-it
    # refuses ``javascript:`` links and leaves them as text, but another renderer may not.
    found: list[tuple[int, str, str]] = []  # (position, "link" | "image", url)
    for m in _MD_DEST_RE.finditer(text):
        url = m.group(2).strip("<>")
        found.append((m.start(2), "image" if m.group(1) else "link", url))
        spans.append(m.span(2))
    for m in _REF_DEF_RE.finditer(text):
        found.append((m.start(1), "link", m.group(1).strip("<>")))
        spans.append(m.span(1))
    tags: list[_Tag] = []
    for m in _TAG_RE.finditer(text):
        if m.group(3):  # <scheme:...> autolink
            url = m.group(2) + ":" + m.group(4).split()[0] if m.group(4).split() else m.group(2)
            found.append((m.start(), "link", url.rstrip(">")))
        else:
            attrs = tuple(
                (a.group(1).lower(), html.unescape((a.group(2) or "").strip("\"'")))
                for a in _ATTR_RE.finditer(m.group(4))
            )
            tag = _Tag(m.group(2).lower(), bool(m.group(1)), attrs)
            tags.append(tag)
            for name, value in attrs:
                if name in _URL_ATTRS and value:
                    kind = "image" if (tag.name == "img" and name in ("src", "srcset")) else "link"
                    found.append((m.start(), kind, value))
        spans.append(m.span())
    masked = _blank(text, spans)
    for m in _BARE_URL_RE.finditer(masked):
        found.append((m.start(), "link", m.group().rstrip(".,;:!?")))
        spans.append(m.span())
    found.sort(key=lambda f: f[0])
    return _Parsed(
        text=text,
        links=tuple(u for _, k, u in found if k == "link"),
        images=tuple(u for _, k, u in found if k == "image"),
        tags=tuple(tags),
        code_spans=code_spans,
        plain=_blank(text, spans),
    )


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """Replace the spans by spaces so that neighbouring tokens cannot merge."""
    if not spans:
        return text
    out: list[str] = []
    pos = 0
    for start, end in sorted(spans):
        if start < pos:
            start = pos
        if start >= end:
            continue
        out.append(text[pos:start])
        out.append(" ")
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _same_target(url: str) -> str:
    """Site-relative links may switch locale: merge rewrites ``/en/`` to ``/zh/`` anyway."""
    return re.sub(r"^/(?:en|zh)(?=/)", "/{locale}", url.strip())


def _is_dangerous(url: str) -> bool:
    cleaned = re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(url))
    return bool(_DANGEROUS_SCHEME_RE.match(cleaned))


# --------------------------------------------------------------------------- numbers

_TRANS = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "．": ".",
        "％": "%",
        "～": "~",
        "－": "-",
        "−": "-",
        "–": "-",
        "‐": "-",
        "‑": "-",
        "℉": "°F",
        "，": ",",
    }
)
_NUM = r"\d+(?:\.\d+)?"
_INNER_UNIT = r"(?:\s?(?:%|°\s?[CF]|mg|g|ml|IU))?"
_SEP = r"(?:\s*(?:-|~|至|到)\s*|\s+to\s+)"
_UNIT = (
    r"(?:°\s?[CF]|℃|°|%|mg|mcg|µg|μg|kg|g|ml|mL|L|l|IU|iu|mmHg|Hz|mA|cm|mm|kcal"
    r"|毫克|微克|千克|公斤|克|毫升|升|国际单位|摄氏度|度"
    r"|milligrams?|micrograms?|kilograms?|grams?|millilit(?:er|re)s?|lit(?:er|re)s?|percent)"
)
_QUANTITY_RE = re.compile(
    rf"(?<![A-Za-z\d.])(?P<chain>{_NUM}(?:{_INNER_UNIT}{_SEP}{_NUM})*)"
    r"(?:\s(?P<scale>thousand|million|billion)\b)?"
    rf"(?:\s?(?P<unit>{_UNIT})(?![A-Za-z]))?"
)
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_TIME_RE = re.compile(
    r"(?<![\d:])(\d{1,2}):(\d{2})(?:\s*-\s*(\d{1,2}):(\d{2}))?(?:\s?([AaPp])\.?[Mm]\b\.?)?"
)
_THOUSANDS_RE = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_CODE_RE = re.compile(r"(?<![A-Za-z0-9])[A-Z]+\d[A-Z0-9]*(?:-[A-Z]+\d[A-Z0-9]*)?(?![A-Za-z0-9])")
_CITATION_RE = re.compile(r"\[\d+(?:\s*[,\-–]\s*\d+)*\](?!\()|[⁰¹²³⁴-⁹⁺⁻]+")
_UNIT_ALIASES = {
    "℃": "°C",
    "摄氏度": "°C",
    "毫克": "mg",
    "milligram": "mg",
    "微克": "mcg",
    "µg": "mcg",
    "μg": "mcg",
    "microgram": "mcg",
    "千克": "kg",
    "公斤": "kg",
    "kilogram": "kg",
    "克": "g",
    "gram": "g",
    "毫升": "ml",
    "milliliter": "ml",
    "millilitre": "ml",
    "升": "l",
    "liter": "l",
    "litre": "l",
    "国际单位": "iu",
    "percent": "%",
}
_COMPARED_UNITS = frozenset({"mg", "mcg", "g", "kg", "ml", "l", "iu", "%", "°C", "°F"})
"""Units whose change alters a dose or a reading; other units (Hz, cm, 度…) only travel along."""
EMERGENCY_NUMBERS = frozenset({"911", "999", "112", "988", "000", "120", "110"})


@dataclass(frozen=True)
class _Quantity:
    chain: str
    """Canonical numbers joined by ``-``: ``400-600``."""
    unit: str
    """Canonical unit (``mg``, ``°C``…) or ``""``."""
    shown: str
    """As written, for messages."""
    worded: bool
    """A range written with ``to``: its ends may legitimately be split in Chinese."""
    scale: float = 1.0
    """``30 million`` -> 1e6: Chinese counts in 万 and 亿 (``3000万``)."""


def _unit(raw: str | None) -> str:
    """Canonical unit: ``毫克``/``milligrams``/``MG`` -> ``mg``, ``℃`` -> ``°C``."""
    if not raw:
        return ""
    u = raw.replace(" ", "")
    if u.startswith("°"):
        return u.upper()
    if u.isascii() and len(u) > 3:
        u = u.rstrip("s")  # grams, milligrams
    u = _UNIT_ALIASES.get(u, _UNIT_ALIASES.get(u.lower(), u))
    return u.lower() if u.lower() in _COMPARED_UNITS else u


def _numbers_text(p: _Parsed) -> str:
    text = p.plain.translate(_TRANS).replace("℃", "°C")
    text = _CITATION_RE.sub(" ", text)
    return _THOUSANDS_RE.sub("", text)


def _times(text: str) -> list[tuple[frozenset[str], str]]:
    """Clock times with the forms they may take: ``7:00 PM`` may become ``19:00``."""
    out = []
    for m in _TIME_RE.finditer(text):
        pm = (m.group(5) or "").lower() == "p"
        for h, mm in ((m.group(1), m.group(2)), (m.group(3), m.group(4))):
            if h is None:
                continue
            forms = {f"{int(h)}:{mm}"}
            if pm and int(h) < 12:
                forms.add(f"{int(h) + 12}:{mm}")
            out.append((frozenset(forms), f"{h}:{mm}" + (" PM" if pm else "")))
    return out


def _quantities(text: str) -> list[_Quantity]:
    out = []
    for m in _QUANTITY_RE.finditer(_TIME_RE.sub(" ", text)):
        raw = m.group("chain")
        nums = re.findall(_NUM, raw)
        chain = "-".join(nums)
        worded = " to " in raw or "至" in raw or "到" in raw
        scale = _SCALES.get(m.group("scale") or "", 1.0)
        out.append(_Quantity(chain, _unit(m.group("unit")), m.group().strip(), worded, scale))
    return out


def _plain_number(x: float) -> str:
    return str(int(x)) if x == int(x) else f"{x:.4f}".rstrip("0").rstrip(".")


def _scaled_forms(number: str, scale: float) -> tuple[str, ...]:
    """``30`` million as Chinese writes it: ``30000000``, ``3000万``, ``0.3亿``, ``30百万``."""
    v = float(number) * scale
    return (
        _plain_number(v),
        _plain_number(v / 1e4) + "万",
        _plain_number(v / 1e8) + "亿",
        number + "百万",
        number + "千万" if scale == 1e7 else number + " million",
    )


_CN_DIGITS = "零一二三四五六七八九"


@lru_cache(maxsize=256)
def _chinese_numerals(n: int) -> tuple[str, ...]:
    """How a small integer may be spelled in Chinese prose (``第三部分``, ``两周``)."""
    if n < 10:
        forms = [_CN_DIGITS[n]]
        if n == 2:
            forms.append("两")
        return tuple(forms)
    tens, ones = divmod(n, 10)
    head = "十" if tens == 1 else _CN_DIGITS[tens] + "十"
    return (head + (_CN_DIGITS[ones] if ones else ""),)


def numbers(s: Subject) -> Iterator[Problem]:
    """Every number, range, dose, percentage, temperature and code of the English survives.

    A changed dose is the one mistake in health content that can hurt a reader, so a
    number that is missing or changed is an error. Written differently is fine: spaces
    dropped (``400 - 600 mg`` -> ``400-600mg``), ``℃`` for ``°C``, ``mg/日``, ``3克``,
    ``1,000`` -> ``1000``, a worded range split around Chinese words, a small number
    spelled in Chinese (``Part 3`` -> ``第三部分``). A dropped Fahrenheit twin is only a
    warning (``fahrenheit-dropped``): the site's translators drop them on purpose.
    Emergency numbers are left to ``localization_spots``.
    """
    src_text, dst_text = _numbers_text(s.src), _numbers_text(s.dst)
    have_times = {form for forms, _ in _times(dst_text) for form in forms}
    for forms, shown in _times(src_text):
        if not forms & have_times:
            yield _problem("numbers", ERROR, f"time {shown} is missing or changed")
    target = _quantities(dst_text)
    chains: dict[str, set[str]] = {}
    singles: set[str] = set()
    for q in target:
        chains.setdefault(q.chain, set()).add(q.unit)
        singles.update(q.chain.split("-"))
    reported: set[str] = set()
    for q in _quantities(src_text):
        if q.shown in reported or (q.chain in EMERGENCY_NUMBERS and not q.unit):
            continue
        if q.scale != 1.0:
            if not all(
                any(f in dst_text for f in _scaled_forms(n, q.scale)) for n in q.chain.split("-")
            ):
                reported.add(q.shown)
                yield _problem("numbers", ERROR, f"number {q.shown} is missing or changed")
            continue
        units = chains.get(q.chain)
        if units is None and "-" not in q.chain:
            units = {t.unit for t in target if q.chain in t.chain.split("-")} or None
        if units is None and q.worded and all(n in singles for n in q.chain.split("-")):
            continue
        if units is None and not q.unit and _spelled_in_chinese(q.chain, s.msgstr):
            continue
        if units is None:
            reported.add(q.shown)
            if q.unit == "°F":
                yield _problem(
                    "fahrenheit-dropped",
                    WARNING,
                    f"Fahrenheit value {q.shown} was dropped (fine if the Celsius value is there)",
                )
            else:
                yield _problem("numbers", ERROR, f"number {q.shown} is missing or changed")
            continue
        if q.unit in _COMPARED_UNITS and q.unit not in units:
            other = sorted(u for u in units if u in _COMPARED_UNITS)
            if other:
                reported.add(q.shown)
                yield _problem("numbers", ERROR, f"unit of {q.shown} changed to {', '.join(other)}")
    yield from _repeated_numbers(_quantities(src_text), target, s.msgstr, reported)
    have = set(_CODE_RE.findall(s.dst.plain))
    for code in dict.fromkeys(_CODE_RE.findall(s.src.plain)):
        if code not in have:
            yield _problem("numbers", ERROR, f"code {code} is missing or changed")


def _repeated_numbers(
    source: list[_Quantity], target: list[_Quantity], msgstr: str, reported: set[str]
) -> Iterator[Problem]:
    """A number the English states twice must be there twice: ``吸气4秒→屏息5秒``."""
    want = Counter(
        q.chain
        for q in source
        if q.scale == 1.0
        and q.unit != "°F"
        and q.shown not in reported
        and not (q.chain in EMERGENCY_NUMBERS and not q.unit)
    )
    got: Counter[str] = Counter()
    for q in target:
        got[q.chain] += 1
        for n in set(q.chain.split("-")) - {q.chain}:
            got[n] += 1
    for chain, n in want.items():
        m = got[chain]
        if m < n and chain.isdigit() and int(chain) <= 99:
            m += sum(msgstr.count(f) for f in _chinese_numerals(int(chain)))
        if 0 < m < n:
            yield _problem(
                "numbers", ERROR, f"number {chain} appears {n} times in the English, {m} here"
            )


def _spelled_in_chinese(chain: str, text: str) -> bool:
    if not chain.isdigit() or int(chain) > 99:
        return False
    return any(form in text for form in _chinese_numerals(int(chain)))


# --------------------------------------------------------------------------- localization

LOCALIZATION_SPOTS: tuple[str, ...] = (
    "Advil",
    "Motrin",
    "Nurofen",
    "Aleve",
    "Naprosyn",
    "Tylenol",
    "Midol",
    "Pamprin",
    "Ponstel",
    "Excedrin",
    "Dramamine",
    "Orilissa",
    "Mirena",
    "Kyleena",
    "Skyla",
    "Liletta",
    "Paragard",
    "ParaGard",
    "Nexplanon",
    "Depo-Provera",
    "Plan B",
    "CVS",
    "Walgreens",
    "Walmart",
    "Amazon",
    "Medicaid",
    "Medicare",
)
"""US brands and services the site's translators localize on purpose; the glossary adds
terms whose note mentions ``brand`` or ``localize``."""
_EMERGENCY_RE = re.compile(r"(?<![\d-])(?:911|999|112|988)(?![\d-])")


def _spots(g: Glossary) -> dict[str, Term | None]:
    spots: dict[str, Term | None] = {name: g.lookup(name) for name in LOCALIZATION_SPOTS}
    for t in g.terms:
        if re.search(r"brand|locali[sz]", t.note, re.I):
            spots[t.term] = t
    return spots


def localization_spots(s: Subject) -> Iterator[Problem]:
    """Brand names and emergency numbers that the translation changed or removed (warning).

    The live site's translators replace US brands by Chinese-market ones and ``911`` by
    ``120`` on purpose, so this asks a reviewer to confirm; it never blocks. A spot whose
    glossary translation is present counts as an approved localization.
    """
    target = s.msgstr.casefold()
    for name, term in _spots(s.glossary).items():
        if not _term_re(name).search(s.msgid):
            continue
        if name.casefold() in target or (term and term.translation.casefold() in target):
            continue
        yield _problem(
            "localization-spot",
            WARNING,
            f"brand or service {name} was changed or removed: confirm it is "
            "meant for Chinese readers",
        )
    have = set(_EMERGENCY_RE.findall(s.msgstr))
    for number in dict.fromkeys(_EMERGENCY_RE.findall(s.src.plain)):
        if number not in have:
            yield _problem(
                "localization-spot",
                WARNING,
                f"emergency number {number} was changed or removed: confirm "
                "the local number is right",
            )


@lru_cache(maxsize=4096)
def _term_re(term: str) -> re.Pattern[str]:
    """Whole word, case-insensitive; a CJK neighbour is a boundary (``口服GnRH拮抗剂``)."""
    return re.compile(r"(?<![A-Za-z0-9-])" + re.escape(term) + r"(?![A-Za-z0-9-])", re.I)


# --------------------------------------------------------------------------- targets and code


def urls(s: Subject) -> Iterator[Problem]:
    """Link targets and bare URLs are identical and in the same order (error).

    Citations and referrals point at the authority behind a medical claim; a changed
    URL sends the reader elsewhere. Only the ``/en/`` -> ``/zh/`` segment of a
    site-relative link may differ (merge rewrites it). Targets the English does not have
    are reported by ``markup_injection``.
    """
    yield from _same_targets("urls", "link target", s.src.links, s.dst.links)


def images(s: Subject) -> Iterator[Problem]:
    """Image sources are identical and in the same order (error): a swapped image can mislead."""
    yield from _same_targets("images", "image", s.src.images, s.dst.images)


def _same_targets(
    check: str, what: str, src: tuple[str, ...], dst: tuple[str, ...]
) -> Iterator[Problem]:
    want = [_same_target(u) for u in src]
    got = [_same_target(u) for u in dst]
    missing = Counter(want) - Counter(got)
    for url, original in zip(want, src, strict=True):
        if missing[url] > 0:
            missing[url] -= 1
            yield _problem(check, ERROR, f"{what} {original} is missing or changed")
    if not (Counter(want) - Counter(got)):
        kept = [u for u in got if u in set(want)]
        if kept != want and len(kept) == len(want):
            yield _problem(check, ERROR, f"{what}s are in a different order than in the English")


def inline_code(s: Subject) -> Iterator[Problem]:
    """Inline code is copied verbatim (error): it is a command, a name or a value, not prose."""
    if s.is_code:
        return
    want, got = Counter(s.src.code_spans), Counter(s.dst.code_spans)
    for code in want - got:
        yield _problem("inline-code", ERROR, f"inline code `{code}` is missing or changed")
    for code in got - want:
        yield _problem("inline-code", ERROR, f"inline code `{code}` is not in the English")


# --------------------------------------------------------------------------- markup

_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("bold markers **", re.compile(r"(?<!\*)\*\*(?!\*)")),
    ("italic markers *", re.compile(r"(?<!\*)\*(?!\*)")),
    ("bold markers __", re.compile(r"(?<![_\w])__|__(?![_\w])")),
    ("links [...](", re.compile(r"(?<!!)\]\(")),
    ("images ![...](", re.compile(r"!\[")),
    ("backticks", re.compile(r"`+")),
)


_LAYOUT_TAGS = frozenset({"br", "wbr", "hr"})
"""Line breaks: the translators replace ``<br>`` in table cells by ``；``, so ``whitespace``
reports them as a warning."""


def markup_balance(s: Subject) -> Iterator[Problem]:
    """The translation has as many inline markers and HTML tags as the English (error).

    Counted on the source syntax (outside code spans and URLs), so that a lost or extra
    ``**`` is named even where it happens to render; ``render_parity`` checks what a
    reader sees.
    """
    if not s.is_markdown:
        return
    src_text = _CODE_SPAN_RE.sub(" ", s.src.plain)
    dst_text = _CODE_SPAN_RE.sub(" ", s.dst.plain)
    for name, pat in _MARKERS:
        if name == "backticks":
            a, b = 2 * len(s.src.code_spans), 2 * len(s.dst.code_spans)
            a, b = a + len(pat.findall(src_text)), b + len(pat.findall(dst_text))
        else:
            a, b = len(pat.findall(src_text)), len(pat.findall(dst_text))
        if a != b:
            yield _problem(
                "markup-balance", ERROR, f"{b} {name} in the translation, {a} in the English"
            )
    want = Counter(
        ("/" if t.closing else "") + t.name for t in s.src.tags if t.name not in _LAYOUT_TAGS
    )
    got = Counter(
        ("/" if t.closing else "") + t.name for t in s.dst.tags if t.name not in _LAYOUT_TAGS
    )
    for tag in want - got:
        yield _problem("markup-balance", ERROR, f"HTML tag <{tag}> is missing")


def markup_injection(s: Subject) -> Iterator[Problem]:
    """No HTML tag, attribute, script URL or link in the translation that the English lacks.

    A compromised or careless translation must not put a script, a tracking pixel or a
    new link on a health site. Detected on the raw text, independent of any one
    renderer's sanitizing. Translatable attributes (``alt``, ``title``, ``placeholder``…)
    are compared by name only.
    """
    src_tags = Counter(t.name for t in s.src.tags if not t.closing)
    src_attrs: dict[str, set[tuple[str, str]]] = {}
    for t in s.src.tags:
        src_attrs.setdefault(t.name, set()).update(_attr_key(n, v) for n, v in t.attrs)
    extra_tags = Counter(t.name for t in s.dst.tags if not t.closing) - src_tags
    for name in extra_tags:
        yield _problem("markup-injection", ERROR, f"HTML tag <{name}> is not in the English")
    for t in s.dst.tags:
        if t.name in extra_tags:
            continue
        for n, v in t.attrs:
            if _attr_key(n, v) in src_attrs.get(t.name, set()):
                continue
            shown = f"{n}={v!r}" if v else n
            yield _problem(
                "markup-injection",
                ERROR,
                f"HTML attribute {shown} on <{t.name}> is not in the English",
            )
    known = {_same_target(u) for u in s.src.links + s.src.images}
    for what, targets in (("link to", s.dst.links), ("image", s.dst.images)):
        for url in dict.fromkeys(targets):
            if _same_target(url) in known:
                continue
            if _is_dangerous(url):
                yield _problem(
                    "markup-injection", ERROR, f"script or data URL {url} is not in the English"
                )
            else:
                yield _problem("markup-injection", ERROR, f"{what} {url} is not in the English")
    if (
        s.kind.startswith("html:")
        and _ATTR_BREAKOUT_RE.search(s.msgstr)
        and not _ATTR_BREAKOUT_RE.search(s.msgid)
    ):
        yield _problem(
            "markup-injection",
            ERROR,
            "the translation of an HTML attribute contains quote-and-attribute or "
            "angle-bracket markup",
        )


def _attr_key(name: str, value: str) -> tuple[str, str]:
    """What must match: URLs up to the locale segment, translatable values not at all."""
    if name in _TEXT_ATTRS:
        return name, ""
    return name, _same_target(value) if name in _URL_ATTRS else value


_ATTR_BREAKOUT_RE = re.compile(r"""["'][^"']*=|[<>]""")

_LITERALS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("**", re.compile(r"\*\*")),
    ("*", re.compile(r"(?<!\*)\*(?!\*)")),
    ("__", re.compile(r"__")),
    ("[…](", re.compile(r"\]\(")),
)


def render_parity(s: Subject) -> Iterator[Problem]:
    """What a reader sees has the same bold, italic, links, images and code as the English.

    Both sides are rendered with markdown-it (CommonMark). The classic failure in Chinese
    is the flanking rule: in ``**标签：**内容`` the closing ``**`` follows punctuation and
    precedes a letter, so it does not close and the asterisks print. ``cleanup.fix_flanking``
    repairs most such drafts (``**标签**：内容``).
    """
    if not s.is_markdown:
        return
    a, b = s.src.rendered, s.dst.rendered
    for node in ("bold", "italic", "link", "image", "inline code"):
        if a.counts[node] != b.counts[node]:
            yield _problem(
                "render-parity",
                ERROR,
                f"renders {b.counts[node]} {node} span(s), the English {a.counts[node]}",
            )
    src_text, dst_text = "".join(a.texts), "".join(b.texts)
    for shown, pat in _LITERALS:
        if len(pat.findall(dst_text)) > len(pat.findall(src_text)):
            hint = ": move the punctuation outside, **标签**：" if "*" in shown else ""
            yield _problem("render-parity", ERROR, f"literal {shown} shows in the text{hint}")


# --------------------------------------------------------------------------- glossary


def glossary_terms(s: Subject) -> Iterator[Problem]:
    """An English glossary term's Chinese translation is used (warning, ``glossary``);
    a do-not-translate term is kept verbatim (error, ``do-not-translate``).

    A translated term may legitimately be rephrased, abbreviated after first use or
    replaced by a pronoun, so a missing translation only asks for a look. A
    do-not-translate term (brand, product, drug name kept in Latin script) is an exact
    string with no legitimate variant: if it is gone, readers cannot find the product or
    match it to a label, and the check has no false positives to drown in.
    """
    if s.is_code:
        return
    spots = _spots(s.glossary)
    masked = s.msgid
    target = s.msgstr.casefold()
    for term in s.glossary.terms_in(s.msgid):
        pat = _term_re(term.term)
        if not pat.search(masked):
            continue  # only inside a longer term that was already checked
        masked = pat.sub(" ", masked)
        if term.term in spots:
            continue  # localization_spots owns brands
        if term.keep:
            if not _term_re(term.term).search(s.msgstr):
                yield _problem(
                    "do-not-translate", ERROR, f"{term.term} must stay as it is (do not translate)"
                )
        elif term.translation.casefold() not in target:
            yield _problem(
                "glossary",
                WARNING,
                f"glossary: {term.term} should be translated as {term.translation}",
            )


# --------------------------------------------------------------------------- emoji, citations

_ZWJ, _VS16, _KEYCAP = "\u200d", "\ufe0f", "\u20e3"


def _is_emoji_base(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x1F000 <= cp <= 0x1FAFF
        or 0x2600 <= cp <= 0x27BF
        or 0x2B00 <= cp <= 0x2BFF
        or 0x2300 <= cp <= 0x23FF
    )


def _is_modifier(ch: str) -> bool:
    cp = ord(ch)
    return ch in (_VS16, _KEYCAP) or 0x1F3FB <= cp <= 0x1F3FF or 0xE0020 <= cp <= 0xE007F


def emoji_clusters(text: str) -> list[str]:
    """Emoji as a reader sees them: ZWJ sequences, flags, skin tones, keycaps; FE0F dropped."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        keycap = ch in "0123456789#*" and text[i + 1 : i + 3].replace(_VS16, "")[:1] == _KEYCAP
        if not (_is_emoji_base(ch) or keycap):
            i += 1
            continue
        j = i + 1
        if 0x1F1E6 <= ord(ch) <= 0x1F1FF and j < n and 0x1F1E6 <= ord(text[j]) <= 0x1F1FF:
            j += 1  # flag: a pair of regional indicators
        while j < n:
            if _is_modifier(text[j]):
                j += 1
            elif text[j] == _ZWJ and j + 1 < n and _is_emoji_base(text[j + 1]):
                j += 2
            else:
                break
        out.append(text[i:j].replace(_VS16, ""))
        i = j
    return out


def emoji(s: Subject) -> Iterator[Problem]:
    """Emoji and ZWJ sequences are kept whole (warning).

    A split ZWJ sequence renders as several pictures; a dropped emoji usually marks a
    dropped list label. Not a safety issue, so it does not block.
    """
    want, got = Counter(emoji_clusters(s.msgid)), Counter(emoji_clusters(s.msgstr))
    missing, extra = want - got, got - want
    for e in list(missing):
        parts = Counter(e.split(_ZWJ))
        if len(parts) > 1 and not parts - extra:
            extra -= parts
            del missing[e]
            yield _problem(
                "emoji", WARNING, f"emoji {e} is split into {' '.join(parts.elements())}"
            )
    for e in missing:
        yield _problem("emoji", WARNING, f"emoji {e} is missing or changed")
    for e in extra:
        yield _problem("emoji", WARNING, f"emoji {e} is not in the English")


def citations(s: Subject) -> Iterator[Problem]:
    """Superscript (``¹²``) and bracket (``[16]``) citation markers are kept (error).

    They tie a medical claim to its source; a dropped or renumbered marker silently
    detaches the evidence.
    """
    want = Counter(m.group() for m in _CITATION_RE.finditer(s.src.plain))
    got = Counter(m.group() for m in _CITATION_RE.finditer(s.dst.plain))
    for c in want - got:
        yield _problem("citations", ERROR, f"citation {c} is missing or changed")
    for c in got - want:
        yield _problem("citations", ERROR, f"citation {c} is not in the English")


# --------------------------------------------------------------------------- text sanity

_WORD_RE = re.compile(r"[A-Za-z]+(?:['’\-][A-Za-z]+)*")
_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
RATIO = 1.72
"""Chinese CJK characters per English word on the live site's parallel pairs (1.52-1.85)."""


def _words(text: str) -> int:
    return len(_WORD_RE.findall(text))


def _ratio_bounds(words: int) -> tuple[float, float]:
    """Wide for short units, where one idiom or a kept Latin name swings the ratio."""
    if words < 20:
        return 0.55, 4.0
    if words < 40:
        return 0.8, 3.3
    return 1.0, 2.8


def length_ratio(s: Subject) -> Iterator[Problem]:
    """A sentence-length unit whose Chinese is far shorter or longer than expected (warning).

    On parallel pairs Chinese CJK characters are about 1.72 x English words; far below
    means truncated or left in English, far above means something was added or merged.
    Only for units of 8 English words or more; Latin words kept in the translation
    (names, abbreviations) count as one word each on both sides.
    """
    if s.is_code:
        return
    words = _words(s.src.plain)
    if words < 8:
        return
    kept = _words(s.dst.plain)
    cjk = len(_CJK_RE.findall(s.dst.plain))
    basis = words - kept
    if basis < 8:
        return  # mostly Latin kept (titles, names): too little translated text to judge
    ratio = cjk / basis
    low, high = _ratio_bounds(basis)
    if ratio < low:
        yield _problem(
            "length-ratio",
            WARNING,
            f"translation looks short: {cjk} Chinese characters for {words} English "
            "words (truncated?)",
        )
    elif ratio > high:
        yield _problem(
            "length-ratio",
            WARNING,
            f"translation looks long: {cjk} Chinese characters for {words} English "
            "words (added or merged text?)",
        )


_PROSE_WORD_RE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][a-z]{2,}(?![A-Za-z0-9])")


def untranslated(s: Subject) -> Iterator[Problem]:
    """The translation equals the English prose (warning).

    Skipped when nothing translatable is left after removing code, URLs, numbers and
    do-not-translate terms (``PeriodHub``, ``NSAIDs``, ``L4-S1`` stay as they are).
    """
    if s.msgstr.strip() != s.msgid.strip() or s.is_code:
        return
    text = s.src.plain
    for t in s.glossary.terms_in(text):
        if t.keep:
            text = _term_re(t.term).sub(" ", text)
    if s.glossary.lookup(s.msgid) is not None or not _PROSE_WORD_RE.search(text):
        return
    yield _problem("untranslated", WARNING, "translation is the same as the English")


_HARD_BREAK_RE = re.compile(r"(?: {2,}|\\)\n|<br\s*/?>", re.I)


def whitespace(s: Subject) -> Iterator[Problem]:
    """Leading/trailing whitespace, final newline and hard line breaks match (warning).

    Merge puts the msgstr where the msgid was: a missing trailing newline or two-space
    hard break changes the layout.
    """

    def lead(t: str) -> str:
        return t[: len(t) - len(t.lstrip())]

    def trail(t: str) -> str:
        return t[len(t.rstrip()) :]

    if lead(s.msgid) != lead(s.msgstr):
        yield _problem("whitespace", WARNING, "leading whitespace differs from the English")
    if trail(s.msgid) != trail(s.msgstr):
        what = "newline" if "\n" in trail(s.msgid) + trail(s.msgstr) else "whitespace"
        yield _problem("whitespace", WARNING, f"trailing {what} differs from the English")
    a, b = len(_HARD_BREAK_RE.findall(s.msgid)), len(_HARD_BREAK_RE.findall(s.msgstr))
    if a != b and not s.is_code:
        yield _problem(
            "whitespace", WARNING, f"{b} hard line break(s) in the translation, {a} in the English"
        )


_HALF_WIDTH = {",": "，", ":": "：", ";": "；", "(": "（", "?": "？", "!": "！"}
_HALF_AFTER_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]([,:;(?!])(?!//)")


def punctuation(s: Subject) -> Iterator[Problem]:
    """Half-width ``, : ; ( ? !`` directly after a Chinese character (warning).

    The site's Chinese uses full-width punctuation; half-width after CJK is almost always
    a machine-draft or copy-paste slip. Code, URLs and tags are not looked at.
    """
    if s.is_code:
        return
    found = dict.fromkeys(m.group(1) for m in _HALF_AFTER_CJK_RE.finditer(s.dst.plain))
    for ch in found:
        yield _problem(
            "punctuation", WARNING, f"half-width '{ch}' after Chinese text: use '{_HALF_WIDTH[ch]}'"
        )


def _display_length(text: str) -> float:
    """Chinese characters: full-width counts 1, half-width 0.5 (how SEO limits are meant)."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


def fm_length(s: Subject) -> Iterator[Problem]:
    """Front-matter values within their length limit (warning), e.g. ``seo_title`` <= 30.

    Search engines cut Chinese titles and descriptions at about 30 and 80 characters;
    Latin letters and digits count half.
    """
    if not s.is_front_matter:
        return
    key = re.sub(r"\[\d+\]$", "", s.kind.partition(":")[2].strip())
    limit = s.fm_limits.get(key)
    if limit is None:
        return
    n = _display_length(s.msgstr.strip())
    if n > limit:
        yield _problem(
            "fm-length", WARNING, f"{key} is {n:g} Chinese characters long, the limit is {limit}"
        )


# --------------------------------------------------------------------------- registry

Check = Callable[[Subject], Iterator[Problem]]

CHECKS: tuple[Check, ...] = (
    numbers,
    localization_spots,
    urls,
    images,
    inline_code,
    markup_balance,
    markup_injection,
    render_parity,
    glossary_terms,
    emoji,
    citations,
    length_ratio,
    untranslated,
    whitespace,
    punctuation,
    fm_length,
)

CHECK_NAMES: dict[str, str] = {
    "numbers": ERROR,
    "fahrenheit-dropped": WARNING,
    "localization-spot": WARNING,
    "urls": ERROR,
    "images": ERROR,
    "inline-code": ERROR,
    "markup-balance": ERROR,
    "markup-injection": ERROR,
    "render-parity": ERROR,
    "glossary": WARNING,
    "do-not-translate": ERROR,
    "emoji": WARNING,
    "citations": ERROR,
    "length-ratio": WARNING,
    "untranslated": WARNING,
    "whitespace": WARNING,
    "punctuation": WARNING,
    "fm-length": WARNING,
}
"""Every check name a Problem can carry, with its severity: the stable public contract."""

_SEVERITY_ORDER = {ERROR: 0, WARNING: 1}


def run_checks(subject: Subject, checks: tuple[Check, ...] = CHECKS) -> list[Problem]:
    """All problems of one unit, errors first, then by check name and message.

    An empty translation is not checked: completeness is reported elsewhere.
    """
    if not subject.msgstr:
        return []
    found = {p for check in checks for p in check(subject)}
    return sorted(found, key=lambda p: (_SEVERITY_ORDER.get(p.severity, 2), p.check, p.message))
