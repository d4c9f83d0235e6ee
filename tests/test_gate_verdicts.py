"""The gate's verdicts on one entry: merge's ``withheld`` speaks once for what it refuses."""

from __future__ import annotations

from pipeline import gate
from pipeline.model import Problem, Severity

PO = "locale/zh/a.po"
E = Severity.ERROR


def test_withheld_speaks_for_the_entry_and_names_the_checks_that_agree():
    found = [
        Problem("markup-injection", E, "HTML tag <script> is not in the English", PO, 12),
        Problem("numbers", E, "number 5 is missing or changed", PO, 12),
        Problem("markup-injection", E, "link to https://x.example is not in the English", PO, 30),
    ]
    held = [
        Problem("withheld", E, "not published (merge uses the English text): tag <script>", PO, 12)
    ]
    out = gate.one_verdict(found, held)
    assert [(p.check, p.line) for p in out] == [
        ("numbers", 12),  # a different finding: still reported
        ("markup-injection", 30),  # merge publishes this one: the entry check speaks
        ("withheld", 12),
    ]
    assert out[-1].message.endswith("[markup-injection]")


def test_withheld_alone_when_no_entry_check_saw_it():
    held = [Problem("withheld", E, "not published: a | shifts the table row", PO, 7)]
    assert gate.one_verdict([], held) == held
