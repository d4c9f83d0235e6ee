"""pipeline.qa.numbers: doses, ranges, temperatures and codes kept exactly."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

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
