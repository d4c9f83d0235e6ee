"""pipeline.qa.numbers: doses, ranges, temperatures and codes kept exactly."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from pipeline.locales import Locale, numerals, scripts
from pipeline.model import Problem
from pipeline.qa.parsing import _Parsed
from pipeline.qa.subject import ERROR, WARNING, Subject, _problem

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
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
    }
)
_NUM = r"\d+(?:\.\d+)?"
_DIGIT_RE = re.compile(r"\d")
_INNER_UNIT = r"(?:\s?(?:%|°\s?[CF]|mg|g|ml|IU))?"
_UNIT = (
    r"(?:°\s?[CF]|℃|°|%|mg|mcg|µg|μg|kg|g|ml|mL|L|l|IU|iu|mmHg|Hz|mA|cm|mm|kcal"
    r"|毫克|微克|千克|公斤|公克|克|毫升|公升|升|国际单位|國際單位|摄氏度|攝氏度|度"
    r"|milligrams?|micrograms?|kilograms?|grams?|millilit(?:er|re)s?|lit(?:er|re)s?|percent)"
)


@lru_cache(maxsize=64)
def _quantity_re(range_words: tuple[str, ...], scale_words: tuple[str, ...]) -> re.Pattern[str]:
    """Quantities and ranges, with the range words of both locales (``to``, ``à``, ``至``) and
    the source's scale words (``million``). Words of space-separated scripts need spaces."""
    spaced = [re.escape(w) for w in range_words if _spaced(w)]
    attached = ["-", "~", *(re.escape(w) for w in range_words if not _spaced(w))]
    alternatives = [rf"\s*(?:{'|'.join(attached)})\s*"]
    if spaced:
        alternatives.append(rf"\s+(?:{'|'.join(spaced)})\s+")
    sep = "(?:" + "|".join(alternatives) + ")"
    words = sorted(scale_words, key=len, reverse=True)
    scale = rf"(?:\s(?P<scale>{'|'.join(map(re.escape, words))})\b)?" if words else ""
    return re.compile(
        rf"(?<![A-Za-z\d.])(?P<chain>{_NUM}(?:{_INNER_UNIT}{sep}{_NUM})*)"
        + scale
        + rf"(?:\s?(?P<unit>{_UNIT})(?![A-Za-z]))?"
    )


def _spaced(word: str) -> bool:
    """A word of a script that separates words with spaces (``to``, ``bis``, not ``至``)."""
    wide = any(scripts.letters(s).search(word) for s in ("Jpan", "Kore"))  # type: ignore[union-attr]
    return not wide and any(c.isalpha() for c in word)


_TIME_RE = re.compile(
    r"(?<![\d:])(\d{1,2}):(\d{2})(?:\s*-\s*(\d{1,2}):(\d{2}))?(?:\s?([AaPp])\.?[Mm]\b\.?)?"
)
_CODE_RE = re.compile(
    r"(?<![A-Za-z0-9])(?:[A-Z]+\d[A-Z0-9]*(?:-[A-Z]+\d[A-Z0-9]*)?|[A-Z]{2,}-\d+[A-Z0-9]*)"
    r"(?![A-Za-z0-9])"
)
"""Codes kept verbatim: ``L4-S1``, ``SP6``, ``PGE2``, ``SCL-90``, ``HMI-115``."""
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
    """A range written with a word (``to``): its ends may legitimately be split apart."""
    scale: float = 1.0
    """``30 million`` -> 1e6: other languages count in other units (``3000万``)."""
    scale_word: str = ""


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


def _numbers_text(p: _Parsed, loc: Locale) -> str:
    """The text's numbers in canonical form, read with ``loc``'s separators (``1,5`` in
    French is ``1.5``); full-width digits and no-break spaces made plain first."""
    text = p.plain.translate(_TRANS).replace("℃", "°C")
    text = _CITATION_RE.sub(" ", text)
    return numerals.canonical(text, loc.decimal, loc.group)


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


def _quantities(text: str, s: Subject) -> list[_Quantity]:
    words = tuple(dict.fromkeys(s.source.settings.range_words + s.locale.settings.range_words))
    scales = s.source.settings.scales
    out = []
    for m in _quantity_re(words, tuple(scales)).finditer(_TIME_RE.sub(" ", text)):
        raw = m.group("chain")
        nums = re.findall(_NUM, raw)
        chain = "-".join(nums)
        worded = any(w in raw for w in words)
        word = m.groupdict().get("scale") or ""
        scale = scales.get(word, 1.0)
        shown = m.group().strip()
        out.append(_Quantity(chain, _unit(m.group("unit")), shown, worded, scale, word))
    return out


