"""pipeline.review.views: the pages, built from ``data``'s values and rendered with Jinja2.

The server and the static export render the same templates; only the links
(absolute paths or relative files) and whether editing controls appear differ.
Templates autoescape; the only HTML they insert unescaped is what ``render``
produced and sanitized.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipeline.review import blocks, render
from pipeline.review.data import Repository
from pipeline.review.model import (
    FUZZY,
    REVIEWED,
    UNTRANSLATED,
    ArticleData,
    Entry,
    Finding,
    FrontRow,
    IndexRow,
    Slot,
)

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
ASSETS = ("review.css", "review.js")

LABELS = {
    REVIEWED: "Reviewed",
    FUZZY: "Fuzzy draft",
    UNTRANSLATED: "Untranslated (English shown)",
    "error": "QA error",
    "markup": "No text to translate",
}
_RANK = {"error": 0, UNTRANSLATED: 1, FUZZY: 2, "warning": 3, REVIEWED: 4, "markup": 5}


@dataclass(frozen=True)
class Links:
    """Where pages and assets are: server paths, or files relative to an exported page."""

    export: bool = False
    depth: int = 0

    @property
    def _up(self) -> str:
        return "../" * self.depth if self.export else "/"

    def index(self) -> str:
        return self._up + "index.html" if self.export else "/"

    def article(self, slug: str, locale: str) -> str:
        return f"{self._up}{locale}/{slug}.html" if self.export else f"/a/{locale}/{slug}"

    def static(self, name: str) -> str:
        return f"{self._up}static/{name}"


@dataclass
class UnitRow:
    """One unit as its row shows it."""

    id: str
    entry: Entry
    state: str
    label: str
    diff: str = ""
    excerpt: str = ""


@dataclass
class BlockRow:
    id: str
    english: str
    translation: str
    state: str
    units: list[UnitRow] = field(default_factory=list)


@lru_cache(maxsize=1)
def environment():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(LABELS=LABELS)
    return env


def page(name: str, **context) -> str:
    return environment().get_template(name).render(**context)


# -- units and blocks -------------------------------------------------------------


def state_of(entry: Entry) -> str:
    """The state a row shows first: an error outranks everything, then missing work."""
    if entry.errors or entry.withheld:
        return "error"
    if entry.state != REVIEWED:
        return entry.state
    return "warning" if entry.problems else REVIEWED


def label(entry: Entry) -> str:
    words = LABELS[entry.state]
    if entry.state == FUZZY and entry.origin:
        words += f" · {entry.origin}"
    if entry.problems:
        n = len(entry.problems)
        words += f" · {n} problem{'s' * (n != 1)}"
    if entry.withheld:
        words += " · withheld by merge"
    return words


def unit_ids(art: ArticleData) -> dict[str, str]:
    return {msgid: f"u{n}" for n, msgid in enumerate(art.entries)}


def unit_row(art: ArticleData, msgid: str, ids: dict[str, str], many: bool) -> UnitRow:
    e = art.entries[msgid]
    diff = render.diff_words(e.previous, e.msgid) if e.previous is not None else ""
    text = e.msgid
    excerpt = (text[:90] + "…" if len(text) > 90 else text) if many else ""
    return UnitRow(ids[msgid], e, state_of(e), label(e), diff, excerpt)


def translated(art: ArticleData) -> callable:
    def shown(slot: Slot) -> str:
        if slot.own is not None:
            return slot.own
        e = art.entries.get(slot.key)
        return e.msgstr if e is not None and e.msgstr else slot.msgid

    return shown


def block_rows(art: ArticleData, only: Iterable[str] | None = None) -> list[BlockRow]:
    """Every row of the body (or only those holding one of ``only``'s units), rendered."""
    fill = Repository.fill
    cut = _split(tuple(art.pieces))
    shown = translated(art)
    refs_en = render.references(blocks.english(art.pieces, fill))
    refs_tr = render.references(blocks.Block(tuple(art.pieces)).text(fill, shown))
    ids = unit_ids(art)
    wanted = set(only) if only is not None else None
    rows = []
    for n, block in enumerate(cut):
        msgids = block.msgids
        if wanted is not None and not wanted.intersection(msgids):
            continue
        units = [unit_row(art, m, ids, len(msgids) > 1) for m in msgids if m in art.entries]
        state = min((u.state for u in units), key=_RANK.__getitem__, default="markup")
        rows.append(
            BlockRow(
                f"b{n}",
                render.markdown(block.text(fill), refs_en),
                render.markdown(block.text(fill, shown), refs_tr),
                state,
                units,
            )
        )
    return rows


@lru_cache(maxsize=64)
def _split(pieces: tuple) -> list[blocks.Block]:
    """Rows depend on the markup only, not on the translations: cut once per article text."""
    return blocks.split(pieces, Repository.fill, render.parser())


def front_rows(art: ArticleData) -> list[tuple[str, FrontRow, UnitRow | None]]:
    ids = unit_ids(art)
    out = []
    for n, row in enumerate(art.front):
        unit = unit_row(art, row.msgid, ids, False) if row.msgid in art.entries else None
        out.append((f"f{n}", row, unit))
    return out


# -- pages ---------------------------------------------------------------------------


def index_page(rows: list[IndexRow], links: Links, title: str, editable: bool) -> str:
    return page("index.html", rows=rows, links=links, title=title, editable=editable)


def article_context(art: ArticleData, links: Links, editable: bool, reviewer: str = "") -> dict:
    return dict(
        art=art,
        links=links,
        editable=editable,
        reviewer=reviewer,
        front=front_rows(art),
        rows=block_rows(art) if not art.missing else [],
        units={
            uid: {
                "msgid": m,
                "english": art.entries[m].msgid,
                "msgstr": art.entries[m].msgstr,
                "state": art.entries[m].state,
            }
            for m, uid in unit_ids(art).items()
        },
    )


def article_page(art: ArticleData, links: Links, editable: bool, reviewer: str = "") -> str:
    return page("article.html", **article_context(art, links, editable, reviewer))


def preview(art: ArticleData, msgid: str, text: str) -> str:
    """The first row holding ``msgid``, rendered with ``text`` as its translation."""
    fill = Repository.fill
    shown = translated(art)

    def proposed(slot: Slot) -> str:
        return (text or slot.msgid) if slot.key == msgid and slot.own is None else shown(slot)

    for block in _split(tuple(art.pieces)):
        if msgid in block.msgids:
            return render.markdown(block.text(fill, proposed))
    return render.inline(text)


def fragments(art: ArticleData, msgid: str, editable: bool) -> dict[str, str]:
    """The parts of the article page that show ``msgid``, re-rendered after a save."""
    macros = environment().get_template("macros.html").module
    out = {row.id: str(macros.block(row, editable, art.locale)) for row in block_rows(art, [msgid])}
    for fid, row, unit in front_rows(art):
        if row.msgid == msgid:
            out[fid] = str(macros.front_row(fid, row, unit, editable, art.locale))
    out["summary"] = str(macros.summary(art))
    return out


def findings(found: Iterable[Finding]) -> str:
    macros = environment().get_template("macros.html").module
    return str(macros.problems(list(found)))
