"""Front-matter policy: translate, copy, localize, derive, glossary, mirrors; exact YAML."""

from __future__ import annotations

import polib
import pytest
import yaml
from conftest import copy_corpus, needs_corpus, write
from hypothesis import given
from hypothesis import strategies as st

from pipeline import config, merge
from pipeline.errors import PipelineError
from pipeline.glossary import parse as parse_glossary
from pipeline.markdown import extract, frontmatter, source

EN = """---
title: "Heat & \\"therapy\\""
# a comment that must survive
summary: plain summary text
tags:
  - heat
  - pain relief
category: "Natural Therapies"
author: "Unknown Team"
canonical_url: "/en/articles/heat"
featured_image: "/images/heat.jpg"
date: 2024-12-19
featured: true
reading_time: "12 min read"
title_zh: "stale old title"
custom_key: "kept as is"
---

# Heat

Body text.
"""

ZH = {
    'Heat & "therapy"': '热敷与"疗法"',
    "plain summary text": "简介：正文",
    "heat": "热敷",
    "pain relief": "缓解疼痛",
    "Heat": "热敷",
    "Body text.": "正文。",
}
GLOSSARY = parse_glossary("term,translation,note\nNatural Therapies,自然疗法,\n")


def entries(mapping: dict[str, str], fuzzy: frozenset[str] = frozenset()) -> dict:
    out = {}
    for k, v in mapping.items():
        e = polib.POEntry(msgid=k, msgstr=v)
        if k in fuzzy:
            e.flags = ["fuzzy"]
        out[k] = e
    return out


def localize(text=EN, translations=ZH, cfg=None, fuzzy=frozenset()):
    a = extract.article(text, "content/en/a.md", "a")
    return a, merge.localize(
        a, entries(translations, fuzzy), cfg or config.Config(), "zh", GLOSSARY
    )


def fm(text: str) -> dict:
    return yaml.safe_load(text.split("---\n")[1])


def test_policies_applied_and_everything_else_byte_for_byte() -> None:
    _, out = localize()
    lines = out.text.split("\n")
    assert lines[1] == 'title: "热敷与\\"疗法\\""'
    assert "# a comment that must survive" in lines
    assert "summary: 简介：正文" in lines or 'summary: "简介：正文"' in lines
    data = fm(out.text)
    assert data["tags"] == ["热敷", "缓解疼痛"]
    assert data["category"] == "自然疗法"
    assert data["author"] == "Unknown Team" and any("author" in n for n in out.notes)
    assert data["canonical_url"] == "/zh/articles/heat"
    assert data["reading_time"] == "12分钟"
    assert data["title_zh"] == '热敷与"疗法"'
    assert 'custom_key: "kept as is"' in lines and "date: 2024-12-19" in lines
    assert list(data) == list(fm(EN)) and "draft" not in data


def test_fuzzy_article_gets_draft_true_and_loses_it_when_complete() -> None:
    _, out = localize(fuzzy=frozenset({"Body text."}))
    assert fm(out.text)["draft"] is True
    _, out = localize()
    assert "draft" not in fm(out.text)


def test_english_draft_false_is_switched_not_duplicated() -> None:
    text = EN.replace("featured: true\n", "featured: true\ndraft: false\n")
    _, out = localize(text, fuzzy=frozenset({"Body text."}))
    assert out.text.count("draft:") == 1 and fm(out.text)["draft"] is True


def test_reading_time_compute_and_camel_case_key() -> None:
    text = EN.replace('reading_time: "12 min read"', 'readingTime: "3 minutes"')
    _, out = localize(text)
    assert fm(out.text)["readingTime"] == "3分钟"
    cfg = config.Config(reading_time="compute")
    _, out = localize(cfg=cfg)
    assert fm(out.text)["reading_time"] == "1分钟"


def test_english_mirrors_take_the_chinese_values_and_reading_time_zh_is_added() -> None:
    a, out = localize()
    english = merge.source_mirrors(a, {"zh": out.values}, config.Config())
    assert (
        english.replace('title_zh: "热敷与\\"疗法\\""', 'title_zh: "stale old title"').replace(
            'reading_time_zh: "12分钟"\n', ""
        )
        == EN
    )
    assert fm(english)["reading_time_zh"] == fm(out.text)["reading_time"]
    again = extract.article(english, "content/en/a.md", "a")
    out2 = merge.localize(again, entries(ZH), config.Config(), "zh", GLOSSARY)
    assert merge.source_mirrors(again, {"zh": out2.values}, config.Config()) == english


def test_chinese_file_en_mirrors_take_the_english_values() -> None:
    text = EN.replace("custom_key:", 'title_en: "old"\ncustom_key:')
    _, out = localize(text)
    assert fm(out.text)["title_en"] == 'Heat & "therapy"'


