"""pipeline.qa.markup: links, images, code, markup balance, injection, render parity,
and localization spots (brands, emergency numbers)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from pipeline.glossary import Glossary, Term
from pipeline.model import Problem
from pipeline.qa.parsing import _CODE_SPAN_RE
from pipeline.qa.subject import ERROR, INFO, WARNING, Subject, _problem

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


def _spots(g: Glossary) -> tuple[dict[str, Term | None], re.Pattern[str]]:
    """The spots of a glossary and one pattern that finds any of them (``_term_re``'s
    boundaries), made once per glossary."""
    found = _SPOTS.get(id(g))
    if found is not None and found[0] is g:
        return found[1], found[2]
    spots: dict[str, Term | None] = {name: g.lookup(name) for name in LOCALIZATION_SPOTS}
    for t in g.terms:
        if re.search(r"brand|locali[sz]", t.note, re.I):
            spots[t.term] = t
    names = "|".join(re.escape(n) for n in sorted(spots, key=len, reverse=True))
    any_spot = re.compile(r"(?<![A-Za-z0-9-])(?:" + names + r")(?![A-Za-z0-9-])", re.I)
    if len(_SPOTS) > 16:
        _SPOTS.clear()
    _SPOTS[id(g)] = (g, spots, any_spot)
    return spots, any_spot


_SPOTS: dict[int, tuple[Glossary, dict[str, Term | None], re.Pattern[str]]] = {}


def localization_spots(s: Subject) -> Iterator[Problem]:
    """Brand names and emergency numbers that the translation changed or removed (info).

    The live site's translators replace US brands by Chinese-market ones and ``911`` by
    ``120`` on purpose (seven of the eight changes on the site were right), so this only
    informs a reviewer, who confirms the local product or number; it is neither an error
    nor a warning. A spot whose glossary translation is present counts as an approved
    localization and is not mentioned.
    """
    spots, any_spot = _spots(s.glossary)
    target = s.msgstr.casefold()
    for name, term in spots.items() if any_spot.search(s.msgid) else ():
        if not _term_re(name).search(s.msgid):
            continue
        if name.casefold() in target or (term and term.translation.casefold() in target):
            continue
        yield _problem(
            "localization-spot",
            INFO,
            f"brand or service {name} was changed or removed: confirm it is "
            "meant for Chinese readers",
        )
    have = set(_EMERGENCY_RE.findall(s.msgstr))
    for number in dict.fromkeys(_EMERGENCY_RE.findall(s.src.plain)):
        if number not in have:
            yield _problem(
                "localization-spot",
                INFO,
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
    URL sends the reader elsewhere. Only the leading locale segment of a site-relative link
    may differ (``Subject.same_target``: merge rewrites it). Targets the English does not
    have are reported by ``markup_injection``. The targets come from ``pipeline.safety``'s parse
    (decoded as a browser decodes them), the same that merge's review uses.
    """
    if not s.unchanged:
        yield from _same_targets(s, "urls", "link target", s.src_targets.links, s.dst_targets.links)


def images(s: Subject) -> Iterator[Problem]:
    """Image sources are identical and in the same order (error): a swapped image can mislead."""
    if not s.unchanged:
        yield from _same_targets(s, "images", "image", s.src_targets.images, s.dst_targets.images)


def _same_targets(
    s: Subject, check: str, what: str, src: tuple[str, ...], dst: tuple[str, ...]
) -> Iterator[Problem]:
    if not src:
        return  # nothing to lose (an added target is ``markup_injection``'s)
    want = [s.same_target(u) for u in src]
    got = [s.same_target(u) for u in dst]
    missing = Counter(want) - Counter(got)
    lost = bool(missing)
    for url, original in zip(want, src, strict=True):
        if missing[url] > 0:
            missing[url] -= 1
            yield _problem(check, ERROR, f"{what} {original} is missing or changed")
    if not lost:
        wanted = set(want)
        kept = [u for u in got if u in wanted]
        if kept != want and len(kept) == len(want):
            yield _problem(check, ERROR, f"{what}s are in a different order than in the English")


