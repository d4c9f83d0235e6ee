"""Traditional Chinese drafted from the reviewed Simplified catalogs with OpenCC."""

from __future__ import annotations

import polib
import pytest
from conftest import write

from pipeline.drafting.engines.opencc import OpenCC
from pipeline.model import DraftRequest

pytest.importorskip("opencc")

ARTICLE = """---
title: "Software for cramps"
---

# Software for cramps

Use the `timer` app, see [the guide](/en/guide) for 2 weeks.

Take ibuprofen 400 mg with food.

Rest in a quiet room.
"""
SIMPLIFIED = {
    "Software for cramps": ("缓解痛经的软件", False),
    "Use the `timer` app, see [the guide](/en/guide) for 2 weeks.": (
        "使用 `timer` 应用，参见[指南](/zh/guide)，坚持两周。",
        False,
    ),
    "Take ibuprofen 400 mg with food.": ("随餐服用布洛芬400毫克。", True),  # fuzzy: not a source
}


def po(entries: dict[str, tuple[str, bool]]) -> polib.POFile:
    out = polib.POFile()
    for msgid, (msgstr, fuzzy) in entries.items():
        out.append(polib.POEntry(msgid=msgid, msgstr=msgstr, flags=["fuzzy"] if fuzzy else []))
    return out


def engine(sources, reviewed=False, conversion="s2twp") -> OpenCC:
    return OpenCC(conversion, "zh", lambda: sources, reviewed, ("zh", "zh-Hant"))


def test_reviewed_simplified_entries_are_converted_phrase_by_phrase_markup_kept():
    got = dict(engine([("a", po(SIMPLIFIED))]).draft([DraftRequest(m) for m in SIMPLIFIED]))
    assert set(got) == {"Software for cramps", next(iter(list(SIMPLIFIED)[1:2]))}
    title = got["Software for cramps"]
    assert title.text == "緩解痛經的軟體" and title.origin == "opencc s2twp" and not title.reviewed
    body = got[list(SIMPLIFIED)[1]].text
    assert "`timer`" in body and "](/zh-Hant/guide)" in body and "兩週" in body and "應用" in body
    hong_kong = dict(
        engine([("a", po(SIMPLIFIED))], conversion="s2hk").draft(
            [DraftRequest("Software for cramps")]
        )
    )
    assert hong_kong["Software for cramps"].text == "緩解痛經的軟件"


def test_conversions_are_reviewed_only_when_configured_and_sources_agree():
    other = po({"Software for cramps": ("痛经软件", False)})
    drafts = dict(
        engine([("a", po(SIMPLIFIED)), ("b", other)], reviewed=True).draft(
            [DraftRequest(m) for m in SIMPLIFIED]
        )
    )
    assert not drafts[
        "Software for cramps"
    ].reviewed  # two Simplified translations: a person decides
    assert "differently" in drafts["Software for cramps"].note
    assert drafts[list(SIMPLIFIED)[1]].reviewed


@pytest.fixture
def site(repo, run):
    write(repo / "content/en/soft.md", ARTICLE)
    write(repo / "pipeline.toml", 'locales = ["zh", "zh-Hant"]\n')
    assert run(repo, "extract").exit_code == 0
    path = repo / "locale/zh/soft.po"
    zh = polib.pofile(str(path))
    for e in zh:
        if e.msgid in SIMPLIFIED:
            e.msgstr, fuzzy = SIMPLIFIED[e.msgid]
            e.flags = ["fuzzy"] if fuzzy else []
    zh.save()
    return repo


def entries(repo, locale="zh-Hant"):
    return {e.msgid: e for e in polib.pofile(str(repo / "locale" / locale / "soft.po"))}


def test_sync_drafts_traditional_from_reviewed_simplified_then_deepl_zh_hant(
    site, run, monkeypatch, fake_deepl
):
    monkeypatch.setenv("DEEPL_AUTH_KEY", "k:fx")
    monkeypatch.setenv("DEEPL_SERVER_URL", fake_deepl.url)
    result = run(site, "translate")
    assert result.exit_code == 0, result.output
    assert "translate zh-Hant: memory -> glossary -> opencc -> deepl" in result.stdout
    got = entries(site)
    title = got["Software for cramps"]
    assert title.msgstr == "緩解痛經的軟體" and title.fuzzy
    assert "draft: opencc s2twp (from zh soft)" in title.tcomment
    hant_bodies = [b for b in fake_deepl.translate_bodies() if b["target_lang"] == "ZH-HANT"]
    sent = {t for b in hant_bodies for t in b["text"]}
    assert "Rest in a quiet room." in sent and "Take ibuprofen 400 mg with food." in sent
    assert not any("Software" in t for t in sent)  # converted, not paid for
    assert got["Rest in a quiet room."].msgstr.startswith("ZH-HANT:")


def test_opencc_reviewed_saves_conversions_of_reviewed_entries_as_reviewed(site, run, monkeypatch):
    monkeypatch.delenv("DEEPL_AUTH_KEY", raising=False)
    write(
        site / "pipeline.toml",
        'locales = ["zh", "zh-Hant"]\n[locale.zh-Hant]\nopencc = "s2hk"\nopencc_reviewed = true\n',
    )
    assert run(site, "translate").exit_code == 0
    title = entries(site)["Software for cramps"]
    assert title.msgstr == "緩解痛經的軟件" and not title.fuzzy and "draft:" not in title.tcomment
    assert not entries(site)["Take ibuprofen 400 mg with food."].msgstr  # its source is fuzzy


def test_a_simplified_review_makes_the_next_run_convert_it(site, run, monkeypatch):
    monkeypatch.delenv("DEEPL_AUTH_KEY", raising=False)
    run(site, "translate")
    assert not entries(site)["Rest in a quiet room."].msgstr
    path = site / "locale/zh/soft.po"
    zh = polib.pofile(str(path))
    zh.find("Rest in a quiet room.").msgstr = "在安静的房间里休息。"
    zh.save()
    assert run(site, "translate").exit_code == 0
    assert entries(site)["Rest in a quiet room."].msgstr == "在安靜的房間裡休息。"


def test_opencc_can_be_turned_off_and_an_unknown_conversion_is_a_usage_error(
    site, run, monkeypatch
):
    monkeypatch.delenv("DEEPL_AUTH_KEY", raising=False)
    write(
        site / "pipeline.toml", 'locales = ["zh", "zh-Hant"]\n[locale.zh-Hant]\nopencc = "none"\n'
    )
    result = run(site, "translate")
    assert "opencc" not in result.stdout and not entries(site)["Software for cramps"].msgstr
    write(
        site / "pipeline.toml", 'locales = ["zh", "zh-Hant"]\n[locale.zh-Hant]\nopencc = "s2xx"\n'
    )
    result = run(site, "translate")
    assert result.exit_code == 2 and "s2xx" in result.stderr and "s2twp" in result.stderr


def test_a_title_translated_apart_from_its_h1_is_converted_from_its_own_role():
    source = po({"Software for cramps": ("缓解痛经的软件", False)})
    title = polib.POEntry(msgid="Software for cramps", msgstr="痛经软件指南")
    title.msgctxt = "front matter: title"
    source.append(title)
    eng = engine([("a", source)])
    h1 = dict(eng.draft([DraftRequest("Software for cramps")]))["Software for cramps"]
    own = dict(eng.draft([DraftRequest("Software for cramps", msgctxt="front matter: title")]))
    assert "軟體" in h1.text and "指南" not in h1.text and "differently" not in h1.note
    assert "指南" in own["Software for cramps"].text
