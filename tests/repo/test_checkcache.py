"""check's kept verdicts (.pipeline-cache/check): the same findings as a plain run, less work."""

from __future__ import annotations

import json
import os
from pathlib import Path

import polib
from conftest import CORPUS, copy_corpus, needs_corpus, write

from pipeline import qa
from pipeline.config import load
from pipeline.repo import check
from pipeline.repo.workspace import Workspace

SLUG = "menstrual-pain-back-pain-connection"


def verdicts(root, cache: bool, counted: list | None = None) -> tuple[list[dict], Workspace]:
    ws = Workspace(load(root))
    found = check.check_all(ws, ws.layout.slugs(), orphans=True, cache=cache)
    return [r.state() for r in found], ws


def counting(monkeypatch) -> list:
    """Every entry the QA registry checks, from now on."""
    calls: list = []
    real = qa.run_checks

    def run_checks(subject, *args):
        calls.append(subject.msgid)
        return real(subject, *args)

    monkeypatch.setattr(qa, "run_checks", run_checks)
    return calls


def edit_msgstr(root, slug: str, index: int, change) -> str:
    path = root / "locale/zh" / f"{slug}.po"
    po = polib.pofile(str(path), wrapwidth=0)
    entry = [e for e in po if e.msgstr and not e.obsolete][index]
    entry.msgstr = change(entry.msgstr)
    po.save()
    return entry.msgid


def test_a_second_run_reads_its_verdicts_and_parses_nothing(site, monkeypatch) -> None:
    plain, _ = verdicts(site, cache=False)
    first, _ = verdicts(site, cache=True)
    calls = counting(monkeypatch)
    second, ws = verdicts(site, cache=True)
    assert plain == first == second
    assert not calls and ws.parses["article"] == 0 and ws.parses["catalog"] == 0
    assert (site / ".pipeline-cache/check" / f"{SLUG}.json").is_file()


def test_an_edited_entry_is_the_only_one_checked_again(site, monkeypatch) -> None:
    before, _ = verdicts(site, cache=True)
    msgid = edit_msgstr(site, SLUG, 3, lambda s: s + " [x](https://example.com)")
    calls = counting(monkeypatch)
    kept, _ = verdicts(site, cache=True)
    assert calls == [msgid]
    plain, _ = verdicts(site, cache=False)
    assert kept == plain and kept != before


def test_settings_glossary_and_code_are_part_of_the_key(site, monkeypatch) -> None:
    verdicts(site, cache=True)
    write(site / "locale/zh/glossary.csv", "term,translation,note\nNSAIDs,NSAIDs,\n")
    kept, _ = verdicts(site, cache=True)
    assert kept == verdicts(site, cache=False)[0]
    calls = counting(monkeypatch)
    ws = Workspace(load(site))
    check.check_all(ws, ws.layout.slugs(), min_coverage=100.0, cache=True)
    assert not calls  # other settings: verdicts again, entry findings still good
    assert ws.parses["article"] > 0
    monkeypatch.setattr("pipeline.repo.stamps.code_content", lambda: "another version")
    verdicts(site, cache=True)
    assert calls  # another version of the code: everything checked again


def test_a_damaged_or_foreign_cache_file_is_ignored(site) -> None:
    plain, _ = verdicts(site, cache=True)
    path = site / ".pipeline-cache/check" / f"{SLUG}.json"
    path.write_text("{not json", "utf-8")
    assert verdicts(site, cache=True)[0] == plain
    data = json.loads(path.read_text("utf-8"))
    data["salt"] = "someone else"
    data["article"]["results"][0]["problems"] = [["numbers", "error", "forged", "x.po", 1]]
    path.write_text(json.dumps(data), "utf-8")
    assert verdicts(site, cache=True)[0] == plain


