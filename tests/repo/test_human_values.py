"""A person's localized front-matter value is never replaced by English (issue 12, section 4)."""

from __future__ import annotations

import re
import shutil

import polib
import yaml
from conftest import CORPUS, needs_corpus, write

EN = (
    '---\ntitle: "Birth control"\ncategory: "{category}"\nauthor: "Site Team"\n'
    'reading_time: "{minutes} minutes"\n---\n\nUse a condom every time.\n'
)
ZH = (
    '---\ntitle: "避孕"\ncategory: "避孕指导"\ncategory_en: "contraception guide"\n'
    'author: "Site Team"\nreading_time: "8 分钟"\n---\n\n每次都使用避孕套。\n'
)


def _site(repo, run, category="contraception guide", minutes=8, zh=ZH):
    write(repo / "content/en/bc.md", EN.format(category=category, minutes=minutes))
    write(repo / "content/zh/bc.md", zh)
    write(repo / "locale/zh/glossary.csv", "term,translation\nSite Team,网站团队\n")
    assert run(repo, "extract").exit_code == 0
    po = polib.pofile(str(repo / "locale/zh/bc.po"))
    for e in po:
        e.msgstr = {"Birth control": "避孕", "Use a condom every time.": "每次都使用避孕套。"}[
            e.msgid
        ]
    po.save()
    return repo


def _fm(path):
    return yaml.safe_load(path.read_text("utf-8").split("---", 2)[1])


def test_a_human_value_missing_from_the_glossary_is_kept_and_reported(repo, run):
    site = _site(repo, run)
    result = run(site, "merge")
    assert result.exit_code == 0, result.output
    fm = _fm(site / "content/zh/bc.md")
    assert fm["category"] == "避孕指导" and fm["author"] == "网站团队"
    assert fm["reading_time"] == "8 分钟"  # the person's spelling of the same minutes
    assert "'contraception guide' is not in the glossary; kept '避孕指导'" in result.stdout
    assert "add `contraception guide,避孕指导` to the glossary" in result.stdout
    # Stable: a second merge and check find nothing to do.
    assert "unchanged" in run(site, "merge").stdout
    assert '"stale-article"' not in run(site, "check", "--format", "json").stdout


def test_a_changed_english_value_is_not_kept_silently(repo, run):
    site = _site(repo, run, category="family planning", minutes=12)
    result = run(site, "merge")
    fm = _fm(site / "content/zh/bc.md")
    # The article says it translated "contraception guide": its value is stale, but a
    # Chinese page keeps a Chinese category, and the reviewer is told.
    assert fm["category"] == "避孕指导"
    assert "category changed to 'family planning'" in result.stdout
    assert "kept the earlier translation '避孕指导'" in result.stdout
    assert fm["reading_time"] != "8 分钟" and "12" in fm["reading_time"]  # minutes changed


def test_the_glossary_wins_over_a_stale_value_and_a_copied_english_value(repo, run):
    site = _site(repo, run, category="family planning")
    write(
        site / "locale/zh/glossary.csv",
        "term,translation\nSite Team,网站团队\nfamily planning,计划生育\n",
    )
    run(site, "merge")
    assert _fm(site / "content/zh/bc.md")["category"] == "计划生育"
    english_copy = ZH.replace('category: "避孕指导"', 'category: "contraception guide"')
    site2 = _site(site / "other", run, zh=english_copy)
    write(site2 / "locale/zh/glossary.csv", "term,translation\ncontraception guide,避孕指南\n")
    run(site2, "merge")
    assert _fm(site2 / "content/zh/bc.md")["category"] == "避孕指南"


def test_a_disagreeing_glossary_is_reported_not_applied(repo, run):
    site = _site(repo, run)
    write(site / "locale/zh/glossary.csv", "term,translation\ncontraception guide,避孕指南\n")
    result = run(site, "merge")
    assert _fm(site / "content/zh/bc.md")["category"] == "避孕指导"
    assert "kept '避孕指导'; the glossary says '避孕指南'" in result.stdout


_CJK = re.compile(r"[\u3400-\u9fff]")


@needs_corpus
def test_sync_on_the_imported_corpus_turns_no_chinese_value_into_english(tmp_path, run):
    """The live site imported from elsewhere (import puts each article where merge writes
    it), then synced."""
    (tmp_path / "content/en").mkdir(parents=True)
    for f in sorted((CORPUS / "en").glob("*.md")):
        shutil.copyfile(f, tmp_path / "content/en" / f.name)
    run(tmp_path, "import", "--from", str(CORPUS / "zh"))
    assert run(tmp_path, "sync", "--engine", "memory").exit_code in (0, 1)
    kept = changed_english = 0
    became_english = []
    for f in sorted((CORPUS / "zh").glob("*.md")):
        human, out = _fm(f), _fm(tmp_path / "content/zh" / f.name)
        for key, value in human.items():
            chinese = isinstance(value, str) and _CJK.search(value)
            if chinese and key in out and not _CJK.search(str(out[key])):
                became_english.append(f"{f.stem} {key}: {value!r} -> {out[key]!r}")
        category = human.get("category")
        if isinstance(category, str) and _CJK.search(category):
            if out["category"] == category:
                kept += 1
            elif human.get("category_en") != _fm(CORPUS / "en" / f.name)["category"]:
                changed_english += 1  # the article records another English: see below
                assert _CJK.search(out["category"])
    assert became_english == []
    # 35 Chinese categories: 33 kept as written; 2 were made for an English category that
    # has changed, and take the Chinese value the English article records for the new one.
    assert (kept, changed_english) == (33, 2)
    second = run(tmp_path, "sync", "--engine", "memory")
    assert not re.search(r"^written ", second.stdout, re.MULTILINE), second.stdout
