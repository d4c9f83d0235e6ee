"""pipeline check: the CI gate, its exit codes, formats and agreement with msgfmt."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import polib
import pytest
from conftest import write

SLUG = "menstrual-pain-back-pain-connection"


def po_file(site):
    return site / "locale/zh" / f"{SLUG}.po"


def set_msgstr(site, msgid_part: str, change) -> int:
    po = polib.pofile(str(po_file(site)))
    entry = next(e for e in po if msgid_part in e.msgid)
    entry.msgstr = change(entry.msgstr)
    po.save()
    lines = po_file(site).read_text("utf-8").splitlines()
    return next(
        (i for i, ln in enumerate(lines, 1) if ln.startswith("msgid") and msgid_part in ln), 0
    )


def problems(result) -> list[dict]:
    return [p for a in json.loads(result.stdout)["articles"] for p in a["problems"]]


def test_the_repository_passes(site, run) -> None:
    result = run(site, "check", "--require-reviewed")
    assert result.exit_code == 0, result.stdout
    assert "check ok" in result.stdout


def test_a_changed_dose_fails_and_names_the_po_line(site, run) -> None:
    line = set_msgstr(site, "400-600mg every 6-8 hours", lambda s: s.replace("400-600", "40-600"))
    run(site, "merge")
    result = run(site, "check", "--format", "json")
    assert result.exit_code == 1
    found = [p for p in problems(result) if p["check"] == "numbers"]
    assert found and found[0]["file"] == f"locale/zh/{SLUG}.po" and found[0]["line"] == line
    assert found[0]["severity"] == "error" and "400-600mg" in found[0]["message"]


@pytest.mark.parametrize(
    "payload",
    ["<script>alert(1)</script>", "[x](javascript:alert(1))", '<img src=x onerror="alert(1)">'],
)
def test_injected_markup_fails(site, run, payload) -> None:
    set_msgstr(site, "Many women experience", lambda s: s + payload)
    run(site, "merge")
    result = run(site, "check", "--format", "json")
    assert result.exit_code == 1
    # merge withholds it: one error at the entry, merge's, naming the entry check that agrees
    at_entry = [p for p in problems(result) if p["file"] == f"locale/zh/{SLUG}.po"]
    (held,) = [p for p in at_entry if p["check"] == "withheld"]
    assert held["severity"] == "error" and held["message"].endswith("[markup-injection]")
    assert not {"markup-injection", "urls", "hidden-text"} & {p["check"] for p in at_entry}


def test_editing_the_english_without_sync_is_stale(site, run) -> None:
    src = site / "content/en" / f"{SLUG}.md"
    src.write_text(src.read_text("utf-8").replace("Many women", "Most women"), "utf-8")
    result = run(site, "check", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["articles"][0]["stale"] is True
    assert {"stale-template", "stale-catalog"} <= {p["check"] for p in problems(result)}


def test_editing_the_chinese_output_by_hand_is_stale(site, run) -> None:
    out = site / "content/zh" / f"{SLUG}.md"
    out.write_text(out.read_text("utf-8").replace("引言", "前言"), "utf-8")
    result = run(site, "check", "--format", "json")
    found = [p for p in problems(result) if p["check"] == "stale-article"]
    assert result.exit_code == 1 and found[0]["file"] == f"content/zh/{SLUG}.md"
    assert found[0]["line"] == out.read_text("utf-8").splitlines().index("## 前言") + 1


def test_editing_a_po_without_merging_is_stale(site, run) -> None:
    set_msgstr(site, "Many women experience", lambda s: s.replace("许多", "很多"))
    result = run(site, "check")
    assert result.exit_code == 1 and "stale-article" in result.stdout
    run(site, "merge")
    assert run(site, "check").exit_code == 0


def test_a_translator_rewrapping_the_po_is_not_stale(site, run) -> None:
    po = polib.pofile(str(po_file(site)), wrapwidth=40)
    po.wrapwidth = 40
    po.save()
    assert run(site, "check").exit_code == 0


def test_require_reviewed_fails_on_fuzzy_and_draft(site, run) -> None:
    po = polib.pofile(str(po_file(site)))
    po[3].flags.append("fuzzy")
    po.save()
    run(site, "merge")
    assert run(site, "check").exit_code == 0
    result = run(site, "check", "--require-reviewed", "--format", "json")
    assert result.exit_code == 1
    assert {"unreviewed", "draft"} <= {p["check"] for p in problems(result)}


def test_low_coverage_and_missing_files(site, run) -> None:
    write(site / "content/en/new.md", '---\ntitle: "New article"\n---\n\nSome text here.\n')
    result = run(site, "check", "--format", "json")
    assert result.exit_code == 1
    assert "missing-catalog" in {p["check"] for p in problems(result)}
    run(site, "extract", "new")
    result = run(site, "check", "new", "--format", "json")
    assert {"coverage"} <= {p["check"] for p in problems(result)}


def test_json_follows_the_documented_schema(site, run) -> None:
    data = json.loads(run(site, "check", "--format", "json").stdout)
    assert set(data) == {"ok", "articles"} and data["ok"] is True
    article = data["articles"][0]
    assert {
        "slug",
        "locale",
        "units",
        "words",
        "reviewed",
        "fuzzy",
        "untranslated",
        "coverage",
        "stale",
        "problems",
    } <= set(article)
    assert isinstance(article["coverage"], float) and article["problems"] == []


def test_github_annotations_and_markdown_summary(site, run) -> None:
    set_msgstr(site, "400-600mg every 6-8 hours", lambda s: s.replace("400-600", "40-600"))
    run(site, "merge")
    gh = run(site, "check", "--format", "github").stdout
    assert re.search(rf"^::error file=locale/zh/{SLUG}\.po,line=\d+,title=numbers::", gh, re.M)
    md = run(site, "check", "--format", "markdown").stdout
    assert md.startswith("## Localization check ❌ failed") and "| numbers |" in md


def test_usage_errors_exit_2(site, run) -> None:
    assert run(site, "check", "--format", "xml").exit_code == 2
    assert run(site, "check", "--min-coverage", "120").exit_code == 2


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext not installed")
def test_unit_counts_agree_with_msgfmt_statistics(site, run) -> None:
    po = polib.pofile(str(po_file(site)))
    po[2].flags.append("fuzzy")
    po[5].msgstr = ""
    po[6].msgstr = ""
    po.save()
    article = json.loads(run(site, "check", "--format", "json").stdout)["articles"][0]
    done = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(po_file(site))],
        capture_output=True,
        text=True,
        env={"LC_ALL": "C"},
    )
    numbers = dict(
        (k, int(n)) for n, k in re.findall(r"(\d+) (translated|fuzzy|untranslated)", done.stderr)
    )
    assert numbers == {
        "translated": article["reviewed"],
        "fuzzy": article["fuzzy"],
        "untranslated": article["untranslated"],
    }


def test_files_left_without_an_english_source_are_reported(site, run) -> None:
    write(site / "content/zh/gone.md", '---\ntitle: "旧文章"\n---\n\n正文\n')
    result = run(site, "check", "--format", "json")
    found = [p for p in problems(result) if p["check"] == "orphan"]
    assert result.exit_code == 0 and found and found[0]["file"] == "content/zh/gone.md"
    assert found[0]["severity"] == "warning"
