"""The memo (repo.memo) never remembers a file as done when it changed while the run
worked: the next run looks at it again."""

from __future__ import annotations

from pathlib import Path

from pipeline import plan


def _edit_first_translation(po: Path) -> str:
    text = po.read_text("utf-8")
    where = text.index('msgstr "', text.index('msgstr ""') + 1) + len('msgstr "')
    po.write_text(text[:where] + "〔译者〕" + text[where:], "utf-8")
    return "〔译者〕"


def test_a_catalog_saved_while_sync_runs_is_merged_by_the_next_sync(site, run, monkeypatch) -> None:
    assert run(site, "sync").exit_code == 0
    (site / ".pipeline-cache/memo.marshal").unlink()  # the next run looks at every article
    po = sorted((site / "locale/zh").glob("*.po"))[0]
    article = site / "content/zh" / f"{po.stem}.md"
    real, saved = plan.articles, []

    def translator_saves_meanwhile(*args, **kwargs):
        result = real(*args, **kwargs)  # the run has read the catalog
        if not saved:
            saved.append(_edit_first_translation(po))
        return result

    monkeypatch.setattr(plan, "articles", translator_saves_meanwhile)
    assert run(site, "sync").exit_code == 0
    assert saved and saved[0] not in article.read_text("utf-8")
    monkeypatch.undo()
    assert run(site, "sync").exit_code == 0
    assert saved[0] in article.read_text("utf-8")
    assert saved[0] in po.read_text("utf-8")


def test_the_memo_reads_back_what_it_wrote_and_writes_the_same_bytes_again(tmp_path) -> None:
    from pipeline.repo import memo as memo_mod

    path = tmp_path / "memo.marshal"
    files = [str(tmp_path / "a.md"), str(tmp_path / "missing.po")]
    (tmp_path / "a.md").write_text("x", "utf-8")
    memo = memo_mod.Memo(path, "salt")
    assert memo.record("extract a", files, {"said": ["unchanged", {"skipped": "below"}]})
    memo.save()
    again = memo_mod.Memo(path, "salt")
    assert again.entries == memo.entries
    assert again.fresh("extract a", files) == {"said": ["unchanged", {"skipped": "below"}]}
    first = path.read_bytes()
    again.changed = True
    again.save()
    assert path.read_bytes() == first
    assert memo_mod.Memo(path, "other salt").fresh("extract a", files) is None
    (tmp_path / "a.md").write_text("xy", "utf-8")
    assert memo_mod.Memo(path, "salt").fresh("extract a", files) is None


def test_a_damaged_or_foreign_memo_file_is_no_memo(tmp_path) -> None:
    import json
    import marshal

    from pipeline.repo import memo as memo_mod
    from pipeline.repo import sealed

    path = tmp_path / "memo.marshal"
    good = memo_mod._dumps({"extract a": ["d", {}]})
    for data in (
        good[: len(good) // 2],  # truncated
        b"{not a memo",
        json.dumps({"extract a": ["d", {}]}).encode(),  # an older release's JSON
        sealed.seal((memo_mod.FORMAT + 1, {"extract a": ["d", {}]})),
        sealed.seal(["extract a", "d"]),
        marshal.dumps((memo_mod.FORMAT, {"extract a": ["d", {}]})),  # not sealed
        b"",
    ):
        path.write_bytes(data)
        assert memo_mod.Memo(path, "salt").entries == {}, data[:20]
    path.write_bytes(sealed.seal((memo_mod.FORMAT, {"a": ["d", {}], "b": "x", 3: ["d", {}]})))
    memo = memo_mod.Memo(path, "salt")
    assert memo.note("a") == {} and memo.note("b") is None and memo.fresh("b", []) is None
    memo.changed = True
    memo.save()  # the entry whose key is not text is dropped, the others kept
    assert memo_mod.Memo(path, "salt").entries == {"a": ["d", {}], "b": "x"}


def _memo_with(tmp_path: Path, n: int):
    """A memo file of ``n`` recorded articles, written whole."""
    from pipeline.repo import memo as memo_mod

    (tmp_path / "a.md").write_text("x", "utf-8")
    memo = memo_mod.Memo(tmp_path / "memo.marshal", "salt")
    for i in range(n):
        memo.record(f"extract s{i}", [str(tmp_path / "a.md")], {"n": i})
    memo.save()
    return memo_mod, tmp_path / "memo.marshal", tmp_path / memo_mod.JOURNAL


def test_a_few_changed_entries_are_appended_not_the_memo_written_again(tmp_path) -> None:
    memo_mod, path, journal = _memo_with(tmp_path, 50)
    whole = path.read_bytes()
    assert not journal.exists()
    memo = memo_mod.Memo(path, "salt")
    memo.put("extract s3", "d", {"n": "changed"})
    memo.put("extract new", "d", {})
    memo.save()
    assert path.read_bytes() == whole and journal.exists()
    again = memo_mod.Memo(path, "salt")
    assert again.entries == memo.entries
    assert again.note("extract s3") == {"n": "changed"} and again.note("extract new") == {}
    again.put("extract s3", "d", {"n": "twice"})  # later frames win
    again.save()
    assert memo_mod.Memo(path, "salt").note("extract s3") == {"n": "twice"}


def test_a_full_journal_is_folded_into_the_memo(tmp_path, monkeypatch) -> None:
    memo_mod, path, journal = _memo_with(tmp_path, 5)
    monkeypatch.setattr(memo_mod, "JOURNAL_MIN", 400)
    written, appended = {path.read_bytes()}, 0
    for i in range(10):
        memo = memo_mod.Memo(path, "salt")
        memo.put(f"extract t{i}", "d", {"i": i})
        memo.save()
        written.add(path.read_bytes())
        appended += journal.exists()
        assert not journal.exists() or journal.stat().st_size <= 400
    assert len(written) > 1 and appended > 1  # folded at least once, appended meanwhile
    final = memo_mod.Memo(path, "salt")
    assert all(final.note(f"extract t{i}") == {"i": i} for i in range(10))
    fresh = tmp_path / "fresh" / "memo.marshal"
    fresh.parent.mkdir()
    whole = memo_mod.Memo(fresh, "salt")
    whole.entries, whole.changed = dict(final.entries), True
    whole.save()  # written whole: the same bytes as any memo of the same entries
    journal.unlink(missing_ok=True)
    folded = memo_mod.Memo(path, "salt")
    folded.changed = True
    folded.save()
    assert path.read_bytes() == fresh.read_bytes()


def test_a_damaged_or_stale_journal_frame_ends_or_is_skipped(tmp_path) -> None:
    from pipeline.repo import sealed

    memo_mod, path, journal = _memo_with(tmp_path, 5)
    memo = memo_mod.Memo(path, "salt")
    memo.put("extract kept", "d", {})
    memo.save()
    good = journal.read_bytes()
    stale = sealed.seal((memo_mod.FORMAT, b"another memo", {"extract stale": ["d", {}]}))
    journal.write_bytes(good + len(stale).to_bytes(4, "big") + stale)
    read = memo_mod.Memo(path, "salt")
    assert read.note("extract kept") == {} and read.note("extract stale") is None
    journal.write_bytes(good + good[:-3])  # a write cut short
    read = memo_mod.Memo(path, "salt")
    assert read.note("extract kept") == {}
    read.put("extract after", "d", {})
    read.save()  # a damaged journal: the memo is written whole, the journal removed
    assert not journal.exists()
    assert memo_mod.Memo(path, "salt").note("extract after") == {}
    assert memo_mod.Memo(path, "salt").note("extract kept") == {}
