"""pipeline.cli.drafting: how drafting shows itself on the command line.

The progress bar on a terminal (quiet lines in CI) and the summary of a run.
"""

from __future__ import annotations

import sys
import time

import click

from pipeline.drafting import engines


def progress():
    """``done/total`` with an ETA: a bar on a terminal, a quiet line per quarter elsewhere (CI).

    A notice (a DeepL retry) shows on the bar's line on a terminal, on its own line in CI.
    """
    start = time.monotonic()
    tty = sys.stderr.isatty()
    shown: set[int] = set()

    def show(done: int, total: int, note: str = "") -> None:
        elapsed = time.monotonic() - start
        eta = elapsed / done * (total - done) if done else 0
        if tty:
            width = 30
            filled = int(width * done / max(total, 1))
            extra = f"  {note}" if note else ""
            click.echo(
                f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} ETA {eta:4.0f}s{extra}"
                "\033[K",
                nl=False,
                err=True,
            )
            if done >= total and not note:
                click.echo("", err=True)
            return
        if note:
            click.echo(f"  {note} ({done}/{total} drafted)", err=True)
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
            f"  drafted: {', '.join(parts) or 'nothing'} ({s.saved} entries saved); "
            f"characters billed {s.billed}; left empty {s.left}; need a translator {s.to_review}"
        )
        for warning in s.warnings:
            click.echo(f"warning: {warning}", err=True)
        if r.error:
            click.echo(f"error: {r.error}", err=True)
            ok = False
    return ok
