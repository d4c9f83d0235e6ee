"""pipeline.repo.tmcache: a locale's translation memory, kept between runs.

Why: drafting one new paragraph needs the reviewed translations of every catalog of
the locale, and reading thousands of catalogs for it takes seconds. So
``.pipeline-cache/tm/<locale>.sqlite`` keeps each catalog's reviewed entries
(``tm.Row``) with the stamp of the file they were read from (size, modification time,
inode: ``memo.Memo.stamp``). A run that needs the memory reads again only the catalogs
whose stamp changed, and looks English texts up in the database instead of holding
every translation in memory. What it answers is what ``tm.Index`` over the catalogs
answers (the tests hold it to that). The database is derived data: deleting it is
always safe, and one that cannot be read or written is set aside for the catalogs.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from pipeline.drafting import tm
from pipeline.errors import PipelineError
from pipeline.repo import memo as memo_mod
from pipeline.repo import stamps, store

FORMAT = "2"

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE catalogs (
    id INTEGER PRIMARY KEY, path TEXT UNIQUE NOT NULL, stamp TEXT NOT NULL,
    slug TEXT NOT NULL, ref_path TEXT
);
CREATE TABLE texts (id INTEGER PRIMARY KEY, msgid TEXT UNIQUE NOT NULL, n INTEGER NOT NULL);
CREATE INDEX texts_length ON texts (n);
CREATE TABLE rows (
    cat INTEGER NOT NULL, ord INTEGER NOT NULL, text INTEGER NOT NULL, msgstr TEXT NOT NULL,
    comment TEXT, msgctxt TEXT, ref_path TEXT, line TEXT, obsolete INTEGER NOT NULL
);
CREATE INDEX rows_text ON rows (text);
CREATE INDEX rows_cat ON rows (cat);
"""
"""One row per reviewed entry; its English text once in ``texts``. A row's ``ref_path`` is
NULL when it is its catalog's (most are: the article's English file), '' when it has none."""

_EXACT = """
SELECT c.slug, t.msgid, r.msgstr, r.comment, r.msgctxt, r.ref_path, c.ref_path, r.line,
       r.obsolete
FROM texts t JOIN rows r ON r.text = t.id JOIN catalogs c ON c.id = r.cat
WHERE t.msgid = ? ORDER BY c.slug, r.ord
"""


class Stored(tm.Index):
    """``tm.Index`` answered from the database: a group is read when first asked for."""

    def __init__(self, con: sqlite3.Connection):
        super().__init__()
        self.con = con
        self._found: dict[str, tm.Group | None] = {}

    def __bool__(self) -> bool:
        return self.con.execute("SELECT EXISTS (SELECT 1 FROM rows)").fetchone()[0] == 1

    def __len__(self) -> int:
        return self.con.execute("SELECT COUNT(*) FROM texts").fetchone()[0]

    def exact(self, english: str) -> tm.Group | None:
        if english not in self._found:
            index = tm.Index()  # as Index.of adds them: by article, then catalog order
            index.add_rows(_row(*r) for r in self.con.execute(_EXACT, (english,)))
            self._found[english] = index.groups.get(english)
        return self._found[english]

    def _by_length(self) -> tuple[list[int], list[str]]:
        lengths, texts = [], []
        for n, text in self.con.execute("SELECT n, msgid FROM texts ORDER BY n, msgid"):
            lengths.append(n)
            texts.append(text)
        return lengths, texts

    def conflicts(self) -> list[tm.Group]:
        several = self.con.execute(
            "SELECT t.msgid FROM rows r JOIN texts t ON t.id = r.text "
            "GROUP BY r.text HAVING COUNT(DISTINCT r.msgstr) > 1"
        ).fetchall()
        groups = [self.exact(english) for (english,) in several]
        return sorted((g for g in groups if g is not None and g.conflicting), key=_english)


def _row(slug, msgid, msgstr, comment, msgctxt, ref_path, default, line, obsolete) -> tm.Row:
    path = default if ref_path is None else (ref_path or None)
    return tm.Row(slug, msgid, msgstr, comment, msgctxt, path, line, bool(obsolete))


def _english(group: tm.Group) -> str:
    return group.english


