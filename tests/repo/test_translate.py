"""pipeline translate / sync: memory, glossary and DeepL (the real client, a fake server)."""

from __future__ import annotations

import polib
import pytest
from conftest import write

from pipeline.model import text_key

ARTICLE = """---
title: "Heat therapy for cramps"
tags: ["dysmenorrhea", "heat therapy"]
---

# Heat therapy for cramps

Apply **40-45°C** heat for 15-20 minutes, see [ACOG](https://www.acog.org/x) and `code`.

Take ibuprofen 400-600mg every 6-8 hours with food.

- Rest in a quiet room
- Drink warm water
"""
KEY = "secret-key-123:fx"


@pytest.fixture
def site(repo, run):
    write(repo / "content/en/heat.md", ARTICLE)
    write(repo / "locale/zh/glossary.csv", "term,translation,note\ndysmenorrhea,痛经,\n")
    write(repo / "pipeline.toml", "deepl_batch = 2\ndeepl_concurrency = 1\n")
    assert run(repo, "extract").exit_code == 0
    return repo


def entries(repo, slug="heat"):
    """Entries by key (``text_key``): the title repeats the H1 and has an entry of its own."""
    po = polib.pofile(str(repo / "locale/zh" / f"{slug}.po"))
    return {text_key(e.msgctxt, e.msgid): e for e in po}


def test_without_a_key_sync_uses_memory_and_glossary_and_says_what_is_left(site, run, monkeypatch):
    monkeypatch.delenv("DEEPL_AUTH_KEY", raising=False)
    other = site / "locale/zh/other.po"
    write(
        site / "content/en/other.md",
        '---\ntitle: "Other"\n---\n\nDrink warm water\n\nRest in a quiet room\n\n'
        "Take ibuprofen 400-600mg every 6-8 hours with meals.\n",
    )
    run(site, "extract")
    po = polib.pofile(str(other))
    for e in po:
        e.msgstr = {
            "Drink warm water": "喝温水",
            "Other": "其他",
            "Rest in a quiet room": "在安静的房间休息",
        }.get(e.msgid, "随餐服用布洛芬400-600mg，每6-8小时一次。")
    po.save()
    result = run(site, "sync")
    assert result.exit_code == 0, result.output
    assert "DEEPL_AUTH_KEY not set" in result.stdout and "need a translator" in result.stdout
    got = entries(site)
    # Five words, one translation in memory: saved reviewed, with where it came from.
    rest = got["Rest in a quiet room"]
    assert rest.msgstr == "在安静的房间休息" and not rest.fuzzy
    assert rest.tcomment == "source: memory exact (from content/en/other.md)"
    # Three words: too short to vouch for itself, a fuzzy draft naming its source.
    water = got["Drink warm water"]
    assert water.msgstr == "喝温水" and water.fuzzy
    assert "memory exact" in water.tcomment and "content/en/other.md" in water.tcomment
    assert "short text" in water.tcomment
    near = got["Take ibuprofen 400-600mg every 6-8 hours with food."]
    assert near.fuzzy and "memory fuzzy" in near.tcomment and "other.md" in near.tcomment
    assert "[-meals.-] {+food.+}" in near.tcomment
    assert got["dysmenorrhea"].msgstr == "痛经" and got["dysmenorrhea"].fuzzy
    assert "below min_coverage" in result.stdout  # too little drafted to publish even a draft


def test_deepl_drafts_every_empty_unit_as_fuzzy_and_keeps_markup(
    site, run, monkeypatch, fake_deepl
):
    monkeypatch.setenv("DEEPL_AUTH_KEY", KEY)
    monkeypatch.setenv("DEEPL_SERVER_URL", fake_deepl.url)
    result = run(site, "translate", "--engine", "deepl")
    assert result.exit_code == 0, result.output
    got = entries(site)
    assert all(e.msgstr and e.fuzzy for e in got.values() if e.msgid)
    para = got[
        "Apply **40-45°C** heat for 15-20 minutes, see [ACOG](https://www.acog.org/x) and `code`."
    ].msgstr
    assert "**40-45°C**" in para and "](https://www.acog.org/x)" in para and "`code`" in para
    assert "draft: deepl" in got["Drink warm water"].tcomment
    sent = fake_deepl.sent_texts()
    assert sent and not any("acog.org" in t or "code" in t.replace("<x", "") for t in sent)
    assert {b["target_lang"] for b in fake_deepl.translate_bodies()} == {"ZH-HANS"}
    assert all(len(b["text"]) <= 2 for b in fake_deepl.translate_bodies())
    assert KEY not in result.output and "characters billed" in result.stdout


