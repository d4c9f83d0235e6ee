"""make bench: ours beside po4a, translate-toolkit and mdpo, interleaved, on 43-4,300 articles.

The shared corpus (../shared/corpus/periodhub/en) is repeated into sites of each size.
Every tool runs as child processes on fresh copies; ours through its command line
only (``pipeline --root SITE …``), with the default workers and with ``jobs = 1``.
Measured: cold extract, cold merge (identity-filled catalogs), cold sync, no-op,
one paragraph edited then sync, ``check`` cold and warm, ``status``, memory drafting;
medians, ratios and peak RSS go to the terminal and to bench/out/ (JSON + Markdown).
Then the DeepL drafting benchmark (fake server) and the import benchmark.

    .venv/bin/python bench/run.py                    # default: 43 and 430 articles
    .venv/bin/python bench/run.py --quick            # 43 articles, 3 runs, a few minutes
    .venv/bin/python bench/run.py --sizes 43,430,4300 --budget 600   # the long run
    .venv/bin/python bench/run.py --pipeline base=../baseline/.venv/bin/pipeline \\
        --pipeline main=.venv/bin/pipeline           # two builds of ours, interleaved
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import harness  # noqa: E402
import report  # noqa: E402
import sites  # noqa: E402
import timing  # noqa: E402
import tools  # noqa: E402

OWN = HERE.parent / ".venv" / "bin" / "pipeline"
PEERS = ("po4a", "translate-toolkit", "mdpo")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", default="43,430", help="article counts (default 43,430)")
    p.add_argument("--reps", type=int, default=None, help="runs per measurement (default 5)")
    p.add_argument("--reps-large", type=int, default=1, help="runs at --large+ articles")
    p.add_argument("--large", type=int, default=1000, help="size from which --reps-large applies")
    p.add_argument(
        "--budget",
        type=float,
        default=30.0,
        help="stop repeating a measurement once its runs add up to this many seconds "
        "(default 30; 0 = always --reps runs)",
    )
    p.add_argument("--quick", action="store_true", help="43 articles, 3 runs, no DeepL/import")
    p.add_argument(
        "--pipeline",
        action="append",
        metavar="[LABEL=]PATH",
        help="a pipeline executable to measure (repeatable; default this worktree's)",
    )
    p.add_argument("--jobs", default="default,1", help="worker settings for ours (default,1)")
    p.add_argument("--peers", default=",".join(PEERS), help="peers to run ('' for none)")
    p.add_argument("--ops", default=",".join(harness.OPS), help="operations to measure")
    p.add_argument("--no-install", action="store_true", help="do not apt-get install po4a")
    p.add_argument("--no-deepl", action="store_true", help="skip the DeepL drafting bench")
    p.add_argument("--no-import", action="store_true", help="skip the import bench")
    p.add_argument("--out", type=Path, default=HERE / "out", help="where JSON + Markdown go")
    p.add_argument(
        "--workdir",
        type=Path,
        default=None,
        help="where the sites go (default: a tmpfs at /dev/shm with room, else $TMPDIR)",
    )
    args = p.parse_args(argv)
    if args.quick:
        args.sizes, args.no_deepl, args.no_import = "43", True, True
    if args.reps is None:
        args.reps = 3 if args.quick else 5
    for flag, given, valid in (
        ("--ops", args.ops, harness.OPS),
        ("--peers", args.peers, PEERS),
        ("--jobs", args.jobs, None),
    ):
        names = [x.strip() for x in given.split(",") if x.strip()]
        bad = [x for x in names if valid is not None and x not in valid]
        bad += [x for x in names if valid is None and x != "default" and not x.isdigit()]
        if bad:
            choices = ", ".join(valid) if valid else "default or a number"
            p.error(f"{flag}: unknown {', '.join(bad)} (choose from {choices})")
    return args


def _pipelines(specs: list[str] | None) -> list[tuple[str, Path]]:
    out = []
    for spec in specs or [f"ours={OWN}"]:
        label, _, path = spec.rpartition("=")
        exe = Path(path).expanduser().absolute()
        if not os.access(exe, os.X_OK):
            sys.exit(f"bench: {exe} is not an executable pipeline")
        out.append((label or ("ours" if not out else f"ours{len(out) + 1}"), exe))
    return out


def _commit(exe: Path) -> str:
    """The git commit of the worktree the executable's venv belongs to, if any."""
    tree = exe.parent.parent.parent
    try:
        head = subprocess.run(
            ["git", "-C", str(tree), "log", "-1", "--format=%h %s", "--", "pipeline"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(tree), "status", "--porcelain", "pipeline"],
            capture_output=True,
            text=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "not in a git worktree"
    state = " (with uncommitted changes)" if dirty else ""
    return f"{tree}, pipeline/ as of {head}{state}" + _python_of(exe)


def _python_of(exe: Path) -> str:
    """The Python a console script runs on (its shebang)."""
    try:
        first = exe.read_text("utf-8", "replace").split("\n", 1)[0]
    except OSError:
        return ""
    if not first.startswith("#!"):
        return ""
    argv = first[2:].split()
    done = subprocess.run([*argv, "-V"], capture_output=True, text=True)
    return f"; {done.stdout.strip() or done.stderr.strip()}"


def build_tools(args: argparse.Namespace) -> tuple[list[tools.Tool], list[str], list[str]]:
    found: list[tools.Tool] = []
    notes: list[str] = []
    pipelines = _pipelines(args.pipeline)
    for label, exe in pipelines:
        for jobs in [j.strip() for j in args.jobs.split(",") if j.strip()]:
            n = None if jobs == "default" else int(jobs)
            name = label if n is None else f"{label}, {n} worker" + ("s" if n > 1 else "")
            tool = tools.Ours(name, exe, n)
            tool.note = _commit(exe) + ("" if n is None else f"; pipeline.toml jobs = {n}")
            found.append(tool)
    wanted = {p.strip() for p in args.peers.split(",") if p.strip()}
    py = sys.executable
    if "po4a" in wanted:
        ok, note = tools.ensure_po4a(not args.no_install)
        notes.append(note)
        if ok:
            found.append(tools.Po4a())
    for name, module, cls in (
        ("translate-toolkit", "translate.convert.md2po", tools.TranslateToolkit),
        ("mdpo", "mdpo.md2po2md", tools.Mdpo),
    ):
        if name not in wanted:
            continue
        if tools.python_has(py, module):
            found.append(cls(py))
        else:
            notes.append(f"{name} is not installed in {py} (pip install -e '.[bench]'): skipped")
    return found, notes, [label for label, _ in pipelines]


def machine() -> dict:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = 0.0
    try:
        kb = next(x for x in Path("/proc/meminfo").read_text().splitlines() if "MemTotal" in x)
        mem = round(int(kb.split()[1]) / 1024 / 1024, 1)
    except (OSError, StopIteration):
        pass
    osname = platform.platform()
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                osname = line.split("=", 1)[1].strip('"')
    except OSError:
        pass
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu": cpu,
        "memory_gb": mem,
        "os": osname,
        "python": platform.python_version(),
    }


