"""pipeline.repo: the edge where the stages meet the files (see the modules)."""

import gc


def few_collections() -> None:
    """Collect garbage less often: a run allocates many small, long-lived objects (entries,
    skeleton parts) and frees them together at the end; the default gen-0 threshold
    makes the collector rescan them thousands of times (10-20% of a cold run).

    Here, not in ``runs``: the command line calls it before any heavy import."""
    gc.set_threshold(50_000, 20, 20)
