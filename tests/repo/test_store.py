"""Writes are atomic, skip unchanged bytes and never clobber a file changed since it was read."""

from __future__ import annotations

import os
import threading

import pytest
from click.testing import CliRunner
from conftest import write

from pipeline.cli import cli
from pipeline.config import Config
from pipeline.errors import PipelineError
from pipeline.repo import store
from pipeline.repo.workspace import Workspace


def test_unchanged_bytes_are_not_rewritten(tmp_path):
    path = write(tmp_path / "a.txt", "same")
    before = os.stat(path).st_mtime_ns
    assert store.write_text(path, "same", "a.txt") is False
    assert os.stat(path).st_mtime_ns == before


def test_a_file_changed_since_it_was_read_is_not_overwritten(tmp_path):
    path = write(tmp_path / "a.po", "translator v1")
    _, stamp = store.read_text(path, "a.po")
    write(path, "translator v2")
    with pytest.raises(store.Conflict, match="a.po"):
        store.write_text(path, "tool output", "a.po", base=stamp)
    assert path.read_text() == "translator v2"


def test_a_file_created_since_it_was_found_absent_is_not_overwritten(tmp_path):
    path = tmp_path / "new.po"
    write(path, "someone else")
    with pytest.raises(store.Conflict):
        store.write_text(path, "tool output", "new.po", base=store.ABSENT)
    assert path.read_text() == "someone else"


def test_a_new_file_gets_its_folders_and_a_rewrite_keeps_the_mode(tmp_path):
    path = tmp_path / "locale/zh/a.po"
    assert store.write_text(path, "first", "a.po") is True
    assert path.read_text() == "first" and os.stat(path).st_mode & 0o777 == 0o644
    os.chmod(path, 0o600)
    assert store.write_text(path, "second", "a.po") is True
    assert path.read_text() == "second" and os.stat(path).st_mode & 0o777 == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["a.po"], "no temporary file is left"


def test_a_folder_made_by_another_worker_between_look_and_make_is_written_into(
    tmp_path, monkeypatch
):
    """Two workers write the first files of one new folder: the second finds no folder,
    the first makes it, then the second must still write (a cold sync on two cores lost
    a template this way, 1 run in 4)."""
    path = tmp_path / "locale/templates/a.pot"
    real = store._temporary
    calls = []

    def racing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:  # this worker finds no folder; the other makes it meanwhile
            path.parent.mkdir(parents=True)
            raise FileNotFoundError(2, "No such file or directory")
        return real(*args, **kwargs)

    monkeypatch.setattr(store, "_temporary", racing)
    assert store.write_text(path, "template", "a.pot") is True
    assert path.read_text() == "template"


def test_a_file_created_as_a_symlink_meanwhile_is_not_overwritten(tmp_path):
    path = tmp_path / "a.po"
    os.symlink(tmp_path / "nowhere.po", path)  # dangling: the file itself does not exist
    with pytest.raises(store.Conflict):
        store.write_text(path, "tool output", "a.po", base=store.ABSENT)
    assert os.path.islink(path)


def test_the_workspace_refuses_to_overwrite_a_catalog_saved_meanwhile(repo, run):
    write(repo / "content/en/a.md", "---\ntitle: Heat\n---\n\nHeat helps.\n")
    run(repo, "extract")
    ws = Workspace(Config(root=repo))
    po = ws.catalog("a", "zh")
    path = ws.layout.catalog("a", "zh")
    write(path, path.read_text("utf-8").replace('msgstr ""\n\n', 'msgstr "热"\n\n', 1))
    saved = path.read_text("utf-8")
    with pytest.raises(store.Conflict):
        ws.write(path, "# tool output\n" + saved)
    assert path.read_text("utf-8") == saved
    assert po is not None


def test_an_unwritable_file_is_one_error_naming_it(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "x.po").mkdir()  # a directory where a file should be
    with pytest.raises(PipelineError, match="ro/x.po"):
        store.write_text(folder / "x.po", "text", "ro/x.po")


ARTICLE = "---\ntitle: Heat\n---\n\nHeat helps.\n\nRest helps too.\n"


@pytest.mark.slow
def test_a_translator_saving_while_sync_runs_never_loses_a_save(repo):
    """A loop of translator saves racing a loop of syncs: the last save always survives."""
    for i in range(6):
        write(repo / f"content/en/a{i}.md", ARTICLE.replace("Heat", f"Heat {i}"))
    runner = CliRunner()
    assert runner.invoke(cli, ["--root", str(repo), "sync"]).exit_code == 0
    po = repo / "locale/zh/a0.po"
    stop = threading.Event()

    def syncs():
        while not stop.is_set():
            runner.invoke(cli, ["--root", str(repo), "sync"])

    worker = threading.Thread(target=syncs)
    worker.start()
    try:
        for n in range(60):
            text = po.read_text("utf-8")
            head, sep, rest = text.partition('msgid "Rest helps too."\nmsgstr "')
            value, _, tail = rest.partition('"\n')
            # The save also drops the entry's `#.` line, which every sync puts back: each
            # sync then wants to write the catalog, and races the next save.
            head = head.replace("#. paragraph\n#: content/en/a0.md:7\n", "#: content/en/a0.md:7\n")
            new = head + sep + f"休息{n}" + '"\n' + tail
            tmp = po.with_suffix(".tmp")
            tmp.write_text(new, "utf-8")
            os.replace(tmp, po)  # how an editor saves
            assert f"休息{n}" in po.read_text("utf-8")
    finally:
        stop.set()
        worker.join()
    assert 'msgstr "休息59"' in po.read_text("utf-8")


def test_a_temporary_name_left_by_a_killed_run_is_skipped(tmp_path, monkeypatch):
    """Temporary names are ``.<name>.<pid>-<n>.tmp``: a killed run with the same process id
    may have left one; the write takes the next name and leaves that file alone."""
    import itertools

    monkeypatch.setattr(store, "_serial", itertools.count(5))
    stale = write(tmp_path / f".a.po.{os.getpid()}-5.tmp", "half a file")
    assert store.write_text(tmp_path / "a.po", "whole", "a.po") is True
    assert (tmp_path / "a.po").read_text() == "whole"
    assert stale.read_text() == "half a file"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["a.po", stale.name])
