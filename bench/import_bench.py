"""Benchmark: `pipeline import` of the whole shared corpus, time per article.

Copies ``../shared/corpus/periodhub/{en,zh}`` into a temporary repository, imports
every article in-process (adopt.import_all), then merges, and reports per
article the import time, the verdict and whether merge gave the Chinese body
back byte for byte. Run: ``.venv/bin/python bench/import_bench.py``.
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import config  # noqa: E402
from pipeline.markdown import source  # noqa: E402
from pipeline.repo import adopt, runs  # noqa: E402
from pipeline.repo.workspace import Workspace  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "periodhub"


def run(corpus: Path = CORPUS) -> dict:
    """Import then merge the corpus; timings in milliseconds."""
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp)
        for lang in ("en", "zh"):
            shutil.copytree(corpus / lang, repo / "content" / lang)
        originals = {p.stem: p.read_text("utf-8") for p in (repo / "content/zh").glob("*.md")}
        cfg = config.load(repo)
        per: dict[str, dict] = {}
        start = time.perf_counter()
        for slug in Workspace(cfg).layout.slugs():
            t = time.perf_counter()
            report, details = adopt.import_all(Workspace(cfg), [slug])
            ms = (time.perf_counter() - t) * 1000
            found = details[0] if details else None
            per[slug] = {
                "ms": round(ms, 1),
                "failed": report.failed,
                "verdict": found.alignment.verdict if found else "-",
                "identical_in_import_check": bool(found and found.identical),
            }
        total = time.perf_counter() - start
        for path in (repo / "content/zh").glob("*.md"):
            path.unlink()
        t = time.perf_counter()
        runs.merge_all(Workspace(cfg), Workspace(cfg).layout.slugs())
        merge_s = time.perf_counter() - t
        for slug, text in originals.items():
            out = repo / "content/zh" / f"{slug}.md"
            per[slug]["merged_identical"] = out.exists() and (
                source.split(out.read_text("utf-8"), slug).body == source.split(text, slug).body
            )
    times = [p["ms"] for p in per.values()]
    by_verdict: dict[str, list[int]] = {}
    for p in per.values():
        counts = by_verdict.setdefault(p["verdict"], [0, 0])
        counts[0] += p["merged_identical"]
        counts[1] += 1
    return {
        "articles": len(per),
        "import_total_s": round(total, 2),
        "import_ms_median": round(statistics.median(times), 1),
        "import_ms_max": max(times),
        "merge_total_s": round(merge_s, 2),
        "merged_identical": sum(p["merged_identical"] for p in per.values()),
        "identical_by_verdict": {k: f"{a}/{n}" for k, (a, n) in sorted(by_verdict.items())},
        "failed": sorted(s for s, p in per.items() if p["failed"]),
        "per_article": per,
    }


if __name__ == "__main__":
    if not (CORPUS / "zh").is_dir():
        sys.exit(f"corpus not found: {CORPUS}")
    result = run()
    detail = result.pop("per_article")
    for slug, p in sorted(detail.items(), key=lambda kv: -kv[1]["ms"]):
        mark = "=" if p["merged_identical"] else "≠"
        print(f"{p['ms']:8.1f} ms  {mark} {p['verdict']:8}  {slug}")
    print(json.dumps(result, indent=2, ensure_ascii=False))
