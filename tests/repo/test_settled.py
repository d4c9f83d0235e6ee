"""A second ``sync`` over a settled site answers from the settled record (repo.settled):
the same lines and exit code as an ordinary run, and an ordinary run whenever anything
it depended on changed."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.cli import commands
from pipeline.repo import sealed, settled, stamps

RECORD = ".pipeline-cache/settled.marshal"


def age(root: Path, seconds: float = 60) -> None:
    """Every file and folder of the site last changed ``seconds`` ago, as on a site the
    editor synced a while ago (a stamp as new as the run proves nothing: ``stamps.racy``)."""
    when = time.time() - seconds
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            os.utime(os.path.join(folder, name), (when, when))
    os.utime(root, (when, when))


def sync(root: Path, capsys, *args: str) -> tuple[int, str, str]:
    """``pipeline --root ROOT sync ARGS`` as the script runs it (the settled record first)."""
    argv = ["--root", str(root), "sync", *args]
    code = 0
    if not settled.replay(argv):
        try:
            commands.main(argv, time.time_ns())
        except SystemExit as exc:
            code = exc.code or 0
    out = capsys.readouterr()
    return code, out.out, out.err


def replayed(root: Path, capsys, *args: str) -> str | None:
    """What the settled record prints for this ``sync``, None when it does not answer."""
    answered = settled.replay(["--root", str(root), "sync", *args])
    out = capsys.readouterr()
    return out.out + out.err if answered else None


def settle(repo: Path, capsys, article: str) -> tuple[int, str, str]:
    """One English article synced, left alone a minute, synced again: that run's answer."""
    (repo / "content/en/heat.md").write_text(article, "utf-8")
    sync(repo, capsys)
    age(repo)
    return sync(repo, capsys)


@pytest.fixture
def settled_site(site: Path, capsys) -> Path:
    """The repository's own site, synced, then left alone for a minute."""
    assert sync(site, capsys)[0] == 0
    age(site)
    return site


def test_a_settled_sync_answers_as_the_ordinary_run_did(settled_site, capsys) -> None:
    code, out, err = sync(settled_site, capsys)
    assert code == 0 and "unchanged" in out
    assert (settled_site / RECORD).is_file()
    assert replayed(settled_site, capsys) == out + err
    assert sync(settled_site, capsys) == (0, out, err)
    (settled_site / RECORD).unlink()  # the ordinary run again: the same answer
    assert sync(settled_site, capsys) == (0, out, err)


def test_a_run_that_wrote_or_whose_files_are_new_leaves_no_record(site, capsys) -> None:
    assert sync(site, capsys)[0] == 0  # first sync: writes
    assert not (site / RECORD).exists()
    assert sync(site, capsys)[0] == 0  # nothing written, but the files are seconds old
    assert replayed(site, capsys) is None
    age(site)
    assert sync(site, capsys)[0] == 0
    assert replayed(site, capsys) is not None


def _translator_edits(site: Path) -> None:
    po = next((site / "locale/zh").glob("*.po"))
    text = po.read_text("utf-8")
    where = text.index('msgstr "', text.index('msgstr ""') + 1)  # the first after the header
    po.write_text(text[:where] + 'msgstr "〔编辑〕' + text[where + 8 :], "utf-8")


def _new_article(site: Path) -> None:
    (site / "content/en/new-one.md").write_text("---\ntitle: New\n---\n\nHello.\n", "utf-8")


def _new_folder(site: Path) -> None:
    (site / "content/en/guides").mkdir()
    (site / "content/en/guides/first.md").write_text("---\ntitle: G\n---\n\nHi.\n", "utf-8")


def _settings(site: Path) -> None:
    with (site / "pyproject.toml").open("a", encoding="utf-8") as fh:
        fh.write("\n")


def _own_settings_file(site: Path) -> None:
    (site / "pipeline.toml").write_text("min_coverage = 0\n", "utf-8")


def _localized_removed(site: Path) -> None:
    next((site / "content/zh").glob("*.md")).unlink()


def _glossary(site: Path) -> None:
    path = site / "locale/zh/glossary.csv"
    text = path.read_text("utf-8") if path.exists() else "term,translation,note\n"
    path.write_text(text + "ovulation,排卵,\n", "utf-8")


