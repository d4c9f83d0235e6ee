"""Blocks: rows aligned English/translation that together are the whole article."""

from __future__ import annotations

import pytest

from pipeline.review import blocks, render
from pipeline.review.data import Repository
from pipeline.review.model import Gap, Slot
from pipeline.review.views import translated
from review.reviewkit import SLUG


def _rows(repo: Repository, slug: str, locale: str = "zh"):
    art = repo.article(slug, locale)
    return art, blocks.split(art.pieces, Repository.fill, render.parser())


def _assert_whole(art, rows) -> None:
    fill, shown = Repository.fill, translated(art)
    whole = blocks.Block(tuple(art.pieces))
    assert "".join(b.text(fill) for b in rows).strip() == whole.text(fill).strip()
    assert "".join(b.text(fill, shown) for b in rows).strip() == whole.text(fill, shown).strip()
    slots = [p for p in art.pieces if isinstance(p, Slot)]
    assert [p for b in rows for p in b.pieces if isinstance(p, Slot)] == slots


def test_the_seed_article_is_cut_into_rows_that_add_up_to_it(seed) -> None:
    art, rows = _rows(Repository.open(seed), SLUG)
    _assert_whole(art, rows)
    assert len(rows) > 100
    heading = next(b for b in rows if b.msgids == ("Introduction",))
    assert heading.text(Repository.fill).strip() == "## Introduction"
    items = [b for b in rows if b.text(Repository.fill).lstrip().startswith("- ")]
    assert items and all(len(b.msgids) == 1 for b in items)


@pytest.mark.slow
def test_every_corpus_article_adds_up_with_its_addenda_in_place(corpus) -> None:
    repo = Repository.open(corpus)
    for slug in repo.slugs():
        art, rows = _rows(repo, slug)
        _assert_whole(art, rows)


def test_a_translated_gap_with_inserted_text_keeps_the_next_blocks_marker() -> None:
    gap = Gap("\n\n## ", "\n\n中文独有段落。\n\n## ")
    parts = blocks.split_gap(gap, [2])
    assert [p.english for p in parts] == ["\n\n", "## "]
    assert [p.translation for p in parts] == ["\n\n中文独有段落。\n\n", "## "]
    replaced = blocks.split_gap(Gap("\n\n## ", "\n\n### "), [2])
    assert [p.translation for p in replaced] == ["\n\n", "### "]
