"""When two reviewed translations of one English text conflict (``consistency``, info)."""

from __future__ import annotations

import pytest

from pipeline.qa.consistency import material, outvoted


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("温水 200ml", "温水200ml"),  # spacing
        ("**休息要点**：", "休息要点:"),  # markup and punctuation
        ("经前综合征 (Premenstrual Syndrome)", "经前综合征"),  # a Latin gloss
        ("**CBT（认知行为疗法）**", "**认知行为疗法(CBT)**"),  # the name moved
        ("Prenez 1 comprimé.", "prenez 1 comprimé"),
    ],
)
def test_formatting_alone_is_not_a_conflict(a, b):
    assert not material(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("热敷二十分钟", "冷敷二十分钟"),  # heat / cold: one character
        ("可以热敷", "不可以热敷"),  # a negation added
        ("布洛芬400mg", "布洛芬600mg"),
        ("头晕、乏力", "记录饮水情况"),  # paired with the wrong English
        ("Prenez 1 comprimé", "Prenez 2 comprimés"),
    ],
)
def test_different_words_are_a_conflict(a, b):
    assert material(a, b)


def test_the_usual_translation_is_not_the_one_to_look_at():
    assert outvoted(3, [1, 1])
    assert not outvoted(1, [3])
    assert not outvoted(1, [1])  # a tie: both are named
