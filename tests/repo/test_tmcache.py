"""The memory kept between runs (``repo.tmcache``): the answers of ``tm.Index`` over the
catalogs, only changed catalogs read again, a damaged database set aside."""

from __future__ import annotations

import polib
import pytest
from conftest import write

from pipeline.config import load
from pipeline.drafting.tm import Index
from pipeline.po import catalog
from pipeline.repo import memo as memo_mod
from pipeline.repo import tmcache, translate
from pipeline.repo.workspace import Workspace

TEXTS = [
    "Heat on the lower belly relaxes the muscles of the uterus.",
    "Drink warm water and rest in a quiet room for an hour.",
    "Ibuprofen taken with food eases cramps within an hour.",
    "Rest",
]


def fill(path, translate_as) -> None:
    po = polib.pofile(str(path), wrapwidth=0)
    for e in po:
        if not e.obsolete:
            e.msgstr = translate_as(e.msgid)
    po.save(str(path))


@pytest.fixture
def site(repo, run):
    for n in range(4):
        body = "\n\n".join(TEXTS[(n + i) % len(TEXTS)] for i in range(3))
        write(repo / f"content/en/a{n}.md", f"---\ntitle: Article {n}\n---\n\n{body}\n")
    write(repo / "pipeline.toml", "min_coverage = 0\njobs = 1\n")
    assert run(repo, "extract").exit_code == 0
    fill(repo / "locale/zh/a0.po", lambda t: f"中:{t}")
    fill(repo / "locale/zh/a1.po", lambda t: f"另:{t}" if t == TEXTS[1] else f"中:{t}")
    fill(repo / "locale/zh/a2.po", lambda t: f"中:{t}")
    return repo


@pytest.fixture
def read(monkeypatch) -> list[str]:
    """The catalogs parsed from here on, in order (``catalog.loads`` watched)."""
    seen: list[str] = []
    real = catalog.loads

    def loads(text, path, *args, **kw):
        seen.append(path)
        return real(text, path, *args, **kw)

    monkeypatch.setattr(catalog, "loads", loads)
    return seen


def opened(root):
    ws = Workspace(load(root))
    memo = memo_mod.open_for(ws.layout, ws.cfg, ws.stats)
    return ws, tmcache.open_index(ws, "zh", memo)


def answers(index: Index) -> tuple:
    def group(text):
        g = index.exact(text)
        return None if g is None else [(v.text, [str(s) for s in v.sources]) for v in g.variants]

    texts = [*TEXTS, "Article 0", "Heat on the lower belly relaxes the muscle of the uterus."]
    return (
        [group(t) for t in texts],
        [index.near(t, 80.0) for t in texts],
        [g.english for g in index.conflicts()],
        bool(index),
    )


def from_catalogs(root) -> Index:
    ws = Workspace(load(root))
    return Index.of(translate._all_catalogs(ws, "zh"))


def test_the_database_answers_what_the_catalogs_answer(site):
    _, stored = opened(site)
    assert stored is not None
    assert answers(stored) == answers(from_catalogs(site))
    assert answers(stored)[2] == [TEXTS[1]]  # a0 and a2 say 中, a1 says 另


def test_a_second_run_reads_no_catalog_and_a_changed_one_is_read_again(site, read):
    opened(site)
    read.clear()
    _, stored = opened(site)
    assert read == [] and stored.exact(TEXTS[0]) is not None
    fill(site / "locale/zh/a2.po", lambda t: f"新:{t}")
    (site / "locale/zh/a0.po").unlink()
    _, stored = opened(site)
    assert read == ["locale/zh/a2.po"]
    assert answers(stored) == answers(from_catalogs(site))
    assert [v.text for v in stored.exact(TEXTS[0]).variants] == [f"新:{TEXTS[0]}"]


def test_a_damaged_database_is_made_anew(site):
    path = site / ".pipeline-cache/tm/zh.sqlite"
    opened(site)
    path.write_bytes(b"not a database at all" * 100)
    _, stored = opened(site)
    assert stored is not None and answers(stored) == answers(from_catalogs(site))


def test_a_database_it_cannot_write_means_reading_the_catalogs(site):
    write(site / ".pipeline-cache/tm", "a file where the folder should be")
    _, stored = opened(site)
    assert stored is None


def test_an_edit_drafts_from_the_database_reading_only_its_own_catalog(site, run, read):
    assert run(site, "sync", "--engine", "memory").exit_code == 0
    edited = site / "content/en/a3.md"
    write(edited, edited.read_text("utf-8") + "\nA sentence no other article has.\n")
    assert run(site, "sync", "--engine", "memory").exit_code == 0  # the database made
    write(edited, edited.read_text("utf-8") + f"\n{TEXTS[2]}\n")
    read.clear()
    assert run(site, "sync", "--engine", "memory").exit_code == 0
    assert sorted(set(read)) == ["locale/templates/a3.pot", "locale/zh/a3.po"]
    po = polib.pofile(str(site / "locale/zh/a3.po"))
    assert po.find(TEXTS[2]).msgstr == f"中:{TEXTS[2]}"
