"""The ``placeables`` check: drop, add, alter, mis-nest, and what may change."""

from __future__ import annotations

import pytest

from pipeline.model import Kind, Role
from pipeline.qa import Subject, run_checks
from pipeline.qa.placeables import broken

PARAGRAPH = Kind(Role.PARAGRAPH)
NOTE = "paragraph\nplaceables: {{< glossary_tooltip … >}}\ntranslatable: glossary_tooltip text"


@pytest.mark.parametrize(
    "msgid,msgstr,problem",
    [
        ("Run it.{{< /tabpane >}}", "运行它。", "{{< /tabpane >}} is missing"),
        ("Run it.", "运行它。{{< note >}}", "{{< note >}} is not in the English"),
        (
            "{{% alert %}}Hi{{% /alert %}} ok",
            "{{% alert %}}嗨{{% /警报 %}} 好",
            "{{% /alert %}} is missing",
        ),
        ("<Step n={1}>Open</Step> it", "<Step n={2}>打开</Step>它", "<Step n={1}> is missing"),
        ("Use {props.x} now", "现在使用 {props.y}", "{props.x} is missing"),
        ("A&nbsp;B", "A B", "&nbsp; is missing"),
        ("Note[^1]", "注[^2]", "[^1] is missing"),
        (
            "{{< a >}}x{{< b >}}y{{< /b >}}{{< /a >}}",
            "{{< a >}}x{{< /a >}}{{< b >}}y{{< /b >}}",
            "moved",
        ),
    ],
)
def test_a_broken_placeable_is_an_error(msgid: str, msgstr: str, problem: str) -> None:
    found = [p for p in run_checks(Subject(msgid, msgstr, PARAGRAPH)) if p.check == "placeables"]
    assert found and found[0].severity == "error"
    assert any(problem in p.message for p in found), found


@pytest.mark.parametrize(
    "msgid,msgstr,comment",
    [
        (
            "{{< a >}}x{{< /a >}} {{< b >}}y{{< /b >}}",
            "{{< b >}}乙{{< /b >}}{{< a >}}甲{{< /a >}}",
            "",
        ),
        ("Tip {{< x />}} here", "这里 {{< x />}} 提示", ""),
        (
            'A {{< glossary_tooltip text="Pod" term_id="pod" >}} runs.',
            '{{< glossary_tooltip text="容器组" term_id="pod" >}}运行。',
            NOTE,
        ),
        (
            "See [install guide].",
            "见[安装指南][install guide]。",
            "paragraph\nlink labels: [install guide]",
        ),
        ("See [install guide].", "见 [Install Guide]。", "paragraph\nlink labels: [install guide]"),
    ],
)
def test_what_a_translator_may_do(msgid: str, msgstr: str, comment: str) -> None:
    assert broken(msgid, msgstr, PARAGRAPH, comment) == []


def test_a_translatable_parameter_is_free_only_when_the_note_says_so() -> None:
    msgid = 'A {{< glossary_tooltip text="Pod" term_id="pod" >}} runs.'
    msgstr = '{{< glossary_tooltip text="容器组" term_id="pod" >}}运行。'
    assert broken(msgid, msgstr, PARAGRAPH, "paragraph") != []
    changed_key = msgstr.replace('term_id="pod"', 'term_id="容器"')
    assert broken(msgid, changed_key, PARAGRAPH, NOTE) != []


def test_a_translated_label_breaks_the_link() -> None:
    note = "paragraph\nlink labels: [install guide]"
    assert (
        "[install guide] is missing"
        in broken("See [install guide].", "见[安装指南]。", PARAGRAPH, note)[0]
    )


def test_code_keeps_only_its_shortcodes_and_values_keep_their_quotes() -> None:
    code = Kind(Role.CODE_BLOCK)
    assert broken("x = {a}\n{{< v >}}", "x = {b}\n{{< v >}}", code) == []
    assert broken("{{< v >}} run", "运行", code) != []
    param = Kind(Role.PARAMETER, "alert title")
    assert broken("Heads up", '注意"了"', param) != []
    assert broken("Heads up", "注意“了”", param) == []
