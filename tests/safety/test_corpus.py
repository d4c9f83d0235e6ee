"""No false alarm on people's work: the live site's human translations, imported, pass safety.

The corpus (../shared, or PIPELINE_CORPUS) is copied into a throwaway repository,
imported with ``pipeline import`` and merged: merge must withhold nothing, and check
must report no safety error (the other checks, numbers or staleness, are not this
test's business).
"""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import CORPUS, ROOT, copy_corpus, needs_corpus

SAFETY_CHECKS = {"withheld", "markup-injection", "hidden-text", "urls", "images"}


@pytest.mark.slow
@needs_corpus
def test_imported_human_translations_are_published_and_pass_safety(tmp_path, run) -> None:
    slugs = copy_corpus(tmp_path)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    imported = run(tmp_path, "import", "--from", str(CORPUS / "zh"))
    assert imported.exit_code == 0, imported.output
    merged = run(tmp_path, "merge")
    assert "withheld" not in merged.output
    checked = json.loads(run(tmp_path, "check", "--format", "json").stdout)
    assert len(checked["articles"]) == len(slugs) == 43
    unsafe = [
        (p["file"], p["line"], p["check"], p["message"])
        for a in checked["articles"]
        for p in a["problems"]
        if p["check"] in SAFETY_CHECKS
    ]
    assert unsafe == []
