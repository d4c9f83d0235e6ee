"""The adapter: the same numbers as `pipeline check`/`status`, and the one write."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from pipeline.po import catalog
from pipeline.review.data import Conflict, Repository, digest
from pipeline.review.model import FUZZY, REVIEWED, UNTRANSLATED
from review.reviewkit import (
    CHANGED,
    EMPTY,
    FLAGGED,
    PO,
    SLUG,
    TARGET,
    check_json,
    cli_run,
    edit_catalog,
    find,
)

REVIEWER = "Dr Reviewer <dr@example.org>"


def _status_numbers(root) -> dict[tuple[str, str], list[int]]:
    out = {}
    for line in cli_run(root, "status").stdout.splitlines()[1:]:
        cells = line.split()
        if len(cells) >= 7 and cells[2].isdigit():
            out[(cells[0], cells[1])] = [int(c) for c in cells[2:7]]
    return out


def _assert_same_numbers(root) -> None:
    rows = {(r.slug, r.locale): r for r in Repository.open(root).index()}
    report = check_json(root)
    status = _status_numbers(root)
    assert {(a["slug"], a["locale"]) for a in report["articles"]} >= set(rows)
    for a in report["articles"]:
        r = rows[(a["slug"], a["locale"])]
        c = r.counts
        mine = [c.units, c.words, c.reviewed, c.fuzzy, c.untranslated]
        assert mine == [a[k] for k in ("units", "words", "reviewed", "fuzzy", "untranslated")]
        assert (c.coverage, c.coverage_with_fuzzy, r.stale) == (
            a["coverage"],
            a["coverage_with_fuzzy"],
            a["stale"],
        )
        assert r.errors == sum(p["severity"] == "error" for p in a["problems"])
        assert mine == status[(a["slug"], a["locale"])]


def test_index_numbers_are_those_of_check_and_status(seed) -> None:
    _assert_same_numbers(seed)
    row = Repository.open(seed).index()[0]
    assert (row.counts.fuzzy, row.counts.untranslated, row.flagged) == (3, 1, 1)


@pytest.mark.slow
def test_index_numbers_on_the_imported_corpus(corpus) -> None:
    _assert_same_numbers(corpus)


def test_the_article_shows_each_units_state_origin_problems_and_changed_english(seed) -> None:
    art = Repository.open(seed).article(SLUG, "zh")
    by_start = {m[:20]: e for m, e in art.entries.items()}
    flagged = by_start[FLAGGED[:20]]
    assert flagged.state == FUZZY and flagged.origin == "draft: deepl"
    assert [p.check for p in flagged.problems] == ["numbers"]
    changed = by_start[CHANGED[:20]]
    assert changed.previous.startswith("**Cardinal ligaments**: The main")
    assert changed.origin.startswith("draft: memory 88%")
    assert by_start[EMPTY[:20]].state == UNTRANSLATED
    assert by_start[TARGET[:20]].notes == ["a translator's own note"]
    assert art.draft and not art.problems
    assert {r.key for r in art.front} >= {"title", "tags[0]", "canonical_url", "reading_time"}


def test_approving_changes_that_entry_and_the_header_and_nothing_else(seed) -> None:
    path = seed / PO
    before = path.read_text("utf-8")
    repo = Repository.open(seed, REVIEWER)
    entry = next(e for e in repo.article(SLUG, "zh").entries.values() if e.msgid.startswith(TARGET))
    text = entry.msgstr.replace("腹股沟", "腹股沟区")
    repo.save(SLUG, "zh", entry.msgid, "approve", text, digest(before.encode()))
    after = path.read_text("utf-8")
    old_block = next(b for b in before.split("\n\n") if f'msgid "{TARGET}' in b)
    new_block = (
        old_block.replace("# draft: deepl\n", "")
        .replace("#, fuzzy\n", "")
        .replace(f'msgstr "{entry.msgstr}"', f'msgstr "{text}"')
    )
    expected = before.replace(old_block, new_block).replace(
        '"Last-Translator: \\n"', f'"Last-Translator: {REVIEWER}\\n"'
    )
    if '"PO-Revision-Date: ' in expected:  # the field is set in place
        expected = re.sub(r'"PO-Revision-Date: [^"]*"', '"PO-Revision-Date: DATE\\\\n"', expected)
    else:  # or added where GNU tools put it
        head = '"Report-Msgid-Bugs-To: \\n"\n'
        expected = expected.replace(head, head + '"PO-Revision-Date: DATE\\n"\n')
    date = r"\d{4}-\d\d-\d\d \d\d:\d\d[+-]\d{4}"
    assert re.sub(f"PO-Revision-Date: {date}", "PO-Revision-Date: DATE", after) == expected
    po = catalog.loads(after, "x.po")
    done = find(po, TARGET)
    assert done.msgstr == text and not done.fuzzy


def test_a_catalog_changed_on_disk_is_refused_and_left_as_it_is(seed) -> None:
    path = seed / PO
    repo = Repository.open(seed, REVIEWER)
    loaded = repo.article(SLUG, "zh").catalog_hash
    edit_catalog(
        seed, SLUG, lambda po: setattr(find(po, EMPTY), "msgstr", "疼痛强度与痛经严重程度正相关")
    )
    theirs = path.read_bytes()
    with pytest.raises(Conflict, match="changed on disk") as refused:
        repo.save(SLUG, "zh", find_msgid(repo, TARGET), "approve", "我的译文", loaded)
    assert path.read_bytes() == theirs
    assert refused.value.digest == digest(theirs)
    assert refused.value.current.state == FUZZY


def find_msgid(repo: Repository, start: str) -> str:
    return next(m for m in repo.article(SLUG, "zh").entries if m.startswith(start))


def test_reject_empties_and_check_agrees(seed) -> None:
    repo = Repository.open(seed, REVIEWER)
    art = repo.article(SLUG, "zh")
    msgid = find_msgid(repo, FLAGGED)
    repo.save(SLUG, "zh", msgid, "reject", "", art.catalog_hash)
    repo.merge(SLUG)
    assert repo.article(SLUG, "zh").entries[msgid].state == UNTRANSLATED
    report = check_json(seed)["articles"][0]
    assert (report["fuzzy"], report["untranslated"], report["stale"]) == (2, 2, False)
    assert not [p for p in report["problems"] if p["severity"] == "error"]
    _assert_same_numbers(seed)
    assert repo.article(SLUG, "zh").entries[find_msgid(repo, TARGET)].state != REVIEWED


@pytest.mark.skipif(shutil.which("msgcat") is None, reason="GNU gettext (msgcat) is absent")
def test_a_catalog_rewrapped_by_another_tool_keeps_its_layout(seed) -> None:
    path = seed / PO
    subprocess.run(["msgcat", "-w", "50", str(path), "-o", str(path)], check=True)
    before = path.read_text("utf-8")
    repo = Repository.open(seed, REVIEWER)
    msgid = find_msgid(repo, CHANGED)
    repo.save(
        SLUG, "zh", msgid, "approve", "**主韧带**：子宫的主要支撑结构", digest(before.encode())
    )
    after = path.read_text("utf-8")
    old, new = before.split("\n\n"), after.split("\n\n")
    changed = [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
    assert changed[0] == 0 and len(changed) == 2  # the header and that one entry
    assert "#| msgid" not in new[changed[1]] and "主要支撑结构" in new[changed[1]]


def test_a_title_with_its_own_context_is_its_own_unit_in_the_app(seed) -> None:
    """The seed's title repeats its H1: two units (keys), each saved to its own entry, and
    the page shows each translation in its place."""
    repo = Repository.open(seed, REVIEWER)
    art = repo.article(SLUG, "zh")
    title = next(r for r in art.front if r.key == "title")
    assert title.msgid == "front matter: title\x04" + title.english
    assert title.msgid in art.entries and title.english in art.entries
    repo.save(SLUG, "zh", title.msgid, "approve", "痛经与腰痛：5个事实", art.catalog_hash)
    po = catalog.loads((seed / PO).read_text("utf-8"), PO)
    assert po.find(title.english, "front matter: title").msgstr == "痛经与腰痛：5个事实"
    assert po.find(title.english).msgstr == "痛经会引起腰痛吗？5个令人意外的事实"
    assert cli_run(seed, "merge").exit_code == 0
    zh = (seed / "content/zh" / f"{SLUG}.md").read_text("utf-8")
    assert 'title: "痛经与腰痛：5个事实"' in zh and "# 痛经会引起腰痛吗？5个令人意外的事实" in zh
    again = repo.article(SLUG, "zh")
    assert next(r for r in again.front if r.key == "title").translation == "痛经与腰痛：5个事实"
