"""pipeline.drafting.engines.opencc: a Chinese script drafted from the other's reviewed catalogs.

Traditional Chinese (``zh-Hant``) for a site whose Simplified catalogs are reviewed
is mostly a conversion, not a translation: OpenCC converts phrase by phrase with
regional vocabulary (``s2twp``: Taiwan, ``软件`` -> ``軟體``; ``s2hk``: Hong Kong),
which a machine translation of the English would not reproduce as faithfully as the
reviewed Simplified text. So this engine drafts each English text from the reviewed
translation of the locale the profile names (``opencc_from``), converted. Only
reviewed sources are used: a fuzzy Simplified draft converted would be a draft of
a draft. Code spans, link destinations, autolinks and HTML tags are not converted
(a conversion must not change where a link points or what code says), except that a
site-relative link into the source locale's pages (``/zh/…``) is pointed at this
locale's (``/zh-Hant/…``), as merge would have written it.

Drafts are fuzzy with ``draft: opencc s2twp``; with ``opencc_reviewed = true`` they
are saved reviewed (the conversion of a reviewed text), except where the source
catalogs translate one English text in two ways. What has no reviewed source is
left to the engines after this one (DeepL ``ZH-HANT``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from pipeline.errors import ConfigError
from pipeline.model import Draft, DraftRequest, EnginePlan

CONVERSIONS = frozenset(
    {"s2t", "s2tw", "s2twp", "s2hk", "t2s", "tw2s", "tw2sp", "hk2s", "t2tw", "t2hk", "t2jp", "jp2t"}
)
"""OpenCC's conversion configurations (``opencc/data/config``)."""

_KEEP = re.compile(r"(`+)[^`]*?\1|\]\([^)]*\)|<[^>\n]+>|https?://[^\s)<>\]]+")
"""Spans never converted: code, link destinations, tags and autolinks, bare URLs."""


@dataclass
class OpenCC:
    conversion: str
    source_locale: str
    source: Callable[[], Iterable[tuple[str, Any]]]
    """The source locale's catalogs as (slug, catalog), read on first use."""
    reviewed: bool = False
    segments: tuple[str, str] = ("", "")
    """URL segments of the source locale and of this one: ``/zh/`` links become ``/zh-Hant/``."""
    name: str = "opencc"
    billed: int = 0
    _convert: Callable[[str], str] | None = field(default=None, repr=False)
    _index: dict[object, tuple[str, str, bool]] | None = field(default=None, repr=False)

    @property
    def index(self) -> dict[object, tuple[str, str, bool]]:
        """English, and (msgctxt, English) for the same text in one role -> (reviewed source
        translation, its article, whether articles disagree)."""
        if self._index is None:
            self._index = {}
            rows = [  # only what the index needs: each catalog may be dropped once read
                (slug, e.msgid, e.msgstr, e.msgctxt)
                for slug, po in self.source()
                for e in po
                if not (e.obsolete or not e.msgstr or e.fuzzy)
            ]
            for slug, msgid, msgstr, msgctxt in sorted(rows, key=lambda row: row[0]):
                for key in (msgid, (msgctxt, msgid)):
                    hit = self._index.get(key)
                    if hit is None:
                        self._index[key] = (msgstr, slug, False)
                    elif hit[0] != msgstr:
                        self._index[key] = (hit[0], hit[1], True)
        return self._index

    def convert(self, text: str) -> str:
        """``text`` converted outside code, link destinations, tags and URLs."""
        if self._convert is None:
            self._convert = _converter(self.conversion)
        out, pos = [], 0
        for m in _KEEP.finditer(text):
            out += [self._convert(text[pos : m.start()]), self._relink(m.group())]
            pos = m.end()
        out.append(self._convert(text[pos:]))
        return "".join(out)

    def _relink(self, span: str) -> str:
        old, new = self.segments
        if not old or old == new:
            return span
        return re.sub(
            rf"(^\]\(\s*<?|\b(?:href|src)\s*=\s*[\"']?){re.escape(f'/{old}/')}",
            lambda m: f"{m.group(1)}/{new}/",
            span,
        )

    def draft(self, requests: Sequence[DraftRequest]) -> Iterator[tuple[str, Draft]]:
        origin = f"opencc {self.conversion}"
        for req in requests:
            hit = self.index.get((req.msgctxt, req.msgid)) or self.index.get(req.msgid)
            if hit is None:  # the same role's translation first (a title apart from its H1)
                continue
            text, slug, disagree = hit
            note = f"from {self.source_locale} {slug}"
            if disagree:
                note += "; the source articles translate this text differently"
            reviewed = self.reviewed and not disagree
            yield req.msgid, Draft(self.convert(text), origin, note, reviewed=reviewed)

    def plan(self, requests: Sequence[DraftRequest]) -> EnginePlan:
        return EnginePlan(tuple(r.msgid for r in requests if r.msgid in self.index))


def _converter(conversion: str) -> Callable[[str], str]:
    try:
        import opencc
    except ImportError:
        raise ConfigError(
            f"drafting with OpenCC ({conversion}) needs the opencc package: "
            "pip install 'pipeline[opencc]' (or set opencc = \"none\" for the locale)"
        ) from None
    return opencc.OpenCC(conversion).convert


def build(ctx: Any) -> OpenCC | None:
    """The engine for ``ctx.locale`` when its settings convert from a configured locale."""
    from pipeline import locales

    loc = locales.resolve(ctx.cfg, ctx.locale)
    if not loc.opencc or ctx.catalogs_of is None:
        return None
    if loc.opencc not in CONVERSIONS:
        raise ConfigError(
            f"locale.{loc.tag}.opencc: unknown conversion {loc.opencc!r}; "
            f"choose from {', '.join(sorted(CONVERSIONS))} or none"
        )
    source = loc.draws_from
    return OpenCC(
        loc.opencc,
        source,
        lambda: ctx.catalogs_of(source),
        loc.settings.opencc_reviewed,
        (locales.resolve(ctx.cfg, source).segment, loc.segment),
    )
