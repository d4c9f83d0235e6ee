"""Interleaved repetitions of every scenario on every tool, each on a fresh copy of a site.

For each size, each tool gets untimed snapshots of the states a scenario starts from:
``fresh`` (English only), ``filled`` (extracted, every catalog identity-filled),
``settled`` (filled, merged, then synced until a sync changes nothing) and ``half``
(extracted, every other catalog identity-filled: reviewed). A scenario copies its
snapshot (a fresh temporary copy per run) and runs its steps; within one repetition
every tool runs the scenario in turn, the order rotating between repetitions, so slow
drifts of the machine spread over all tools alike.

A measurement (cell) is repeated ``reps`` times, or until its samples add up to
``budget`` seconds (at least one sample): long runs vary little and would otherwise
dominate the session. The report gives the number of samples behind every median.
"""

from __future__ import annotations

import itertools
import os
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import sites
import timing
from tools import Tool


@dataclass
class Cell:
    reps: int
    budget: float
    samples: list[timing.Run] = field(default_factory=list)
    failed: str = ""
    changed: int | None = None
    """For the no-op: files the run wrote or touched (0 when it is a true no-op)."""

    def needs(self) -> bool:
        if self.failed or len(self.samples) >= self.reps:
            return False
        return not self.samples or sum(s.seconds for s in self.samples) < self.budget

    @property
    def median(self) -> float | None:
        return statistics.median(s.seconds for s in self.samples) if self.samples else None

    @property
    def cpu_median(self) -> float | None:
        return statistics.median(s.cpu_seconds for s in self.samples) if self.samples else None

    @property
    def peak_rss_mb(self) -> float | None:
        return max(s.peak_rss_mb for s in self.samples) if self.samples else None

    def as_json(self) -> dict:
        return {
            "median_s": _round(self.median),
            "n": len(self.samples),
            "samples_s": [round(s.seconds, 3) for s in self.samples],
            "cpu_median_s": _round(self.cpu_median),
            "cpu_samples_s": [round(s.cpu_seconds, 3) for s in self.samples],
            "peak_rss_mb": _round(self.peak_rss_mb, 1),
            "exit_codes": sorted({rc for s in self.samples for rc in s.returncodes}),
            "failed": self.failed or None,
            "files_changed": self.changed,
            "last_output": self.samples[-1].tail if self.samples else None,
        }


def _round(x: float | None, digits: int = 3) -> float | None:
    return None if x is None else round(x, digits)


def _drop_cache(site: Path) -> None:
    cache = site / ".pipeline-cache"
    if cache.exists():
        discard(cache, _trash_of(site))


def _settle_disk() -> None:
    """Write the copy just made to disk before anything is timed (``os.sync``).

    A copy of a 4,300-article site is ~300 MB of new files, which the kernel writes back
    from ~30 s on: when a cold run on the copy ends and the short steps after it run. In
    the 4,300-article run at 8513f52 (2026-12-03) a one-article ``sync`` that used 0.40 s
    of CPU took 5.18 s, and a no-op 0.28 s for 0.11 s of CPU. With this sync the copy is
    on disk first (untimed, the same for every tool); the next run still had two edits
    waiting 0.7–0.9 s beyond their CPU time (1.40 and 1.18 s): this VM's proactive
    reclaim drops file pages idle for about a minute, so what only the edit reads comes
    from disk again (bench/README.md).
    """
    if hasattr(os, "sync"):
        os.sync()


_discarded = itertools.count()


def discard(path: Path, trash: Path | None) -> None:
    """Move ``path`` into ``trash``, deleted when the size is done, not now; with no
    ``trash`` (sites on a tmpfs, ``fs_type``), delete it now.

    Deleting files makes creating files slower for a while afterwards on some file
    systems: an ext4 without a journal (this machine's) skips every inode deleted in the
    last 30 s to 5 min when it allocates a new one. Deleting the last run's copy (1,300+
    files) right before a timed run charged ~0.3 s of system time to a cold ``extract``
    of 430 articles (0.12 s system after no deletions, 0.40 s right after deleting
    three copies): a cost of the harness, paid most by the tool whose runs are shortest.
    A rename deletes nothing. A tmpfs keeps no such record, and keeping every copy
    there until the size is done would hold gigabytes of memory.
    """
    if trash is None:
        shutil.rmtree(path)
        return
    trash.mkdir(parents=True, exist_ok=True)
    path.rename(trash / str(next(_discarded)))


_TRASH: dict[Path, Path | None] = {}
"""The trash folder of each size's work directory (None on a tmpfs: delete at once)."""


