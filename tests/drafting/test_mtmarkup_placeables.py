"""Placeables and reference labels travel to DeepL as protected tags and come back whole."""

from __future__ import annotations

import pytest

from pipeline.drafting.mtmarkup import from_xml, text_of, to_xml


@pytest.mark.parametrize(
    "text,hidden",
    [
        ('You need a {{< glossary_tooltip text="cluster" term_id="c" >}} first.', "term_id"),
        ("Wrap {{<note>}}this{{</note>}} here.", "note"),
        ("Open <CodeStep step={1}>a **terminal**</CodeStep> now.", "CodeStep"),
        ("Version {props.version} is out {/* c */}.", "props"),
        ("See the [install guide] and [docs][] now.", "install guide"),
        ("Use&nbsp;it.", "nbsp"),
    ],
)
def test_placeables_are_never_sent_and_come_back_exactly(text: str, hidden: str) -> None:
    xml, spans = to_xml(text)
    assert hidden not in text_of(xml)
    assert from_xml(xml, spans) == text


def test_a_full_reference_sends_its_text_but_not_its_label() -> None:
    xml, spans = to_xml("Read [the guide][install] first.")
    assert "the guide" in text_of(xml) and "install" not in text_of(xml)
    answer = xml.replace("Read ", "先读").replace("the guide", "指南").replace(" first.", "。")
    assert from_xml(answer, spans) == "先读[指南][install]。"


def test_a_prose_fence_protects_only_shortcodes() -> None:
    xml, spans = to_xml("A{Decision} --> {{< x >}}", literal=True)
    assert "Decision" in text_of(xml) and "{{<" not in text_of(xml)
    assert from_xml(xml, spans) == "A{Decision} --> {{< x >}}"
