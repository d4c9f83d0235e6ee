"""make bench: extract and merge speed beside translate-toolkit, measured in the same run.

The corpus in ../shared is repeated until there are at least --articles articles
(default 1,000). Timed, each on a fresh copy:

- pipeline, in process: cold extract, merge (catalogs identity-filled, untimed), and a
  no-op re-run of both;
- pipeline, CLI: `pipeline extract` + `pipeline merge` as commands (start-up included);
- translate-toolkit 3.x in directory mode: `md2po -i en -o po` + `po2md -m 0 -t en -i po -o out`.

Then the DeepL drafting benchmark (bench/deepl_bench.py) and, when present, the import
benchmark. Figures are ratios against the peer or baseline run here, not absolute claims.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "periodhub" / "en"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from pipeline import config  # noqa: E402
from pipeline.po import catalog, pofile  # noqa: E402
from pipeline.repo import runs  # noqa: E402
from pipeline.repo.workspace import Workspace  # noqa: E402


def build(dest: Path, minimum: int) -> list[str]:
    files = sorted(CORPUS.glob("*.md"))
    if not files:
        sys.exit(f"bench: no corpus at {CORPUS}")
    (dest / "content" / "en").mkdir(parents=True)
    slugs = []
    copy = 0
    while len(slugs) < minimum:
        for f in files:
            slug = f"{f.stem}--copy{copy:02d}"
            shutil.copyfile(f, dest / "content" / "en" / f"{slug}.md")
            slugs.append(slug)
        copy += 1
    return sorted(slugs)


def identity_fill(cfg: config.Config, slugs: list[str]) -> None:
    for slug in slugs:
        path = Workspace(cfg).layout.catalog(slug, "zh")
        po = pofile.loads(path.read_text("utf-8"), str(path))
        for e in po:
            e.msgstr = e.msgid
        path.write_text(catalog.dumps(po), "utf-8")


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def ours_in_process(base: Path, minimum: int) -> dict[str, float]:
    root = base / "ours"
    slugs = build(root, minimum)
    cfg = config.load(root)
    out = {"articles": len(slugs)}
    out["extract"] = timed(lambda: _ok(runs.extract_all(Workspace(cfg), slugs)))
    identity_fill(cfg, slugs)
    out["merge"] = timed(lambda: _ok(runs.merge_all(Workspace(cfg), slugs)))
    # merge synced the English mirror fields; one sync round settles them (untimed)
    _ok(runs.extract_all(Workspace(cfg), slugs))
    _ok(runs.merge_all(Workspace(cfg), slugs))
    out["noop"] = timed(
        lambda: (
            _ok(runs.extract_all(Workspace(cfg), slugs)),
            _ok(runs.merge_all(Workspace(cfg), slugs)),
        )
    )
    return out


def _ok(report: runs.Report) -> None:
    bad = [o for o in report.outcomes if o.failed]
    if bad:
        sys.exit(f"bench: {bad[0].message}")
    written = [o for o in report.outcomes if o.action == "skipped"]
    if written:
        sys.exit(f"bench: unexpected skip {written[0].path}")


def ours_cli(base: Path, minimum: int) -> dict[str, float]:
    root = base / "ours-cli"
    slugs = build(root, minimum)
    exe = Path(sys.executable).parent / "pipeline"
    out = {"articles": len(slugs)}
    out["extract"] = timed(lambda: _run([str(exe), "--root", str(root), "extract"]))
    identity_fill(config.load(root), slugs)
    out["merge"] = timed(lambda: _run([str(exe), "--root", str(root), "merge"]))
    return out


def translate_toolkit(base: Path, minimum: int) -> dict[str, float] | None:
    bindir = Path(sys.executable).parent
    md2po, po2md = bindir / "md2po", bindir / "po2md"
    if not md2po.exists():
        return None
    root = base / "tt"
    slugs = build(root, minimum)
    en, po, out_dir = root / "content" / "en", root / "po", root / "out"
    out = {"articles": len(slugs)}
    out["extract"] = timed(
        lambda: _run([str(md2po), "--progress", "none", "-i", str(en), "-o", str(po)])
    )
    out["merge"] = timed(
        lambda: _run(
            [
                str(po2md),
                "--progress",
                "none",
                "-m",
                "0",
                "-t",
                str(en),
                "-i",
                str(po),
                "-o",
                str(out_dir),
            ]
        )
    )
    return out


def _run(cmd: list[str]) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd[:2])} failed: {done.stderr.strip()[:300]}")


def rate(n: int, seconds: float) -> str:
    return f"{n / seconds:8.0f} articles/s ({seconds * 1000 / n:6.2f} ms/article)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--skip-deepl", action="store_true")
    args = parser.parse_args()
    runs.few_collections()  # as the CLI does
    with tempfile.TemporaryDirectory(prefix="pipeline-bench-") as tmp:
        base = Path(tmp)
        ours = ours_in_process(base, args.articles)
        cli = ours_cli(base, args.articles)
        tt = translate_toolkit(base, args.articles)
    n = ours["articles"]
    cold = ours["extract"] + ours["merge"]
    print(f"corpus x{n // 43 + 1}: {n} articles\n")
    print("pipeline (in process)")
    print(f"  extract        {rate(n, ours['extract'])}")
    print(f"  merge          {rate(n, ours['merge'])}")
    print(f"  cold total     {rate(n, cold)}")
    print(f"  no-op re-run   {rate(n, ours['noop'])}   cold/no-op = {cold / ours['noop']:.1f}x")
    print("pipeline (CLI, start-up included)")
    print(f"  extract        {rate(n, cli['extract'])}")
    print(f"  merge          {rate(n, cli['merge'])}")
    if tt is None:
        print("translate-toolkit not installed (pip install -e '.[bench]')")
    else:
        tt_total = tt["extract"] + tt["merge"]
        cli_total = cli["extract"] + cli["merge"]
        print("translate-toolkit md2po + po2md -m 0 (directory mode)")
        print(f"  extract        {rate(n, tt['extract'])}")
        print(f"  merge          {rate(n, tt['merge'])}")
        print(
            f"\nratio cold extract+merge, translate-toolkit / pipeline: "
            f"{tt_total / cold:.1f}x in process, {tt_total / cli_total:.1f}x CLI vs CLI"
        )
    if not args.skip_deepl:
        import deepl_bench

        print()
        print(deepl_bench._report(deepl_bench.run()))
    if (CORPUS.parent / "zh").is_dir():
        import import_bench

        r = import_bench.run()
        print(
            f"\nimport of the corpus ({r['articles']} en/zh pairs): "
            f"{r['import_total_s']:.2f} s, median {r['import_ms_median']:.0f} ms per article "
            f"(max {r['import_ms_max']:.0f} ms); merge then gives back "
            f"{r['merged_identical']}/{r['articles']} Chinese bodies byte for byte "
            f"({', '.join(f'{k} {v}' for k, v in r['identical_by_verdict'].items())})"
        )


if __name__ == "__main__":
    main()
