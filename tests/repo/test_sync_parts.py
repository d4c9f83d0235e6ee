"""sync and translate in parts (``translate.PART``): the same files as one part, flat memory."""

from __future__ import annotations

import shutil

import polib
import pytest
from conftest import write

from pipeline.config import load
from pipeline.repo import runs, translate
from pipeline.repo.workspace import Workspace

SHARED = [
    "Heat on the lower belly relaxes the muscles of the uterus.",
    "Drink warm water and rest in a quiet room for an hour.",
    "Ibuprofen taken with food eases cramps within an hour.",
    "See a doctor when the pain keeps you from school or work.",
]


def article(n: int) -> str:
    body = "\n\n".join(SHARED[(n + i) % len(SHARED)] for i in range(3))
    return f"---\ntitle: Article number {n}\n---\n\n{body}\n\nOnly article {n} says this.\n"


def fill(path, translate_as) -> None:
    po = polib.pofile(str(path), wrapwidth=0)
    for e in po:
        if not e.obsolete and not e.msgid_plural:
            e.msgstr = translate_as(e.msgid)
            if "fuzzy" in e.flags:
                e.flags.remove("fuzzy")
    po.save(str(path))


@pytest.fixture
def mixed(repo, run):
    """Six articles sharing sentences: some catalogs reviewed (one translating a sentence
    another way), one article edited, one catalog missing."""
    for n in range(6):
        write(repo / f"content/en/a{n}.md", article(n))
    write(repo / "pipeline.toml", "min_coverage = 0\njobs = 1\n")
    assert run(repo, "extract").exit_code == 0
    fill(repo / "locale/zh/a0.po", lambda t: f"中:{t}")
    fill(repo / "locale/zh/a1.po", lambda t: f"中:{t}")
    fill(repo / "locale/zh/a2.po", lambda t: f"另:{t}" if t == SHARED[2] else f"中:{t}")
    write(repo / "content/en/a3.md", article(3) + "\nDrink warm water and rest in a quiet room.\n")
    (repo / "locale/zh/a4.po").unlink()
    return repo


def files(root) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and ".pipeline-cache" not in p.parts
    }


@pytest.mark.parametrize("command", ["sync", "translate"])
def test_parts_of_one_article_write_what_one_part_writes(
    mixed, run, monkeypatch, command, tmp_path_factory
):
    shutil.rmtree(mixed / ".pipeline-cache")  # bound to paths: the copy would not share it
    whole = shutil.copytree(mixed, tmp_path_factory.mktemp("whole") / "site")
    one = run(whole, command, "--engine", "memory")
    monkeypatch.setattr(translate, "PART", 1)
    parted = run(mixed, command, "--engine", "memory")
    assert parted.exit_code == one.exit_code
    assert parted.output.splitlines() == one.output.splitlines()
    assert files(mixed) == files(whole)
    assert "memory" in (mixed / "locale/zh/a5.po").read_text("utf-8")  # drafted from a0…a2
    again = run(mixed, "sync", "--engine", "memory")
    assert again.exit_code == 0 and files(mixed) == files(whole) | files(mixed)


def test_a_text_drafted_in_one_part_is_asked_once(mixed, run, monkeypatch):
    """An English text in every part is requested from the engines once (a machine engine
    bills it once); the later parts get the same draft."""
    asked: list[str] = []
    from pipeline.drafting.engines import memory

    real = memory.Memory.draft

    def draft(self, requests):
        asked.extend(r.msgid for r in requests)
        return real(self, requests)

    monkeypatch.setattr(memory.Memory, "draft", draft)
    monkeypatch.setattr(translate, "PART", 1)
    assert run(mixed, "sync", "--engine", "memory").exit_code == 0
    assert asked and len(asked) == len(set(asked))


def test_status_and_conflicts_keep_no_catalog_open(mixed, run):
    assert run(mixed, "sync", "--engine", "memory").exit_code == 0
    ws = Workspace(load(mixed))
    report = runs.status(ws, ws.layout.slugs())
    assert not ws._catalogs and not ws._articles  # one article at a time
    assert any("conflicting" in o.message for o in report.outcomes)
    assert SHARED[2] in translate.conflicts_of(ws, "zh")
    assert not ws._catalogs
