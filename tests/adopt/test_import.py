"""Adopting existing translations: `pipeline import`, the addenda file, merge giving them back."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from conftest import CORPUS, write

from pipeline.adopt import addenda, align
from pipeline.errors import PipelineError
from pipeline.markdown import extract, source
from pipeline.po import catalog

EN_FM = '---\ntitle: "Back pain guide"\nreading_time: "5 minutes"\n---\n'
ZH_FM = '---\ntitle: "背痛指南"\nreading_time: "6分钟"\nzh_note: "仅中文"\n---\n'


def pair(repo: Path, en_body: str, zh_body: str, run, *args: str):
    """Write one English article and its translation, run import; return the CLI result."""
    write(repo / "content/en/a.md", EN_FM + en_body)
    write(repo / "content/zh/a.md", ZH_FM + zh_body)
    return run(repo, "import", *args)


def entries(repo: Path) -> dict[str, polib.POEntry]:
    return catalog.translations(polib.pofile(str(repo / "locale/zh/a.po")))


def merged_body(repo: Path, run) -> str:
    result = run(repo, "merge")
    assert result.exit_code == 0, result.output
    text = (repo / "content/zh/a.md").read_text("utf-8")
    return source.split(text, "a.md").body


def articles(en_body: str, zh_body: str) -> align.Alignment:
    en = extract.article(EN_FM + en_body, "content/en/a.md", "a")
    zh = extract.article(ZH_FM + zh_body, "content/zh/a.md", "a")
    return align.align(en, zh)


EN = """# Back pain guide

About 60% of patients feel it in the L4-S1 area.

## Causes

Prostaglandins rise 3 days before the period.

- Heat for 20 minutes
- Rest

## Relief

