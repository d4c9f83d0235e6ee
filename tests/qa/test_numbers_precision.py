"""``numbers`` on correct translations that state a number another way (issue 12, §2).

Each false-alarm class found on the live site has a case here, written for the test,
next to a wrong translation the check must still refuse.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import locales
from pipeline.config import build
from pipeline.glossary import Glossary, Term
from pipeline.model import Kind
from pipeline.qa import Subject, run_checks

CFG = build(Path("."), {"locales": ["zh", "zh-Hant", "fr"]})


def checks(msgid: str, msgstr: str, kind: str = "paragraph", tag: str = "zh") -> dict[str, str]:
    subject = Subject(msgid, msgstr, Kind.parse(kind), locale=locales.resolve(CFG, tag))
    return {p.check: p.message for p in run_checks(subject)}


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        ("Drink it 2x daily", "早晚各1次饮用"),  # morning and evening: twice
        ("Warm compress 2x", "热敷（早晚）"),
        ("Top 5 stretches", "拉伸动作 Top5"),  # glued to the word, as the English has it
        ("**Heart 7 (HT7) - calming point:**", "**神门（HT7）：**"),
        ("Pericardium 6 (PC6) for nausea", "内关（PC6）止恶心"),
        ("Depression Scale-20 (DS-20) scores", "抑郁量表（DS-20）评分"),
        ("Rate it 9/9 (on a scale of 9)", "评为9分（满分9分）"),  # merged repetition
    ],
)
def test_a_number_stated_another_way_passes(msgid, msgstr):
    assert "numbers" not in checks(msgid, msgstr)


@pytest.mark.parametrize(
    ("msgid", "msgstr", "message"),
    [
        ("Drink it 2x daily", "每日饮用", "number 2 is missing or changed"),
        ("Drink it 3x daily", "早晚各1次饮用", "number 3 is missing or changed"),
        ("Top 5 stretches", "拉伸动作 Top6", "number 5 is missing or changed"),
        ("**Heart 7 (HT7) - calming point:**", "**神门：**", "code HT7 is missing or changed"),
        ("Inhale 4 s, hold 4 s", "吸气4秒，屏气5秒", "number 4 appears 2 times"),
    ],
)
def test_a_missing_or_changed_number_is_still_an_error(msgid, msgstr, message):
    assert message in checks(msgid, msgstr).get("numbers", "")


def test_number_words_come_from_the_locale_profile():
    assert "numbers" not in checks("Take it 2x daily", "早晚各服用一粒", tag="zh-Hant")
    assert "numbers" in checks("Take it 2x daily", "Prendre matin et soir", tag="fr")


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        ("Fever above 38°C (100.4°F)", "发热超过38°C"),  # the twin dropped
        ("Fever above 38.5°C (101.3°F)", "体温超过38.5℃"),
        ("Keep it at 104-113°F", "保持在40-45℃"),  # converted by the translator
    ],
)
def test_fahrenheit_given_in_celsius_passes(msgid, msgstr):
    assert checks(msgid, msgstr) == {}


def test_fahrenheit_without_a_celsius_value_is_a_warning():
    found = checks("Keep it below 122°F", "保持低温")
    assert found == {"fahrenheit-dropped": found["fahrenheit-dropped"]}
    assert "122°F" in found["fahrenheit-dropped"]


def test_fahrenheit_converted_wrongly_is_still_reported():
    assert "fahrenheit-dropped" in checks("Keep it below 122°F", "保持在60℃以下")


def test_one_finding_per_check_names_every_number():
    found = run_checks(Subject("Take 200 mg, then 400 mg.", "先服用，再服用。"))
    assert [(p.check, p.message) for p in found] == [
        ("numbers", "number 200 mg is missing or changed; number 400 mg is missing or changed")
    ]


def test_a_code_given_by_its_glossary_translation_passes():
    gloss = Glossary((Term("PC6", "内关"),))
    msgid = "Press PC6 (Nei Guan) for nausea"
    ok = Subject(msgid, "按压内关穴缓解恶心", Kind.parse("list item"), gloss)
    assert run_checks(ok) == []
    unknown = Subject(msgid, "按压内关穴缓解恶心", Kind.parse("list item"))
    assert "code PC6 is missing" in run_checks(unknown)[0].message
