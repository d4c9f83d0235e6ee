"""The commands as editors and CI use them: outputs, idempotence, bad input."""

from __future__ import annotations

import shutil

import polib
from conftest import SEED, copy_corpus, needs_corpus, write

from pipeline.markdown import extract

ARTICLE = """---
title: "Back pain"
reading_time: "5 minutes"
---

# Back pain

About 60-70% of patients feel it.

- **Lumbosacral**: L4-S1 area
"""


def po_path(root, slug="a"):
    return root / "locale" / "zh" / f"{slug}.po"


def fill(root, slug="a", fuzzy=False, only=None):
    po = polib.pofile(str(po_path(root, slug)))
    for e in po:
        if only is None or e.msgid in only:
            e.msgstr = "译：" + e.msgid
            if fuzzy:
                e.flags = ["fuzzy"]
    po.save()


def test_extract_writes_template_and_catalog_and_is_idempotent(repo, run) -> None:
    write(repo / "content/en/a.md", ARTICLE)
    first = run(repo, "extract")
    assert first.exit_code == 0, first.output
    pot = repo / "locale/templates/a.pot"
    assert pot.is_file() and po_path(repo).is_file()
    stamps = [p.stat().st_mtime_ns for p in (pot, po_path(repo))]
    second = run(repo, "extract")
    assert second.exit_code == 0 and "written" not in second.stdout
    assert [p.stat().st_mtime_ns for p in (pot, po_path(repo))] == stamps


def test_merge_complete_article_is_not_a_draft(repo, run) -> None:
    write(repo / "content/en/a.md", ARTICLE)
    run(repo, "extract")
    fill(repo)
    result = run(repo, "merge")
    assert result.exit_code == 0, result.output
    zh = (repo / "content/zh/a.md").read_text("utf-8")
    assert "译：About 60-70% of patients feel it." in zh and "draft:" not in zh
    assert 'title: "译：Back pain"' in zh


def test_fuzzy_or_missing_translations_make_a_draft(repo, run) -> None:
    write(repo / "content/en/a.md", ARTICLE)
    run(repo, "extract")
    fill(repo, fuzzy=True)
    run(repo, "merge")
    zh = (repo / "content/zh/a.md").read_text("utf-8")
    assert zh.rstrip().endswith("L4-S1 area") and "\ndraft: true\n" in zh


def test_low_coverage_article_is_not_written(repo, run) -> None:
    write(repo / "content/en/a.md", ARTICLE)
    run(repo, "extract")
    fill(repo, only={"Back pain"})
    result = run(repo, "merge")
    assert not (repo / "content/zh/a.md").exists()
    assert "below min_coverage" in result.stdout


def test_status_reports_counts(repo, run) -> None:
    write(repo / "content/en/a.md", ARTICLE)
    run(repo, "extract")
    fill(repo, only={"Back pain"})
    result = run(repo, "status")
    assert result.exit_code == 0
    line = next(ln for ln in result.stdout.splitlines() if ln.startswith("a "))
    # the title repeats the H1: two entries (msgctxt "front matter: title"), both filled
    assert line.split()[2:7] == ["4", "13", "2", "0", "2"]


def test_malformed_yaml_names_file_and_line_and_others_still_run(repo, run) -> None:
    write(repo / "content/en/a.md", ARTICLE)
    write(repo / "content/en/b.md", '---\ntitle: "ok"\ntags: [a, b\n---\n\nBody\n')
    result = run(repo, "extract")
    assert result.exit_code == 1
    assert "content/en/b.md:" in result.stderr and "Traceback" not in result.output
    assert po_path(repo, "a").is_file() and not po_path(repo, "b").exists()


def test_a_page_without_front_matter_is_extracted_and_unclosed_fences_are_an_error(
    repo, run
) -> None:
    write(repo / "content/en/a.md", "# No front matter\n")
    write(repo / "content/en/b.md", "+++\ntitle = 'x'\n\n# Never closed\n")
    result = run(repo, "extract")
    assert result.exit_code == 1
    assert "content/en/b.md:1: front matter is not closed" in result.stderr
    assert 'msgid "No front matter"' in po_path(repo, "a").read_text("utf-8")


def test_broken_po_is_reported_and_left_untouched(repo, run) -> None:
    write(repo / "content/en/a.md", ARTICLE)
    run(repo, "extract")
    broken = po_path(repo).read_text("utf-8").replace('msgstr ""\n\n#.', 'msgstr "oops\n\n#.', 1)
    po_path(repo).write_text(broken, "utf-8")
    write(repo / "content/en/a.md", ARTICLE + "\nNew paragraph.\n")
    for command in ("extract", "merge"):
        result = run(repo, command)
        assert result.exit_code == 1
        assert "locale/zh/a.po:" in result.stderr and "broken PO file" in result.stderr
    assert po_path(repo).read_text("utf-8") == broken


def test_unknown_slug_is_an_error(repo, run) -> None:
    write(repo / "content/en/a.md", ARTICLE)
    result = run(repo, "extract", "nope")
    assert result.exit_code == 2 and "unknown article 'nope'" in result.stderr


def test_bad_configuration_exits_2(repo, run) -> None:
    write(repo / "pipeline.toml", "no_such_key = 1\n")
    result = run(repo, "status")
    assert result.exit_code == 2 and "unknown setting no_such_key" in result.stderr