def test_cached_drafts_are_not_paid_for_twice(site, run, monkeypatch, fake_deepl):
    monkeypatch.setenv("DEEPL_AUTH_KEY", KEY)
    monkeypatch.setenv("DEEPL_SERVER_URL", fake_deepl.url)
    run(site, "translate")
    first = len(fake_deepl.translate_bodies())
    (site / "locale/zh/heat.po").unlink()
    run(site, "extract")
    assert run(site, "translate").exit_code == 0
    assert len(fake_deepl.translate_bodies()) == first
    assert all(e.msgstr for e in entries(site).values() if e.msgid)


def test_quota_error_half_way_keeps_the_drafts_so_far(site, run, monkeypatch, fake_deepl):
    monkeypatch.setenv("DEEPL_AUTH_KEY", KEY)
    monkeypatch.setenv("DEEPL_SERVER_URL", fake_deepl.url)
    fake_deepl.script.quota_after = 1
    result = run(site, "translate", "--engine", "deepl")
    assert result.exit_code == 1
    assert "quota" in result.stderr.lower() and KEY not in result.output
    got = entries(site)
    drafted = [e for e in got.values() if e.msgstr and "deepl" in e.tcomment]
    assert len(drafted) == 2 and any(not e.msgstr for e in got.values() if e.msgid)


def test_dry_run_sends_and_writes_nothing(site, run, monkeypatch, fake_deepl):
    monkeypatch.setenv("DEEPL_AUTH_KEY", KEY)
    monkeypatch.setenv("DEEPL_SERVER_URL", fake_deepl.url)
    before = (site / "locale/zh/heat.po").read_bytes()
    result = run(site, "translate", "--dry-run")
    assert result.exit_code == 0 and "billable characters" in result.stdout
    assert fake_deepl.translate_bodies() == []
    assert (site / "locale/zh/heat.po").read_bytes() == before


def test_engine_deepl_without_a_key_is_a_usage_error(site, run, monkeypatch):
    monkeypatch.delenv("DEEPL_AUTH_KEY", raising=False)
    result = run(site, "translate", "--engine", "deepl")
    assert result.exit_code == 2 and "DEEPL_AUTH_KEY" in result.stderr


def test_custom_instructions_are_sent_and_key_their_own_cache(site, run, monkeypatch, fake_deepl):
    monkeypatch.setenv("DEEPL_AUTH_KEY", KEY)
    monkeypatch.setenv("DEEPL_SERVER_URL", fake_deepl.url)
    run(site, "translate")
    plain = len(fake_deepl.translate_bodies())
    assert all("custom_instructions" not in b for b in fake_deepl.translate_bodies())
    write(
        site / "pipeline.toml",
        "deepl_batch = 2\ndeepl_concurrency = 1\n"
        'deepl_instructions = ["Use full-width Chinese punctuation."]\n',
    )
    (site / "locale/zh/heat.po").unlink()
    run(site, "extract")
    assert run(site, "translate").exit_code == 0
    sent = fake_deepl.translate_bodies()[plain:]
    assert sent and all(
        b["custom_instructions"] == ["Use full-width Chinese punctuation."] for b in sent
    )


def test_a_title_repeated_as_the_h1_is_sent_and_billed_once(site, run, monkeypatch, fake_deepl):
    """Two entries (the title's with ``msgctxt "front matter: title"``), one English text:
    DeepL gets it once and both entries get the draft."""
    monkeypatch.setenv("DEEPL_AUTH_KEY", KEY)
    monkeypatch.setenv("DEEPL_SERVER_URL", fake_deepl.url)
    assert run(site, "translate", "--engine", "deepl").exit_code == 0
    got = entries(site)
    title, h1 = (
        got["front matter: title\x04Heat therapy for cramps"],
        got["Heat therapy for cramps"],
    )
    assert title.msgstr and title.msgstr == h1.msgstr and title.fuzzy and h1.fuzzy
    sent = [t for t in fake_deepl.sent_texts() if "Heat therapy for cramps" in t]
    assert len(sent) == 1
