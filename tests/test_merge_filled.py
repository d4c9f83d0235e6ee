"""merge.filled asks placeables and safety only about texts translated to another text:
the blocked translations are those of asking about every unit, and a text translated as
itself (an identity-filled catalog) is never scanned."""

from __future__ import annotations

import pytest

from pipeline import config, merge
from pipeline.markdown import extract
from pipeline.model import Hole
from pipeline.po.model import Entry
from pipeline.qa.placeables import withheld as placeables_withheld

EN = """---
title: "Heat therapy"
summary: "2024"
tags: [heat, pain relief]
---

# Heat

Heat helps {{< note >}}often{{< /note >}} with a [link](/en/articles/cold).

- Heat
- one <b>item</b>
"""


def _article(cfg: config.Config):
    return extract.article(EN, "content/en/a.md", "a", extract.Options.of(cfg))


def _entries(article, changed: dict[str, str]) -> dict[str, Entry]:
    """Every unit translated as itself, but for ``changed`` (English -> translation)."""
    texts = [(u.key, u.msgid, u.context) for u in article.units]
    texts += [(f.key, f.value, f.context) for f in article.fm_fields]
    return {k: Entry(msgid, changed.get(msgid, msgid), ctx) for k, msgid, ctx in texts}


def _every_unit_asked(article, entries, cfg) -> dict[str, str]:
    return {
        **placeables_withheld(article.units, entries),
        **merge.withheld(article, entries, cfg, "zh"),
    }


@pytest.mark.parametrize(
    "changed",
    [
        {},
        {"2024": "2024\nevil: true"},
        {"Heat therapy": "热敷疗法"},
        {"Heat helps {{< note >}}often{{< /note >}} with a [link](/en/articles/cold).": "热敷"},
        {"one <b>item</b>": "一 <script>x</script>"},
        {"heat": "热敷", "one <b>item</b>": "一 <b>项</b>"},
    ],
)
def test_blocked_as_when_every_unit_is_asked(changed) -> None:
    cfg = config.Config(locales=["zh"])
    article = _article(cfg)
    entries = _entries(article, changed)
    assert merge.filled(article, entries, cfg, "zh").blocked == _every_unit_asked(
        article, entries, cfg
    )


def test_a_text_translated_as_itself_is_not_judged(monkeypatch) -> None:
    cfg = config.Config(locales=["zh"])
    article = _article(cfg)
    asked: list[str] = []
    monkeypatch.setattr(merge, "withheld", lambda *a: asked.append("review") or {})
    merge.filled(article, _entries(article, {}), cfg, "zh")
    assert asked == []
    merge.filled(article, _entries(article, {"2024": "二〇二四"}), cfg, "zh")
    assert asked == ["review"]  # a field without letters is no unit, and still judged


def test_every_hole_has_the_unit_of_its_key_and_english() -> None:
    """What ``merge._fields_rewritten`` relies on: no hole is judged that no unit names."""
    cfg = config.Config(locales=["zh"])
    article = _article(cfg)
    units = {(u.key, u.msgid) for u in article.units}
    holes = [(p.key, p.msgid) for p in article.body if isinstance(p, Hole)]
    assert any(p.context for p in article.body if isinstance(p, Hole))  # "Heat" twice
    assert set(holes) <= units