def _trash_of(site: Path) -> Path | None:
    base = site.parent.parent
    if base not in _TRASH:
        _TRASH[base] = None if fs_type(base) == "tmpfs" else base / "trash"
    return _TRASH[base]


def fs_type(path: Path) -> str:
    """The type of the file system ``path`` is on (``/proc/mounts``; "" when unknown)."""
    path = path.resolve()
    best, kind = -1, ""
    try:
        lines = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return ""
    for line in lines:
        fields = line.split()
        if len(fields) < 3:
            continue
        mount = Path(fields[1].replace("\\040", " "))
        if (path == mount or mount in path.parents) and len(mount.parts) > best:
            best, kind = len(mount.parts), fields[2]
    return kind


def _edit(site: Path) -> None:
    sites.edit_one_paragraph(site)


@dataclass(frozen=True)
class Step:
    cell: str
    op: str
    before: Callable[[Path], None] | None = None
    prerequisite: bool = False
    """Run (untimed) even when its own cell is complete, because a later step needs it."""
    stamp: bool = False


@dataclass(frozen=True)
class Scenario:
    snapshot: str
    steps: tuple[Step, ...]


WARMUP = "warmup"
SCENARIOS = (
    Scenario("fresh", (Step("extract", "extract"),)),
    Scenario("filled", (Step("merge", "merge"),)),
    Scenario("fresh", (Step("sync", "sync"),)),
    Scenario(
        "settled",
        (
            Step(WARMUP, "sync"),
            Step("noop", "sync", stamp=True),
            Step("edit", "sync", before=_edit),
        ),
    ),
    Scenario(
        "settled",
        (
            Step("check_cold", "check", before=_drop_cache, prerequisite=True),
            Step("check_warm", "check"),
        ),
    ),
    Scenario("settled", (Step("status", "status"),)),
    Scenario("half", (Step("draft", "draft"),)),
)
OPS = tuple(s.cell for sc in SCENARIOS for s in sc.steps if s.cell != WARMUP)


