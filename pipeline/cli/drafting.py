"""pipeline.drafting_ui: what the translate command needs around ``drafting.translate``.

Chooses the machine engine from the environment, runs the draft checks, draws
the progress bar on a terminal (quiet lines in CI) and prints the summary.
Kept apart from ``cli`` so the click module stays a thin parser.
"""

from __future__ import annotations

import os
import sys
import time

import click

from pipeline.model import Draft
from pipeline.po import catalog
from pipeline.po.model import Entry


def machine(cfg, locale, glossary, max_chars):
    """The DeepL engine when ``DEEPL_AUTH_KEY`` is set, else None."""
    if not os.environ.get("DEEPL_AUTH_KEY"):
        return None
    from pipeline.drafting.engines import deepl as deepl_engine

    return deepl_engine.engine_from_env(cfg, glossary, locale=locale, max_chars=max_chars)


def review(entry: Entry, d: Draft, glossary=None) -> tuple[str, list[str]]:
    """Fix the CommonMark pitfalls of a draft, then name the checks it still fails."""
    from pipeline.drafting.cleanup import review_draft

    text, problems = review_draft(entry.msgid, d.text, catalog.kind(entry), glossary)
    return text, sorted({p.check for p in problems})


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


def report(results, engine: str) -> bool:
    ok = True
    for r in results:
        names = " -> ".join(r.engines)
        if engine == "auto" and "deepl" not in r.engines:
            names += " (DEEPL_AUTH_KEY not set: no machine drafts)"
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
