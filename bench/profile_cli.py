"""Profile ours, one worker, through its command line: where extract, merge, sync, check spend.

Builds the site as ``make bench`` does (the corpus repeated to --size articles),
prepares the state each command starts from (untimed), then runs the command under
cProfile (the console script run by runpy, ``jobs = 1`` so every call is in one
process) and prints, per command, the top functions by cumulative and by own time
with their call counts, as Markdown.

    .venv/bin/python bench/profile_cli.py --size 430 [--pipeline PATH] [--top 25] > prof.md
"""

from __future__ import annotations

import argparse
import io
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import sites  # noqa: E402

# command -> (state it starts from, pipeline arguments)
COMMANDS = {
    "extract": ("fresh", ["extract"]),
    "merge": ("filled", ["merge"]),
    "sync": ("fresh", ["sync", "--engine", "memory"]),
    "edit": ("settled", ["sync", "--engine", "memory"]),
    "noop": ("settled", ["sync", "--engine", "memory"]),
    "check": ("settled", ["check"]),
    "status": ("settled", ["status"]),
}


# cProfile's default clock (perf_counter, cheap): a CPU clock (process_time) costs a system
# call per event and inflated extract ninefold. On a loaded machine the waits for a core
# are charged to whatever runs when the process is preempted, roughly in proportion, so
# read shares and call counts; the report gives the command's CPU time beside them.
RUNNER = """
import cProfile, resource, runpy, sys
out, script = sys.argv[1], sys.argv[2]
sys.argv = sys.argv[2:]
prof = cProfile.Profile()
prof.enable()
try:
    runpy.run_path(script, run_name="__main__")
except SystemExit:
    pass
finally:
    prof.disable()
    prof.dump_stats(out)
    ru = resource.getrusage(resource.RUSAGE_SELF)
    open(out + ".cpu", "w").write(str(ru.ru_utime + ru.ru_stime))
"""


def _python(exe: Path) -> str:
    first = exe.read_text("utf-8", "replace").split("\n", 1)[0]
    return first[2:].strip() if first.startswith("#!") else sys.executable


def _run(exe: Path, site: Path, args: list[str], allowed=(0,)) -> None:
    done = subprocess.run([str(exe), "--root", str(site), *args], capture_output=True, text=True)
    if done.returncode not in allowed:
        sys.exit(f"profile: {' '.join(args)} exited {done.returncode}: {done.stderr[-500:]}")


def prepare(exe: Path, base: Path, size: int) -> dict[str, Path]:
    fresh = base / "fresh"
    sites.build(fresh, size)
    (fresh / "pipeline.toml").write_text("min_coverage = 0\njobs = 1\n", "utf-8")
    filled = sites.copy(fresh, base / "filled")
    _run(exe, filled, ["extract"])
    sites.identity_fill(sites.catalogs(filled))
    settled = sites.copy(filled, base / "settled")
    _run(exe, settled, ["merge"])
    for _ in range(2):
        _run(exe, settled, ["sync", "--engine", "memory"])
    return {"fresh": fresh, "filled": filled, "settled": settled}


def profile(exe: Path, snapshot: Path, name: str, args: list[str], work: Path) -> tuple:
    site = sites.copy(snapshot, work / f"run-{name}")
    if name in ("edit", "noop"):
        _run(exe, site, ["sync", "--engine", "memory"])  # the copy's memo is bound to paths
    if name == "edit":
        sites.edit_one_paragraph(site)
    if name == "check":
        shutil.rmtree(site / ".pipeline-cache", ignore_errors=True)
    out = work / f"{name}.prof"
    argv = [_python(exe), "-c", RUNNER, str(out), str(exe), "--root", str(site), *args]
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"profile: {name} exited {done.returncode}: {done.stderr[-500:]}")
    return out, seconds


def _short(path: str, tree: str) -> str:
    if path == "~":
        return ""
    if "site-packages/" in path:
        return path.split("site-packages/", 1)[1]
    if path.startswith(tree):
        return path[len(tree) :]
    if "/lib/python3" in path:
        return "stdlib/" + path.split("/lib/python3", 1)[1].split("/", 1)[-1]
    return path


SKIP = ("click/", "<built-in method builtins.exec>", ".venv/bin/pipeline", "<frozen runpy>")


def _rows(prof: Path, tree: str) -> tuple[list[tuple], float]:
    stats = pstats.Stats(str(prof), stream=io.StringIO())
    rows = []
    for (path, line, func), (cc, nc, tt, ct, _) in stats.stats.items():
        where = _short(path, tree)
        name = f"{where}:{line}({func})" if where else func
        rows.append((name, nc, cc, tt, ct, where))
    return rows, getattr(stats, "total_tt", 0.0)


