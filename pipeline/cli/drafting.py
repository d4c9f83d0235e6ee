"""pipeline.cli.drafting: how drafting shows itself on the command line.

The progress bar on a terminal (quiet lines in CI) and the summary of a run.
"""

from __future__ import annotations

import sys
import time

import click

from pipeline.drafting import engines


def progress():
    """``done/total`` with an ETA: a bar on a terminal, a quiet line per quarter elsewhere (CI)."""
    start = time.monotonic()
    tty = sys.stderr.isatty()
    shown: set[int] = set()

    def show(done: int, total: int) -> None:
        elapsed = time.monotonic() - start
        eta = elapsed / done * (total - done) if done else 0
        if tty:
            width = 30
            filled = int(width * done / max(total, 1))
            click.echo(
                f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} ETA {eta:4.0f}s",
                nl=False,
                err=True,
            )
            if done >= total:
                click.echo("", err=True)
            return
        quarter = 4 * done // max(total, 1)
        if total >= 200 and quarter not in shown and quarter > 0:
            shown.add(quarter)
            click.echo(f"  drafted {done}/{total} units, ETA {eta:.0f}s", err=True)

    return show


def report(results, selection: str) -> bool:
    """Print each locale's drafting summary; False when an engine stopped a run."""
    ok = True
    machines = [s for s in engines.REGISTRY.values() if s.machine]
    for r in results:
        names = " -> ".join(r.engines)
        missing = [s.needs for s in machines if s.name not in r.engines and s.needs]
        if selection == engines.AUTO and missing:
            names += f" ({', '.join(missing)} not set: no machine drafts)"
        click.echo(f"translate {r.locale}: {names}")
        if r.plan:
            click.echo(
                "  dry run, nothing sent or written: "
                + ", ".join(f"{k} {v}" for k, v in r.plan.items())
            )
            continue
        s = r.summary
        parts = [f"{n} {origin}" for origin, n in sorted(s.by_origin.items())]
        click.echo(
            f"  drafted: {', '.join(parts) or 'nothing'}; characters billed {s.billed}; "
            f"left empty {s.left}; need a translator {s.to_review}"
        )
        if r.error:
            click.echo(r.error, err=True)
            ok = False
    return ok