See [ACOG](https://www.acog.org/faq) for more.
"""

ZH = """# 背痛指南

约60%的患者在L4-S1区域感到疼痛。

## 原因

前列腺素在经期前3天升高。

- 热敷20分钟
- 休息

## 缓解

更多信息见[ACOG](https://www.acog.org/faq)。
"""


def test_identical_structure_is_reviewed_and_comes_back_byte_for_byte(repo, run) -> None:
    result = pair(repo, EN, ZH, run)
    assert result.exit_code == 0, result.output
    e = entries(repo)
    body_units = [m for m in e if not m.startswith("Back pain guide")]
    assert all(e[m].msgstr and not e[m].fuzzy for m in body_units)
    assert e["Heat for 20 minutes"].msgstr == "热敷20分钟"
    assert "parallel" in result.output and "body identical after merge" in result.output
    assert merged_body(repo, run) == ZH


def test_import_twice_changes_nothing(repo, run) -> None:
    pair(repo, EN, ZH.replace("## 缓解", "## 附加\n\n新增。\n\n## 缓解"), run)
    files = {p: p.read_bytes() for p in (repo / "locale").rglob("*") if p.is_file()}
    again = run(repo, "import")
    assert again.exit_code == 0
    assert "written" not in again.output.replace("0 written", "")
    assert {p: p.read_bytes() for p in (repo / "locale").rglob("*") if p.is_file()} == files


def test_an_inserted_chinese_section_is_kept_as_addendum_and_put_back(repo, run) -> None:
    extra = "## 补充：中医观点\n\n中医认为经期背痛与肾虚有关。\n\n"
    zh = ZH.replace("## 缓解", extra + "## 缓解")
    result = pair(repo, EN, zh, run)
    assert "extended" in result.output and "only in the translation" in result.output
    kept = (repo / "locale/zh/a.addenda.md").read_text("utf-8")
    assert '<!-- pipeline: insert after #1 "Rest" +2 -->\n' in kept
    assert extra in kept
    assert merged_body(repo, run) == zh


def test_a_deleted_paragraph_stays_untranslated_and_is_reported(repo, run) -> None:
    zh = ZH.replace("前列腺素在经期前3天升高。\n\n", "")
    result = pair(repo, EN, zh, run)
    e = entries(repo)
    assert e["Prostaglandins rise 3 days before the period."].msgstr == ""
    assert e["Rest"].msgstr == "休息" and not e["Rest"].fuzzy
    assert "1 English unit without translation" in result.output
    assert "partial" in result.output


MERGED_EN = EN + "\n## Dose\n\nTake 200 mg with food.\n\nWait 4 hours before the next dose.\n"
MERGED_ZH = ZH + "\n## 剂量\n\n随餐服用200 mg，下一剂前等待4小时。\n"


def test_merged_paragraphs_pair_one_as_doubtful_and_leave_the_other() -> None:
    found = articles(MERGED_EN, MERGED_ZH)
    paragraphs = [p for p in found.pairs if p.msgid.startswith(("Take", "Wait"))]
    assert len(paragraphs) == 1
    assert paragraphs[0].doubt.startswith("numbers differ")
    assert [str(u.kind) for u in found.unmatched] == ["paragraph"]
    assert found.verdict == "partial"


def test_merged_paragraphs_become_fuzzy_with_an_import_comment(repo, run) -> None:
    pair(repo, MERGED_EN, MERGED_ZH, run)
    fuzzy = [e for e in entries(repo).values() if e.fuzzy]
    assert len(fuzzy) == 1
    assert fuzzy[0].tcomment.startswith("import: numbers differ")


def test_a_list_with_one_more_item_keeps_the_item(repo, run) -> None:
    zh = ZH.replace("- 热敷20分钟\n", "- 热敷20分钟\n- 轻柔按摩腰部\n")
    result = pair(repo, EN, zh, run)
    assert result.exit_code == 0
    kept = (repo / "locale/zh/a.addenda.md").read_text("utf-8")
    assert '<!-- pipeline: insert after #1 "Heat for 20 minutes" +1 -->\n- 轻柔按摩腰部\n' in kept
    assert merged_body(repo, run) == zh


def test_a_different_heading_level_is_doubtful_and_kept(repo, run) -> None:
    zh = ZH.replace("## 原因", "### 原因")
    result = pair(repo, EN, zh, run)
    e = entries(repo)["Causes"]
    assert e.msgstr == "原因" and e.fuzzy
    assert "heading 2 in English, heading 3 in the translation" in e.tcomment
    kept = (repo / "locale/zh/a.addenda.md").read_text("utf-8")
    assert "<!-- pipeline: replace after" in kept and "<!-- pipeline: with -->\n\n\n### " in kept
    assert "body identical after merge" in result.output
    assert merged_body(repo, run) == zh


TABLE_EN = """# Doses

| Drug | Dose |
|------|------|
| Ibuprofen | 400 mg |
| Naproxen | 250 mg |
| Aspirin | 500 mg |
"""

TABLE_ZH = """# 剂量

| 药物 | 剂量 |
|------|------|
| 布洛芬 | 400 mg |
| 萘普生 | 250 mg |
| 对乙酰氨基酚 | 1000 mg |
| 阿司匹林 | 500 mg |
"""


def test_a_table_with_an_extra_row_keeps_the_row_in_place(repo, run) -> None:
    result = pair(repo, TABLE_EN, TABLE_ZH, run)
    assert result.exit_code == 0
    e = entries(repo)
    assert e["Aspirin"].msgstr == "阿司匹林" and not e["Aspirin"].fuzzy
    kept = (repo / "locale/zh/a.addenda.md").read_text("utf-8")
    assert "| 对乙酰氨基酚 | 1000 mg |\n" in kept
    assert merged_body(repo, run) == TABLE_ZH


def test_a_rewrite_is_reported_and_only_confident_pairs_are_imported(repo, run) -> None:
    en = EN + "\n## More\n\nA 1st note.\n\nA 2nd note.\n\nA 3rd note.\n"
    zh = "# 背痛指南\n\n这是一篇完全重写的文章。\n\n- 第一点\n- 第二点\n- 第三点\n- 第四点\n"
    result = pair(repo, en, zh, run)
    assert result.exit_code == 0, result.output
    assert "rewrite" in result.output
    assert not [e for e in entries(repo).values() if e.fuzzy]
    kept = (repo / "locale/zh/a.addenda.md").read_text("utf-8")
    assert "- 第四点" in kept  # nothing the translators wrote is lost


def test_existing_translations_are_kept_unless_forced(repo, run) -> None:
    pair(repo, EN, ZH, run)
    po = polib.pofile(str(repo / "locale/zh/a.po"))
    po.find("Rest").msgstr = "休息一下"
    po.save()
    result = run(repo, "import")
    assert entries(repo)["Rest"].msgstr == "休息一下"
    assert "existing translations differ" in result.output
    run(repo, "import", "--force")
    assert entries(repo)["Rest"].msgstr == "休息"


def test_front_matter_differences_are_reported_and_chinese_only_keys_kept(repo, run) -> None:
    result = pair(repo, EN, ZH, run)
    assert "front matter reading_time: the translation says '6分钟', merge writes '5分钟'" in (
        result.output
    )
    assert entries(repo)["Back pain guide"].msgstr == "背痛指南"
    merged_body(repo, run)
    text = (repo / "content/zh/a.md").read_text("utf-8")
    assert 'zh_note: "仅中文"\n' in text.split("---\n")[1]


def test_from_reads_another_folder(repo, run) -> None:
    write(repo / "content/en/a.md", EN_FM + EN)
    write(repo / "old/zh/a.md", ZH_FM + ZH)
    result = run(repo, "import", "--from", "old/zh")
    assert result.exit_code == 0, result.output
    assert entries(repo)["Rest"].msgstr == "休息"


# -- the addenda file -----------------------------------------------------------


def test_addenda_file_round_trips_awkward_text() -> None:
    kept = addenda.Addenda(
        "content/zh/a.md",
        'extra: "x"\n',
        [
            addenda.Entry(addenda.Anchor(), "\n\n开头\n", 0),
            addenda.Entry(addenda.Anchor('a "quoted" -->\nmsgid', 2), "no final newline", 1),
            addenda.Entry(addenda.Anchor("x", 1), "  \n", english=" |\n| "),
            addenda.Entry(addenda.Anchor("x", 3), "另一种译法", unit=True),
        ],
    )
    assert addenda.loads(addenda.dumps(kept)) == kept


def test_a_broken_addenda_marker_names_its_line() -> None:
    text = "<!-- pipeline: addenda for a -->\n<!-- pipeline: insert before x -->\n"
    with pytest.raises(PipelineError) as err:
        addenda.loads(text, "a.addenda.md")
    assert err.value.line == 2


def test_an_addendum_whose_anchor_is_gone_is_reported_not_placed() -> None:
    a = extract.article(EN_FM + "# Title\n\nText.\n", "a.md", "a")
    kept = addenda.Addenda("", "", [addenda.Entry(addenda.Anchor("Gone", 1), "中文\n", 1)])
    body, notes = addenda.fill(a.body, lambda m: m, kept)
    assert body == "# Title\n\nText.\n"
    assert notes and "no longer in the English article" in notes[0]


def test_a_replacement_is_dropped_when_the_english_markup_changed() -> None:
    a = extract.article(EN_FM + "# Title\n\n### Sub\n", "a.md", "a")
    change = addenda.Entry(addenda.Anchor("Title", 1), "\n\n## ", english="x")
    kept = addenda.Addenda("", "", [change])
    body, notes = addenda.fill(a.body, lambda m: m, kept)
    assert body == "# Title\n\n### Sub\n"
    assert "English markup kept" in notes[0]


# -- the live corpus ------------------------------------------------------------


def _corpus_repo(tmp_path: Path) -> Path:
    for lang in ("en", "zh"):
        shutil.copytree(CORPUS / lang, tmp_path / "content" / lang)
    return tmp_path


@pytest.mark.slow
@pytest.mark.skipif(not (CORPUS / "zh").is_dir(), reason="../shared/corpus is absent")
def test_corpus_import_then_merge_gives_back_the_chinese_bodies(tmp_path, run) -> None:
    repo = _corpus_repo(tmp_path)
    originals = {p.stem: p.read_text("utf-8") for p in sorted((repo / "content/zh").glob("*.md"))}
    first = run(repo, "import")
    assert first.exit_code == 0, first.output
    files = {p: p.read_bytes() for p in (repo / "locale").rglob("*") if p.is_file()}
    again = run(repo, "import")
    assert again.exit_code == 0
    assert {p: p.read_bytes() for p in (repo / "locale").rglob("*") if p.is_file()} == files
    for po_file in (repo / "locale/zh").glob("*.po"):
        for e in polib.pofile(str(po_file)):
            if e.msgstr and not e.fuzzy and not e.obsolete:
                a, b = align.evidence(e.msgid), align.evidence(e.msgstr)
                assert (a.numbers, a.urls) == (b.numbers, b.urls), (po_file.name, e.msgid)
    for path in (repo / "content/zh").glob("*.md"):
        path.unlink()  # only what merge writes counts
    merged = run(repo, "merge")
    assert merged.exit_code == 0, merged.output
    same = [
        slug
        for slug, text in originals.items()
        if (repo / f"content/zh/{slug}.md").exists()
        and source.split(text, slug).body
        == source.split((repo / f"content/zh/{slug}.md").read_text("utf-8"), slug).body
    ]
    # the issue asks for the 27 parallel + 7 extended pairs; 35 is what this build gives back
    assert len(same) >= 35, sorted(set(originals) - set(same))
