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