def _section(argv: list[str], keep_from: str | None = None, timeout: int = 1800) -> str:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, cwd=HERE)
    except subprocess.TimeoutExpired:
        return f"timed out after {timeout} s"
    text = done.stdout
    if keep_from and keep_from in text:
        text = text[text.index(keep_from) :]
    if done.returncode != 0:
        text += f"\nexited {done.returncode}: {done.stderr.strip()[-800:]}"
    return text


def other_sections(args: argparse.Namespace, own: bool) -> dict[str, str]:
    out: dict[str, str] = {}
    why = "" if own else "they run this worktree's code in process, not --pipeline's"
    if not args.no_deepl:
        out["DeepL drafting (fake server)"] = (
            _section([sys.executable, str(HERE / "deepl_bench.py")]) if own else f"skipped: {why}"
        )
    if not args.no_import:
        if not (sites.CORPUS.parent / "zh").is_dir():
            out["Import of the corpus"] = f"skipped: no {sites.CORPUS.parent / 'zh'}"
        elif own:
            out["Import of the corpus"] = _section(
                [sys.executable, str(HERE / "import_bench.py")], keep_from="{"
            )
        else:
            out["Import of the corpus"] = f"skipped: {why}"
    return out


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not sites.corpus_files():
        print(f"bench: no corpus at {sites.CORPUS}; nothing to measure (skipped)")
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    ops = tuple(o for o in args.ops.split(",") if o in harness.OPS)
    found, notes, pipelines = build_tools(args)
    data = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "settings": {
            "sizes": sizes,
            "reps": args.reps,
            "reps_large": args.reps_large,
            "large": args.large,
            "budget_s": args.budget if args.budget > 0 else None,
            "ops": list(ops),
        },
        "pipelines": pipelines,
        "tools": {
            t.label: {
                "version": t.version,
                "peer": t.peer,
                "note": getattr(t, "note", ""),
                "commands": {
                    op: c
                    for op in ("extract", "merge", "sync", "check", "status", "draft")
                    if (c := t.describe(op))
                },
            }
            for t in found
        },
        "notes": notes + ([f"peak RSS {timing.RSS_FLOOR}"] if timing.RSS_FLOOR else []),
        "sizes": {},
    }
    for note in notes:
        print(f"bench: {note}", file=sys.stderr)
    workdir = args.workdir or default_workdir()
    where = workdir or Path(tempfile.gettempdir())
    data["settings"]["sites_on"] = f"{where} ({harness.fs_type(where) or 'unknown file system'})"
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="pipeline-bench-", dir=workdir) as tmp:
        for size in sizes:
            reps = args.reps_large if size >= args.large else args.reps
            budget = args.budget if args.budget > 0 else float("inf")
            block = harness.run_size(size, found, ops, reps, budget, Path(tmp))
            data["sizes"][str(size)] = block
            lines = report.size_section(str(size), block, list(data["tools"]), _ours(data))
            print("\n".join(lines), flush=True)
    own = [exe for _, exe in _pipelines(args.pipeline)] == [OWN.absolute()]
    data["sections"] = other_sections(args, own)
    data["total_s"] = round(time.perf_counter() - start, 1)
    text = report.render(data)
    write(args.out, data, text)
    print(text)
    return 0


