"""pipeline.report: the check results as text for people, JSON, GitHub annotations, Markdown.

JSON schema (``check --format json``)::

    {"ok": bool,
     "articles": [{"slug": str, "locale": str, "units": int, "words": int,
                   "reviewed": int, "fuzzy": int, "untranslated": int,
                   "coverage": float,            # reviewed words / all words, percent
                   "coverage_with_fuzzy": float, # (reviewed + fuzzy) words / all words
                   "stale": bool,
                   "problems": [{"check": str, "severity": "error" | "warning" | "info",
                                 "file": str, "line": int, "message": str}]}]}
"""

from __future__ import annotations

import io
import json
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from typing import TextIO

from pipeline.gate import ArticleCheck
from pipeline.safety.text import visible

# Every message may quote a translation, a msgid or a path: untrusted text. Each format
# escapes it for where it goes: control characters made visible for terminals and logs,
# workflow-command escaping for GitHub, entities and backslashes for Markdown tables.


def ok(results: Sequence[ArticleCheck]) -> bool:
    return all(r.ok for r in results)


def as_json(results: Sequence[ArticleCheck]) -> str:
    out = io.StringIO()
    write_json(results, out)
    return out.getvalue()


def write_json(results: Iterable[ArticleCheck], out: TextIO) -> bool:
    """``as_json`` written as the results come: each article's entry is rendered once and
    spooled (``"ok"`` comes first but is known last), so a site's findings are never all
    in memory. The bytes are ``json.dumps(data, indent=2)``'s. Returns ``ok``."""
    good = True
    with _spool() as rest:
        for n, r in enumerate(results):
            good = good and r.ok
            entry = json.dumps(r.as_dict(), ensure_ascii=False, indent=2)
            rest.write(("" if n == 0 else ",\n") + "    " + entry.replace("\n", "\n    "))
        empty = rest.tell() == 0
        out.write(f'{{\n  "ok": {json.dumps(good)},\n  "articles": [')
        if not empty:
            out.write("\n")
            _copy(rest, out)
            out.write("\n  ")
        out.write("]\n}\n")
    return good


def _spool():
    """A text file for what comes after something known only at the end (in memory
    while small)."""
    return tempfile.SpooledTemporaryFile(max_size=1 << 20, mode="w+", encoding="utf-8")


def _copy(spool, out: TextIO) -> None:
    spool.seek(0)
    shutil.copyfileobj(spool, out)


def _counts(r: ArticleCheck) -> tuple[int, int]:
    """Errors and warnings; information (``info``) is listed but not counted."""
    errors = sum(p.severity == "error" for p in r.problems)
    return errors, sum(p.severity == "warning" for p in r.problems)


def as_text(results: Sequence[ArticleCheck]) -> str:
    out = io.StringIO()
    write_text(results, out)
    return out.getvalue()


def write_text(results: Iterable[ArticleCheck], out: TextIO) -> bool:
    """``as_text`` written as the results come: a row per article at once, its problems
    spooled until the table ends, only counts kept for the summary. Returns ``ok``."""
    out.write(
        f"{'article':44} {'loc':4} {'units':>5} {'words':>6} {'rev.':>5} {'fuzzy':>5} "
        f"{'untr.':>5} {'cover':>6} {'stale':>5} {'err':>4} {'warn':>4}\n"
    )
    articles = errors = warnings = problems = 0
    good = True
    with _spool() as rest:
        for r in results:
            articles += 1
            good = good and r.ok
            own_errors, own_warnings = _counts(r)
            errors, warnings = errors + own_errors, warnings + own_warnings
            problems += len(r.problems)
            out.write(
                f"{visible(r.slug)[:44]:44} {visible(r.locale):4} {r.counts.units:5} "
                f"{r.counts.words:6} "
                f"{r.counts.reviewed:5} {r.counts.fuzzy:5} {r.counts.untranslated:5} "
                f"{r.coverage:5.0f}% "
                f"{'yes' if r.stale else 'no':>5} {own_errors:4} {own_warnings:4}\n"
            )
            for p in r.problems:
                rest.write(
                    f"{visible(p.file)}:{p.line}: {p.severity}: {visible(p.check)}: "
                    f"{visible(p.message)}\n"
                )
        if problems:
            out.write("\n")
            _copy(rest, out)
    verdict = "ok" if good else "FAILED"
    infos = problems - errors - warnings
    out.write(
        f"\ncheck {verdict}: {articles} article(s), {errors} error(s), "
        f"{warnings} warning(s)" + (f", {infos} info" if infos else "") + "\n"
    )
    return good


