"""Configuration: every value checked when read, nested ones included (exit 2 naming the key)."""

from __future__ import annotations

import pytest
from conftest import write

ARTICLE = "---\ntitle: Heat\n---\n\nHeat helps.\n"


@pytest.mark.parametrize(
    "toml,named",
    [
        ('[frontmatter]\ntitle = "translat"\n', "frontmatter.title"),
        ('reading_time = "compte"\n', "reading_time"),
        ('locales = "zh"\n', "locales"),
        ('[fm_limits]\nseo_title = "thirty"\n', "fm_limits.seo_title"),
        ("min_coverage = true\n", "min_coverage"),
        ("prose_fences = [1]\n", "prose_fences[0]"),
        ("no_such_key = 1\n", "no_such_key"),
    ],
)
def test_an_invalid_value_is_a_usage_error_naming_the_key(repo, run, toml, named):
    write(repo / "content/en/a.md", ARTICLE)
    write(repo / "pipeline.toml", toml)
    result = run(repo, "extract")
    assert result.exit_code == 2
    assert named in result.stderr and "pipeline.toml" in result.stderr
    assert not (repo / "locale").exists()


def test_a_policy_error_lists_the_valid_policies(repo, run):
    write(repo / "content/en/a.md", ARTICLE)
    write(repo / "pipeline.toml", '[frontmatter]\ntitle = "translat"\n')
    err = run(repo, "status").stderr
    assert all(p in err for p in ("translate", "copy", "localize", "derive", "glossary"))


def test_configured_policies_are_merged_over_the_defaults(repo, run):
    write(repo / "content/en/a.md", "---\ntitle: Heat\nsubtitle: Warmth\n---\n\nHeat helps.\n")
    write(repo / "pipeline.toml", '[frontmatter]\nsubtitle = "translate"\n')
    assert run(repo, "extract").exit_code == 0
    po = (repo / "locale/zh/a.po").read_text("utf-8")
    assert 'msgid "Warmth"' in po and 'msgid "Heat"' in po