@pytest.mark.parametrize(
    "change",
    [
        _translator_edits,
        _new_article,
        _new_folder,
        _settings,
        _own_settings_file,
        _localized_removed,
        _glossary,
    ],
)
def test_any_change_to_what_sync_reads_is_an_ordinary_run(settled_site, capsys, change) -> None:
    code, out, err = sync(settled_site, capsys)
    assert replayed(settled_site, capsys) == out + err
    change(settled_site)
    assert replayed(settled_site, capsys) is None
    assert sync(settled_site, capsys)[0] in (0, 1)  # looked at again (a new article may fail)


def test_the_edit_is_merged_not_answered_from_the_record(settled_site, capsys) -> None:
    sync(settled_site, capsys)
    _translator_edits(settled_site)
    code, out, _ = sync(settled_site, capsys)
    assert code == 0
    assert any("〔编辑〕" in p.read_text("utf-8") for p in (settled_site / "content/zh").glob("*"))
    assert "written" in out


def test_another_question_is_an_ordinary_run(settled_site, capsys, monkeypatch) -> None:
    sync(settled_site, capsys)
    assert replayed(settled_site, capsys) is not None
    assert replayed(settled_site, capsys, "--engine", "memory") is None
    assert settled.replay(["--root", str(settled_site), "-v", "sync"]) is False
    assert settled.replay(["--root", str(settled_site), "status"]) is False
    monkeypatch.setenv("DEEPL_AUTH_KEY", "a-key-in-one-word:fx")
    assert replayed(settled_site, capsys) is None  # another engine chain
    monkeypatch.delenv("DEEPL_AUTH_KEY")
    monkeypatch.chdir(settled_site)  # --root is read from another folder
    assert replayed(settled_site, capsys) is None


def test_an_engine_setting_is_read_by_the_ordinary_run_only(settled_site, capsys, monkeypatch):
    """A DeepL key or server is checked on every run (a bad one is an error even with
    nothing to draft): while one is set nothing is answered from the record, and no
    record is left that could hold any form of it."""
    code, out, err = sync(settled_site, capsys)
    assert replayed(settled_site, capsys) == out + err
    secret = "f63c02c5-f056-4a1b-9a7c-secret:fx"
    monkeypatch.setenv("DEEPL_AUTH_KEY", secret)
    monkeypatch.setenv("DEEPL_SERVER_URL", "not a url")
    assert replayed(settled_site, capsys) is None
    assert sync(settled_site, capsys)[0] == 2
    monkeypatch.setenv("DEEPL_SERVER_URL", "http://127.0.0.1:9")  # never reached: nothing to draft
    (settled_site / RECORD).unlink()
    assert sync(settled_site, capsys)[0] == 0
    assert not (settled_site / RECORD).exists()
    found = [p for p in settled_site.rglob("*") if p.is_file()]
    assert all(secret[:8].encode() not in p.read_bytes() for p in found)


def _delete_localized(site: Path) -> None:
    next((site / "content/zh").glob("*.md")).unlink()


def _put_back_an_older_catalog(site: Path) -> None:
    po = next((site / "locale/zh").glob("*.po"))
    older = po.with_suffix(".old")
    older.write_bytes(po.read_bytes().replace(b'msgstr "', b'msgstr "~', 3))
    os.utime(older, (1_000_000, 1_000_000))
    os.replace(older, po)  # `mv`, `tar x`, `git stash pop`: an old time on a new file


@pytest.mark.parametrize("meanwhile", [_delete_localized, _put_back_an_older_catalog])
def test_a_file_changed_while_the_run_works_leaves_no_record(
    settled_site, capsys, monkeypatch, meanwhile
) -> None:
    from pipeline.repo import runs

    real = runs.sync

    def sync_then_someone_changes_a_file(*args, **kwargs):
        result = real(*args, **kwargs)
        meanwhile(settled_site)
        return result

    monkeypatch.setattr(runs, "sync", sync_then_someone_changes_a_file)
    assert sync(settled_site, capsys)[0] == 0
    monkeypatch.undo()
    assert replayed(settled_site, capsys) is None
    code, out, _ = sync(settled_site, capsys)
    assert code == 0 and "written" in out