@dataclass
class Session:
    """One size: its snapshots, its cells, the work directory."""

    size: int
    base: Path
    env: dict[str, str]
    tools: list[Tool]
    ops: tuple[str, ...]
    reps: int
    budget: float
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)
    snapshots: dict[tuple[str, str], Path] = field(default_factory=dict)
    broken: dict[str, str] = field(default_factory=dict)

    def log(self, msg: str) -> None:
        print(f"bench [{self.size}] {msg}", file=sys.stderr, flush=True)

    def _run(self, tool: Tool, op: str, site: Path) -> timing.Run:
        cmds = tool.commands(op, site)
        assert cmds is not None
        return timing.run(cmds, site, self.env, self.base / "last.log", tool.allowed(op))

    # -- snapshots -------------------------------------------------------------------

    def prepare(self, master: Path) -> None:
        for tool in self.tools:
            try:
                self._prepare(tool, master)
            except RuntimeError as exc:
                self.broken[tool.label] = str(exc)
                self.log(f"{tool.label}: set-up failed, skipped: {exc}")
            for op in self.ops:
                step = next(s for sc in SCENARIOS for s in sc.steps if s.cell == op)
                if tool.commands(step.op, master) is not None:
                    cell = Cell(self.reps, self.budget)
                    cell.failed = self.broken.get(tool.label, "")
                    self.cells[(tool.label, op)] = cell

    def _needed_snapshots(self, tool: Tool, master: Path) -> set[str]:
        return {
            sc.snapshot
            for sc in SCENARIOS
            for s in sc.steps
            if s.cell in self.ops and tool.commands(s.op, master) is not None
        }

    def _prepare(self, tool: Tool, master: Path) -> None:
        need = self._needed_snapshots(tool, master)
        home = self.base / "snap" / _safe(tool.label)
        fresh = sites.copy(master, home / "fresh")
        tool.setup(fresh)
        self.snapshots[(tool.label, "fresh")] = fresh
        if need & {"filled", "settled"}:
            filled = sites.copy(fresh, home / "filled")
            self._must(tool, "extract", filled)
            sites.identity_fill(tool.catalogs(filled))
            self.snapshots[(tool.label, "filled")] = filled
        if "settled" in need:
            settled = sites.copy(filled, home / "settled")
            self._must(tool, "merge", settled)
            self._settle(tool, settled)
            self.snapshots[(tool.label, "settled")] = settled
        if "half" in need:
            half = sites.copy(fresh, home / "half")
            self._must(tool, "extract", half)
            sites.identity_fill(tool.catalogs(half)[::2])
            self.snapshots[(tool.label, "half")] = half

    def _settle(self, tool: Tool, site: Path) -> None:
        """One sync after the merge, a second one if the first still wrote files (ours
        re-extracts once after merge fills the English mirror values); mdpo rewrites every
        file on every run, which the no-op measurement then reports."""
        for _ in range(2):
            before = sites.stamps(site)
            self._must(tool, "sync", site)
            if not sites.changed(before, sites.stamps(site)):
                return

    def _must(self, tool: Tool, op: str, site: Path) -> None:
        r = self._run(tool, op, site)
        if not r.ok:
            raise RuntimeError(f"{op} exited {r.returncodes[-1]}: {r.tail}")

    # -- repetitions -----------------------------------------------------------------

    def measure(self) -> None:
        for rep in range(self.reps):
            if not any(c.needs() for c in self.cells.values()):
                return
            for i, scenario in enumerate(SCENARIOS):
                k = (rep + i) % len(self.tools)
                for tool in self.tools[k:] + self.tools[:k]:
                    self._scenario(tool, scenario, rep)

    def _scenario(self, tool: Tool, scenario: Scenario, rep: int) -> None:
        steps = scenario.steps
        wanted = [i for i, s in enumerate(steps) if self._needs(tool, s.cell)]
        snap = self.snapshots.get((tool.label, scenario.snapshot))
        if not wanted or snap is None:
            return
        site = sites.copy(snap, self.base / "run" / _safe(tool.label))
        _settle_disk()
        try:
            for step in steps[: wanted[-1] + 1]:
                if not self._step(tool, step, site, rep):
                    for s in steps:
                        cell = self.cells.get((tool.label, s.cell))
                        if cell and cell.needs():
                            cell.failed = f"after a failed {step.cell}"
                    return
        finally:
            if site.exists():
                discard(site, _trash_of(site))

    def _needs(self, tool: Tool, name: str) -> bool:
        cell = self.cells.get((tool.label, name))
        return cell is not None and cell.needs()

    def _step(self, tool: Tool, step: Step, site: Path, rep: int) -> bool:
        if step.cell == WARMUP:
            return not tool.warmup or self._run(tool, step.op, site).ok
        cell = self.cells.get((tool.label, step.cell))
        timed = cell is not None and cell.needs()
        if not timed and not step.prerequisite:
            return True
        if step.before:
            step.before(site)
        before = sites.stamps(site) if step.stamp and timed else None
        run = self._run(tool, step.op, site)
        if not run.ok:
            if cell is not None:
                cell.failed = f"exit {run.returncodes[-1]}: {run.tail}"
            self.log(f"{tool.label} {step.cell} FAILED: {run.tail}")
            return False
        if timed:
            cell.samples.append(run)
            if before is not None:
                n = sites.changed(before, sites.stamps(site))
                cell.changed = max(cell.changed or 0, n)
            self.log(
                f"rep {rep + 1} {tool.label:<22} {step.cell:<11} {run.seconds:8.2f} s"
                f" (cpu {run.cpu_seconds:7.2f} s) {run.peak_rss_mb:6.0f} MB"
            )
        return True

    def results(self) -> dict:
        out: dict[str, dict] = {}
        for (label, op), cell in self.cells.items():
            out.setdefault(label, {})[op] = cell.as_json()
        return out


def _safe(label: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in label)


def run_size(
    size: int,
    tools: list[Tool],
    ops: tuple[str, ...],
    reps: int,
    budget: float,
    workdir: Path,
) -> dict:
    """Measure every tool at one size; returns the JSON-ready results and the timing."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEEPL")}
    env.setdefault("LC_ALL", "C.UTF-8")
    base = workdir / f"site-{size}"
    start = time.perf_counter()
    load_start = os.getloadavg()
    try:
        master = base / "master"
        sites.build(master, size)
        session = Session(size, base, env, tools, ops, reps, budget)
        session.log(f"preparing snapshots for {len(tools)} tools")
        session.prepare(master)
        session.measure()
        return {
            "articles": size,
            "reps": reps,
            "budget_s": budget if budget != float("inf") else None,
            "results": session.results(),
            "broken": session.broken,
            "session_s": round(time.perf_counter() - start, 1),
            "loadavg_start": [round(x, 2) for x in load_start],
            "loadavg_end": [round(x, 2) for x in os.getloadavg()],
        }
    finally:
        shutil.rmtree(base, ignore_errors=True)