def inline_code(s: Subject) -> Iterator[Problem]:
    """Inline code is copied verbatim (error): it is a command, a name or a value, not prose."""
    if s.is_code:
        return
    if not s.src.code_spans and not s.dst.code_spans:
        return
    want, got = Counter(s.src.code_spans), Counter(s.dst.code_spans)
    for code in want - got:
        yield _problem("inline-code", ERROR, f"inline code `{code}` is missing or changed")
    for code in got - want:
        yield _problem("inline-code", ERROR, f"inline code `{code}` is not in the English")


# --------------------------------------------------------------------------- markup

_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("links [...](", re.compile(r"(?<!!)\]\(")),
    ("images ![...](", re.compile(r"!\[")),
    ("backticks", re.compile(r"`+")),
)


_LAYOUT_TAGS = frozenset({"br", "wbr", "hr"})
"""Line breaks: the translators replace ``<br>`` in table cells by ``；``, so ``whitespace``
reports them as a warning."""


def markup_balance(s: Subject) -> Iterator[Problem]:
    """The translation has as many link, image and code markers and HTML tags as the
    English (error).

    Counted on the source syntax (outside code spans and URLs), so that a lost ``](`` or
    backtick is named even where it happens to render. Emphasis markers are not counted:
    a translator may emphasise differently (``emphasis``, a warning), and emphasis that
    breaks shows as literal asterisks (``render_parity``).
    """
    if not s.is_markdown or s.unchanged:
        return
    src = _marker_counts(s.src.plain, len(s.src.code_spans))
    dst = _marker_counts(s.dst.plain, len(s.dst.code_spans))
    for (name, _), a, b in zip(_MARKERS, src, dst, strict=True):
        if a != b:
            yield _problem(
                "markup-balance", ERROR, f"{b} {name} in the translation, {a} in the English"
            )
    if not s.src.tags:
        return  # only tags of the English can be missing
    want = Counter(
        ("/" if t.closing else "") + t.name for t in s.src.tags if t.name not in _LAYOUT_TAGS
    )
    got = Counter(
        ("/" if t.closing else "") + t.name for t in s.dst.tags if t.name not in _LAYOUT_TAGS
    )
    for tag in want - got:
        yield _problem("markup-balance", ERROR, f"HTML tag <{tag}> is missing")


@lru_cache(maxsize=1024)
def _marker_counts(plain: str, code_spans: int) -> tuple[int, ...]:
    """Each of ``_MARKERS`` counted in one side's ``plain`` text outside code spans (a code
    span's two backtick runs counted too): once per text, the English for every locale."""
    text = _CODE_SPAN_RE.sub(" ", plain) if "`" in plain else plain
    counts = []
    for name, pat in _MARKERS:
        n = len(pat.findall(text)) if name != "images ![...](" or "![" in text else 0
        counts.append(n + 2 * code_spans if name == "backticks" else n)
    return tuple(counts)


def markup_injection(s: Subject) -> Iterator[Problem]:
    """No block, HTML tag, attribute, comment, script URL or link the English lacks (error).

    A compromised or careless translation must not put a script, a tracking pixel or a
    new link on a health site. Decided by ``pipeline.safety``: the unit is parsed in a
    small context of its kind with the site's CommonMark parser and a real HTML
    tokenizer, and compared with the English. Translatable attributes (``alt``,
    ``title``, ``placeholder``, ``aria-label``) are compared by presence only; merge runs
    the same comparison on the whole article and never publishes what fails it.
    """
    for f in s.findings:
        if f.check == "markup-injection":
            yield _problem("markup-injection", ERROR, f.message)