def test_an_article_below_min_coverage_settles_too(repo, capsys) -> None:
    """Not written below ``min_coverage``: until its catalog changes, a second ``sync``
    says so again without looking."""
    code, out, err = settle(repo, capsys, "---\ntitle: Heat\n---\n\nA warm pad helps.\n")
    assert code == 0 and "skipped" in out
    assert replayed(repo, capsys) == out + err
    (repo / RECORD).unlink()
    assert sync(repo, capsys) == (code, out, err)  # the memo answers it the same way


def test_an_edit_that_keeps_size_and_modification_time_is_seen(settled_site, capsys) -> None:
    """``cp -p``, ``touch -r``, ``rsync -t``: the change time moves whatever a tool does."""
    code, out, err = sync(settled_site, capsys)
    assert replayed(settled_site, capsys) == out + err
    po = next((settled_site / "locale/zh").glob("*.po"))
    before = po.stat()
    data = po.read_bytes()
    where = data.index(b'msgstr "', data.index(b'msgstr ""') + 1) + len(b'msgstr "')
    assert len(data[where : where + 3].decode("utf-8")) == 1  # one Chinese character
    po.write_bytes(data[:where] + b"XYZ" + data[where + 3 :])  # the same size, in place
    os.utime(po, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert replayed(settled_site, capsys) is None


def test_a_line_the_stream_cannot_encode_is_left_to_the_ordinary_run(
    settled_site, capsys, monkeypatch
) -> None:
    sync(settled_site, capsys)
    data = sealed.unseal((settled_site / RECORD).read_bytes())
    data["out"].append([0, "unchanged content/zh/é.md"])
    (settled_site / RECORD).write_bytes(sealed.seal(data))
    ascii_out = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    monkeypatch.setattr(sys, "stdout", ascii_out)
    data["ask"]["streams"][0] = [False, "ascii"]  # the record of a run asked that way
    (settled_site / RECORD).write_bytes(sealed.seal(data))
    assert settled.replay(["--root", str(settled_site), "sync"]) is False
    assert ascii_out.buffer.getvalue() == b""


def test_a_reader_that_stops_early_gets_no_traceback(settled_site) -> None:
    script = "import sys; from pipeline.cli import main; sys.argv[0] = 'pipeline'; main()"
    argv = [sys.executable, "-c", script, "--root", str(settled_site), "sync"]
    subprocess.run(argv, capture_output=True, check=True)  # leaves the record
    assert (settled_site / RECORD).is_file()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # `pipeline sync | head -0`
    err = proc.stderr.read().decode()
    assert proc.wait() == 1
    assert "Traceback" not in err


def test_a_damaged_record_is_an_ordinary_run(settled_site, capsys) -> None:
    sync(settled_site, capsys)
    good = (settled_site / RECORD).read_bytes()
    for damaged in (b"{not a record", good[: len(good) // 2], b"", sealed.seal([1, 2])):
        (settled_site / RECORD).write_bytes(damaged)
        assert replayed(settled_site, capsys) is None
    assert sync(settled_site, capsys)[0] == 0


@pytest.mark.parametrize(
    ("argv", "root"),
    [
        (["sync"], "."),
        (["--root", "site", "sync", "a"], "site"),
        (["--root=site", "-q", "sync"], "site"),
        (["-v", "--root", "x", "sync", "--engine", "memory"], "x"),
        (["check"], None),
        (["--root", "site"], None),
        (["--version", "sync"], None),
        (["-qv", "sync"], None),
    ],
)
def test_only_a_sync_command_line_is_looked_up(argv, root) -> None:
    assert settled.root_of(argv) == root


def test_the_script_answers_a_settled_site_without_the_command_line(settled_site) -> None:
    """The script itself: a second ``sync`` prints the same and imports neither click nor
    the core (what made a no-op slow)."""
    probe = (
        "import atexit, sys; sys.argv = ['pipeline', '--root', sys.argv[1], 'sync']\n"
        "from pipeline.cli import main\n"
        "def imported():\n"  # an exit function: run however the script leaves
        "    found = [m for m in ('click', 'pipeline.repo.workspace') if m in sys.modules]\n"
        "    print('imported:', found, file=sys.stderr)\n"
        "atexit.register(imported)\n"
        "main()\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", probe, str(settled_site)], capture_output=True, text=True
        )
        for _ in range(2)
    ]
    assert [r.returncode for r in runs] == [0, 0]
    assert runs[0].stdout == runs[1].stdout and "unchanged" in runs[1].stdout
    assert "imported: ['click'" in runs[0].stderr  # the ordinary run left the record
    assert "imported: []" in runs[1].stderr


def test_entries_no_local_engine_can_draft_still_settle(repo, capsys) -> None:
    """Without a machine engine, what the memory and the glossary cannot draft they cannot
    draft next time either: such a site's second ``sync`` is answered too."""
    (repo / "pipeline.toml").write_text("min_coverage = 0\n", "utf-8")
    article = "---\ntitle: Heat\n---\n\nA warm pad helps.\n\nRest when you can.\n"
    code, out, err = settle(repo, capsys, article)
    assert code == 0 and "need a translator 3" in out
    assert replayed(repo, capsys) == out + err


def test_entries_left_for_a_machine_engine_are_tried_again() -> None:
    from pipeline.drafting import chain
    from pipeline.repo.runs import Report
    from pipeline.repo.translate import TranslateResult

    local = TranslateResult("zh", ["memory", "glossary"], chain.Summary(), unsettled={"a"})
    machine = TranslateResult("zh", ["memory", "glossary", "deepl"], unsettled={"a"})
    assert commands._changed_nothing(Report(), [local])
    assert not commands._changed_nothing(Report(), [machine])
    assert commands._changed_nothing(Report(), [TranslateResult("zh", ["deepl"])])


def _three_articles(repo: Path, capsys) -> list[str]:
    """Three articles, every entry translated and reviewed, synced and left a minute: the
    last run left the settled record."""
    import polib

    (repo / "pipeline.toml").write_text("min_coverage = 0\n", "utf-8")
    slugs = ["cramps", "heat", "sleep"]
    for slug in slugs:
        (repo / f"content/en/{slug}.md").write_text(
            f"---\ntitle: {slug.title()}\n---\n\nA note on {slug}.\n\nRest when you can.\n", "utf-8"
        )
    assert sync(repo, capsys)[0] == 0
    for slug in slugs:
        po = polib.pofile(str(repo / f"locale/zh/{slug}.po"), wrapwidth=0)
        for entry in po:
            entry.msgstr = f"〔{entry.msgid}〕"
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        po.save()
    assert sync(repo, capsys)[0] == 0
    age(repo)
    assert sync(repo, capsys)[0] == 0
    assert replayed(repo, capsys) is not None
    return slugs


def _edit_english(repo: Path, slug: str) -> None:
    path = repo / f"content/en/{slug}.md"
    path.write_text(path.read_text("utf-8").replace("Rest when", "Sleep when"), "utf-8")


def test_after_an_edit_the_record_tells_which_articles_are_settled(repo, capsys) -> None:
    """One English article edited after a settled sync: the stamps the record takes tell
    the untouched articles, the same the memo finds settled by digesting their files (the
    run that follows skips them without listing or digesting their files)."""
    from pipeline import config
    from pipeline.repo import memo, runs
    from pipeline.repo.workspace import Workspace

    slugs = _three_articles(repo, capsys)
    _edit_english(repo, "heat")
    argv = ["--root", str(repo), "sync"]
    assert settled.replay(argv) is False
    known = settled.taken(argv)
    assert known.settled == {"cramps", "sleep"}
    ws = Workspace(config.load(repo))
    kept = memo.open_for(ws.layout, ws.cfg)
    assert known.salt == kept.salt == runs.memo_salt(ws)
    files = {s: runs._sync_files(ws, s) for s in slugs}
    fresh = {s for s in slugs if kept.fresh(f"sync auto None {s}", files[s]) is not None}
    assert fresh == known.settled
    stamped = known.stamps()  # the stamps taken, as the memo takes them
    assert stamped and all(stamped[p] == kept.stamp(p) for p in stamped)
    assert settled.taken(argv).settled == frozenset()  # given once


def test_a_changed_frame_tells_no_article_settled(repo, capsys) -> None:
    _three_articles(repo, capsys)
    _edit_english(repo, "heat")
    with (repo / "pipeline.toml").open("a", encoding="utf-8") as fh:
        fh.write("# a comment\n")
    argv = ["--root", str(repo), "sync"]
    assert settled.replay(argv) is False
    assert settled.taken(argv).settled == frozenset()


def test_an_edit_after_a_settled_sync_says_and_writes_what_a_full_run_does(
    tmp_path, capsys
) -> None:
    """The same edit on two copies of a settled site, one without its settled record
    (every article looked at again): the same lines, the same files, the same exit."""
    import shutil

    first = tmp_path / "with-record"
    (first / "content/en").mkdir(parents=True)
    _three_articles(first, capsys)
    second = tmp_path / "without"
    shutil.copytree(first, second)
    (second / RECORD).unlink()
    answers = []
    for root in (first, second):
        _edit_english(root, "sleep")
        for argv in (["--root", str(root), "sync"], ["--root", str(root), "-v", "sync"]):
            code = 0  # the edit, as the record's question; then every file listed
            if not settled.replay(argv):
                try:
                    commands.main(argv, time.time_ns())
                except SystemExit as exc:
                    code = exc.code or 0
            out, err = capsys.readouterr()
            answers.append((code, out.replace(str(root), "ROOT"), err.replace(str(root), "ROOT")))
    assert answers[:2] == answers[2:]
    assert "6 unchanged, 3 written" in answers[0][1]
    assert "unchanged content/zh/cramps.md" in answers[1][1]

    def files(root: Path) -> dict[str, bytes]:
        return {
            str(p.relative_to(root)): p.read_bytes()
            for p in sorted(root.rglob("*"))
            if p.is_file() and ".pipeline-cache" not in p.parts
        }

    assert files(first) == files(second)


def test_a_file_made_where_one_was_missing_is_seen(settled_site, capsys) -> None:
    """Missing files are not looked at again while their folder is as it was: a file made
    there (even with the folder's modification time put back) is an ordinary run."""
    code, out, err = sync(settled_site, capsys)
    data = sealed.unseal((settled_site / RECORD).read_bytes())
    assert data["absent"], "the site has missing addenda files"
    folder, _, at = data["absent"][0]
    made = Path(data["paths"][at[0]])
    assert Path(folder) == made.parent and not made.exists()
    assert replayed(settled_site, capsys) == out + err
    st = os.stat(folder)
    made.write_text("", "utf-8")
    os.utime(folder, ns=(st.st_atime_ns, st.st_mtime_ns))  # the folder's time put back
    assert replayed(settled_site, capsys) is None


@pytest.mark.parametrize("where", [[0], [63, 64], [5, 130, 199], []])
def test_the_changed_stamps_are_found_across_blocks(where) -> None:
    size = stamps.PACKED
    was = b"".join(i.to_bytes(size, "little") for i in range(200))
    now = bytearray(was)
    for i in where:
        now[i * size] ^= 0xFF
    assert settled._changed(was, bytes(now), 0) == set(where)
    assert settled._changed(was, bytes(now), 64) == {i for i in where if i >= 64}


def test_a_changed_folder_is_listed_for_its_missing_files(settled_site, capsys) -> None:
    """A folder whose stamp changed (an edit wrote a catalog there) is listed once: its
    missing files stay missing without a look each, and a file made there is seen."""
    code, out, err = sync(settled_site, capsys)
    data = sealed.unseal((settled_site / RECORD).read_bytes())
    folder, _, at = data["absent"][0]
    other = Path(folder) / "unrelated.txt"
    other.write_text("", "utf-8")  # the folder's stamp changes; its missing files do not
    assert replayed(settled_site, capsys) == out + err
    assert settled._still_missing(data["absent"], data["paths"]) >= set(at)
    made = Path(data["paths"][at[0]])
    made.write_text("", "utf-8")
    assert at[0] not in settled._still_missing(data["absent"], data["paths"])
    assert replayed(settled_site, capsys) is None


def test_a_name_another_file_system_could_match_is_looked_at(tmp_path) -> None:
    """Only a plain ASCII name absent from the listing, compared case-folded, is taken as
    missing: a case-insensitive or normalizing file system might find the others."""
    (tmp_path / "Cramps.addenda.md").write_text("", "utf-8")
    paths = [str(tmp_path / n) for n in ("cramps.addenda.md", "sleep.addenda.md", "é.addenda.md")]
    absent = [[str(tmp_path), b"changed", [0, 1, 2]]]
    assert settled._still_missing(absent, paths) == {1}
