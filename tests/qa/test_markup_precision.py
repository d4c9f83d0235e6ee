"""Markup checks on correct translations (issue 12, §2): emphasis is style, code spans are
opaque, footnote definitions are prose, and broken markup is reported once."""

from __future__ import annotations

import pytest

from pipeline.model import Kind
from pipeline.qa import Subject, run_checks


def checks(msgid: str, msgstr: str, kind: str = "paragraph") -> dict[str, tuple[str, str]]:
    return {
        p.check: (str(p.severity), p.message)
        for p in run_checks(Subject(msgid, msgstr, Kind.parse(kind)))
    }


def test_italic_to_bold_is_a_warning_not_an_error():
    found = checks("Keep the pad *warm*, not hot.", "保持热垫**温热**，而不是烫。")
    assert set(found) == {"emphasis"}
    severity, message = found["emphasis"]
    assert severity == "warning"
    assert "1 italic and 0 bold" in message and "0 italic and 1 bold" in message


def test_an_added_emphasised_note_is_a_warning():
    found = checks("Mild cramps", "轻微痉挛 *(可以忍受)*", "table cell")
    assert set(found) == {"emphasis"}
    assert found["emphasis"] == (
        "warning",
        "1 emphasised span(s) in the translation, 0 in the English",
    )


def test_literal_asterisks_are_one_error_and_no_emphasis_warning():
    found = checks(
        "Tea works by **relaxing muscles (spasm)** quickly.", "茶通过**放松肌肉（痉挛）**快速起效。"
    )
    assert set(found) == {"render-parity"}
    severity, message = found["render-parity"]
    assert severity == "error" and message.count("literal **") == 1


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        ("Run `pipeline check <slug>` first.", "先运行 `pipeline check <slug>`。"),
        ('Write `<span class="dose">` around it.', '在外面写 `<span class="dose">`。'),
        ("Type `{{name}}` and `<email>` here.", "在这里输入 `{{name}}` 和 `<email>`。"),
    ],
)
def test_placeholders_inside_code_spans_are_not_html(msgid, msgstr):
    assert checks(msgid, msgstr) == {}


def test_a_footnote_definition_is_prose_not_a_reference_link():
    msgid = "[^dose]: See the 2019 review of 400 mg doses."
    msgstr = "[^dose]: 参见2019年关于400 mg剂量的综述。"
    found = checks(msgid, msgstr)
    assert "numbers" not in found
    assert "markup-injection" not in found
    assert "2019" in checks(msgid, "[^dose]: 参见关于400 mg剂量的综述。")["numbers"][1]


def test_a_trailing_space_in_a_class_attribute_is_not_injection():
    msgid = '<span class="tip">Rest</span> well'
    assert checks(msgid, '<span class="tip ">休息</span>好') == {}
    assert "markup-injection" in checks(msgid, '<span class="tip" onclick="x()">休息</span>好')
