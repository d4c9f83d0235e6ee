"""Helpers for the review tests: a seed repository with units in every state, the corpus
imported into a temp repository, and the catalog edits a translator's tool would make."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.po import catalog
from pipeline.repo import store

ROOT = Path(__file__).resolve().parents[2]
CORPUS = next(
    (
        base / "shared" / "corpus" / "periodhub"
        for base in (ROOT.parent, ROOT.parent.parent)  # a clone, or a worktree under wt/
        if (base / "shared" / "corpus" / "periodhub").is_dir()
    ),
    ROOT.parent / "shared" / "corpus" / "periodhub",
)
SLUG = "menstrual-pain-back-pain-connection"
PO = f"locale/zh/{SLUG}.po"

FLAGGED = "About 60-70% of dysmenorrhea patients"
CHANGED = "**Cardinal ligaments**: Main supporting structures of the uterus"
EMPTY = "Pain intensity positively correlates with dysmenorrhea severity"
TARGET = "**Round ligaments**:"


def cli_run(root: Path, *args: str):
    return CliRunner().invoke(cli, ["--root", str(root), *args], catch_exceptions=False)


def find(po, start: str):
    matches = [e for e in po if not e.obsolete and e.msgid.startswith(start)]
    assert len(matches) == 1, start
    return matches[0]


def edit_catalog(root: Path, slug: str, change: Callable, locale: str = "zh") -> None:
    """Change a catalog the way the pipeline writes it (read, edit entries, dump)."""
    path = root / f"locale/{locale}/{slug}.po"
    po = catalog.loads(path.read_text("utf-8"), str(path))
    change(po)
    store.write_text(path, catalog.dumps(po), str(path))


def _seed_states(po) -> None:
    e = find(po, FLAGGED)
    e.msgstr = e.msgstr.replace("60", "50", 1)
    e.flags, e.tcomment = ["fuzzy"], "draft: deepl"
    e = find(po, CHANGED)
    e.flags, e.tcomment = ["fuzzy"], "draft: memory 88% (other-article)"
    e.previous_msgid = "**Cardinal ligaments**: The main supports of the uterus"
    find(po, EMPTY).msgstr = ""
    e = find(po, TARGET)
    e.flags, e.tcomment = ["fuzzy"], "a translator's own note\ndraft: deepl"


def seed_repo(dest: Path) -> Path:
    """The seed article with a flagged, a changed, an empty and a fuzzy unit, merged."""
    for name in ("content", "locale"):
        shutil.copytree(ROOT / name, dest / name)
    shutil.copyfile(ROOT / "pyproject.toml", dest / "pyproject.toml")
    edit_catalog(dest, SLUG, _seed_states)
    assert cli_run(dest, "merge").exit_code == 0
    return dest


def corpus_repo(dest: Path) -> Path:
    """The live site's articles in a temp repository, Chinese adopted by `pipeline import`."""
    shutil.copytree(CORPUS / "en", dest / "content" / "en")
    shutil.copytree(CORPUS / "zh", dest / "zh-existing")
    shutil.copyfile(ROOT / "pyproject.toml", dest / "pyproject.toml")
    assert cli_run(dest, "import", "--from", str(dest / "zh-existing")).exit_code in (0, 1)
    cli_run(dest, "merge")
    return dest


def check_json(root: Path, *args: str) -> dict:
    result = cli_run(root, "check", "--format", "json", *args)
    return json.loads(result.stdout)
