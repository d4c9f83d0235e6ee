"""Text checks on correct translations (issue 12, §2): what stays English on purpose, line
breaks joined the locale's way, decorative emoji."""

from __future__ import annotations

import pytest

from pipeline.glossary import Glossary, Term
from pipeline.model import Kind
from pipeline.qa import Subject, run_checks


def checks(msgid: str, msgstr: str, kind: str = "list item") -> dict[str, str]:
    return {p.check: p.message for p in run_checks(Subject(msgid, msgstr, Kind.parse(kind)))}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Cold therapy for sprains - Journal of Sports Rehabilitation", "list item"),
        ("Doe J, Roe K. Warmth and cramps: a trial. Clin Rev. 2020", "list item"),
        ("Roe, K. et al. Cramps in athletes", "list item"),
        ("[Sleep Society - Rest and Recovery](https://sleep.example.org/)", "list item"),
        ("Clinic Staff. *Copper coils explained*. Health Press.", "list item"),
        ("National Guidelines on Sports Medicine", "list item"),  # title of a cited work
        ("Moon Diary", "table cell"),  # an app's name
        ("Silver", "table cell"),  # a plan's name
        ("**T**imely", "table cell"),  # an acrostic
    ],
)
def test_what_stays_english_on_purpose_is_not_untranslated(text, kind):
    assert "untranslated" not in checks(text, text, kind)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Drink warm water slowly and rest.", "paragraph"),
        ("Rest for a few minutes after the exercise", "list item"),
        ("Getting Started With Breathing", "heading 2"),  # the article's own title
        ("Breathing Basics", "front matter: title"),
    ],
)
def test_english_prose_left_in_place_is_untranslated(text, kind):
    assert "untranslated" in checks(text, text, kind)


def test_line_breaks_joined_with_the_locale_separator_pass():
    msgid = "Chills<br>Nausea or vomiting<br>Fatigue"
    assert checks(msgid, "寒战；恶心或呕吐；疲劳", "table cell") == {}
    assert "whitespace" in checks(msgid, "寒战；恶心或呕吐疲劳", "table cell")


def test_decorative_emoji_in_headings_and_column_labels_pass():
    assert checks("📋 Daily Checklist", "每日清单", "heading 3") == {}
    assert checks("**Cramps**", "**🔥 痉挛**", "table cell") == {}


def test_a_dropped_or_added_emoji_in_a_list_is_still_reported():
    assert "emoji" in checks("✅ Stretch gently", "轻轻拉伸")
    assert "emoji" in checks("Stretch gently", "❌ 轻轻拉伸")
    assert "emoji" in checks("✅ Yes", "是", "table cell")


def test_a_cited_source_that_is_a_kept_glossary_term_is_still_a_citation():
    title = "Warmth and cramps - Pain Research Letters"
    gloss = Glossary((Term("Pain Research Letters", "Pain Research Letters"),))
    found = run_checks(Subject(title, title, Kind.parse("list item"), gloss))
    assert "untranslated" not in {p.check for p in found}
