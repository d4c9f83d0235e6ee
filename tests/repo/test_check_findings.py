"""check's findings on the live corpus, pinned: a faster check must find exactly the same.

Three sites: the imported live site as ``sync`` leaves it (real translations, fuzzy drafts,
consistency notes); the same site broken on purpose (doses, links, markup, code,
placeables, emoji and punctuation changed in every seventh translation, one English article
edited, one template gone), so the error paths run too; and the same site with every
translation the English itself (as the benchmark's sites are). Each is checked every way
``check`` can run, cold (no ``.pipeline-cache``) in one process and in workers, warm and without the
cache; every way must give the findings that the code before the speed work gave, recorded
in ``tests/data/check-findings.json`` as a digest per article. ``PIPELINE_RECORD=1``
records them again (review the diff: a change there is a change of what ``check`` reports).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import shutil
from pathlib import Path

import polib
import pytest
from conftest import CORPUS, DATA, copy_corpus, needs_corpus

from pipeline.config import load
from pipeline.repo import check
from pipeline.repo.workspace import Workspace

GOLDEN = DATA / "check-findings.json"

pytestmark = needs_corpus


def findings(root: Path, cache: bool, jobs: int) -> list[dict]:
    """Every article's verdict as ``check --format json`` gives it (orphans included)."""
    cfg = dataclasses.replace(load(root), jobs=jobs)
    ws = Workspace(cfg)
    found = check.check_all(ws, ws.layout.slugs(), orphans=True, cache=cache, lean=True)
    return [r.as_dict() for r in found]


def every_way(root: Path) -> dict[str, list[dict]]:
    """Cold in one process, cold in workers, warm, and without the cache."""
    caches = root / ".pipeline-cache"
    ways = {}
    for name, cache, jobs in (("cold", True, 1), ("cold-workers", True, 2), ("plain", False, 1)):
        shutil.rmtree(caches, ignore_errors=True)
        ways[name] = findings(root, cache, jobs)
    assert not (caches / "check").exists()
    findings(root, True, 1)
    ways["warm"] = findings(root, True, 1)
    return ways


_DIGIT = re.compile(r"\d")

MUTATIONS = (
    lambda en, s: _DIGIT.sub(lambda m: str((int(m.group()) + 1) % 10), s, count=1),
    lambda en, s: s + " [来源](https://example.com/x)",
    lambda en, s: s + "<script>alert(1)</script>",
    lambda en, s: s.replace("**", "", 1) + "**",
    lambda en, s: en,
    lambda en, s: s.replace("](", "](/zh/elsewhere", 1) + " `rm -rf`",
    lambda en, s: s.replace("，", ",") + " 🙂",
    lambda en, s: s.replace("PeriodHub", "经期", 1) + " 911 {{< tip >}}",
    lambda en, s: s.replace("](https://", "](http://", 1) + " <!-- 60% -->",
    lambda en, s: s.replace("¹", "", 1) + "  \n",
)


def break_site(root: Path) -> None:
    """Deterministic damage: every seventh translation mutated (cycling ``MUTATIONS``), a
    glossary added, an English paragraph edited, a template removed."""
    shutil.copyfile(
        Path(__file__).parents[2] / "locale" / "zh" / "glossary.csv",
        root / "locale" / "zh" / "glossary.csv",
    )
    for n, path in enumerate(sorted((root / "locale" / "zh").glob("*.po"))):
        po = polib.pofile(str(path), wrapwidth=0)
        done = [e for e in po if e.msgstr and not e.obsolete][n % 7 :: 7]
        for i, entry in enumerate(done):
            entry.msgstr = MUTATIONS[(n + i) % len(MUTATIONS)](entry.msgid, entry.msgstr)
        po.save()
    english = sorted((root / "content" / "en").glob("*.md"))
    text = english[3].read_text("utf-8")
    english[3].write_text(text.replace("\n\n", "\n\nA sentence added with 5 mg.\n\n", 3), "utf-8")
    sorted((root / "locale" / "templates").glob("*.pot"))[7].unlink()


def fill_with_english(root: Path) -> None:
    """Every translation the English itself, reviewed (the benchmark's sites): the checks
    compare each text with itself."""
    for path in sorted((root / "locale" / "zh").glob("*.po")):
        po = polib.pofile(str(path), wrapwidth=0)
        for entry in po:
            if entry.msgid and not entry.obsolete:
                entry.msgstr = entry.msgid
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
        po.save()


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    from click.testing import CliRunner

    from pipeline.cli import cli

    root = tmp_path_factory.mktemp("imported")
    copy_corpus(root)
    runner = CliRunner()
    for args in (["import", "--from", str(CORPUS / "zh")], ["sync", "--engine", "memory"]):
        result = runner.invoke(cli, ["--root", str(root), *args], catch_exceptions=False)
        assert result.exit_code in (0, 1), result.output
    shutil.rmtree(root / ".pipeline-cache", ignore_errors=True)
    return root


def test_check_finds_what_it_found_on_the_corpus(imported, tmp_path) -> None:
    broken, english = tmp_path / "broken", tmp_path / "english"
    shutil.copytree(imported, broken)
    break_site(broken)
    shutil.copytree(imported, english)
    fill_with_english(english)
    got = {}
    for name, root in (("imported", imported), ("broken", broken), ("english", english)):
        ways = every_way(root)
        for way, found in ways.items():
            assert found == ways["plain"], f"{name}: {way} differs from a plain check"
        got[name] = ways["plain"]
    if os.environ.get("PIPELINE_RECORD"):
        GOLDEN.write_text(_dump({name: digests(found) for name, found in got.items()}), "utf-8")
    checks = {p["check"] for r in got["broken"] for p in r["problems"]}
    assert len(checks) >= 20  # the damage reaches most checks
    want = json.loads(GOLDEN.read_text("utf-8"))
    assert set(want) == set(got)
    for name, found in got.items():
        assert digests(found) == want[name], name


def digests(results: list[dict]) -> dict[str, str]:
    """Per article and locale, a digest of everything ``check --format json`` says about
    it and the number of problems: a difference names the article."""
    out = {}
    for r in results:
        text = json.dumps(r, ensure_ascii=False, sort_keys=True)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        out[f"{r['slug']} {r['locale']}"] = f"{digest} {len(r['problems'])}"
    return out


def _dump(got: dict) -> str:
    return json.dumps(got, indent=1, sort_keys=True) + "\n"