def _plain_number(x: float) -> str:
    return str(int(x)) if x == int(x) else f"{x:.4f}".rstrip("0").rstrip(".")


def _scaled_forms(q: _Quantity, number: str, loc: Locale) -> tuple[str, ...]:
    """``30`` million as the locale writes it: ``30000000``, its own scale words (``3000万``,
    ``0.3亿``, ``30百万``; ``30 millions``), or the source's word kept (``30 million``)."""
    v = float(number) * q.scale
    forms = [_plain_number(v), f"{number} {q.scale_word}"]
    for word, value in loc.settings.scales.items():
        n = _plain_number(v / value)
        forms += [n + word, f"{n} {word}"]
    return tuple(forms)


@lru_cache(maxsize=1024)
def _spelled(n: int, digits: str, variants: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """How a small integer may be spelled out in prose (``第三部分``, ``两周``): ``digits``
    are the locale's numerals for 0-9 followed by ten."""
    if len(digits) < 11 or n > 99:
        return ()
    if n < 10:
        return (digits[n], *(v for d, v in variants if d == str(n)))
    tens, ones = divmod(n, 10)
    head = digits[10] if tens == 1 else digits[tens] + digits[10]
    return (head + (digits[ones] if ones else ""),)


def _spelled_forms(n: int, loc: Locale) -> tuple[str, ...]:
    s = loc.settings
    return _spelled(n, s.numerals, tuple(sorted(s.numeral_variants.items())))


def numbers(s: Subject) -> Iterator[Problem]:
    """Every number, range, dose, percentage, temperature and code of the English survives.

    A changed dose is the one mistake in health content that can hurt a reader, so a
    number that is missing or changed is an error. Written differently is fine: spaces
    dropped (``400 - 600 mg`` -> ``400-600mg``, ``Top 5`` -> ``Top5``), ``℃`` for ``°C``,
    ``mg/日``, ``3克``, ``1,000`` -> ``1000``, a worded range split around Chinese words, a
    small number spelled in Chinese (``Part 3`` -> ``第三部分``) or stated by a word of the
    locale (``2x daily`` -> ``早晚各1次``), a number that only restates a code the
    translation keeps (``Heart 7 (HT7)`` -> ``神门（HT7）``); a code may be replaced by its
    glossary translation (``PC6`` -> ``内关``). A Fahrenheit value may go
    when the translation gives it in Celsius (the site's translators drop the twin on
    purpose); without one it is a warning (``fahrenheit-dropped``). Emergency numbers are
    left to ``localization_spots``. Each text is read with its own locale's separators
    and words (a French ``1,5 mg`` is the English ``1.5 mg``; ``3000万`` is ``30 million``
    in Chinese), but a different value is never accepted.
    """
    if not _DIGIT_RE.search(s.msgid):
        return  # every time, quantity and code below starts with a digit
    src_text, dst_text = _numbers_text(s.src, s.source), _numbers_text(s.dst, s.locale)
    have_times = {form for forms, _ in _times(dst_text) for form in forms}
    for forms, shown in _times(src_text):
        if not forms & have_times:
            yield _problem("numbers", ERROR, f"time {shown} is missing or changed")
    source, target = _quantities(src_text, s), _quantities(dst_text, s)
    kept_codes = set(_CODE_RE.findall(s.dst.plain))
    restated = _restated(src_text, kept_codes)
    reported: set[str] = set()
    for q in source:
        if q.shown in reported or (q.chain in EMERGENCY_NUMBERS and not q.unit):
            continue
        problem = _missing(q, target, s, src_text, dst_text, restated)
        if problem is not None:
            reported.add(q.shown)
            yield problem
    yield from _repeated_numbers(source, target, s, reported | restated)
    for code in dict.fromkeys(_CODE_RE.findall(s.src.plain)):
        if code not in kept_codes and not _glossed(code, s):
            yield _problem("numbers", ERROR, f"code {code} is missing or changed")


def _glossed(code: str, s: Subject) -> bool:
    """The glossary translates the code and the translation uses it: an acupoint's code
    given by its Chinese name (``PC6,内关``), the site's approved rendering."""
    term = s.glossary.lookup(code)
    return term is not None and not term.keep and term.translation in s.msgstr


def _missing(
    q: _Quantity, target: list[_Quantity], s: Subject, src: str, dst: str, restated: set[str]
) -> Problem | None:
    """The problem with one quantity of the English, or None when the translation has it."""
    if q.scale != 1.0:
        if all(any(f in dst for f in _scaled_forms(q, n, s.locale)) for n in q.chain.split("-")):
            return None
        return _problem("numbers", ERROR, f"number {q.shown} is missing or changed")
    units = {t.unit for t in target if t.chain == q.chain} or None
    if units is None and "-" not in q.chain:
        units = {t.unit for t in target if q.chain in t.chain.split("-")} or None
    if units is None:
        singles = {n for t in target for n in t.chain.split("-")}
        if q.worded and all(n in singles for n in q.chain.split("-")):
            return None
        if not q.unit and _written_otherwise(q.chain, s, src, dst, restated):
            return None
        if q.unit == "°F":
            if _in_celsius(q, target):
                return None
            return _problem(
                "fahrenheit-dropped",
                WARNING,
                f"Fahrenheit value {q.shown} was dropped and no Celsius value gives it",
            )
        return _problem("numbers", ERROR, f"number {q.shown} is missing or changed")
    if q.unit in _COMPARED_UNITS and q.unit not in units:
        other = sorted(u for u in units if u in _COMPARED_UNITS)
        if other:
            return _problem("numbers", ERROR, f"unit of {q.shown} changed to {', '.join(other)}")
    return None


def _written_otherwise(chain: str, s: Subject, src: str, dst: str, restated: set[str]) -> bool:
    """A unit-less number the translation states another way: spelled out (``第三部分``),
    by a number word of the locale (``早晚``: twice), glued to the word before it as the
    English has it (``Top 5`` -> ``Top5``), or restated by a code it keeps (``HT7``)."""
    if chain in restated or _spelled_out(chain, s.msgstr, s.locale):
        return True
    if "-" in chain:
        return False
    words = s.locale.settings.number_words
    if any(value == float(chain) and word in dst for word, value in words.items()):
        return True
    for m in re.finditer(rf"(?<![A-Za-z])([A-Za-z]{{2,}}) {re.escape(chain)}(?![\d.])", src):
        glued = rf"(?<![A-Za-z]){re.escape(m.group(1))}\s?{re.escape(chain)}(?![\d.])"
        if re.search(glued, dst, re.I):
            return True
    return False


_RESTATED_RE = re.compile(r"(?<![\d.])(\d+)\s*[(（]\s*([A-Z][A-Z0-9-]*\d)\s*[)）]")


def _restated(text: str, kept_codes: set[str]) -> set[str]:
    """Numbers that name what the code after them names, when the translation keeps the code:
    the 7 of ``Heart 7 (HT7)``, the 20 of ``Depression Scale-20 (DS-20)``."""
    out = set()
    for m in _RESTATED_RE.finditer(text):
        number, code = m.group(1), m.group(2)
        if code in kept_codes and re.search(r"(\d+)$", code).group(1) == number:  # type: ignore[union-attr]
            out.add(number)
    return out


def _in_celsius(q: _Quantity, target: list[_Quantity]) -> bool:
    """The translation gives this Fahrenheit value (or range) in Celsius, to half a degree."""
    want = [(float(n) - 32) * 5 / 9 for n in q.chain.split("-")]
    for t in (t for t in target if t.unit == "°C"):
        have = [float(n) for n in t.chain.split("-")]
        if len(have) == len(want) and all(
            abs(a - b) <= 0.6 for a, b in zip(have, want, strict=True)
        ):
            return True
    return False


def _repeated_numbers(
    source: list[_Quantity], target: list[_Quantity], s: Subject, reported: set[str]
) -> Iterator[Problem]:
    """A number the English states twice must be there twice when the translation has a
    value the English lacks: ``inhale 4 s, hold 4 s`` -> ``吸气4秒，屏息5秒``. Fewer
    repetitions alone is a merge (``10/10 (on a scale of 10)`` -> ``10分（满分10分）``)."""
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
    added = {n for q in target for n in q.chain.split("-")} - {
        n for q in source for n in q.chain.split("-")
    }
    if not added:
        return  # fewer repetitions, no other value: merged (``10/10`` -> ``10分（满分10分）``)
    for chain, n in want.items():
        m = got[chain]
        if m < n and chain.isdigit() and int(chain) <= 99:
            m += sum(s.msgstr.count(f) for f in _spelled_forms(int(chain), s.locale))
        if 0 < m < n:
            yield _problem(
                "numbers", ERROR, f"number {chain} appears {n} times in the English, {m} here"
            )


def _spelled_out(chain: str, text: str, loc: Locale) -> bool:
    if not chain.isdigit() or int(chain) > 99:
        return False
    return any(form in text for form in _spelled_forms(int(chain), loc))
