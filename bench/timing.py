"""Run commands as child processes and measure them: wall time and peak resident memory.

Peak RSS is the ``ru_maxrss`` of the command's process as its parent reaps it: on Linux
the largest resident set of that process and of every descendant it waited for (worker
processes, msgmerge), so a step's peak is its largest single process, not a sum over
workers. A child forked from this harness would carry the harness's own high-water mark
across ``exec``, so each command runs under GNU ``/usr/bin/time -f %M`` (a small C
program whose child starts clean) when it is installed; otherwise ``os.wait4`` on the
direct child, and the figure includes the harness's ~40 MB (``RSS_FLOOR`` says which).
Wall time is ``time.perf_counter`` around start-to-reap, start-up included.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

GNU_TIME = "/usr/bin/time"
HAVE_TIME = os.access(GNU_TIME, os.X_OK)
RSS_FLOOR = "" if HAVE_TIME else "includes the harness's own ~40 MB (no /usr/bin/time)"


@dataclass
class Run:
    """One timed step: one or more commands run one after the other in the same directory."""

    seconds: float = 0.0
    cpu_seconds: float = 0.0
    """User + system time of the commands and every process they waited for (workers):
    steadier than wall time on a shared machine, and the cost where workers overlap."""
    peak_rss_mb: float = 0.0
    returncodes: list[int] = field(default_factory=list)
    ok: bool = True
    """Every exit code was one the step allows (``check`` may exit 1: findings, not a crash)."""
    tail: str = ""
    """Last lines of the output of the last command (stdout + stderr), for the report."""


def run(
    commands: list[list[str]],
    cwd: Path,
    env: dict[str, str],
    log: Path,
    allowed: frozenset[int] = frozenset({0}),
) -> Run:
    """Run ``commands`` in order; stop at the first exit code not in ``allowed``."""
    result = Run()
    rss_file = log.with_suffix(".time")
    for argv in commands:
        if HAVE_TIME:
            argv = [GNU_TIME, "-f", "%M %U %S", "-o", str(rss_file), *argv]
        with open(log, "wb") as out:
            start = time.perf_counter()
            proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
            _, status, usage = os.wait4(proc.pid, 0)
            result.seconds += time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        result.returncodes.append(proc.returncode)
        if HAVE_TIME:
            kb, cpu = _read_time(rss_file)
        else:
            kb, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
        result.peak_rss_mb = max(result.peak_rss_mb, kb / 1024)
        result.cpu_seconds += cpu
        if proc.returncode not in allowed:
            result.ok = False
            break
    result.tail = _tail(log)
    return result


def _read_time(path: Path) -> tuple[int, float]:
    """Peak KB and user + system seconds from the last line of GNU time's ``-o`` file
    (an exit-status note may precede it)."""
    try:
        kb, user, system = path.read_text().strip().splitlines()[-1].split()
        return int(kb), float(user) + float(system)
    except (OSError, ValueError, IndexError):
        return 0, 0.0


def _tail(path: Path, lines: int = 4, limit: int = 1200) -> str:
    """The output's last lines, after up to three earlier lines that say what went wrong
    (a failing article's line comes long before the summary)."""
    try:
        data = path.read_bytes().decode("utf-8", "replace").strip().splitlines()
    except OSError:
        return ""
    wrong = [line for line in data[:-lines] if _WRONG.search(line)]
    return "\n".join([*wrong[:3], *data[-lines:]])[-limit:]


_WRONG = re.compile(r"cannot|failed|error|refused|conflict|changed on disk", re.IGNORECASE)
