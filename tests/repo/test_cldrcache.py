"""repo.cldrcache: what babel said of the locales is kept, and a later run imports no babel."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.locales import tags
from pipeline.repo import cldrcache, sealed, stamps
from pipeline.repo.layout import CACHE
from tests.conftest import write

TAGS = ("zh", "zh-Hant", "pt-BR", "sr-Latn", "es-419", "en")

LATER_RUN = """
import sys
from pipeline.cli import commands
try:
    commands.main(sys.argv[1:])
except SystemExit as exc:
    assert not exc.code, exc.code
print("babel imported" if any(m == "babel" or m.startswith("babel.") for m in sys.modules)
      else "no babel")
"""


@pytest.fixture
def fresh_tags(monkeypatch):
    """``tags`` as a new process has it: nothing asked, nothing given."""
    monkeypatch.setattr(tags, "_KEPT", {})
    tags.parse.cache_clear()
    yield
    tags.parse.cache_clear()


def _later_run(root: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", LATER_RUN, "--root", str(root), *args],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[2],
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_a_later_edit_imports_no_babel(repo, run) -> None:
    """The first run asks babel and keeps its answers; the next one (a new process, an
    article edited, its reading time labelled) answers from them."""
    text = "---\ntitle: Heat\nreadingTime: 1 min read\n---\n\nHeat helps.\n"
    write(repo / "content/en/a.md", text)
    write(repo / "pipeline.toml", 'locales = ["zh", "zh-Hant"]\nmin_coverage = 0\n')
    assert run(repo, "sync").exit_code == 0
    assert (repo / CACHE / cldrcache.FILE).is_file()
    write(repo / "content/en/a.md", text.replace("Heat helps.", "Heat helps a lot."))
    assert _later_run(repo, "sync") == "no babel"
    (repo / CACHE / cldrcache.FILE).unlink()  # without the file the run asks babel again
    write(repo / "content/en/a.md", text)
    assert _later_run(repo, "sync") == "babel imported"
    assert (repo / CACHE / cldrcache.FILE).is_file()


def test_kept_answers_are_babels(tmp_path, fresh_tags, monkeypatch) -> None:
    """Answers given back are the answers babel gives: the same tags, subtags and names."""
    asked = {t: (tags.known(t), tags.parse(t), tags.posix(t), tags.name(t)) for t in TAGS}
    assert tags.known("zh-Hantt") is not None
    cldrcache.save(tmp_path / CACHE)
    tags._KEPT.clear()
    tags.parse.cache_clear()

    def babel(tag: str):
        raise AssertionError(f"babel asked about {tag}")

    for question in ("_known", "_parse", "_posix", "babel_locale"):
        monkeypatch.setattr(tags, question, babel)
    cldrcache.load(tmp_path)
    given = {t: (tags.known(t), tags.parse(t), tags.posix(t), tags.name(t)) for t in TAGS}
    assert given == asked
    assert tags.known("zh-Hantt") is not None


def test_a_second_run_leaves_the_file_as_it_was(repo, run) -> None:
    write(repo / "content/en/a.md", "---\ntitle: Heat\nreadingTime: 1 min read\n---\n\nHeat.\n")
    write(repo / "pipeline.toml", "min_coverage = 0\n")
    assert run(repo, "sync").exit_code == 0
    path = repo / CACHE / cldrcache.FILE
    before = path.stat()
    assert run(repo, "sync").exit_code == 0
    assert path.stat().st_mtime_ns == before.st_mtime_ns and path.stat().st_ino == before.st_ino


def test_answers_kept_under_other_code_are_not_given(tmp_path, fresh_tags) -> None:
    """After an upgrade (of babel, of the tool) the kept answers are stale: babel is asked."""
    path = tmp_path / CACHE / cldrcache.FILE
    path.parent.mkdir()
    path.write_bytes(sealed.seal((cldrcache.FORMAT, "another code", {"posix zh": "xx_YY"}, {})))
    cldrcache.load(tmp_path)
    assert tags.kept() == {}
    assert tags.posix("zh") == "zh"
    path.write_bytes(sealed.seal((cldrcache.FORMAT, stamps.code(), {"posix zh": "xx_YY"}, {})))
    tags._KEPT.clear()
    cldrcache.load(tmp_path)
    assert tags.posix("zh") == "xx_YY"  # given back as kept: the same code asked it


@pytest.mark.parametrize("damage", [b"", b"not sealed", b"pipeline-sealed\n\x00\x00\x00\x00x"])
def test_a_damaged_file_gives_nothing(tmp_path, fresh_tags, damage) -> None:
    path = write(tmp_path / CACHE / cldrcache.FILE, "")
    path.write_bytes(damage)
    cldrcache.load(tmp_path)
    assert tags.kept() == {}


def test_an_answer_of_the_wrong_shape_is_asked_again(fresh_tags) -> None:
    tags.keep(
        {
            "parse zh": ("zh",),
            "known zh": 3,
            "posix zh": "zh",
            "name": "zh",
            "other zh": "x",
            4: "x",
        }
    )
    assert tags.kept() == {"posix zh": "zh"}
    assert tags.parse("zh").script == "Hans"
    assert tags.known("zh") is None
