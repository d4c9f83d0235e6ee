"""What becomes a unit, with which comment and line, and what stays in the skeleton."""

from __future__ import annotations

from conftest import DATA

from pipeline.markdown import extract


def units(text: str):
    return [(str(u.kind), u.msgid) for u in extract.article(text, "a.md", "a").units]


FM = '---\ntitle: "Title"\nslug: "x"\ndate: 2024-01-02\nfeatured: true\n---\n'


def test_front_matter_prose_keys_become_units_and_the_rest_does_not() -> None:
    text = (
        '---\ntitle: "Title"\nseo_title: "SEO"\ntags: ["a tag", "b tag"]\n'
        'canonical_url: "/en/articles/x"\ndate: 2024-01-02\nfeatured: true\n'
        "keywords:\n  - kw one\n  - kw two\n---\n"
    )
    assert units(text) == [
        ("front matter: title", "Title"),
        ("front matter: seo_title", "SEO"),
        ("front matter: tags", "a tag"),
        ("front matter: tags", "b tag"),
        ("front matter: keywords", "kw one"),
        ("front matter: keywords", "kw two"),
    ]


def test_a_multi_line_list_item_is_one_unit_with_its_line_breaks() -> None:
    assert units(FM + "- **Label**: first\n  second line\n")[1:] == [
        ("list item", "**Label**: first\nsecond line")
    ]


def test_inline_markup_stays_in_the_msgid_and_urls_are_not_units() -> None:
    got = units(
        FM + "See [the guide](https://e.org/x) and ![alt](/a.png).\n\n![Only alt](/b.png)\n"
    )
    assert got[1:] == [
        ("paragraph", "See [the guide](https://e.org/x) and ![alt](/a.png)."),
        ("image alt text", "Only alt"),
    ]


def test_table_cells_are_units_but_numbers_only_cells_are_not() -> None:
    got = units(FM + "| Tea | Relief |\n|---|---|\n| Ginger \\| root | 54% |\n")
    assert got[1:] == [
        ("table cell", "Tea"),
        ("table cell", "Relief"),
        ("table cell", "Ginger \\| root"),
    ]


def test_prose_fences_are_units_and_other_code_is_verbatim() -> None:
    got = units(
        FM + "```mermaid\nA[Start] --> B\n```\n\n```python\nprint('x')\n```\n\n    indented\n"
    )
    assert got[1:] == [("code block", "A[Start] --> B")]


def test_html_text_and_reader_facing_attributes_only() -> None:
    got = units(
        FM + '<div id="calc" class="c" style="x" onclick="f()" title="Tip">\n'
        '<input placeholder="e.g., 55" aria-label="Weight">\n<p>Hello <b>you</b></p>\n'
        '<script>var s = "no";</script>\n</div>\n'
    )
    assert got[1:] == [
        ("html: title attribute", "Tip"),
        ("html: placeholder attribute", "e.g., 55"),
        ("html: aria-label attribute", "Weight"),
        ("html text", "Hello <b>you</b>"),
    ]


def test_occurrence_lines_count_the_front_matter() -> None:
    a = extract.article(FM + "\n# Heading\n\nPara\n", "a.md", "a")
    assert [(str(u.kind), u.line) for u in a.units] == [
        ("front matter: title", 2),
        ("heading 1", 8),
        ("paragraph", 10),
    ]


def test_heading_closing_hashes_and_task_markers_stay_in_the_skeleton() -> None:
    assert units(FM + "## Title ##\n\n- [x] done\n")[1:] == [
        ("heading 2", "Title"),
        ("list item", "done"),
    ]


def test_blockquote_lines_lose_their_markers_in_the_msgid() -> None:
    assert units(FM + "> one\n> two\n")[1:] == [("block quote", "one\ntwo")]


def test_translation_gets_the_container_prefix_back() -> None:
    a = extract.article(FM + "> - one\n>   two\n", "a.md", "a")
    body = extract.fill(a.body, lambda m: "一\n二\n三")
    assert body == "> - 一\n>   二\n>   三\n"


def test_headings_and_cells_never_receive_a_line_break() -> None:
    a = extract.article(FM + "# Head\n\n| a |\n|---|\n| b |\n", "a.md", "a")
    body = extract.fill(a.body, lambda m: "上\n下")
    assert body == "# 上 下\n\n| 上 下 |\n|---|\n| 上 下 |\n"


def test_edge_case_golden_file_units() -> None:
    text = (DATA / "edge-cases.md").read_text("utf-8")
    kinds = {str(u.kind) for u in extract.article(text, "e.md", "e").units}
    assert {
        "heading 1",
        "heading 2",
        "paragraph",
        "list item",
        "block quote",
        "table cell",
        "code block",
        "html text",
        "html: placeholder attribute",
        "image alt text",
    } <= kinds


def test_text_after_an_image_keeps_the_paragraph_a_paragraph() -> None:
    assert units(FM + "![Alt](/a.png) and more words\n")[1:] == [
        ("paragraph", "![Alt](/a.png) and more words")
    ]
    assert units(FM + "Before ![Alt](/a.png)\n")[1:] == [("paragraph", "Before ![Alt](/a.png)")]


def test_extra_translation_lines_continue_the_same_block() -> None:
    text = FM + "- one\n\n> quote\n\n1. [ ] task\n\n<div>\n  <p>Hello there</p>\n</div>\n"
    a = extract.article(text, "a.md", "a")
    body = extract.fill(a.body, lambda m: "甲\n乙")
    assert body == (
        "- 甲\n  乙\n\n> 甲\n> 乙\n\n1. [ ] 甲\n       乙\n\n<div>\n  <p>甲\n  乙</p>\n</div>\n"
    )
    again = extract.article(FM + body, "a.md", "a")
    assert [u.kind for u in again.units] == [u.kind for u in a.units]


ROLES = """---
title: "Immediate relief"
tags: ["heat", "Rest"]
keywords: ["heat"]
---

# Immediate relief

Immediate relief

| When | Rest |
| --- | --- |
| Immediate relief | 1 day |

## Rest
"""


def test_one_english_text_in_several_roles_gets_a_context_per_role() -> None:
    """Running text keeps no context, then a heading, a table cell…; front-matter list
    items (tags, keywords) are one role; a text in one role only has no context."""
    a = extract.article(ROLES, "content/en/a.md", "a")
    got = [(u.msgid, str(u.kind), u.context) for u in a.units]
    assert got == [
        ("Immediate relief", "front matter: title", "front matter: title"),
        ("heat", "front matter: tags", None),  # tags and keywords: one role
        ("Rest", "front matter: tags", "front matter: terms"),
        ("heat", "front matter: keywords", None),
        ("Immediate relief", "heading 1", "heading"),
        ("Immediate relief", "paragraph", None),
        ("When", "table cell", None),
        ("Rest", "table cell", "table cell"),
        ("Immediate relief", "table cell", "table cell"),
        ("1 day", "table cell", None),
        ("Rest", "heading 2", None),
    ]
    holes = [p for p in a.body if not isinstance(p, str)]
    assert [h.context for h in holes] == [u.context for u in a.units[4:]]
    assert [f.context for f in a.fm_fields] == [u.context for u in a.units[:4]]
    assert extract.fill(a.body, lambda key: key) == source_body(a)  # the key means English
    assert a.units[0].key == "front matter: title\x04Immediate relief"


def source_body(a) -> str:
    return a.text[len(a.fm_open) + len(a.fm_text) + len(a.fm_close) :]
