"""check's reports written as the results come are the bytes of the whole-list reports."""

from __future__ import annotations

import gc
import io
import json
import weakref

import pytest

from pipeline.cli import reports
from pipeline.gate import ArticleCheck, problem


def _results(n: int) -> list[ArticleCheck]:
    out = []
    for i in range(n):
        r = ArticleCheck(f"a{i}", "zh")
        r.problems = [
            problem("emphasis", f"「休息」 {i}\nx", "locale/zh/a.po", 3),
            problem("consistency", "info", "locale/zh/a.po", 4),
        ]
        if i == 1:
            r.problems.append(problem("stale-catalog", "run extract", "locale/zh/b.po", 1))
        r.finish()
        out.append(r)
    return out


@pytest.mark.parametrize("n", [0, 1, 3])
def test_json_streamed_is_json_dumps_of_the_whole_report(n: int) -> None:
    found = _results(n)
    data = {"ok": all(r.ok for r in found), "articles": [r.as_dict() for r in found]}
    out = io.StringIO()
    ok = reports.write_json(iter(found), out)
    assert out.getvalue() == json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    assert ok == data["ok"]


def test_text_streamed_holds_rows_then_problems_then_the_verdict() -> None:
    out = io.StringIO()
    assert not reports.write_text(iter(_results(3)), out)
    lines = out.getvalue().split("\n")
    assert [line.split()[0] for line in lines[1:4]] == ["a0", "a1", "a2"]
    assert lines[4] == "" and lines[5].startswith("locale/zh/a.po:3: warning: emphasis")
    assert lines[-2] == "check FAILED: 3 article(s), 1 error(s), 3 warning(s), 3 info"


def test_a_streamed_report_does_not_keep_the_results() -> None:
    """Each result is let go once written: the report's memory is an article's or two."""
    kept = []

    def results():
        for i in range(3):
            r = _results(i + 1)[-1]  # made here: nothing else holds it
            kept.append(weakref.ref(r))
            yield r
            del r
            gc.collect()
            # the writer's loop holds the last one until the next comes; none before it
            assert all(ref() is None for ref in kept[:-1]), "a written result is still held"

    for write in (reports.write_text, reports.write_json):
        kept.clear()
        write(results(), io.StringIO())
        assert len(kept) == 3
