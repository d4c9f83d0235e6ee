"""The shipped workflow never trusts a .pipeline-cache that came with the checkout."""

from __future__ import annotations

import yaml
from conftest import ROOT


def test_the_workflow_drops_a_committed_cache_before_restoring_its_own() -> None:
    flow = yaml.safe_load((ROOT / ".github/workflows/l10n.yml").read_text("utf-8"))
    steps = flow["jobs"]["gate"]["steps"]
    names = [s.get("uses", "") or s.get("run", "") for s in steps]
    restore = next(i for i, n in enumerate(names) if n.startswith("actions/cache"))
    dropped = [i for i, n in enumerate(names) if "rm -rf .pipeline-cache" in n]
    check = next(i for i, n in enumerate(names) if "pipeline check" in n)
    assert dropped and dropped[0] < restore < check
