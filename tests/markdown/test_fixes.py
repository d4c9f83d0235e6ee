"""Issue 10, section 3: reference labels, titles, HTML blocks, container markers, fences,
and the multi-line alt text that used to be joined (and rewrote the English file)."""

from __future__ import annotations

import polib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import config, merge
from pipeline.markdown import extract

FM = '---\ntitle: "T"\n---\n'


def article(body: str, **options):
    return extract.article(FM + body, "a.md", "a", extract.Options(**options))


def units(body: str, **options) -> list[tuple[str, str]]:
    return [(str(u.kind), u.msgid) for u in article(body, **options).units][1:]


def fill(body: str, mapping) -> str:
    return extract.fill(article(body).body, mapping)


def test_reference_labels_are_keys_and_only_full_reference_text_is_prose() -> None:
    body = "See the [install guide] and [the docs][docs].\n\n[install guide]: /i\n[docs]: /d\n"
    a = article(body)
    unit = a.units[1]
    assert unit.msgid == "See the [install guide] and [the docs][docs]."
    assert unit.note == "link labels: [install guide], [docs]"


def test_definition_titles_and_a_lone_images_title_are_units() -> None:
    body = (
        '![Chart](c.png "Survey results")\n\nText with ![icon](i.png "inline title").\n\n'
        "[guide]: /install 'The install guide'\n"
    )
    assert units(body) == [
        ("image alt text", "Chart"),
        ("link title", "Survey results"),
        ("paragraph", 'Text with ![icon](i.png "inline title").'),
        ("link title", "The install guide"),
    ]
    out = fill(
        body, lambda m: {"Survey results": "调查结果", "The install guide": "安装指南"}.get(m, m)
    )
    assert '![Chart](c.png "调查结果")' in out and "[guide]: /install '安装指南'" in out


def test_inline_html_inside_an_html_block_does_not_split_the_sentence() -> None:
    body = '<p>Click the <img src="gear.png" alt="gear"> icon to open settings.</p>\n'
    assert units(body) == [
        ("html text", 'Click the <img src="gear.png" alt="gear"> icon to open settings.')
    ]
    assert units('<div>\n  <img src="a.png" alt="A photo of tea">\n</div>\n') == [
        ("html: alt attribute", "A photo of tea")
    ]


def test_container_markers_never_enter_a_unit_and_a_longer_translation_stays_inside() -> None:
    body = '> <div class="note">\n> Some text that\n> continues here.\n> </div>\n'
    assert units(body) == [("html text", "Some text that\ncontinues here.")]
    out = fill(body, lambda m: "一\n二\n三")
    assert out == '> <div class="note">\n> 一\n> 二\n> 三\n> </div>\n'
    listed = "- item\n\n  <p>Click the\n  gear.</p>\n"
    assert units(listed)[1] == ("html text", "Click the\ngear.")
    assert fill(listed, lambda m: "甲\n乙") == "- 甲\n  乙\n\n  <p>甲\n  乙</p>\n"


def test_unlabeled_fences_are_code_unless_configured() -> None:
    body = "```\n$ make build\nok\n```\n\n```text\nPlain words here.\n```\n"
    assert units(body) == [("code block", "Plain words here.")]
    assert units(body, prose_fences=("", "text")) == [
        ("code block", "$ make build\nok"),
        ("code block", "Plain words here."),
    ]
    assert config.Config().prose_fences == ("text", "mermaid")


def test_a_multi_line_alt_text_keeps_its_line_break_in_the_translation() -> None:
    body = "![A chart showing the survey\nresults](chart.png)\n"
    assert units(body) == [("image alt text", "A chart showing the survey\nresults")]
    assert fill(body, lambda m: "调查\n结果图") == "![调查\n结果图](chart.png)\n"


def test_merge_gives_back_the_english_file_byte_for_byte_beside_the_mirrors() -> None:
    text = FM + "![A chart showing the survey\nresults](chart.png)\n\n- [A link\n  text](/x)\n"
    a = extract.article(text, "a.md", "a")
    entries = {u.key: polib.POEntry(msgid=u.msgid, msgstr="译文") for u in a.units}
    cfg = config.Config()
    out = merge.localize(a, entries, cfg, "zh")
    assert merge.source_mirrors(a, {"zh": out.values}, cfg) == text


LINE = st.sampled_from(
    [
        "![A chart showing\nthe results](c.png)",
        "![alt\ntext](i.png 'T')",
        "[multi-line\nlink text](/x)",
        "- [item\n  link](/y)",
        "> ![quoted\n> alt](q.png)",
        "| a | b |\n|---|---|\n| ![c](d.png) | e |",
        "## Heading {#id}",
        "{{< note >}}\nText\n{{< /note >}}",
        "Plain words.",
        "    indented code",
        "<div>\n  <p>Hi\n  there</p>\n</div>",
        "[ref]: /r 'Title'",
        "See [ref].",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINE, min_size=1, max_size=8), st.sampled_from(["\n", "\r\n"]))
def test_merge_never_changes_the_english_body(lines: list[str], eol: str) -> None:
    text = (FM + "\n\n".join(lines) + "\n").replace("\n", eol)
    a = extract.article(text, "a.md", "a")
    entries = {u.key: polib.POEntry(msgid=u.msgid, msgstr="译\n文") for u in a.units}
    cfg = config.Config()
    out = merge.localize(a, entries, cfg, "zh")
    assert merge.source_mirrors(a, {"zh": out.values}, cfg) == text
