"""The checks' precision on the live site's human translations, pinned (issue 12, §2).

``bench/calibrate_qa.py`` imports the corpus into a temporary repository and runs the gate
as ``pipeline check`` does; ``bench/qa_labels.json`` holds the hand judgements (check and
a hash of the entry's texts -> right or wrong, and why). Every error and warning the gate
reports on the corpus must be judged, error checks must be right at least 90% of the time
and warnings 70% (a check below that is demoted to ``info``), and no finding judged right
may disappear.
"""

from __future__ import annotations

import importlib.util
import sys

import pytest
from conftest import CORPUS, ROOT, needs_corpus

from pipeline import gate


def _bench():
    spec = importlib.util.spec_from_file_location("calibrate_qa", ROOT / "bench/calibrate_qa.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def measured():
    bench = _bench()
    found, counts = bench.measure(CORPUS)
    return bench, found, counts, bench.load_labels()


@needs_corpus
def test_every_error_and_warning_on_the_corpus_is_judged(measured):
    _, found, _, labels = measured
    gating = {name for name, sev in gate.CHECKS.items() if str(sev) in ("error", "warning")}
    unjudged = sorted(k for k, f in found.items() if f.check in gating and k not in labels)
    assert unjudged == [], "judge these in bench/qa_labels.json (calibrate_qa.py --unlabelled)"


@needs_corpus
def test_precision_of_each_check_meets_the_bar(measured):
    bench, found, counts, labels = measured
    low = [
        (r.check, r.severity, f"{r.right}/{r.judged}")
        for r in bench.table(found, counts, labels)
        if r.severity in bench.THRESHOLDS
        and r.precision is not None
        and r.precision < bench.THRESHOLDS[r.severity]
    ]
    assert low == []


@needs_corpus
def test_no_finding_judged_right_disappears(measured):
    bench, found, _, labels = measured
    assert bench.lost(found, labels) == []


@needs_corpus
def test_the_named_false_alarms_stay_silent(measured):
    """The issue's examples, by their labels: none is reported by its check any more."""
    _, found, _, labels = measured
    silenced = [
        k
        for k, (right, _) in labels.items()
        if not right
        and k.split(":")[0]
        in (
            "numbers",
            "do-not-translate",
            "render-parity",
            "markup-balance",
            "fahrenheit-dropped",
            "untranslated",
            "whitespace",
        )
    ]
    assert len(silenced) >= 60
    assert [k for k in silenced if k in found] == []
