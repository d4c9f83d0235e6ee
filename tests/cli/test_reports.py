"""check's output formats never let a quoted translation forge lines, tags or links."""

from __future__ import annotations

from pipeline.cli import reports
from pipeline.gate import ArticleCheck, problem
from pipeline.model import Problem, Severity

FORGED = "bad `x\n::error file=README.md,line=1::forged` <script>x</script> [y](javascript:z) | a"


def results(message: str = FORGED, path: str = "locale/zh/a,b:c.po") -> list[ArticleCheck]:
    r = ArticleCheck("a|<b>", "zh")
    r.problems = [Problem("inline-code", Severity.ERROR, message, path, 7)]
    return [r]


def test_github_commands_are_escaped_per_the_workflow_command_rules() -> None:
    out = reports.as_github(results("50% done\r\n::warning::x"))
    commands = [line for line in out.splitlines() if line.startswith("::")]
    assert commands == [
        "::error file=locale/zh/a%2Cb%3Ac.po,line=7,title=inline-code::50%25 done%0D%0A::warning::x"
    ]


def test_no_line_starts_a_command_the_tool_did_not_write() -> None:
    out = reports.as_github(results())
    assert [line for line in out.splitlines() if line.startswith("::")] == [
        line for line in out.splitlines() if line.startswith("::error file=locale")
    ]
    assert sum(line.startswith("::") for line in out.splitlines()) == 1


def test_text_output_shows_control_characters_instead_of_obeying_them() -> None:
    out = reports.as_text(results("a\x1b[2J\u202eb\nc"))
    assert "\x1b" not in out and "\u202e" not in out
    assert "a\\x1b[2J\\u202eb\\x0ac" in out


def test_the_markdown_summary_escapes_tables_html_and_links() -> None:
    out = reports.as_markdown(results())
    row = out.splitlines()[-1]
    assert row.count(" | ") == 4, "the message stays in its cell"
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "[y](javascript" not in out and "\\[y\\]\\(javascript" in out
    assert "a\\|&lt;b&gt;" in out, "the slug is escaped too"
    assert "\n::" not in out


def test_info_is_listed_but_counted_apart_and_never_fails() -> None:
    r = ArticleCheck("a", "zh")
    r.problems = [
        problem("consistency", "'Rest' is 「休息」 here, 「静养」 in b.md", "locale/zh/a.po", 3),
        problem("emphasis", "1 emphasised span(s) in the translation, 0 in the English", "x", 4),
    ]
    text = reports.as_text([r])
    assert "info: consistency:" in text and "warning: emphasis:" in text
    assert text.rstrip().endswith("check ok: 1 article(s), 0 error(s), 1 warning(s), 1 info")
    gh = reports.as_github([r])
    assert "::notice file=locale/zh/a.po,line=3,title=consistency::" in gh
