"""pipeline.safety.urls: link destinations as a browser resolves them, for comparison.

A translation may not change where a link or image points. Comparing the raw
text would let ``&#106;avascript:`` or ``java\\tscript:`` through (the parser and
the browser decode both to ``javascript:``) and would flag harmless spellings of
the same address (``a%20b`` and ``a b``). So each destination is decoded the way
the browser reads it before two are compared.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import unquote

Localize = Callable[[str], str]
"""Maps an English destination to the form merge publishes (``/en/x`` -> ``/zh/x``)."""

_STRIP = "".join(chr(c) for c in range(0x21))
_INSIDE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_NOISE = re.compile(r"[\x00-\x20\x7f]+")
_SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:")
_LOCALE_SEGMENT = re.compile(r"^/[a-z]{2}(?:-[A-Za-z]{2,4})?(?=/)")


def normalize(url: str, localize: Localize | None = None) -> str:
    """The destination a browser would follow, in one canonical spelling.

    Entities are decoded (the HTML parser already did it for attributes; doing it
    again is harmless), leading and trailing controls and spaces are stripped and
    tabs and line breaks inside removed (the URL standard does both), percent
    escapes decoded once and the scheme lower-cased.
    """
    url = html.unescape(url).strip(_STRIP)
    url = _INSIDE.sub("", url)
    url = unquote(url)
    m = _SCHEME.match(url)
    if m:
        url = m.group(1).lower() + url[m.end(1) :]
    return localize(url) if localize is not None else url


def is_script(url: str) -> bool:
    """A ``javascript:``, ``vbscript:`` or ``data:`` URL: content a browser may run."""
    return _NOISE.sub("", normalize(url)).lower().startswith(_SCRIPT_SCHEMES)


def any_locale(url: str) -> str:
    """Context-free comparison: ``/en/x``, ``/zh/x`` and ``/pt-BR/x`` are the same page.

    Used where the configuration is unknown (a check on one PO entry); merge
    passes the exact mapping the site's configuration produces instead.
    """
    return _LOCALE_SEGMENT.sub("/{locale}", url)


@lru_cache(maxsize=64)
def same_page(source_segment: str, segment: str) -> Localize:
    """A site-relative link into either language is the same page: ``/en/x`` and ``/zh/x``
    compare equal (a translator may point a link at the localized page; merge's
    ``localize_links`` does it for every link). Any other change of a target still counts.

    Cached, so the same pair is the same object and the English side, cached by it, is
    found again.
    """
    prefixes = tuple(dict.fromkeys((f"/{source_segment}/", f"/{segment}/")))

    def localize(url: str) -> str:
        for prefix in prefixes:
            if url.startswith(prefix):
                return "/{locale}/" + url[len(prefix) :]
        return url

    return localize


@lru_cache(maxsize=64)
def prefix_localizer(source_locale: str, locale: str) -> Localize:
    """The mapping of ``localize_links``: a leading ``/<source>/`` becomes ``/<locale>/``.

    Cached, so that the same mapping is the same object and the English side of an
    article, cached by it, is found again.
    """
    old, new = f"/{source_locale}/", f"/{locale}/"

    def localize(url: str) -> str:
        return new + url[len(old) :] if url.startswith(old) else url

    return localize