def open_index(ws, locale: str, memo: memo_mod.Memo) -> Stored | None:
    """The locale's memory, its catalogs read again where their stamp changed; None when
    the database cannot be used here (read-only checkout, locked): read the catalogs."""
    path = ws.layout.cache() / "tm" / f"{locale}.sqlite"
    salt = f"{FORMAT} {stamps.code()}"
    try:
        con = _connect(path, salt)
        refresh(con, ws, locale, memo)
    except (sqlite3.Error, OSError):
        return None
    with contextlib.suppress(PipelineError, OSError):  # no .gitignore is no reason to fail
        store.ignore_folder(ws.layout.cache())
    return Stored(con)


def _connect(path: Path, salt: str) -> sqlite3.Connection:
    """The database, made anew when missing, damaged or written by other code."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = sqlite3.connect(path)
        found = con.execute("SELECT value FROM meta WHERE key = 'salt'").fetchone()
        if found is not None and found[0] == salt:
            return con
        con.close()
    except sqlite3.DatabaseError:
        pass  # not a database, or not ours: made anew below
    if path.exists():
        os.remove(path)
    con = sqlite3.connect(path)
    with con:
        con.executescript(_SCHEMA)
        con.execute("INSERT INTO meta VALUES ('salt', ?)", (salt,))
    return con


def refresh(con: sqlite3.Connection, ws, locale: str, memo: memo_mod.Memo) -> None:
    """Read again each catalog whose stamp is not the one its rows were read under.

    The stamp is taken before the file is read: a save in between leaves the rows older
    than the stamp says, and the next run reads the file again. A catalog this run holds
    (extract just made it) is read from the workspace, and its stamp is not kept: what
    the run holds and what is on disk may differ (a person's save that won), so the next
    run that needs the memory reads it from disk.
    """
    wanted = {ws.layout.files(slug, (locale,), "catalog")[0]: slug for slug in ws.layout.slugs()}
    stored = {
        path: (cat, stamp)
        for cat, path, stamp in con.execute("SELECT id, path, stamp FROM catalogs")
    }
    orphans: set[int] = set()
    with con:
        for path in stored.keys() - wanted.keys():
            orphans |= _drop(con, stored[path][0])
        for path, slug in sorted(wanted.items()):
            stamp = memo.stamp(path)
            known = stored.get(path)
            if known is not None and known[1] == stamp:
                continue
            if known is not None:
                orphans |= _drop(con, known[0])
            held = ws.holds_catalog(slug, locale)
            try:
                po = ws.peek_catalog(slug, locale)
            except PipelineError:
                continue  # a broken catalog is reported by the commands that own it
            rows = [] if po is None else [tm.row(slug, e) for e in po if tm.reviewed(e)]
            _add(con, path, "" if held else stamp, slug, rows)
        if orphans:
            con.executemany(
                "DELETE FROM texts WHERE id = ? AND NOT EXISTS "
                "(SELECT 1 FROM rows WHERE rows.text = texts.id)",
                ((t,) for t in sorted(orphans)),
            )


def _add(con: sqlite3.Connection, path: str, stamp: str, slug: str, rows: list[tm.Row]) -> None:
    default = rows[0].path if rows else None
    cat = con.execute(
        "INSERT INTO catalogs (path, stamp, slug, ref_path) VALUES (?, ?, ?, ?)",
        (path, stamp, slug, default),
    ).lastrowid
    values = []
    for i, r in enumerate(rows):
        con.execute("INSERT OR IGNORE INTO texts (msgid, n) VALUES (?, ?)", (r.msgid, len(r.msgid)))
        (text,) = con.execute("SELECT id FROM texts WHERE msgid = ?", (r.msgid,)).fetchone()
        ref = None if r.path == default else (r.path or "")
        values.append((cat, i, text, r.msgstr, r.comment, r.msgctxt, ref, r.line, int(r.obsolete)))
    con.executemany("INSERT INTO rows VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", values)


def _drop(con: sqlite3.Connection, cat: int) -> set[int]:
    """Forget a catalog's rows; the English texts they used (perhaps no longer used)."""
    texts = {t for (t,) in con.execute("SELECT text FROM rows WHERE cat = ?", (cat,))}
    con.execute("DELETE FROM rows WHERE cat = ?", (cat,))
    con.execute("DELETE FROM catalogs WHERE id = ?", (cat,))
    return texts
