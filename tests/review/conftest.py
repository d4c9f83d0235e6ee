"""Fixtures for the review app: repositories, a running server, a headless Chromium."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.review.data import Repository
from pipeline.review.server import serving
from review.reviewkit import CORPUS, corpus_repo, seed_repo

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    return seed_repo(tmp_path / "site")


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    if not (CORPUS / "en").is_dir() or not (CORPUS / "zh").is_dir():
        pytest.skip("../shared/corpus/periodhub is absent")
    return corpus_repo(tmp_path_factory.mktemp("corpus"))


@pytest.fixture
def corpus_copy(corpus: Path, tmp_path: Path) -> Path:
    """A private copy of the imported corpus, for tests that write."""
    dest = tmp_path / "corpus"
    shutil.copytree(corpus, dest)
    return dest


@pytest.fixture
def serve():
    """Start the app on a repository: ``with serve(root) as running: …``."""

    def start(root: Path, merge: bool = False, reviewer: str = "Dr Reviewer <dr@example.org>"):
        return serving(Repository.open(root, reviewer), merge=merge)

    return start


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed (/usr/bin/chromium; .ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class Watched:
    """A page with every dialog, console error and uncaught exception recorded."""

    def __init__(self, page):
        self.page = page
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def page(browser) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    watched = Watched(context.new_page())
    yield watched
    context.close()
