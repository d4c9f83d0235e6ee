"""TOML front matter (Hugo's ``+++``): read with tomllib, edited in place, refused when unsure."""

from __future__ import annotations

import tomllib

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import config, merge
from pipeline.errors import PipelineError
from pipeline.markdown import extract, toml_fm

PAGE = """+++
# Written by hand: comments, spacing and order must survive.
title = "Pods and \\"nodes\\""
linkTitle   =   'Pods'
description = \"\"\"
How the scheduler places work.\"\"\"
weight = 20
date = 2024-03-01T10:00:00Z
draft = false
tags = [
  "scheduling",   # why
  'workloads',
]
aliases = ["/old/pods/"]
"quoted key" = "kept"
menu = { main = { weight = 3 } }

[params]
summary = "Not a top-level value"
+++

Body text.
"""


def article(text: str = PAGE):
    opts = extract.Options(prose_keys=config.Config().prose_keys)
    return extract.article(text, "content/en/docs/pods/index.md", "docs/pods/index", opts)


def entries(mapping: dict[str, str], fuzzy: bool = False) -> dict[str, polib.POEntry]:
    return {
        k: polib.POEntry(msgid=k, msgstr=v, flags=["fuzzy"] if fuzzy else [])
        for k, v in mapping.items()
    }


def localize(mapping: dict[str, str], fuzzy: bool = False, text: str = PAGE) -> str:
    a = article(text)
    out = merge.localize(a, entries(mapping, fuzzy), config.Config(), "zh")
    assert out.text is not None
    return out.text


def test_top_level_strings_and_array_items_become_units() -> None:
    units = [(str(u.kind), u.msgid, u.line) for u in article().units]
    assert units[:5] == [
        ("front matter: title", 'Pods and "nodes"', 3),
        ("front matter: linkTitle", "Pods", 4),
        ("front matter: description", "How the scheduler places work.", 5),
        ("front matter: tags", "scheduling", 11),
        ("front matter: tags", "workloads", 12),
    ]
    assert "Not a top-level value" not in [u.msgid for u in article().units]


def test_identity_translation_gives_back_every_byte() -> None:
    same = {u.key: u.msgid for u in article().units}
    assert localize(same) == PAGE


def test_translations_are_written_in_place_in_the_files_own_quotes() -> None:
    text = localize(
        {
            'Pods and "nodes"': "Pod 与“节点”",
            "Pods": "Pod's",  # a literal string cannot hold ', so it becomes a basic one
            "How the scheduler places work.": "调度器如何放置工作负载。",
            "scheduling": "调度",
            "workloads": "工作负载",
            "Body text.": "正文。",
        }
    )
    fm = text.split("+++\n")[1]
    assert 'title = "Pod 与“节点”"\n' in fm
    assert 'linkTitle   =   "Pod\'s"\n' in fm
    assert 'description = """调度器如何放置工作负载。"""' in fm
    assert '  "调度",   # why\n' in fm and "  '工作负载',\n" in fm
    assert "# Written by hand" in fm and "[params]\nsummary" in fm
    data = tomllib.loads(fm)
    assert data["tags"] == ["调度", "工作负载"] and data["weight"] == 20
    assert data["params"] == {"summary": "Not a top-level value"}


def test_a_new_key_goes_to_the_top_level_table_not_into_the_last_table() -> None:
    text = localize({u.key: "译" for u in article().units}, fuzzy=True)
    data = tomllib.loads(text.split("+++\n")[1])
    assert data["draft"] is True and "draft" not in data["params"]
    without_draft = PAGE.replace("draft = false\n", "")
    text = localize({u.key: "译" for u in article(without_draft).units}, True, without_draft)
    fm = text.split("+++\n")[1]
    assert "draft = true\n\n[params]" in fm or "draft = true\n[params]" in fm
    assert tomllib.loads(fm)["draft"] is True


@pytest.mark.parametrize(
    "value",
    [
        '"plain"',
        "'literal \\\\ kept'",
        '"esc \\" \\u00e9 \\t"',
        '"""\nmulti\nline"""',
        "'''raw\n''' ",
        "[ \"a\" , 'b', ]",
        '[\n  "a", # c\n  [1, 2],\n  { x = "y" },\n]',
        "1979-05-27 07:32:00",
        "-1_000",
        "inf",
        "{ a = [1, { b = 'c' }] }",
    ],
)
def test_every_located_span_parses_to_tomllibs_own_value(value: str) -> None:
    text = f"k = {value}\nafter = 1\n"
    fm = toml_fm.parse(text, "a.md", 2)
    node = fm.nodes["k"][1]
    span = text[node.start_mark.index : node.end_mark.index]
    assert tomllib.loads("v = " + span)["v"] == fm.values["k"]
    assert fm.nodes["after"][1].start_mark.line == value.count("\n") + 1


def test_a_form_the_locator_does_not_know_is_refused_with_its_line() -> None:
    text = '+++\nweight = 1\nsite.owner = "x"\ntitle = "T"\n+++\nBody\n'
    with pytest.raises(PipelineError) as err:
        article(text)
    assert err.value.line == 3 and "title" in err.value.message
    ok = '+++\ntitle = "T"\nsite.owner = "x"\n+++\nBody\n'
    a = article(ok)
    assert [u.msgid for u in a.units] == ["T", "Body"]
    with pytest.raises(PipelineError) as err:
        merge.localize(a, entries({"T": "题", "Body": "文"}, fuzzy=True), config.Config(), "zh")
    assert err.value.line == 3


def test_invalid_toml_names_the_file_line() -> None:
    with pytest.raises(PipelineError) as err:
        article('+++\ntitle = "T"\ntags = [\n+++\nBody\n')
    assert err.value.path.endswith("index.md") and err.value.line == 3
    with pytest.raises(PipelineError) as err:
        article('+++\ntitle = "T"\nx = = 1\n+++\nBody\n')
    assert err.value.line == 3


VALUE = st.sampled_from(
    [
        '"basic"',
        "'literal'",
        '"esc \\" \\\\ \\u00e9"',
        '"""\nmulti "quoted" line"""',
        "'''raw 'one' line'''",
        "[ 'a', \"b\" ]",
        '[\n  "x",  # note\n  "y",\n]',
        "42",
        "true",
        "2024-03-01",
        "{ k = 'v' }",
    ]
)
NEW = st.text(st.characters(blacklist_categories=["Cs"]), max_size=12)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(VALUE, min_size=1, max_size=6), st.lists(NEW, min_size=6, max_size=6), st.booleans()
)
def test_any_string_can_be_written_into_any_located_value(values, news, table) -> None:
    text = "".join(f"k{i} = {v}  # c{i}\n" for i, v in enumerate(values))
    text += '\n[params]\nx = "y"\n' if table else ""
    fm = toml_fm.parse(text, "a.md", 2)
    fields = toml_fm.locate_fields(fm, set(fm.values))
    editor = fm.editor(text)
    want = {k: v for k, v in tomllib.loads(text).items()}
    for f, new in zip(fields, news, strict=False):
        editor.set_scalar_at(f.start, f.end, f.style, f.value, new)
        if len(f.path) == 1:
            want[f.path[0]] = new
        else:
            want[f.path[0]] = [*want[f.path[0]]]
            want[f.path[0]][f.path[1]] = new
    editor.set("added", True)
    out = tomllib.loads(editor.result())
    assert out == {**want, "added": True}
    assert all(f"# c{i}" in editor.result() for i in range(len(values)))
