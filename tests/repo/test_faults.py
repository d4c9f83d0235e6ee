"""Faults: a killed run, two runs at once, an unwritable file, a link out of the repository."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest
from conftest import write

from pipeline.po import catalog

ARTICLE = "---\ntitle: Heat {n}\n---\n\n" + "".join(
    f"Paragraph {{n}}.{i}: a warm compress eases cramps for many people.\n\n" for i in range(40)
)


def site(root, n: int = 40):
    for i in range(n):
        write(root / f"content/en/a{i:02d}.md", ARTICLE.format(n=i))
    write(root / "pipeline.toml", "min_coverage = 0\njobs = 1\n")
    return root


def pipeline(root, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "--root", str(root), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def whole(root) -> None:
    """Every catalog and article the tool wrote reads back complete."""
    for po in (root / "locale").rglob("*.po*"):
        if not po.name.endswith(".tmp"):
            catalog.loads(po.read_text("utf-8"), str(po))  # raises on half a file
    for md in (root / "content/zh").glob("*.md"):
        text = md.read_text("utf-8")
        assert text.startswith("---\n") and text.rstrip().endswith("people."), md


@pytest.mark.slow
def test_a_run_killed_at_any_moment_leaves_whole_files_and_the_next_run_finishes(tmp_path):
    root = site(tmp_path)
    rng = random.Random(7)
    for attempt in range(6):
        for p in (root / "locale").rglob("*.po") if attempt % 2 else ():
            p.write_text(p.read_text("utf-8").replace("#. paragraph\n", "", 1), "utf-8")
        run = pipeline(root, "sync")
        time.sleep(rng.uniform(0.3, 2.5))
        run.send_signal(signal.SIGKILL)
        run.wait()
        whole(root)
    done = pipeline(root, "sync")
    assert done.wait() == 0, done.stderr.read()
    whole(root)
    again = pipeline(root, "sync")
    assert again.wait() == 0
    assert "written" not in again.stdout.read()


@pytest.mark.slow
def test_two_syncs_at_once_corrupt_nothing(tmp_path):
    root = site(tmp_path, 30)
    runs = [pipeline(root, "sync") for _ in range(2)]
    codes = [r.wait() for r in runs]
    assert set(codes) <= {0, 1}  # the loser of a race says so (exit 1), never a traceback
    for r in runs:
        assert "Traceback" not in r.stderr.read()
    whole(root)
    final = pipeline(root, "sync")
    assert final.wait() == 0
    whole(root)


def test_an_unwritable_article_is_one_line_and_the_others_are_written(repo, run):
    for i in range(3):
        write(repo / f"content/en/a{i}.md", ARTICLE.format(n=i))
    write(repo / "pipeline.toml", "min_coverage = 0\n")
    (repo / "content/zh/a1.md").mkdir(parents=True)  # a folder where the article goes
    result = run(repo, "sync")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if "a1.md" in line]
    assert len(errors) == 1 and "Traceback" not in result.stderr
    assert (repo / "content/zh/a0.md").is_file() and (repo / "content/zh/a2.md").is_file()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_locale_folder_is_one_line(repo, run):
    write(repo / "content/en/a.md", ARTICLE.format(n=0))
    (repo / "locale").mkdir()
    os.chmod(repo / "locale", 0o500)
    try:
        result = run(repo, "extract")
    finally:
        os.chmod(repo / "locale", 0o700)
    assert result.exit_code == 1 and "Traceback" not in result.stderr and "locale" in result.stderr


def test_a_source_linking_out_of_the_repository_is_refused(repo, run, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "secret.md"
    write(outside, "---\ntitle: Secret\n---\n\nroot:x:0:0\n")
    write(repo / "content/en/a.md", ARTICLE.format(n=0))
    (repo / "content/en/leak.md").symlink_to(outside)
    result = run(repo, "extract")
    assert result.exit_code == 1 and "leak.md" in result.stderr
    assert "symbolic link" in result.stderr
    assert (repo / "locale/zh/a.po").is_file()
    assert not (repo / "locale/zh/leak.po").exists()
