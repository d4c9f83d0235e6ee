"""Issue 15 §3 through the CLI: every translation present before ``sync`` is present after,
or the file is untouched and the run exits 1 naming file:line."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write

from pipeline.po import pofile

ARTICLE = """---
title: "Home"
---

# Home

First paragraph about cramps.

Second paragraph about heat.
"""
PO = "locale/zh/a.po"


@pytest.fixture
def site(repo: Path, run, monkeypatch) -> Path:
    monkeypatch.delenv("DEEPL_AUTH_KEY", raising=False)
    write(repo / "content/en/a.md", ARTICLE)
    assert run(repo, "extract").exit_code == 0
    translate(
        repo,
        {
            "Home": "首页",
            "First paragraph about cramps.": "关于痛经的第一段。",
            "Second paragraph about heat.": "关于热敷的第二段。",
        },
    )
    return repo


def translate(repo: Path, done: dict[str, str]) -> None:
    path = repo / PO
    text = path.read_text("utf-8")
    for msgid, msgstr in done.items():
        text = text.replace(f'msgid "{msgid}"\nmsgstr ""', f'msgid "{msgid}"\nmsgstr "{msgstr}"')
    path.write_text(text, "utf-8")


def translations(text: str) -> set[tuple]:
    """Every (context, English, translation) a file holds, obsolete or not."""
    found = set()
    for e in pofile.loads(text, "a.po"):
        found.add((e.msgctxt, e.msgid, e.msgstr, tuple(sorted(e.msgstr_plural.items()))))
    return {t for t in found if t[2] or t[3]}


def sync_keeps_everything(site: Path, run, extra: str = "", transform=lambda t: t) -> str:
    path = site / PO
    path.write_bytes(transform(path.read_text("utf-8") + extra).encode("utf-8"))
    before = translations(path.read_bytes().decode("utf-8"))
    result = run(site, "sync")
    assert result.exit_code in (0, 1), result.output
    after_text = path.read_bytes().decode("utf-8")
    assert before <= translations(after_text)
    return after_text


def refused(site: Path, run, text: str, line: int, words: str) -> None:
    path = site / PO
    path.write_bytes(text.encode("utf-8"))
    for command in ("sync", "extract", "merge"):
        result = run(site, command)
        assert result.exit_code == 1, result.output
        assert f"{PO}:{line}:" in result.output and words in result.output
        assert path.read_bytes() == text.encode("utf-8")
    check = run(site, "check")
    assert check.exit_code == 1 and f"{PO}:{line}" in check.output


def test_duplicate_entries_are_refused_untouched(site: Path, run) -> None:
    text = (site / PO).read_text("utf-8") + '\nmsgid "Home"\nmsgstr "家"\n'
    line = text.count("\n") - 1
    refused(site, run, text, line, "duplicate entry")


def test_nul_bytes_are_refused_untouched(site: Path, run) -> None:
    text = (site / PO).read_text("utf-8").replace("首页", "首\x00页")
    line = text[: text.index("\x00")].count("\n") + 1
    refused(site, run, text, line, "NUL")


def test_a_conflicting_language_is_refused_untouched(site: Path, run) -> None:
    text = (site / PO).read_text("utf-8").replace('"Language: zh\\n"', '"Language: fr\\n"')
    refused(site, run, text, 2, "Language header says 'fr'")


def test_plural_and_obsolete_plural_entries_survive_sync(site: Path, run) -> None:
    extra = (
        '\nmsgid "One day"\nmsgid_plural "%d days"\nmsgstr[0] "%d天"\n'
        '\n#~ msgid "One week"\n#~ msgid_plural "%d weeks"\n#~ msgstr[0] "%d周"\n'
    )
    text = sync_keeps_everything(site, run, extra)
    assert '#~ msgstr[0] "%d天"' in text and '#~ msgstr[0] "%d周"' in text
    assert run(site, "sync").exit_code in (0, 1)
    assert (site / PO).read_text("utf-8") == text  # a second sync changes nothing


def test_a_menu_context_entry_neither_replaces_nor_disappears(site: Path, run) -> None:
    text = sync_keeps_everything(site, run, '\nmsgctxt "menu"\nmsgid "Home"\nmsgstr "主页菜单"\n')
    po = pofile.loads(text, PO)
    assert po.find("Home").msgstr == "首页"
    assert po.find("Home", "menu", include_obsolete_entries=True).msgstr == "主页菜单"
    assert 'title: "首页"' in (site / "content/zh/a.md").read_text("utf-8")


def test_cr_only_line_endings_lose_nothing_and_stay(site: Path, run) -> None:
    text = sync_keeps_everything(site, run, transform=lambda t: t.replace("\n", "\r"))
    assert "\n" not in text and text.count("\r") > 20
    assert pofile.loads(text, PO).find("Home").msgstr == "首页"


def test_crlf_and_bom_catalogs_sync(site: Path, run) -> None:
    text = sync_keeps_everything(site, run, transform=lambda t: "\ufeff" + t.replace("\n", "\r\n"))
    assert text.startswith("\ufeff") and text.count("\r\n") == text.count("\n")
    assert run(site, "check").output.count("stale") <= 1  # the column header only


def test_language_zh_cn_and_translator_headers_survive_sync(site: Path, run) -> None:
    path = site / PO
    text = path.read_text("utf-8").replace('"Language: zh\\n"', '"Language: zh_CN\\n"')
    text = text.replace('"Last-Translator: \\n"', '"Last-Translator: Li <li@example.org>\\n"')
    path.write_text(text, "utf-8")
    run(site, "sync")
    after = path.read_text("utf-8")
    assert '"Language: zh_CN\\n"' in after and "Li <li@example.org>" in after
