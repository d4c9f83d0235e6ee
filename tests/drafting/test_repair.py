"""Near-match repair: numbers, links, code and decoration carried over; nothing guessed."""

from __future__ import annotations

import pytest

from pipeline.drafting.repair import edges, fits, repair, word_diff


@pytest.mark.parametrize(
    ("old_en", "new_en", "old_tr", "want"),
    [
        ("Continue for 3-5 minutes", "Continue for 5-10 minutes", "持续3-5分钟", "持续5-10分钟"),
        ("Duration", "**Duration**", "持续时间", "**持续时间**"),
        ("**Advantages**:", "Advantages", "**优势**：", "优势"),
        ("Physical Therapy", "**Physical Therapy**:", "物理治疗", "**物理治疗**："),
        ("📈 Symptom Monitoring", "3.2 Symptom Monitoring", "📈 症状监测", "3.2 症状监测"),
        (
            "Follicular Phase (6-12 days)",
            "**Follicular Phase** (6-14 days)",
            "卵泡期（6-12天）",
            "**卵泡期**（6-14天）",
        ),
        ("Use `abc` now", "Use `xyz` now", "现在用`abc`", "现在用`xyz`"),
        (
            "See [the guide](https://a.org/x).",
            "See [the guide](https://a.org/y).",
            "见[指南](https://a.org/x)。",
            "见[指南](https://a.org/y)。",
        ),
    ],
)
def test_repairs(old_en, new_en, old_tr, want):
    fixed = repair(old_en, new_en, old_tr)
    assert fixed.text == want and fixed.complete and fixed.changes


def test_an_ambiguous_number_is_left_alone_and_reported():
    # One "5" changed, the other did not: which 5 in the translation is which is unknown.
    fixed = repair("5 days, 5 times", "5 days, 7 times", "5天，5次")
    assert fixed.text == "5天，5次" and not fixed.changes and not fixed.complete


def test_a_translation_that_never_had_the_number_is_not_touched():
    fixed = repair("Take 400mg daily", "Take 600mg daily", "每日服用")
    assert fixed.text == "每日服用" and not fixed.complete


def test_tag_attributes_are_not_numbers():
    fixed = repair("**1** and 2", "**1** and 3", "**1**和2")
    assert fixed.text == "**1**和3"


def test_edges():
    assert edges("🚨 **Warning:**") == ("🚨 **", "Warning", ":**")
    assert edges("6.1 Know Your Rights") == ("6.1 ", "Know Your Rights", "")


def test_fits():
    assert fits("Take **400mg** [x](https://a)", "服用**400mg**[x](https://a)")
    assert not fits("Take 400mg", "服用600mg")
    assert not fits("[x](https://a)", "[x](https://b)")


def test_word_diff_shows_every_change_with_context():
    old = "Take ibuprofen 400-600mg every 6-8 hours with food and plenty of water, always."
    new = "Take ibuprofen 400-600mg every 6-8 hours with meals and plenty of water, always."
    assert word_diff(old, new) == "… 6-8 hours with [-food-] {+meals+} and plenty of …"
    assert word_diff("a b", "a b") == "(same words)"
