"""Conflicting reviewed translations of one English text: a note in status, info in check."""

from __future__ import annotations

import json

import polib
from conftest import write

ARTICLE = "---\ntitle: {title}\n---\n\nApply a warm compress for twenty minutes.\n"
TRANSLATIONS = {"a": "热敷二十分钟。", "b": "热敷二十分钟。", "c": "用热水袋敷二十分钟。"}


def _site(repo, run):
    for slug in TRANSLATIONS:
        write(repo / f"content/en/{slug}.md", ARTICLE.format(title=f"Title {slug}"))
    assert run(repo, "extract").exit_code == 0
    for slug, text in TRANSLATIONS.items():
        path = repo / f"locale/zh/{slug}.po"
        po = polib.pofile(str(path))
        for e in po:
            e.msgstr = text if e.msgid.startswith("Apply") else f"标题{slug}"
        po.save()
    assert run(repo, "merge").exit_code == 0
    return repo


def test_check_names_the_odd_translation_out_and_still_passes(repo, run):
    site = _site(repo, run)
    result = run(site, "check", "--format", "json")
    assert result.exit_code == 0, result.output
    found = {
        a["slug"]: [p for p in a["problems"] if p["check"] == "consistency"]
        for a in json.loads(result.stdout)["articles"]
    }
    # a and b agree (the site's usual translation): only c, the odd one out, is named
    assert [len(found[s]) for s in "abc"] == [0, 0, 1]
    (c,) = found["c"]
    assert c["severity"] == "info" and c["file"] == "locale/zh/c.po" and c["line"] > 1
    assert "「用热水袋敷二十分钟。」 here" in c["message"]
    assert "「热敷二十分钟。」 in content/en/a.md and 1 more" in c["message"]


def test_one_character_is_a_conflict_and_formatting_is_not(repo, run):
    texts = {"a": "热敷二十分钟。", "b": "冷敷二十分钟。", "c": "热敷 二十分钟"}
    for slug in texts:
        write(repo / f"content/en/{slug}.md", ARTICLE.format(title=f"Title {slug}"))
    assert run(repo, "extract").exit_code == 0
    for slug, text in texts.items():
        po = polib.pofile(str(repo / f"locale/zh/{slug}.po"))
        for e in po:
            e.msgstr = text if e.msgid.startswith("Apply") else f"标题{slug}"
        po.save()
    out = json.loads(run(repo, "check", "--format", "json").stdout)
    found = {
        a["slug"]: [p["message"] for p in a["problems"] if p["check"] == "consistency"]
        for a in out["articles"]
    }
    # heat vs cold is one character and a real difference; a space is not, so a and c
    # agree (two articles) and b is the one to look at
    assert found["a"] == [] and found["c"] == []
    (b,) = found["b"]
    assert (
        "「热敷二十分钟。」 in content/en/a.md" in b and "「热敷 二十分钟」 in content/en/c.md" in b
    )


def test_status_notes_the_conflicts(repo, run):
    result = run(_site(repo, run), "status")
    assert result.exit_code == 0
    assert "1 English texts have conflicting reviewed translations" in result.stdout
    assert "Apply a warm compress" in result.stdout


def test_no_conflict_no_warning(repo, run):
    same = dict.fromkeys("abc", "热敷二十分钟。")
    site = repo
    for slug in same:
        write(site / f"content/en/{slug}.md", ARTICLE.format(title=f"T {slug}"))
    run(site, "extract")
    for slug, text in same.items():
        po = polib.pofile(str(site / f"locale/zh/{slug}.po"))
        for e in po:
            e.msgstr = text if e.msgid.startswith("Apply") else "标题"
        po.save()
    out = run(site, "check", "--format", "json").stdout
    assert '"consistency"' not in out
    assert "conflicting" not in run(site, "status").stdout