_COMMAND_ESCAPES = {"%": "%25", "\r": "%0D", "\n": "%0A"}
_PROPERTY_ESCAPES = {**_COMMAND_ESCAPES, ":": "%3A", ",": "%2C"}


def _escape(value: str, prop: bool = False) -> str:
    """GitHub workflow-command escaping (``%``, CR, LF; also ``:`` and ``,`` in properties).

    Other control characters are made visible, so nothing in a message can end the
    command line or start another.
    """
    table = _PROPERTY_ESCAPES if prop else _COMMAND_ESCAPES
    return "".join(table.get(ch) or visible(ch) for ch in value)


ANNOTATIONS_PER_KIND = 10
"""GitHub shows 10 error, 10 warning and 10 notice annotations per step and drops the rest
silently (``info`` findings are notices)."""


def as_github(results: Sequence[ArticleCheck]) -> str:
    """Workflow commands for the first problems of each kind, a notice counting the rest,
    then the text report (every problem; the CLI also writes the step summary)."""
    lines = []
    shown: dict[str, int] = {}
    left = 0
    for r in results:
        for p in r.problems:
            kind = {"error": "error", "warning": "warning"}.get(p.severity, "notice")
            if shown.get(kind, 0) >= ANNOTATIONS_PER_KIND:
                left += 1
                continue
            shown[kind] = shown.get(kind, 0) + 1
            props = (
                f"file={_escape(p.file, True)},line={max(p.line, 1)},title={_escape(p.check, True)}"
            )
            lines.append(f"::{kind} {props}::{_escape(p.message)}")
    if left:
        lines.append(
            f"::notice title=pipeline check::{left} more problem(s) not annotated (GitHub shows "
            f"{ANNOTATIONS_PER_KIND} errors, warnings and notices each per step); "
            "every problem is in the log below and in the step summary"
        )
    return "\n".join(lines) + ("\n" if lines else "") + as_text(results)


def as_markdown(results: Sequence[ArticleCheck]) -> str:
    """A summary for ``$GITHUB_STEP_SUMMARY``."""
    verdict = "✅ passed" if ok(results) else "❌ failed"
    lines = [
        f"## Localization check {verdict}",
        "",
        "| article | locale | units | reviewed | fuzzy | untranslated | coverage | stale "
        "| errors | warnings |",
        "|---|---|--:|--:|--:|--:|--:|---|--:|--:|",
    ]
    for r in results:
        errors, warnings = _counts(r)
        lines.append(
            f"| {_cell(r.slug)} | {_cell(r.locale)} | {r.counts.units} | {r.counts.reviewed} | "
            f"{r.counts.fuzzy} | {r.counts.untranslated} | {r.coverage:.0f}% | "
            f"{'yes' if r.stale else 'no'} | "
            f"{errors} | {warnings} |"
        )
    problems = [p for r in results for p in r.problems]
    if problems:
        lines += ["", "| file | line | severity | check | message |", "|---|--:|---|---|---|"]
        size = sum(len(x.encode()) + 1 for x in lines)
        for n, p in enumerate(problems):
            row = (
                f"| {_cell(p.file)} | {p.line} | {p.severity} | {_cell(p.check)} "
                f"| {_cell(p.message)} |"
            )
            size += len(row.encode()) + 1
            if size > SUMMARY_BUDGET:
                lines.append(f"\n{len(problems) - n} more problem(s): see the job log.")
                break
            lines.append(row)
    return "\n".join(lines) + "\n"


SUMMARY_BUDGET = 1000 * 1024
"""GitHub refuses a step summary over 1 MiB; stay under it."""


_MARKDOWN_PUNCTUATION = frozenset("\\`*_{}[]()#+-.!|~:@")


def _cell(text: str) -> str:
    """Text in a table cell of the summary: no cell break, no tag, no link, no emphasis.

    HTML syntax becomes entities (GitHub renders raw HTML in summaries), Markdown
    punctuation is backslash-escaped (``[x](javascript:…)`` stays text, ``|`` stays in
    its cell) and control characters are made visible (a line break ends a table row).
    """
    text = visible(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "".join("\\" + ch if ch in _MARKDOWN_PUNCTUATION else ch for ch in text)


STREAMS = {"text": write_text, "json": write_json}
"""The formats written as the results come (``check`` holds one article at a time)."""

FORMATS = {"text": as_text, "json": as_json, "github": as_github, "markdown": as_markdown}