def test_every_command_has_help(repo, run) -> None:
    for command in ("extract", "merge", "status", "sync"):
        assert run(repo, command, "--help").exit_code == 0


def test_edit_insert_delete_restore_through_the_cli(repo, run) -> None:
    paras = [
        f"Paragraph number {w} talks about pelvic pain and ligaments."
        for w in ("one", "two", "three", "four")
    ]
    src = repo / "content/en/a.md"
    write(src, '---\ntitle: "T"\n---\n\n' + "\n\n".join(paras) + "\n")
    run(repo, "extract")
    fill(repo)
    edited = [
        paras[0].replace("pelvic", "pelvis"),
        "A brand new inserted paragraph.",
        paras[1],
        paras[3],
    ]
    write(src, '---\ntitle: "T"\n---\n\n' + "\n\n".join(edited) + "\n")
    run(repo, "extract")
    po = polib.pofile(str(po_path(repo)))
    e = po.find(edited[0])
    assert e.fuzzy and e.previous_msgid == paras[0] and e.msgstr == "译：" + paras[0]
    assert po.find(paras[1]).msgstr == "译：" + paras[1] and not po.find(paras[1]).fuzzy
    assert [o.msgid for o in po.obsolete_entries()] == sorted([paras[0], paras[2]])
    write(src, '---\ntitle: "T"\n---\n\n' + "\n\n".join(paras) + "\n")
    run(repo, "extract")
    po = polib.pofile(str(po_path(repo)))
    assert po.find(paras[2]).msgstr == "译：" + paras[2] and not po.find(paras[2]).fuzzy


def test_seed_article_extracts_cleanly(repo, run) -> None:
    write(repo / "content/en/seed.md", SEED.read_text("utf-8"))
    assert run(repo, "extract").exit_code == 0


@needs_corpus
def test_identity_filled_corpus_merges_to_the_english_bodies(repo, run) -> None:
    slugs = copy_corpus(repo)
    assert run(repo, "extract").exit_code == 0
    for slug in slugs:
        po = polib.pofile(str(po_path(repo, slug)))
        for e in po:
            e.msgstr = e.msgid
        po.save()
    result = run(repo, "merge")
    assert result.exit_code == 0, result.stderr
    differ = []
    for slug in slugs:
        en = (repo / "content/en" / f"{slug}.md").read_text("utf-8")
        zh = (repo / "content/zh" / f"{slug}.md").read_text("utf-8")
        body = lambda t: extract.article(t, "x.md", "x")  # noqa: E731
        if extract.fill(body(en).body, lambda m: m) != extract.fill(body(zh).body, lambda m: m):
            differ.append(slug)
    assert differ == []


def test_the_no_op_shortcut_never_hides_a_change(repo, run) -> None:
    write(repo / "content/en/a.md", ARTICLE)
    run(repo, "extract")
    fill(repo)
    run(repo, "merge")
    zh = repo / "content/zh/a.md"
    zh.unlink()
    run(repo, "merge")
    assert zh.is_file(), "a deleted output is written again"
    fill(repo, only={"Back pain"})
    po = polib.pofile(str(po_path(repo)))
    po.find("Back pain", msgctxt="front matter: title").msgstr = "腰背痛"  # the title's own entry
    po.save()
    run(repo, "merge")
    assert 'title: "腰背痛"' in zh.read_text("utf-8"), "an edited catalog is merged again"
    (repo / ".pipeline-cache/memo.marshal").write_bytes(b"{not a memo")
    (repo / ".pipeline-cache/bodies/a.body").write_text("damaged", "utf-8")
    zh.write_text("hand edit", "utf-8")
    assert run(repo, "merge").exit_code == 0 and zh.read_text("utf-8") != "hand edit"


def test_a_kept_body_is_used_only_for_the_same_text(repo, run) -> None:
    write(repo / "content/en/a.md", ARTICLE)
    run(repo, "extract")
    kept = repo / ".pipeline-cache/bodies/a.body"
    assert kept.is_file()
    write(repo / "content/en/a.md", ARTICLE.replace("60-70%", "50-70%"))
    run(repo, "extract")
    po = polib.pofile(str(po_path(repo)))
    assert po.find("About 50-70% of patients feel it.") is not None


def test_check_reads_the_kept_bodies_but_writes_none(repo, run) -> None:
    write(repo / "content/en/a.md", ARTICLE)
    run(repo, "extract")
    shutil.rmtree(repo / ".pipeline-cache")
    run(repo, "check")
    assert not (repo / ".pipeline-cache/bodies").exists(), "check writes only its verdicts"
    assert (repo / ".pipeline-cache/check/a.json").is_file()


def test_merge_never_publishes_injected_markup(repo, run) -> None:
    write(repo / "content/en/a.md", ARTICLE)
    run(repo, "extract")
    fill(repo)
    po = polib.pofile(str(po_path(repo)))
    para = po.find("About 60-70% of patients feel it.")
    para.msgstr = "约60-70%的患者会感到<script>alert(1)</script>"
    po.save()
    result = run(repo, "merge")
    zh = (repo / "content/zh/a.md").read_text("utf-8")
    assert "<script>" not in zh and "About 60-70% of patients feel it." in zh
    assert "draft: true" in zh and "withheld" in result.stdout
