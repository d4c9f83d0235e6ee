"""The engine registry: a new engine is one module plus one registry line."""

from __future__ import annotations

import echo_engine
import pytest
from conftest import write

from pipeline.drafting import engines
from pipeline.drafting.engines import EngineSpec

ARTICLE = "---\ntitle: Heat helps\n---\n\nA warm compress eases cramps.\n"


@pytest.fixture
def echo(monkeypatch):
    """The one registry line, added for the test."""
    monkeypatch.setitem(
        engines.REGISTRY,
        "echo",
        EngineSpec("echo", echo_engine.factory, machine=True, needs="ECHO_ON"),
    )


def test_a_registered_engine_is_a_command_line_choice(echo, repo, run):
    write(repo / "content/en/heat.md", ARTICLE)
    result = run(repo, "translate", "--help")
    assert "echo" in result.stdout


def test_a_registered_engine_drafts_and_is_summarized(echo, repo, run, monkeypatch):
    monkeypatch.setenv("ECHO_ON", "1")
    write(repo / "content/en/heat.md", ARTICLE)
    assert run(repo, "extract").exit_code == 0
    result = run(repo, "translate", "--engine", "echo")
    assert result.exit_code == 0, result.output
    po = (repo / "locale/zh/heat.po").read_text("utf-8")
    assert 'msgstr "ECHO: A warm compress eases cramps."' in po
    assert "#, fuzzy" in po and "# draft: echo (test engine)" in po
    assert "2 echo" in result.stdout and "characters billed 39" in result.stdout


def test_a_registered_engine_plans_a_dry_run(echo, repo, run, monkeypatch):
    monkeypatch.setenv("ECHO_ON", "1")
    write(repo / "content/en/heat.md", ARTICLE)
    run(repo, "extract")
    before = (repo / "locale/zh/heat.po").read_bytes()
    result = run(repo, "translate", "--engine", "echo", "--dry-run")
    assert result.exit_code == 0
    assert "echo 2" in result.stdout and "billable characters 39" in result.stdout
    assert (repo / "locale/zh/heat.po").read_bytes() == before


def test_auto_runs_a_machine_engine_only_when_it_is_available(echo, repo, run, monkeypatch):
    monkeypatch.delenv("ECHO_ON", raising=False)
    write(repo / "content/en/heat.md", ARTICLE)
    run(repo, "extract")
    result = run(repo, "translate")
    assert result.exit_code == 0 and "ECHO_ON not set" in result.stdout
    assert "ECHO:" not in (repo / "locale/zh/heat.po").read_text("utf-8")
    asked = run(repo, "translate", "--engine", "echo")
    assert asked.exit_code == 2 and "ECHO_ON is not set" in asked.stderr
