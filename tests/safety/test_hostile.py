"""Hostile translations, tried as an attacker would (issue 15): none reaches the page.

Each case sets one reviewed msgstr in a site whose catalogs are otherwise complete,
then runs ``pipeline merge`` and ``pipeline check`` like a user. Every case must be
refused twice: merge publishes the English text of that unit instead and marks the
article ``draft: true``; check exits 1 with a ``withheld`` error at the entry's line.
"""

from __future__ import annotations

import shutil

import polib
import pytest
import yaml
from hostile_cases import CASES, CELL, TITLE
from hostile_repo import (
    RICH,
    SEED,
    article,
    build,
    entry_line,
    po_path,
    problems,
    set_msgstr,
)

from pipeline.merge import localize_links


@pytest.fixture(scope="module")
def template(tmp_path_factory, run_module):
    return build(tmp_path_factory.mktemp("template"), run_module)


@pytest.fixture(scope="module")
def run_module():
    from click.testing import CliRunner

    from pipeline.cli import cli

    runner = CliRunner()
    return lambda root, *args: runner.invoke(
        cli, ["--root", str(root), *args], catch_exceptions=False
    )


@pytest.fixture
def site(template, tmp_path):
    root = tmp_path / "site"
    shutil.copytree(template, root)
    return root


def test_the_untouched_site_passes(site, run) -> None:
    assert run(site, "check").exit_code == 0
    for slug in (SEED, RICH):
        assert "draft:" not in article(site, slug).split("\n---", 1)[0]


@pytest.mark.slow
@pytest.mark.parametrize(
    "slug,prefix,msgstr,marker", [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_a_hostile_translation_is_never_published(site, run, slug, prefix, msgstr, marker) -> None:
    msgid = set_msgstr(site, slug, prefix, msgstr)
    merged = run(site, "merge")
    assert merged.exit_code == 0, merged.output
    assert "withheld" in merged.stdout
    published = article(site, slug)
    assert marker not in published
    english = localize_links(msgid, "en", "zh").split("\n")[0]
    assert english in published, "the English text stands in for the unit"
    front = yaml.safe_load(published.split("---\n")[1])
    assert front["draft"] is True and "aliases" not in front
    checked = run(site, "check", "--format", "json")
    assert checked.exit_code == 1
    line = entry_line(site, slug, msgid)
    withheld = [p for p in problems(checked) if p["check"] == "withheld"]
    assert [(p["file"], p["line"], p["severity"]) for p in withheld] == [
        (f"locale/zh/{slug}.po", line, "error")
    ], withheld


def test_a_fuzzy_article_stays_a_draft_whatever_the_title_holds(site, run) -> None:
    set_msgstr(site, RICH, CELL, "布洛芬", fuzzy=True)
    set_msgstr(site, RICH, TITLE, "纯标题\rdraft:\r  false\raliases:\r  [/evil]")
    run(site, "merge")
    front = yaml.safe_load(article(site, RICH).split("---\n")[1])
    assert front["draft"] is True and "aliases" not in front and front["title"] == TITLE


def test_the_corpus_holds_the_issue_cases_and_variants() -> None:
    assert len(CASES) >= 45
    assert len({c[0] for c in CASES}) == len(CASES)


DEEPL_KEY = "hostile-test-key:fx"
DEEPL_ANSWERS = [
    (
        "escaped-tags-become-tags",
        "Take 400-600mg",
        "服用&lt;script&gt;alert(1)&lt;/script&gt;400-600mg。"
        '见<a i="0">指南</a>和<a i="1">ACOG</a>。',
        "<script>",
    ),
    (
        "reference-definition",
        "Read the ",
        '[guide]: https://evil.example/\n\n阅读<a i="0">完整指南</a>了解详情。',
        "evil.example",
    ),
    (
        "escaped-handler",
        "Stop and call",
        "如果疼痛严重&lt;img src=x onerror=alert(1)&gt;，请停止并就医。",
        "onerror",
    ),
]


@pytest.mark.parametrize(
    "prefix,answer,marker", [c[1:] for c in DEEPL_ANSWERS], ids=[c[0] for c in DEEPL_ANSWERS]
)
def test_a_hostile_deepl_answer_is_drafted_but_never_published(
    site, run, monkeypatch, fake_deepl, prefix, answer, marker
) -> None:
    msgid = set_msgstr(site, RICH, prefix, "")
    fake_deepl.script.answers = {prefix: answer}
    monkeypatch.setenv("DEEPL_AUTH_KEY", DEEPL_KEY)
    monkeypatch.setenv("DEEPL_SERVER_URL", fake_deepl.url)
    drafted = run(site, "translate", "--engine", "deepl", RICH)
    assert drafted.exit_code == 0, drafted.output
    draft = next(e for e in polib.pofile(str(po_path(site, RICH))) if e.msgid == msgid)
    assert marker in draft.msgstr and draft.fuzzy and "markup-injection" in draft.tcomment
    run(site, "merge")
    published = article(site, RICH)
    assert marker not in published
    assert localize_links(msgid, "en", "zh") in published
    checked = run(site, "check", "--format", "json", RICH)
    withheld = [p for p in problems(checked) if p["check"] == "withheld"]
    assert checked.exit_code == 1
    assert [(p["file"], p["line"]) for p in withheld] == [
        (f"locale/zh/{RICH}.po", entry_line(site, RICH, msgid))
    ]


FORGED = "\n::error file=README.md,line=1::forged"


def test_a_forged_annotation_in_a_translation_stays_inside_its_own(site, run) -> None:
    set_msgstr(site, SEED, "Many women experience", lambda s: s + f"`x{FORGED}`")
    run(site, "merge")
    gh = run(site, "check", "--format", "github")
    assert gh.exit_code == 1
    commands = [line for line in gh.stdout.splitlines() if line.startswith("::")]
    found = problems(run(site, "check", "--format", "json"))
    assert len(commands) == len(found) and not any("README.md" in c[:40] for c in commands)
    assert any("forged" in c for c in commands), "the message is kept, escaped"
    md = run(site, "check", "--format", "markdown").stdout
    assert "\n::" not in md and "forged" in md
