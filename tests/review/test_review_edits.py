"""What approve, save and reject do to an entry (pipeline.review.edits)."""

from __future__ import annotations

import pytest

from pipeline.review.edits import Fields, apply

DRAFT = Fields(
    "草稿", ("fuzzy", "no-wrap"), "a person's note\ndraft: deepl\nqa: check numbers", "Old English"
)


def test_approve_clears_fuzzy_previous_and_tool_notes_but_keeps_a_persons_note() -> None:
    done = apply(DRAFT, "approve", "定稿", "Dr R")
    assert done == Fields("定稿", ("no-wrap",), "a person's note", None)
    assert not done.fuzzy


def test_reject_empties_the_translation_and_keeps_a_persons_note() -> None:
    assert apply(DRAFT, "reject", "ignored") == Fields("", ("no-wrap",), "a person's note", None)


def test_save_keeps_a_draft_fuzzy_and_says_who_edited_it_and_what_fails() -> None:
    saved = apply(DRAFT, "save", "新草稿", "Dr R", ("numbers",))
    assert saved.fuzzy and saved.msgstr == "新草稿" and saved.previous == "Old English"
    assert saved.tcomment.split("\n") == [
        "a person's note",
        "draft: edited in review by Dr R",
        "qa: check numbers",
    ]


def test_saving_an_unchanged_draft_changes_nothing() -> None:
    assert apply(DRAFT, "save", "草稿", "Dr R") is DRAFT


def test_saving_a_reviewed_entry_makes_it_a_draft_again() -> None:
    saved = apply(Fields("定稿"), "save", "改稿")
    assert saved.fuzzy and saved.tcomment == "draft: edited in review"


def test_an_unknown_action_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown action"):
        apply(DRAFT, "publish", "x")
