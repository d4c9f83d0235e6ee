"""Benchmark: what merge's safety review costs per article, on the live site's corpus.

Imports the corpus's human translations into a temporary repository, then for each
article times (CPU time, best of 5, so that other processes on a shared machine do not
count) the review merge runs: cold (the English side parsed too) and warm (the English
side cached, as for a second locale or a re-run in one process), and the per-entry
checks ``pipeline check`` runs through the same code. Also counts what is withheld
(0 expected: these are people's translations). Run: ``.venv/bin/python bench/safety_bench.py``.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import config, safety  # noqa: E402
from pipeline.po import catalog  # noqa: E402
from pipeline.repo import adopt, project  # noqa: E402
from pipeline.safety import context, units  # noqa: E402

CORPUS = Path(os.environ.get("PIPELINE_CORPUS") or ROOT.parent / "shared/corpus/periodhub")


def best(work, times: int = 5) -> float:
    """Milliseconds of CPU for ``work()``, the best of ``times``."""
    found = []
    for _ in range(times):
        start = time.process_time()
        work()
        found.append(time.process_time() - start)
    return 1000 * min(found)


def measure(repo: Path) -> list[dict]:
    cfg = config.load(repo)
    localize = safety.prefix_localizer(cfg.source_locale, "zh")
    rows = []
    for slug in cfg.slugs():
        article = project.load_article(cfg, slug)
        po = project.read_catalog(cfg, slug, "zh")
        entries = catalog.translations(po)

        def translate(msgid: str, entries=entries) -> str | None:
            e = entries.get(msgid)
            return e.msgstr if e is not None and e.msgstr else None

        def cold(article=article, translate=translate) -> None:
            context._cached.cache_clear()
            safety.review(article, translate, localize)

        def entries_checks(po=po) -> None:
            units._unit.cache_clear()
            for e in po:
                if e.msgstr and not e.obsolete:
                    kind = catalog.kind(e)
                    safety.unit_findings(e.msgid, e.msgstr, kind)
                    safety.unit_inventory(e.msgid, kind)
                    safety.unit_inventory(e.msgstr, kind)

        rows.append(
            {
                "slug": slug,
                "cold": best(cold),
                "warm": best(lambda a=article, t=translate: safety.review(a, t, localize)),
                "entries": best(entries_checks),
                "withheld": len(safety.review(article, translate, localize)),
            }
        )
    return rows


def main() -> None:
    if not (CORPUS / "en").is_dir():
        sys.exit(f"no corpus at {CORPUS}")
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp)
        shutil.copytree(CORPUS / "en", repo / "content/en")
        shutil.copy(ROOT / "pyproject.toml", repo)
        cfg = config.load(repo)
        adopt.import_all(cfg, cfg.slugs(), CORPUS / "zh", force=False)
        rows = measure(repo)
    for r in rows:
        print(
            f"{r['slug'][:48]:48} cold {r['cold']:6.2f} ms  warm {r['warm']:6.2f} ms  "
            f"per-entry checks {r['entries']:6.2f} ms  withheld {r['withheld']}"
        )
    med = {k: statistics.median(r[k] for r in rows) for k in ("cold", "warm", "entries")}
    print(
        f"\n{len(rows)} articles: review median {med['cold']:.2f} ms cold, {med['warm']:.2f} ms "
        f"with the English cached (max {max(r['cold'] for r in rows):.2f} ms); per-entry checks "
        f"median {med['entries']:.2f} ms; withheld {sum(r['withheld'] for r in rows)}"
    )


if __name__ == "__main__":
    main()
