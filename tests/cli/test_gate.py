"""A gate a real site can adopt: only what a change touched, and GitHub's annotation limits."""

from __future__ import annotations

import json
import subprocess

import pytest
from conftest import write

from pipeline.cli import reports
from pipeline.gate import ArticleCheck, problem

ARTICLE = "---\ntitle: Heat {n}\n---\n\nA warm compress eases cramps {n}.\n"


def git(root, *args):
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


@pytest.fixture
def site(repo, run):
    for n in range(3):
        write(repo / f"content/en/a{n}.md", ARTICLE.format(n=n))
    write(repo / "pipeline.toml", "min_coverage = 0\n")
    assert run(repo, "sync").exit_code == 0
    git(repo, "init", "-q", "-b", "main")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@e", "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "site")
    return repo


def checked(run, root, *args):
    result = run(root, "check", "--format", "json", *args)
    return result, [a["slug"] for a in json.loads(result.stdout)["articles"]]


def test_changed_limits_the_gate_to_the_articles_a_change_touched(site, run):
    po = site / "locale/zh/a1.po"
    text = po.read_text("utf-8")
    po.write_text(
        text.replace('msgid "Heat 1"\nmsgstr ""', 'msgid "Heat 1"\nmsgstr "热敷 1"'), "utf-8"
    )
    result, slugs = checked(run, site, "--changed", "HEAD")
    assert slugs == ["a1"]
    assert result.exit_code == 1  # the article is now stale: merge was not run


def test_changed_with_nothing_touched_passes(site, run):
    result, slugs = checked(run, site, "--changed", "HEAD")
    assert result.exit_code == 0 and slugs == []


def test_a_site_wide_file_puts_every_article_in_the_gate(site, run):
    write(site / "locale/zh/glossary.csv", "term,translation\nheat,热\n")
    _, slugs = checked(run, site, "--changed", "HEAD")
    assert slugs == ["a0", "a1", "a2"]


def test_a_removed_article_reports_its_orphans(site, run):
    (site / "content/en/a2.md").unlink()
    result, slugs = checked(run, site, "--changed", "HEAD")
    data = json.loads(result.stdout)
    assert any(p["check"] == "orphan" for a in data["articles"] for p in a["problems"])


def test_changed_outside_git_is_a_usage_error(repo, run):
    write(repo / "content/en/a.md", ARTICLE.format(n=1))
    result = run(repo, "check", "--changed", "HEAD")
    assert result.exit_code == 2 and "git" in result.stderr


def test_github_output_says_how_many_annotations_were_left_out():
    r = ArticleCheck("a", "zh")
    r.problems = [problem("numbers", f"number {n} is missing", "x.po", n) for n in range(25)]
    r.problems += [problem("emphasis", f"emphasis {n}", "x.po", n) for n in range(3)]
    out = reports.as_github([r]).splitlines()
    assert sum(line.startswith("::error ") for line in out) == 10
    assert sum(line.startswith("::warning ") for line in out) == 3
    notice = [line for line in out if line.startswith("::notice")]
    assert len(notice) == 1 and "15 more problem(s)" in notice[0]
    assert sum("numbers: number" in line for line in out) == 25  # all in the text report


def test_github_format_writes_the_step_summary(site, run, tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run(site, "check", "--format", "github")
    assert "## Localization check" in summary.read_text("utf-8")
