"""plan.articles: when the mirrors move the English front matter, the articles are judged
and filled once and the relocated English is made only when asked, with the same bytes
as localizing the relocated English from scratch."""

from __future__ import annotations

import dataclasses

from pipeline import config, merge, plan
from pipeline.glossary import parse as parse_glossary
from pipeline.markdown import extract
from pipeline.po.model import Catalog, Entry

EN = """---
title: "Heat therapy"
summary: plain summary text
tags: [heat, pain relief]
category: "Natural Therapies"
reading_time: "12 min read"
title_zh: "stale old title"
---

# Heat

Body text with a [link](/en/articles/cold).

- one item
"""

ZH = {
    "Heat therapy": "热敷疗法",
    "plain summary text": "简介",
    "heat": "热敷",
    "pain relief": "缓解疼痛",
    "Heat": "热敷",
    "Body text with a [link](/en/articles/cold).": "正文与[链接](/en/articles/cold)。",
}
GLOSSARY = parse_glossary("term,translation,note\nNatural Therapies,自然疗法,\n")


def _inputs(translations: dict[str, str]) -> dict[str, plan.Inputs]:
    po = Catalog()
    po.entries = [Entry(k, v) for k, v in translations.items()]
    return {"zh": plan.Inputs(po, GLOSSARY, target="content/zh/a.md")}


def _from_scratch(cfg: config.Config, translations: dict[str, str]) -> tuple[str, object]:
    """What the articles were made from before: the relocated English, localized whole."""
    article = extract.article(EN, "content/en/a.md", "a", extract.Options.of(cfg))
    first = plan.articles(article, _inputs(translations), cfg)
    moved = extract.relocated(article, first.source, extract.Options.of(cfg))
    entries = {e.msgid: e for e in _inputs(translations)["zh"].catalog.entries}
    whole = merge.localize(moved, entries, cfg, "zh", GLOSSARY, target="content/zh/a.md")
    return first, (moved, whole)


def _same(a, b) -> bool:
    """Articles equal, front matter by its values (YAML nodes compare by identity)."""
    return (
        dataclasses.replace(a, fm_data=None) == dataclasses.replace(b, fm_data=None)
        and a.fm_data.values == b.fm_data.values
    )


def test_relocated_english_is_localized_as_from_scratch_and_made_only_when_asked() -> None:
    cfg = config.Config(locales=["zh"])
    result, (moved, whole) = _from_scratch(cfg, ZH)
    assert result.moved and "reading_time_zh" in result.source
    assert result.relocated is None  # nothing asked for it yet
    out = result.localized["zh"]
    assert (out.text, out.values, out.notes, out.withheld) == (
        whole.text,
        whole.values,
        whole.notes,
        whole.withheld,
    )
    assert out.coverage == whole.coverage
    assert not result.units_moved
    assert _same(result.article, moved)  # relocated on demand, as extract does it
    assert result.article.body_line == result.english.body_line + 1


def test_a_mirror_that_is_also_translated_relocates_and_fills_again() -> None:
    policies = {**config.Config().frontmatter, "reading_time_zh": "translate"}
    cfg = config.Config(locales=["zh"], frontmatter=policies)  # the mirror added is a unit
    result, (moved, whole) = _from_scratch(cfg, ZH)
    assert result.moved and result.fields_moved and result.units_moved
    out = result.localized["zh"]
    assert (out.text, out.values, out.notes) == (whole.text, whole.values, whole.notes)
    assert out.coverage == whole.coverage
    assert _same(result.article, moved)


def test_unmoved_article_is_the_english_itself() -> None:
    cfg = config.Config(locales=["zh"])
    article = extract.article(EN, "content/en/a.md", "a", extract.Options.of(cfg))
    first = plan.articles(article, _inputs(ZH), cfg)
    settled = extract.relocated(article, first.source, extract.Options.of(cfg))
    again = plan.articles(settled, _inputs(ZH), cfg)
    assert not again.moved and again.article is settled


def test_the_english_after_its_mirrors_is_parsed_once(monkeypatch) -> None:
    """The check of the mirrors' edit read the new front matter back; plan takes it from
    there instead of parsing the same text again."""
    cfg = config.Config(locales=["zh"])
    article = extract.article(EN, "content/en/a.md", "a", extract.Options.of(cfg))

    def refused(src):
        raise AssertionError(f"parsed again: {src.path}")

    monkeypatch.setattr(plan.markdown_source, "parse", refused)
    result = plan.articles(article, _inputs(ZH), cfg)
    assert result.moved and "reading_time_zh" in result.localized["zh"].text


def test_a_localized_text_is_written_out_once(monkeypatch) -> None:
    """The first front matter, made only for the mirrors' values, is never written out
    (nor read back) when the mirrors move the English: only the one that is kept."""
    cfg = config.Config(locales=["zh"])
    article = extract.article(EN, "content/en/a.md", "a", extract.Options.of(cfg))
    finished = []
    finish = merge.Prepared.finish
    monkeypatch.setattr(merge.Prepared, "finish", lambda p: finished.append(p) or finish(p))
    result = plan.articles(article, _inputs(ZH), cfg)
    assert result.moved and len(finished) == 1
    assert finished[0].article.fm_text != article.fm_text  # the English after its mirrors
