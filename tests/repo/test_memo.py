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
    (site / ".pipeline-cache/memo.json").unlink()  # the next run looks at every article
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
