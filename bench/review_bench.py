"""How long `pipeline review` takes to show an article (issue 13: a 200-unit article < 300 ms).

Usage: .venv/bin/python bench/review_bench.py [--runs N]

The seed article (217 units) is copied to a temp repository with units in every
state (fuzzy, flagged, changed, untranslated), then timed, median of N runs:

- cold: a new Repository's first view, nothing kept: the gate (`check_all`) on the
  article, the adapter, cutting into rows, rendering and sanitizing every row, the template;
- warm: a later view, the gate's results kept (what the server has after the start-up
  warm-up, or after the first view), adapter + blocks + rendering + template;
- after a save: the view that follows an approval (the gate runs again for that article);
- HTTP: GET of the article page from the running server, warm, as the browser sees it.

When ../shared holds the corpus, the largest imported article is timed the same way.
Figures are for this machine only; nothing here is asserted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))

from review.reviewkit import CORPUS, SLUG, TARGET, corpus_repo, seed_repo  # noqa: E402

from pipeline.review import render, views  # noqa: E402
from pipeline.review.data import Repository  # noqa: E402
from pipeline.review.server import serving  # noqa: E402


def cold_view(root: Path, slug: str) -> str:
    """A first view: a new Repository (the gate runs) and no rendering kept from before."""
    render._cached.cache_clear()
    views._split.cache_clear()
    return view(Repository.open(root), slug)


def view(repo: Repository, slug: str) -> str:
    art = repo.article(slug, "zh")
    return views.article_page(art, views.Links(), True, repo.reviewer)


def ms(work, runs: int) -> tuple[float, float]:
    """Median wall time and median CPU time of this process (less moved by other load)."""
    wall, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        work()
        wall.append(1000 * (time.perf_counter() - t))
        cpu.append(1000 * (time.process_time() - c))
    return statistics.median(wall), statistics.median(cpu)


def measure(
    root: Path, slug: str, runs: int, save_unit: str | None
) -> dict[str, tuple[float, float]]:
    view(Repository.open(root), slug)  # imports, caches of the core: not the view's cost
    out = {"cold (gate + view)": ms(lambda: cold_view(root, slug), runs)}
    out["  of which the gate"] = ms(lambda: Repository.open(root).checked(slug), runs)
    repo = Repository.open(root, "Bench <bench@example.org>")
    view(repo, slug)
    out["warm"] = ms(lambda: view(repo, slug), runs)
    if save_unit is not None:

        def save_then_view() -> None:
            art = repo.article(slug, "zh")
            msgid = next(m for m in art.entries if m.startswith(save_unit))
            text = art.entries[msgid].msgstr
            repo.save(
                slug,
                "zh",
                msgid,
                "save" if not art.entries[msgid].fuzzy else "approve",
                text,
                art.catalog_hash,
            )
            view(repo, slug)

        out["after a save (save + view)"] = ms(save_then_view, max(3, runs // 3))
    import httpx

    with serving(repo) as running:
        client = httpx.Client(follow_redirects=True, timeout=60)
        client.get(running.url)
        client.get(f"{running.base}/a/zh/{slug}")
        out["HTTP GET, warm"] = ms(lambda: client.get(f"{running.base}/a/zh/{slug}"), runs)
    return out


def report(name: str, units: int, figures: dict[str, tuple[float, float]]) -> None:
    print(f"{name} ({units} units)                 wall      cpu")
    for key, (wall, cpu) in figures.items():
        print(f"  {key:28} {wall:7.1f} ms {cpu:7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        seed = seed_repo(Path(tmp) / "seed")
        units = len(Repository.open(seed).article(SLUG, "zh").entries)
        report(f"seed article {SLUG}", units, measure(seed, SLUG, args.runs, TARGET))
        if (CORPUS / "en").is_dir():
            corpus = corpus_repo(Path(tmp) / "corpus")
            repo = Repository.open(corpus)
            sizes = {s: len(repo.article(s, "zh").entries) for s in repo.slugs()}
            biggest = max(sizes, key=sizes.get)
            report(
                f"largest corpus article {biggest}",
                sizes[biggest],
                measure(corpus, biggest, args.runs, None),
            )


if __name__ == "__main__":
    main()