SHM = Path("/dev/shm")
SHM_ROOM = 8 << 30
"""Free bytes a tmpfs needs to hold the sites: a 4,300-article site is ~0.5 GB a copy, and
each tool keeps up to four snapshots beside the copy it runs on."""


def default_workdir() -> Path | None:
    """A tmpfs for the sites when there is one with room (``/dev/shm``), else None ($TMPDIR).

    The tools are timed, not the machine's disk: this VM's is shared with other machines
    and is an ext4 without a journal, mounted with ``discard``, where creating a file
    walks past every inode deleted in the last minutes and deleting one waits for the
    device (bench/README.md). On a tmpfs a cold 430-article extract of ours used 0.15 s
    of system time (0.23-0.47 s on the disk), and a file write costs what it costs on a
    usual journaled disk whose page cache absorbs it. Every tool's sites go there alike;
    the tools' own code stays where it is installed. ``--workdir`` measures elsewhere.
    """
    try:
        st = os.statvfs(SHM)
    except OSError:
        return None
    room = st.f_bavail * st.f_frsize
    if harness.fs_type(SHM) != "tmpfs" or room < SHM_ROOM or not os.access(SHM, os.W_OK):
        return None
    return SHM


def _ours(data: dict) -> list[str]:
    return [lab for lab, t in data["tools"].items() if not t["peer"]]


def write(out: Path, data: dict, text: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    payload = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    for name in (f"bench-{stamp}", "latest"):
        (out / f"{name}.json").write_text(payload, "utf-8")
        (out / f"{name}.md").write_text(text, "utf-8")
    print(f"bench: wrote {out / f'bench-{stamp}.json'} and .md", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
