"""A nested content tree against the flat corpus: per-page extract and merge (issue 10).

Builds two sites from the same pages, the shared corpus repeated to ``--pages`` articles
(5,000 by default; read from ``../shared`` at run time, never committed):

- flat: ``content/en/<slug>.md``, the default layout;
- nested: ``preset = "hugo"``, the same pages spread over 10 sections of 25 subsections
  (``content/en/section-3/topic-07/…``), one page in two a page bundle
  (``<slug>/index.md``) and the first page of every folder its section page
  (``_index.md``), so slugs are paths three or four levels deep.

Then, interleaved (the order alternating between repetitions) on fresh copies, ours is run
through its command line: cold ``extract`` (English pages only) and cold ``merge`` (every
catalog identity-filled). It prints the median wall and CPU time (user + system, workers
included) per run and per page, and the ratio nested ÷ flat; the issue asks for 1.2 at
most. ``--out FILE`` also writes the figures as JSON.

    .venv/bin/python bench/nested_bench.py                 # 5,000 pages, 3 repetitions
    .venv/bin/python bench/nested_bench.py --pages 430 --reps 5 --jobs 1
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

import sites
import timing

SECTIONS, TOPICS = 10, 25


def build_flat(dest: Path, pages: int) -> list[str]:
    return sites.build(dest, pages)


def build_nested(dest: Path, pages: int) -> list[str]:
    """The same pages as ``build_flat`` in a Hugo tree of sections, bundles and _index.md."""
    files = sites.corpus_files()
    if not files:
        raise FileNotFoundError(f"no corpus at {sites.CORPUS}")
    en = dest / sites.SOURCE
    seen: set[Path] = set()
    slugs = []
    for i in range(pages):
        f = files[i % len(files)]
        name = f"{f.stem}--copy{i // len(files):02d}"
        folder = en / f"section-{i % SECTIONS}" / f"topic-{(i // SECTIONS) % TOPICS:02d}"
        if folder not in seen:
            seen.add(folder)
            target = folder / "_index.md"
        elif i % 2:
            target = folder / name / "index.md"
        else:
            target = folder / f"{name}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(f, target)
        slugs.append(target.relative_to(en).with_suffix("").as_posix())
    return sorted(slugs)


def configure(site: Path, preset: str, jobs: int | None) -> None:
    lines = ["# written by bench/nested_bench.py", "min_coverage = 0"]
    if preset:
        lines.insert(1, f'preset = "{preset}"')
    if jobs is not None:
        lines.append(f"jobs = {jobs}")
    (site / "pipeline.toml").write_text("\n".join(lines) + "\n", "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=None, help="workers (default: every core)")
    parser.add_argument("--pipeline", default=str(sites.ROOT / ".venv/bin/pipeline"))
    parser.add_argument("--workdir", default=None)
    parser.add_argument("--out", default=None, help="write the figures as JSON here")
    args = parser.parse_args(argv)
    if not sites.corpus_files():
        print(f"nested_bench: skipped, no corpus at {sites.CORPUS}")
        return 0
    base = Path(args.workdir or tempfile.mkdtemp(prefix="pipeline-nested-"))
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("DEEPL_AUTH_KEY", None)
    exe = args.pipeline
    log = base / "last.log"

    def run(op: str, site: Path) -> timing.Run:
        result = timing.run([[exe, "--root", str(site), op]], site, env, log)
        if not result.ok:
            raise SystemExit(f"nested_bench: {op} failed in {site}:\n{result.tail}")
        return result

    layouts = {"flat": (build_flat, ""), "nested": (build_nested, "hugo")}
    snap: dict[tuple[str, str], Path] = {}
    counts = {}
    for name, (build, preset) in layouts.items():
        fresh = base / "snap" / name / "fresh"
        counts[name] = len(build(fresh, args.pages))
        configure(fresh, preset, args.jobs)
        filled = sites.copy(fresh, base / "snap" / name / "filled")
        run("extract", filled)
        sites.identity_fill(sites.catalogs(filled))
        snap[(name, "fresh")], snap[(name, "filled")] = fresh, filled
        print(f"nested_bench: {name}: {counts[name]} pages ready", file=sys.stderr, flush=True)

    samples: dict[tuple[str, str], list[timing.Run]] = {}
    for rep in range(args.reps):
        order = list(layouts) if rep % 2 == 0 else list(reversed(layouts))
        for op, state in (("extract", "fresh"), ("merge", "filled")):
            for name in order:
                site = sites.copy(snap[(name, state)], base / "run" / name)
                samples.setdefault((name, op), []).append(run(op, site))
                r = samples[(name, op)][-1]
                print(
                    f"nested_bench: rep {rep + 1} {name} {op}: "
                    f"{r.seconds:.1f} s wall, {r.cpu_seconds:.1f} s CPU",
                    file=sys.stderr,
                    flush=True,
                )
    figures: dict = {"pages": counts, "reps": args.reps, "jobs": args.jobs, "ops": {}}
    print(f"\n{args.pages} pages, {args.reps} repetitions, medians")
    print("| op | layout | wall s | CPU s | CPU ms/page | nested ÷ flat (CPU) | (wall) |")
    print("|---|---|---|---|---|---|---|")
    for op in ("extract", "merge"):
        row = {}
        for name in layouts:
            runs = samples[(name, op)]
            wall = statistics.median(r.seconds for r in runs)
            cpu = statistics.median(r.cpu_seconds for r in runs)
            row[name] = {
                "wall_s": round(wall, 2),
                "cpu_s": round(cpu, 2),
                "cpu_ms_per_page": round(1000 * cpu / counts[name], 2),
                "cpu_samples_s": [round(r.cpu_seconds, 2) for r in runs],
                "wall_samples_s": [round(r.seconds, 2) for r in runs],
            }
        ratio_cpu = row["nested"]["cpu_s"] / row["flat"]["cpu_s"]
        ratio_wall = row["nested"]["wall_s"] / row["flat"]["wall_s"]
        row["ratio_cpu"], row["ratio_wall"] = round(ratio_cpu, 3), round(ratio_wall, 3)
        figures["ops"][op] = row
        for name in layouts:
            r = row[name]
            tail = f"{ratio_cpu:.2f} | {ratio_wall:.2f}" if name == "nested" else " | "
            print(
                f"| {op} | {name} | {r['wall_s']:.1f} | {r['cpu_s']:.1f} | "
                f"{r['cpu_ms_per_page']:.1f} | {tail} |"
            )
    load = os.getloadavg()
    print(f"\nload average at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    figures["loadavg_end"] = [round(x, 2) for x in load]
    if args.out:
        Path(args.out).write_text(json.dumps(figures, indent=2) + "\n", "utf-8")
    if not args.workdir:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
