"""Issue 9's acceptance on the imported corpus: catalogs re-saved by translators' tools.

The live site's 43 articles are imported from their Chinese translations, then each
catalog is re-saved the way Poedit (``msgcat -w 79``), polib and translate-toolkit
(Weblate) save it; ``pipeline sync`` must leave every re-saved catalog byte for byte
as it is and change no translation, and ``check`` must report nothing stale. Every
catalog and template passes ``msgfmt -c`` without a warning, and on every catalog in
every layout our reader agrees with GNU gettext and with itself (fast path vs line
parser).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS, copy_corpus, needs_corpus
from po_samples import HAS_GETTEXT, PRODUCERS, gnu_reading, msgfmt_check

from pipeline.cli import cli
from pipeline.po import pofile

pytestmark = [pytest.mark.slow, needs_corpus]
RESAVERS = ["msgcat -w 79", "polib save", "translate-toolkit", "poedit", "msgcat -s"]


def invoke(root: Path, *args: str):
    return CliRunner().invoke(cli, ["--root", str(root), *args], catch_exceptions=False)


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    """The corpus imported and synced once: the state every test starts from."""
    root = tmp_path_factory.mktemp("site")
    (root / "content" / "en").mkdir(parents=True)
    copy_corpus(root)
    assert invoke(root, "import", "--from", str(CORPUS / "zh")).exit_code in (0, 1)
    invoke(root, "sync")
    return root


@pytest.fixture
def site(imported: Path, tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.delenv("DEEPL_AUTH_KEY", raising=False)
    root = tmp_path / "site"
    shutil.copytree(imported, root, ignore=shutil.ignore_patterns(".pipeline-cache"))
    return root


def catalogs(root: Path) -> list[Path]:
    return sorted((root / "locale" / "zh").glob("*.po"))


def translations(text: str) -> dict:
    return {e.key: (e.msgstr, e.fuzzy, e.obsolete, e.tcomment) for e in pofile.loads(text, "a.po")}


def stale(root: Path) -> list[dict]:
    report = json.loads(invoke(root, "check", "--format", "json").stdout)
    return [
        {**p, "slug": a["slug"]}
        for a in report["articles"]
        for p in a["problems"]
        if p["check"].startswith(("stale", "missing", "po-"))
    ]


def test_the_imported_corpus_syncs_to_a_fixed_point(site: Path) -> None:
    before = {p: p.read_bytes() for p in catalogs(site)}
    invoke(site, "sync")
    assert {p: p.read_bytes() for p in catalogs(site)} == before
    assert stale(site) == []


@pytest.mark.parametrize("tool", RESAVERS)
def test_a_catalog_resaved_by_an_editor_is_left_as_it_is(site: Path, tool: str) -> None:
    saved = {}
    for path in catalogs(site):
        text = PRODUCERS[tool](path.read_text("utf-8"))
        if text is None:
            pytest.skip(f"{tool} not installed")
        path.write_bytes(text.encode("utf-8"))
        saved[path] = text
    result = invoke(site, "sync")
    assert "failed" not in result.output, result.output
    for path, text in saved.items():
        after = path.read_bytes().decode("utf-8")
        assert translations(after) == translations(text), path.name
        assert after == text, f"{path.name} rewritten after {tool}"
    assert stale(site) == []


@pytest.mark.skipif(not HAS_GETTEXT, reason="GNU gettext not installed")
def test_msgfmt_check_is_clean_on_every_catalog_and_template(imported: Path) -> None:
    files = catalogs(imported) + sorted((imported / "locale" / "templates").glob("*.pot"))
    assert len(files) == 86
    for path in files:
        done = msgfmt_check(path)
        assert done.returncode == 0 and "warning" not in done.stderr, (path.name, done.stderr)


@pytest.mark.parametrize("tool", sorted(PRODUCERS))
def test_our_reader_agrees_with_gnu_and_with_itself_on_the_corpus(imported: Path, tool) -> None:
    for path in catalogs(imported) + sorted((imported / "locale" / "templates").glob("*.pot")):
        text = PRODUCERS[tool](path.read_text("utf-8"))
        if text is None:
            pytest.skip(f"{tool} not installed")
        fast, slow = pofile.loads(text, path.name), pofile.loads(text, path.name, fast=False)
        assert [(e.content(), e.linenum, e.raw) for e in fast] == [
            (e.content(), e.linenum, e.raw) for e in slow
        ], path.name
        if HAS_GETTEXT:
            gnu = pofile.loads(gnu_reading(text), "gnu.po")
            assert sorted(repr(e.content()) for e in fast) == sorted(
                repr(e.content()) for e in gnu
            ), path.name
