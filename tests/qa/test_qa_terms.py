"""Glossary terms in a translation: do-not-translate kept the way the target language
writes it, glossary translations only informed about (issue 12, §2)."""

from __future__ import annotations

import pytest

from pipeline.glossary import Glossary, Term
from pipeline.model import Kind
from pipeline.qa import Subject, run_checks
from pipeline.qa.terms import abbreviates

GLOSSARY = Glossary(
    (
        Term("COX-2 inhibitors", "COX-2抑制剂"),
        Term("SSRIs", "SSRIs", "do not translate"),
        Term("Selective Serotonin Reuptake Inhibitors", "选择性血清素再摄取抑制剂"),
        Term("Pain Research Letters", "Pain Research Letters", "journal title"),
        Term("heat pack", "热敷包"),
    )
)


def checks(msgid: str, msgstr: str) -> dict[str, tuple[str, str]]:
    subject = Subject(msgid, msgstr, Kind.parse("paragraph"), GLOSSARY)
    return {p.check: (str(p.severity), p.message) for p in run_checks(subject)}


@pytest.mark.parametrize(
    "msgstr",
    [
        "SSRIs可能影响睡眠。",  # kept as it is
        "SSRI可能影响睡眠。",  # no plural in Chinese
        "选择性血清素再摄取抑制剂可能影响睡眠。",  # written out, as the glossary translates it
    ],
)
def test_an_abbreviation_kept_the_way_chinese_writes_it(msgstr):
    assert "do-not-translate" not in checks("SSRIs may affect sleep.", msgstr)


def test_a_translated_title_is_still_an_error():
    found = checks("Published in Pain Research Letters.", "发表于《疼痛研究快报》。")
    assert found["do-not-translate"][0] == "error"


def test_an_abbreviation_translated_otherwise_is_still_an_error():
    found = checks("SSRIs may affect sleep.", "抗抑郁药可能影响睡眠。")
    assert found["do-not-translate"] == ("error", "SSRIs must stay as it is (do not translate)")


def test_a_glossary_term_not_used_is_info():
    assert checks("Use a heat pack.", "使用暖宝宝。")["glossary"][0] == "info"


def test_a_glossary_term_kept_in_a_cited_english_title_is_not_reported():
    title = "Heat pack use in athletes - Sports Medicine Review"
    assert "glossary" not in checks(title, title)


@pytest.mark.parametrize(
    ("short", "long", "expected"),
    [
        ("nsaid", "nonsteroidal anti-inflammatory drugs", True),
        ("ssri", "selective serotonin reuptake inhibitors", True),
        ("mri", "magnetic resonance imaging", True),
        ("mri", "pain relief", False),
        ("cbt", "cognitive behavioral therapy", True),
        ("cbt", "acupressure techniques", False),
    ],
)
def test_abbreviation_long_forms(short, long, expected):
    assert abbreviates(short, long) is expected
