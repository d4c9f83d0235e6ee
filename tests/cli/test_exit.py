"""The script leaves without tearing the interpreter down (``cli._leave``): what it printed
still arrives whole, through a pipe too, and its exit code is the command's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def script(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "--root", str(root), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_output_arrives_whole_and_the_code_is_the_commands(site: Path, run) -> None:
    inside = run(site, "-v", "sync")
    assert inside.exit_code == 0
    again = script(site, "-v", "sync")  # the same run, through pipes (block-buffered)
    assert again.returncode == 0
    assert again.stdout == run(site, "-v", "sync").stdout and again.stdout.count("\n") > 3


def test_a_failed_article_exits_1_and_a_usage_error_2(repo: Path) -> None:
    (repo / "content/en/broken.md").write_text("---\ntitle: [unclosed\n---\n\nText.\n", "utf-8")
    (repo / "content/en/fine.md").write_text("---\ntitle: Fine\n---\n\nText.\n", "utf-8")
    failed = script(repo, "extract")
    assert failed.returncode == 1
    assert "broken.md" in failed.stderr and "Traceback" not in failed.stderr
    assert (repo / "locale/templates/fine.pot").is_file()  # the other article still ran
    usage = script(repo, "sync", "--no-such-option")
    assert usage.returncode == 2 and "--no-such-option" in usage.stderr
