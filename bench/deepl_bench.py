"""DeepL drafting benchmark: batched + concurrent engine vs one unit per request, serially.

Both run against the fake DeepL server (tests/fake_deepl.py) with the same per-request
latency, through the real ``deepl`` client, in the same process and run. The serial
baseline is timed on a sample and extrapolated linearly (its cost is latency-bound and
per-request, so it scales linearly; timing 5,000 x 150 ms would take 12+ minutes).

``python bench/deepl_bench.py [N_UNITS] [LATENCY]`` prints the figures; ``run()`` returns them.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for extra in (ROOT, ROOT / "tests"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from fake_deepl import FakeDeepL  # noqa: E402

from pipeline.drafting.engines.deepl import DeepLEngine  # noqa: E402
from pipeline.model import PARAGRAPH, DraftRequest  # noqa: E402
from pipeline.repo.mtcache import DraftCache  # noqa: E402


def _units(n: int) -> list[DraftRequest]:
    """Distinct article-like units with the markup the engine must protect."""
    return [
        DraftRequest(
            f"Unit {i}: **Back pain** during your period is common; see "
            f"[the guide](https://example.com/guide/{i}) and take `{i % 7 + 1}` tablets.",
            PARAGRAPH,
            f"Article {i // 200}: Can menstrual pain cause back pain?",
        )
        for i in range(n)
    ]


def _time(engine: DeepLEngine, reqs: list[DraftRequest]) -> tuple[float, int]:
    start = time.perf_counter()
    drafted = sum(1 for _ in engine.draft(reqs))
    return time.perf_counter() - start, drafted


def run(
    n_units: int = 5000,
    latency: float = 0.15,
    sample: int = 50,
    batch_size: int = 40,
    concurrency: int = 4,
) -> dict:
    """Time both strategies and return wall times, request counts and the speed-up ratio."""
    reqs = _units(n_units)
    with (
        FakeDeepL(lifetime=3600, max_records=n_units * 2 + 100) as fake,
        tempfile.TemporaryDirectory() as tmp,
    ):
        fake.script.latency = latency

        def make(cache: str, **kw: int) -> DeepLEngine:
            return DeepLEngine(
                "bench-key",
                server_url=fake.url,
                cache=DraftCache(Path(tmp) / cache),
                tries=1,
                **kw,
            )

        engine = make("engine", batch_size=batch_size, concurrency=concurrency)
        engine_s, drafted = _time(engine, reqs)
        rerun = make("engine", batch_size=batch_size, concurrency=concurrency)
        rerun_s, _ = _time(rerun, reqs)
        serial = make("serial", batch_size=1, concurrency=1)
        sample_s, sampled = _time(serial, reqs[:sample])
    serial_est = sample_s / max(sampled, 1) * n_units
    return {
        "units": n_units,
        "latency_s": latency,
        "engine": {
            "seconds": round(engine_s, 3),
            "drafted": drafted,
            "requests": engine.requests_sent,
            "batch_size": batch_size,
            "concurrency": concurrency,
            "characters_billed": engine.characters_billed,
        },
        "cached_rerun": {
            "seconds": round(rerun_s, 3),
            "requests": rerun.requests_sent,
            "cache_hits": rerun.cache_hits,
        },
        "serial": {
            "sample_units": sampled,
            "sample_seconds": round(sample_s, 3),
            "estimated_seconds": round(serial_est, 1),
            "extrapolated": True,
        },
        "ratio": round(serial_est / engine_s, 1) if engine_s else None,
    }


def _report(r: dict) -> str:
    e, s, c = r["engine"], r["serial"], r["cached_rerun"]
    return "\n".join(
        [
            f"DeepL drafting, {r['units']} units, fake server latency "
            f"{r['latency_s'] * 1000:.0f} ms per request",
            f"  engine   : {e['seconds']:8.2f} s  {e['requests']} requests "
            f"(batch {e['batch_size']}, {e['concurrency']} in flight)",
            f"  serial   : {s['estimated_seconds']:8.1f} s  estimated: {s['sample_units']} units "
            f"timed one per request ({s['sample_seconds']:.2f} s), extrapolated linearly",
            f"  ratio    : {r['ratio']}x faster",
            f"  re-run   : {c['seconds']:8.2f} s  {c['requests']} requests, "
            f"{c['cache_hits']} cache hits",
        ]
    )


if __name__ == "__main__":
    args = sys.argv[1:]
    result = run(int(args[0]) if args else 5000, float(args[1]) if len(args) > 1 else 0.15)
    print(_report(result))
