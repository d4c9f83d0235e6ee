"""References without churn: adding a paragraph changes only that paragraph's entry."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from conftest import SEED, write

from pipeline.po import pofile

SLUG = SEED.stem
NEW = "A new paragraph an editor added: rest, warmth and water help most people."


def changed_lines(before: str, after: str) -> int:
    """Lines a ``git diff`` shows as added or removed."""
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return sum(1 for ln in diff if ln[:1] in "+-" and not ln.startswith(("+++", "---")))


def add_paragraph(path: Path) -> None:
    text = path.read_text("utf-8")
    at = text.index("\n\n", text.index("\n## ")) + 1
    path.write_text(text[:at] + "\n" + NEW + "\n" + text[at:], "utf-8")


def grow(repo: Path, run, settings: str = "") -> tuple[int, int]:
    """Sync, add a paragraph, sync again: lines changed in the catalog and the template."""
    write(repo / "pipeline.toml", settings)
    shutil.copyfile(SEED, repo / "content/en" / SEED.name)
    assert run(repo, "sync").exit_code in (0, 1)
    po, pot = repo / f"locale/zh/{SLUG}.po", repo / f"locale/templates/{SLUG}.pot"
    before = po.read_text("utf-8"), pot.read_text("utf-8")
    add_paragraph(repo / "content/en" / SEED.name)
    assert run(repo, "sync").exit_code in (0, 1)
    assert pofile.loads(po.read_text("utf-8"), "a.po").find(NEW) is not None
    return changed_lines(before[0], po.read_text("utf-8")), changed_lines(
        before[1], pot.read_text("utf-8")
    )


@pytest.fixture(autouse=True)
def no_deepl(monkeypatch) -> None:
    monkeypatch.delenv("DEEPL_AUTH_KEY", raising=False)


def test_adding_a_paragraph_changes_only_its_entry(repo: Path, run) -> None:
    po_lines, pot_lines = grow(repo, run)
    assert po_lines <= 15 and pot_lines <= 15, (po_lines, pot_lines)


def test_line_references_are_still_available(repo: Path, run) -> None:
    po_lines, _ = grow(repo, run, 'references = "line"\n')
    text = (repo / f"locale/zh/{SLUG}.po").read_text("utf-8")
    assert f"#: content/en/{SLUG}.md:" in text
    assert po_lines > 15  # every entry below the new paragraph moved: the churn "file" avoids


def test_no_references(repo: Path, run) -> None:
    write(repo / "pipeline.toml", 'references = "none"\n')
    shutil.copyfile(SEED, repo / "content/en" / SEED.name)
    assert run(repo, "extract").exit_code == 0
    assert "#:" not in (repo / f"locale/zh/{SLUG}.po").read_text("utf-8")


def test_an_invalid_references_value_is_a_config_error(repo: Path, run) -> None:
    write(repo / "pipeline.toml", 'references = "lines"\n')
    result = run(repo, "extract")
    assert result.exit_code != 0 and "references" in result.output and "file" in result.output