def table(prof: Path, key: str, top: int, tree: str) -> str:
    """Top functions by cumulative (wrappers such as click left out) or own time."""
    rows, _ = _rows(prof, tree)
    if key == "cumulative":
        rows = [r for r in rows if not any(r[0].startswith(s) for s in SKIP)]
    rows.sort(key=lambda r: r[4] if key == "cumulative" else r[3], reverse=True)
    lines = ["| function | calls | own s | cumulative s |", "|---|---:|---:|---:|"]
    for name, nc, cc, tt, ct, _ in rows[:top]:
        calls = f"{nc}" if nc == cc else f"{nc}/{cc}"
        lines.append(f"| `{name}` | {calls} | {tt:.3f} | {ct:.3f} |")
    return "\n".join(lines)


def by_module(prof: Path, top: int, tree: str) -> str:
    """Own time summed per source file: which modules the time is spent in."""
    rows, total = _rows(prof, tree)
    sums: dict[str, list] = {}
    for _, nc, _, tt, _, where in rows:
        key = where or "(built-ins)"
        acc = sums.setdefault(key, [0.0, 0])
        acc[0] += tt
        acc[1] += nc
    ranked = sorted(sums.items(), key=lambda kv: kv[1][0], reverse=True)[:top]
    lines = ["| module | own s | share | calls |", "|---|---:|---:|---:|"]
    for mod, (tt, nc) in ranked:
        lines.append(f"| `{mod}` | {tt:.3f} | {tt / total * 100:.0f}% | {nc} |")
    return "\n".join(lines)


def callees(prof: Path, pattern: str, tree: str, top: int) -> str:
    """What the functions matching ``pattern`` spend in each callee (e.g. one row per QA
    check under the checks' dispatcher), by cumulative time."""
    stats = pstats.Stats(str(prof), stream=io.StringIO())
    stats.calc_callees()
    out = []
    for func, called in stats.all_callees.items():
        path, line, name = func
        label = f"{_short(path, tree)}:{line}({name})"
        if not re.search(pattern, label):
            continue
        rows = []
        for (cpath, cline, cname), value in called.items():
            nc, cc, tt, ct = value[:4] if isinstance(value, tuple) else (value, value, 0, 0)
            rows.append((f"{_short(cpath, tree)}:{cline}({cname})", nc, tt, ct))
        rows.sort(key=lambda r: r[3], reverse=True)
        out += [f"Callees of `{label}`:", "", "| callee | calls | own s | cumulative s |"]
        out.append("|---|---:|---:|---:|")
        out += [f"| `{n}` | {nc} | {tt:.3f} | {ct:.3f} |" for n, nc, tt, ct in rows[:top]]
        out.append("")
    return "\n".join(out)


def startup(prof: Path, tree: str) -> str:
    """Time before the command runs: the script's total minus the click entry point."""
    rows, total = _rows(prof, tree)
    main = max(
        (r[4] for r in rows if r[0].startswith("click/core.py") and "(main)" in r[0]), default=0.0
    )
    cpu = Path(str(prof) + ".cpu")
    used = f"; CPU time of the process {float(cpu.read_text()):.2f} s" if cpu.exists() else ""
    before = max(total - main, 0.0)
    return f"profiled {total:.2f} s, of which {before:.2f} s before the command starts{used}"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--size", type=int, default=430)
    p.add_argument("--pipeline", type=Path, default=HERE.parent / ".venv" / "bin" / "pipeline")
    p.add_argument("--commands", default="extract,merge,sync,check")
    p.add_argument("--top", type=int, default=25)
    p.add_argument(
        "--callees",
        default=r"qa/__init__\.py:\d+\(<setcomp>\)",
        help="regex: also list the callees of matching functions (default: the QA dispatch)",
    )
    p.add_argument("--keep", type=Path, help="copy the .prof files here")
    args = p.parse_args()
    exe = args.pipeline.absolute()
    tree = str(exe.parent.parent.parent) + "/"
    with tempfile.TemporaryDirectory(prefix="pipeline-profile-") as tmp:
        base = Path(tmp)
        snaps = prepare(exe, base, args.size)
        for name in args.commands.split(","):
            state, cli_args = COMMANDS[name]
            prof, seconds = profile(exe, snaps[state], name, cli_args, base)
            print(f"## `pipeline {' '.join(cli_args)}` ({name}, from the {state} site)\n")
            print(f"Wall time under cProfile {seconds:.2f} s, one worker; {startup(prof, tree)}.\n")
            for key in ("cumulative", "tottime"):
                title = "cumulative time" if key == "cumulative" else "own time"
                print(f"### Top {args.top} by {title}\n")
                print(table(prof, key, args.top, tree))
                print()
            print("### Own time by module\n")
            print(by_module(prof, 15, tree))
            print()
            if args.callees and (text := callees(prof, args.callees, tree, 30)):
                print("### Callees\n")
                print(text)
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                shutil.copy(prof, args.keep / prof.name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