@needs_corpus
def test_corpus_front_matter_after_identity_merge(repo, run) -> None:
    slugs = copy_corpus(repo)
    originals = {s: (repo / "content/en" / f"{s}.md").read_text("utf-8") for s in slugs}
    run(repo, "extract")
    for slug in slugs:
        po = polib.pofile(str(repo / "locale/zh" / f"{slug}.po"))
        for e in po:
            e.msgstr = e.msgid
        po.save()
    assert run(repo, "sync", "--engine", "memory").exit_code == 0
    for slug in slugs:
        en_text = (repo / "content/en" / f"{slug}.md").read_text("utf-8")
        zh_data = fm((repo / "content/zh" / f"{slug}.md").read_text("utf-8"))
        en_data = fm(en_text)
        assert list(zh_data)[: len(en_data)] == list(en_data)
        for key, value in en_data.items():
            if key.endswith("_zh") and key[:-3] in zh_data:
                assert value == zh_data[key[:-3]], (slug, key)
        before, after = fm(originals[slug]), en_data
        changed = {k for k in after if before.get(k) != after.get(k)}
        assert all(k.endswith("_zh") for k in changed), (slug, changed)
        assert extract.fill(extract.article(en_text, "a", "a").body, str) == extract.fill(
            extract.article(originals[slug], "a", "a").body, str
        )


def test_status_reports_each_unknown_key_once(repo, run) -> None:
    for name in ("a", "b"):
        write(repo / f"content/en/{name}.md", EN)
    run(repo, "extract")
    result = run(repo, "status")
    notes = [ln for ln in result.stdout.splitlines() if "without a policy" in ln]
    assert len(notes) == 1 and "custom_key" in notes[0] and notes[0].startswith("content/en/a.md")


# -- writing values safely -----------------------------------------------------------

HOSTILE_VALUES = [
    "纯标题\rdraft:\r  false\raliases:\r  [/evil]",
    "纯标题\x85draft: false",
    "纯标题\x07",
    "纯标题\u2028draft: false\u2029x: y",
    "a: b",
    "#not a comment",
    "- item",
    "true",
    "2024-12-19",
    "1.5",
    "a, b] c",
    "'quoted'",
    '"double"',
    " leading space",
    "trailing space ",
    "back\\slash",
    "\ufeffbom",
    "tab\there",
    "line\nbreak",
]


@pytest.mark.parametrize("style", ["", "'", '"'])
@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_any_value_in_any_style_reads_back_as_itself(value, style) -> None:
    written = frontmatter.quote(value, style)
    assert yaml.load(f"k: {written}\nz: 1\n", Loader=yaml.CSafeLoader) == {"k": value, "z": 1}
    assert yaml.load(f"k: [{written}, x]\n", Loader=yaml.CSafeLoader) == {"k": [value, "x"]}


@given(st.text())
def test_quoting_is_safe_for_every_string(value) -> None:
    for style in ("", "'", '"'):
        written = frontmatter.quote(value, style)
        assert yaml.load(f"k: {written}\n", Loader=yaml.CSafeLoader) == {"k": value}


def test_a_located_scalar_holding_yaml_line_breaks_stays_one_value() -> None:
    text = "title: Plain title\ntags: [heat, pain]\n"
    fm = source.parse_yaml(source.split(f"---\n{text}---\n", "a.md"))
    editor = frontmatter.Editor(text, fm, path="content/zh/a.md")
    start = text.index("Plain")
    editor.set_scalar_at(start, start + len("Plain title"), "", "Plain title", HOSTILE_VALUES[0])
    start = text.index("pain")
    editor.set_scalar_at(start, start + 4, "", "pain", "疼\x85痛, x")
    editor.set("draft", True)
    data = yaml.load(editor.result(), Loader=yaml.CSafeLoader)
    assert data == {"title": HOSTILE_VALUES[0], "tags": ["heat", "疼\x85痛, x"], "draft": True}


def test_a_write_that_would_not_read_back_is_refused_naming_file_and_key() -> None:
    text = 'title: "T"\nfeatured: true\n'
    fm = source.parse_yaml(source.split(f"---\n{text}---\n", "a.md"))
    editor = frontmatter.Editor(text, fm, path="content/zh/a.md")
    editor.set("title", "译")
    editor.edits.append((len(text) - 1, len(text), "\nfeatured: false\n"))  # a broken emitter
    with pytest.raises(PipelineError) as caught:
        editor.result()
    assert caught.value.path == "content/zh/a.md" and "'featured'" in caught.value.message
    editor.edits[-1] = (len(text) - 1, len(text), "\ntitle: again\n")
    with pytest.raises(PipelineError, match="duplicate front-matter key"):
        editor.result()


def test_merge_writes_no_article_whose_front_matter_would_not_read_back(repo, run, monkeypatch):
    write(repo / "content/en/a.md", '---\ntitle: "Heat"\n---\n\nBody text.\n')
    run(repo, "extract")
    write(repo / "content/en/b.md", '---\ntitle: "Rest"\n---\n\nMore text.\n')
    run(repo, "extract")
    for slug, zh in (
        ("a", {"Heat": "热敷", "Body text.": "正文。"}),
        ("b", {"Rest": "休息", "More text.": "更多。"}),
    ):
        po = polib.pofile(str(repo / "locale/zh" / f"{slug}.po"))
        for e in po:
            e.msgstr = zh[e.msgid]
        po.save()
    real = frontmatter.quote
    monkeypatch.setattr(
        frontmatter, "quote", lambda v, s: real(v, s) + "\nextra: 1" if v == "热敷" else real(v, s)
    )
    result = run(repo, "merge")
    assert result.exit_code == 1
    assert "content/zh/a.md" in result.stderr and "'extra'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 2  # the file's line and the verdict
    assert not (repo / "content/zh/a.md").exists() and (repo / "content/zh/b.md").exists()
