"""Shared fixtures: a throwaway repository, the corpus from ../shared, the CLI runner."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fake_deepl import FakeDeepL

from pipeline.cli import cli

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
# ../shared beside the checkout (or beside the main checkout, for a worktree in wt/<name>);
# PIPELINE_SHARED points elsewhere.
_SHARED = [Path(os.environ["PIPELINE_SHARED"])] if os.environ.get("PIPELINE_SHARED") else []
_SHARED += (
    [Path(os.environ["PIPELINE_CORPUS"]).parents[1]] if os.environ.get("PIPELINE_CORPUS") else []
)
CORPUS = next(
    (
        base / "corpus" / "periodhub"
        for base in (*_SHARED, ROOT.parent / "shared", ROOT.parent.parent / "shared")
        if (base / "corpus" / "periodhub").is_dir()
    ),
    ROOT.parent / "shared" / "corpus" / "periodhub",
)
SEED = ROOT / "content" / "en" / "menstrual-pain-back-pain-connection.md"


def corpus_files(lang: str = "en") -> list[Path]:
    folder = CORPUS / lang
    return sorted(folder.glob("*.md")) if folder.is_dir() else []


needs_corpus = pytest.mark.corpus
"""A test over the live corpus in ../shared: slow, and skipped when the corpus is absent."""


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    absent = not corpus_files()
    for item in items:
        if item.get_closest_marker("corpus"):
            item.add_marker(pytest.mark.slow)
            if absent:
                item.add_marker(pytest.mark.skip(reason="../shared/corpus is absent"))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """An empty repository with the default configuration."""
    (tmp_path / "content" / "en").mkdir(parents=True)
    return tmp_path


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A copy of this repository's content and catalogs (complete and reviewed)."""
    for name in ("content", "locale"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


@pytest.fixture
def run():
    """Invoke the CLI like a user: returns the click Result (stdout and stderr apart)."""
    runner = CliRunner()

    def invoke(root: Path, *args: str):
        return runner.invoke(cli, ["--root", str(root), *args], catch_exceptions=False)

    return invoke


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def copy_corpus(dest: Path, langs=("en",)) -> list[str]:
    slugs = []
    for lang in langs:
        for f in corpus_files(lang):
            target = dest / "content" / lang / f.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, target)
            slugs.append(f.stem)
    return sorted(set(slugs))


@pytest.fixture
def fake_deepl() -> Iterator[FakeDeepL]:
    """A fake DeepL server on 127.0.0.1 (see tests/fake_deepl.py), stopped after the test."""
    with FakeDeepL(lifetime=60.0) as server:
        yield server
