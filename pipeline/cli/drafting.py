"""pipeline.cli.drafting: the summary of a drafting run on the command line."""

from __future__ import annotations

from pipeline.cli.output import Output
from pipeline.drafting import engines


def report(results, selection: str, out: Output) -> bool:
    """Print each locale's drafting summary; False when an engine stopped a run."""
    ok = True
    machines = [s for s in engines.REGISTRY.values() if s.machine]
    for r in results:
        names = " -> ".join(r.engines)
        missing = [s.needs for s in machines if s.name not in r.engines and s.needs]
        if selection == engines.AUTO and missing:
            names += f" ({', '.join(missing)} not set: no machine drafts)"
        out.say(f"translate {r.locale}: {names}")
        if r.plan:
            out.say(
                "  dry run, nothing sent or written: "
                + ", ".join(f"{k} {v}" for k, v in r.plan.items())
            )
            continue
        s = r.summary
        parts = [f"{n} {origin}" for origin, n in sorted(s.by_origin.items())]
        out.say(
            f"  drafted: {', '.join(parts) or 'nothing'} ({s.saved} entries saved); "
            f"characters billed {s.billed}; left empty {s.left}; need a translator {s.to_review}"
        )
        for warning in s.warnings:
            out.say(f"warning: {warning}", err=True)
        if r.error:
            out.say(f"error: {r.error}", err=True)
            ok = False
    return ok
