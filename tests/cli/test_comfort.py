"""Command-line comfort: dry runs, verbosity, colour, progress, and a gate that needs articles."""

from __future__ import annotations

import io

import pytest
from conftest import write

from pipeline.cli import output
from pipeline.cli.output import Output, printable

ARTICLE = "---\ntitle: Heat helps\n---\n\nA warm compress eases cramps.\n"


def snapshot(root):
    return {
        p.relative_to(root): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and ".pipeline-cache" not in p.parts
    }


def test_check_without_articles_fails_naming_the_source_folder(repo, run):
    result = run(repo, "check")
    assert result.exit_code == 1
    assert "content/en" in result.stderr and "source" in result.stderr


@pytest.mark.parametrize("command", ["sync", "merge", "extract"])
def test_a_dry_run_writes_nothing_and_says_what_it_would_write(repo, run, command):
    write(repo / "content/en/heat.md", ARTICLE)
    if command == "merge":
        assert run(repo, "extract").exit_code == 0
        write(repo / "pipeline.toml", "min_coverage = 0\n")
    before = snapshot(repo)
    result = run(repo, command, "--dry-run")
    assert result.exit_code == 0, result.output
    assert snapshot(repo) == before
    assert "would write" in result.stdout
    expected = {"sync": "content/zh/heat.md", "merge": "content/zh/heat.md"}
    assert expected.get(command, "locale/zh/heat.po") in result.stdout


def test_quiet_and_verbose(repo, run):
    write(repo / "content/en/heat.md", ARTICLE)
    normal = run(repo, "extract").stdout
    assert "written   locale/zh/heat.po" in normal
    quiet = run(repo, "-q", "extract", "--dry-run").stdout
    assert "locale/zh/heat.po" not in quiet
    verbose = run(repo, "-v", "extract").stdout
    assert "unchanged locale/zh/heat.po" in verbose


def test_after_a_run_that_wrote_the_next_says_what_a_full_run_says(repo, run):
    """The memo does not remember a written catalog's words (they counted the change): the
    next ``-v sync`` says of every file what a run without the memo says."""
    write(repo / "content/en/heat.md", ARTICLE)
    write(repo / "pipeline.toml", "min_coverage = 0\n")
    assert run(repo, "sync").exit_code == 0  # writes every file
    after = run(repo, "-v", "sync").stdout
    (repo / ".pipeline-cache/memo.marshal").unlink()
    assert run(repo, "-v", "sync").stdout == after
    assert "unchanged locale/zh/heat.po (" in after


def test_a_run_the_memo_answers_reports_what_a_full_run_reports(repo, run):
    """Each file a stage would report, whether the memo skipped the article or not, with
    what a run that wrote nothing said of it: the counts of a no-op ``sync`` do not depend
    on the cache (after a run that wrote, the memo has no such words to repeat)."""
    write(repo / "content/en/heat.md", ARTICLE)
    write(repo / "pipeline.toml", "min_coverage = 0\n")
    assert run(repo, "sync").exit_code == 0
    (repo / ".pipeline-cache/memo.marshal").unlink()
    full = run(repo, "-v", "sync").stdout  # every article looked at, nothing to write
    remembered = run(repo, "-v", "sync").stdout
    assert remembered == full
    assert "unchanged locale/zh/heat.po (" in remembered
    assert "unchanged content/zh/heat.md" in remembered


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch):
    monkeypatch.setattr("sys.stdout", _Tty())
    monkeypatch.setattr("sys.stderr", _Tty())
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert Output.detect().color
    monkeypatch.setenv("NO_COLOR", "1")
    assert not Output.detect().color
    monkeypatch.setattr("sys.stdout", io.StringIO())
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert not Output.detect().color


def test_progress_only_on_a_terminal_after_a_while(monkeypatch, capsys):
    shown = Output(0, False, tty=True).progress("check")
    shown(1, 4)  # too early: nothing
    monkeypatch.setattr(output, "PROGRESS_AFTER", 0.0)
    shown = Output(0, False, tty=True).progress("check")
    shown(2, 4)
    assert "check [" in capsys.readouterr().err
    Output(0, False, tty=False).progress("check")(2, 4)
    assert capsys.readouterr().err == ""


def test_text_from_files_cannot_drive_the_terminal():
    assert printable("a\x1b[2Jb\rc\x85") == "a\\x1b[2Jb\\rc\\x85"
    assert printable("译文 ok\n") == "译文 ok\n"


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True