def hidden_text(s: Subject) -> Iterator[Problem]:
    """Nothing hidden from the reader (error): comments, bidi and zero-width controls
    around numbers, control characters.

    An HTML comment can hide a warning or a dose (``约<!--60-70%-->``); a right-to-left
    override can show ``400`` as ``004``; a CR in a front-matter value is a YAML line
    break that can inject keys.
    """
    for f in s.findings:
        if f.check == "hidden-text":
            yield _problem("hidden-text", ERROR, f.message)


def active_content(s: Subject) -> list[str]:
    """What the translation could run in a reader's browser that the English does not.

    Script-capable tags, event-handler attributes and ``javascript:``/``data:`` URLs:
    the narrow core of ``markup_injection``.
    """
    return [f.message for f in s.findings if f.active]


_LITERALS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("**", re.compile(r"\*\*")),
    ("*", re.compile(r"(?<!\*)\*(?!\*)")),
    ("__", re.compile(r"__")),
    ("[…](", re.compile(r"\]\(")),
)


def render_parity(s: Subject) -> Iterator[Problem]:
    """What a reader sees has the same links, images and code as the English, and no
    markup characters the English does not show (error).

    Both sides are rendered with markdown-it (CommonMark). The classic failure in Chinese
    is the flanking rule: in ``**标签：**内容`` the closing ``**`` follows punctuation and
    precedes a letter, so it does not close and the asterisks print. ``cleanup.fix_flanking``
    repairs most such drafts (``**标签**：内容``). How much is emphasised is ``emphasis``'s.
    """
    if not s.is_markdown or s.unchanged:
        return
    a, b = s.src.rendered, s.dst.rendered
    for node in ("link", "image", "inline code"):
        if a.counts[node] != b.counts[node]:
            yield _problem(
                "render-parity",
                ERROR,
                f"renders {b.counts[node]} {node} span(s), the English {a.counts[node]}",
            )
    for shown in _literals(s):
        hint = ": move the punctuation outside, **标签**：" if "*" in shown else ""
        yield _problem("render-parity", ERROR, f"literal {shown} shows in the text{hint}")


def _literals(s: Subject) -> list[str]:
    """Markup characters the translation shows as text more often than the English."""
    src = _literal_counts("".join(s.src.rendered.texts))
    dst = _literal_counts("".join(s.dst.rendered.texts))
    return [shown for (shown, _), a, b in zip(_LITERALS, src, dst, strict=True) if b > a]


@lru_cache(maxsize=1024)
def _literal_counts(shown: str) -> tuple[int, ...]:
    """How often each of ``_LITERALS`` shows in a rendered text: counted once per text
    (``render_parity`` and ``emphasis`` both ask, the English for every locale)."""
    if "*" not in shown and "_" not in shown and "](" not in shown:
        return (0,) * len(_LITERALS)  # none of the patterns can match
    return tuple(len(pat.findall(shown)) for _, pat in _LITERALS)


def emphasis(s: Subject) -> Iterator[Problem]:
    """The translation emphasises as much as the English, in the same style (warning).

    Italic and bold are typography, not content: Chinese text is usually bolded where
    English is italic (CJK italics are synthetic slants), and a translator may add or drop
    emphasis on purpose, so this asks for a look and never blocks. Emphasis lost with
    literal asterisks on the page is ``render_parity``'s error, not reported again here.
    """
    if not s.is_markdown or s.unchanged or _literals(s):
        return
    a, b = s.src.rendered.counts, s.dst.rendered.counts
    was, now = (a["italic"], a["bold"]), (b["italic"], b["bold"])
    if was == now:
        return
    if sum(was) == sum(now):
        message = (
            f"emphasis style changed: the English has {was[0]} italic and {was[1]} bold "
            f"span(s), the translation {now[0]} italic and {now[1]} bold"
        )
    else:
        message = f"{sum(now)} emphasised span(s) in the translation, {sum(was)} in the English"
    yield _problem("emphasis", WARNING, message)