def test_the_files_of_removed_articles_are_pruned(site) -> None:
    verdicts(site, cache=True)
    gone = site / ".pipeline-cache/check" / "gone" / "article.json"
    write(gone, "{}")
    ws = Workspace(load(site))
    check.check_all(ws, [], cache=True)  # a partial run prunes nothing
    assert gone.exists()
    verdicts(site, cache=True)
    assert not gone.exists()
    assert (site / ".pipeline-cache/check" / f"{SLUG}.json").is_file()


def test_the_cli_keeps_verdicts_unless_told_not_to(site, run) -> None:
    first = run(site, "check", "--format", "json", "--no-cache")
    assert not (site / ".pipeline-cache/check").exists()
    second = run(site, "check", "--format", "json")
    third = run(site, "check", "--format", "json")
    assert first.stdout == second.stdout == third.stdout
    assert (site / ".pipeline-cache/check" / f"{SLUG}.json").is_file()


@needs_corpus
def test_kept_verdicts_equal_a_plain_check_on_the_corpus(tmp_path, run, monkeypatch) -> None:
    """Acceptance: on the imported live site, the cached path (cold, warm, and after an
    edit that changes one catalog and so every article's consistency key) gives the same
    problems per article as the plain path, which is the same code without the cache."""
    copy_corpus(tmp_path)
    assert run(tmp_path, "import", "--from", str(CORPUS / "zh")).exit_code == 0
    assert run(tmp_path, "sync", "--engine", "memory").exit_code in (0, 1)
    plain, _ = verdicts(tmp_path, cache=False)
    assert sum(len(r["problems"]) for r in plain) > 100
    cold, _ = verdicts(tmp_path, cache=True)
    calls = counting(monkeypatch)
    warm, ws = verdicts(tmp_path, cache=True)
    assert cold == plain and warm == plain
    assert not calls and ws.parses["article"] == 0
    slug = sorted(p.stem for p in (tmp_path / "locale/zh").glob("*.po"))[5]
    edit_msgstr(tmp_path, slug, 10, lambda s: s.replace("，", ",", 1) + "**")
    edited, _ = verdicts(tmp_path, cache=True)
    assert len(calls) == 1  # one article out of date: too few for workers
    assert edited == verdicts(tmp_path, cache=False)[0]


def test_workers_give_the_same_verdicts(site, monkeypatch) -> None:
    """Articles whose kept verdicts are out of date go to forked workers on a large run."""
    plain, _ = verdicts(site, cache=False)
    monkeypatch.setattr("pipeline.repo.runs.PARALLEL_MIN", 1)
    monkeypatch.setattr("pipeline.repo.check.os.cpu_count", lambda: 2)
    sent: list = []
    real = check._in_workers
    monkeypatch.setattr(check, "_in_workers", lambda *a: sent.append(real(*a)) or sent[-1])
    with_workers, _ = verdicts(site, cache=True)
    assert with_workers == plain and list(sent[0]) == [SLUG]
    assert (site / ".pipeline-cache/check" / f"{SLUG}.json").is_file()
    edit_msgstr(site, SLUG, 2, lambda s: s + "<b>")
    assert verdicts(site, cache=True)[0] == verdicts(site, cache=False)[0]


def test_the_code_part_of_the_key_is_the_same_on_a_fresh_install(tmp_path) -> None:
    """A cache restored in CI meets a fresh install, every file new: the same code, by
    content, is the same key; one byte of code changed is another."""
    import shutil

    from pipeline.repo import stamps

    package = Path(stamps.__file__).resolve().parents[1]
    copy = tmp_path / "pipeline"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    for path in copy.rglob("*.py"):
        os.utime(path, (1_000_000, 1_000_000))
    assert stamps.code_content(str(copy)) == stamps.code_content(str(package))
    edited = tmp_path / "edited" / "pipeline"
    shutil.copytree(copy, edited)
    (edited / "gate.py").write_text((edited / "gate.py").read_text("utf-8") + "\n", "utf-8")
    assert stamps.code_content(str(edited)) != stamps.code_content(str(package))
