"""Pages without front matter (includes, many docs pages) and the fences merge may add."""

from __future__ import annotations

import polib
import pytest
from conftest import write

from pipeline import config, merge
from pipeline.errors import PipelineError
from pipeline.markdown import extract, source

INCLUDE = "## Before you begin\n\nInstall the command-line tool first.\n"


def localize(text: str, mapping: dict[str, str], fuzzy: bool = False) -> merge.Localized:
    a = extract.article(text, "content/en/includes/prereqs.md", "includes/prereqs")
    flags = ["fuzzy"] if fuzzy else []
    entries = {k: polib.POEntry(msgid=k, msgstr=v, flags=flags) for k, v in mapping.items()}
    return merge.localize(a, entries, config.Config(), "zh")


def test_a_page_without_fences_is_all_body_and_round_trips() -> None:
    src = source.split(INCLUDE, "a.md")
    assert (src.format, src.fm_open, src.fm_text, src.fm_close, src.body) == (
        "none",
        "",
        "",
        "",
        INCLUDE,
    )
    a = extract.article(INCLUDE, "a.md", "a")
    assert [u.line for u in a.units] == [1, 3]
    assert a.bom + a.fm_open + a.fm_text + a.fm_close + extract.fill(a.body, lambda m: m) == INCLUDE


def test_merge_adds_no_fences_when_it_has_no_value_to_write() -> None:
    out = localize(
        INCLUDE,
        {
            "Before you begin": "开始之前",
            "Install the command-line tool first.": "先安装命令行工具。",
        },
    )
    assert out.text == "## 开始之前\n\n先安装命令行工具。\n"
    a = extract.article(INCLUDE, "a.md", "a")
    assert merge.source_mirrors(a, {"zh": out.values}, config.Config()) == INCLUDE


@pytest.mark.parametrize("eol", ["\n", "\r\n"])
def test_fences_are_added_only_to_mark_an_unreviewed_translation_a_draft(eol: str) -> None:
    text = INCLUDE.replace("\n", eol)
    out = localize(
        text,
        {"Before you begin": "开始之前", "Install the command-line tool first.": "先安装。"},
        fuzzy=True,
    )
    assert out.draft
    assert out.text == f"---{eol}draft: true{eol}---{eol}## 开始之前{eol}{eol}先安装。{eol}"
    again = extract.article(out.text, "a.md", "a")
    assert again.fm_data.values == {"draft": True}


def test_toml_and_yaml_fences_that_never_close_are_refused() -> None:
    for text in ("+++\ntitle = 'x'\n\nBody\n", "---\ntitle: x\n\nBody\n"):
        with pytest.raises(PipelineError, match="not closed"):
            source.split(text, "a.md")
    with pytest.raises(PipelineError, match="JSON"):
        source.split('{\n  "title": "x"\n}\nBody\n', "a.md")


def test_a_site_with_toml_and_bare_pages_goes_through_extract_merge_and_check(repo, run) -> None:
    write(repo / "content/en/a.md", '+++\ntitle = "Pods"\nweight = 2\n+++\n\nA pod runs.\n')
    write(repo / "content/en/b.md", "Shared text with no front matter.\n")
    assert run(repo, "extract").exit_code == 0
    zh = {
        "Pods": "容器组",
        "A pod runs.": "容器组在运行。",
        "Shared text with no front matter.": "共享文本。",
    }
    for slug in ("a", "b"):
        path = repo / f"locale/zh/{slug}.po"
        po = polib.pofile(str(path))
        for e in po:
            e.msgstr = zh[e.msgid]
        po.save()
    assert run(repo, "merge").exit_code == 0
    assert (repo / "content/zh/a.md").read_text("utf-8") == (
        '+++\ntitle = "容器组"\nweight = 2\n+++\n\n容器组在运行。\n'
    )
    assert (repo / "content/zh/b.md").read_text("utf-8") == "共享文本。\n"
    result = run(repo, "check")
    assert result.exit_code == 0, result.output
