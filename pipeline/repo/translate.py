"""pipeline.drafting: ``pipeline translate`` over a repository (the I/O around ``draft``).

Builds the engine chain for each locale (memory from every catalog, glossary, DeepL
when a key is set), opens the requested catalogs once, runs ``draft.run`` and
remembers a finished run so an unchanged repository is not drafted twice.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from pipeline.config import Config
from pipeline.drafting import chain as draft
from pipeline.errors import PipelineError
from pipeline.po.model import Catalog
from pipeline.repo import project


@dataclass
class TranslateResult:
    locale: str
    engines: list[str]
    summary: object = None
    plan: dict[str, int] = field(default_factory=dict)
    error: str = ""


def memory_for(catalogs: dict[str, Catalog], cfg: Config):
    """Translation memory from every catalog of the locale (not only the requested ones)."""
    from pipeline.drafting.engines import memory

    return memory.build(catalogs.items(), cfg.memory_threshold, cfg.memory_exact_reviewed)


def _all_catalogs(cfg: Config, locale: str) -> dict[str, Catalog]:
    found = {}
    for slug in cfg.slugs():
        try:
            po = project.read_catalog(cfg, slug, locale)
        except PipelineError:
            continue  # a broken catalog is reported by the commands that own it
        if po is not None:
            found[slug] = po
    return found


def translate(
    cfg: Config,
    slugs: list[str],
    engine: str = "auto",
    dry_run: bool = False,
    max_chars: int | None = None,
    machine=None,
    review=None,
    progress=None,
) -> list[TranslateResult]:
    """Draft the empty entries of each locale's catalogs.

    ``machine(cfg, locale, glossary, max_chars)`` builds the machine-translation
    engine or returns None (no key); it is injected so tests and the CLI decide.
    A run whose catalogs and glossary are as the last run of the same engines left
    them is skipped: it would draft nothing new.
    """
    from pipeline.drafting.engines.terms import Terms

    memo = project.memo_for(cfg)
    results = []
    for locale in cfg.locales:
        gloss = project.load_glossary(cfg, locale)
        mt = None
        if engine in ("auto", "deepl") and machine is not None:
            mt = machine(cfg, locale, gloss, max_chars)
            if mt is None and engine == "deepl":
                raise PipelineError("DEEPL_AUTH_KEY is not set; --engine deepl needs it")
        names = ["memory", "glossary"] + (["deepl"] if mt is not None else [])
        files = [cfg.path(cfg.catalog, s, locale) for s in cfg.slugs()]
        files.append(cfg.path(cfg.glossary, locale=locale))
        key = f"translate {locale} {' '.join(names)} {max_chars} {' '.join(sorted(slugs))}"
        note = memo.fresh(key, files) if not dry_run else None
        if note is not None:
            summary = draft.Summary(left=note.get("left", 0), to_review=note.get("to_review", 0))
            results.append(TranslateResult(locale, names, summary))
            continue
        catalogs = _all_catalogs(cfg, locale)
        chain = [memory_for(catalogs, cfg), Terms(gloss)] + ([mt] if mt is not None else [])
        checked = functools.partial(review, glossary=gloss) if review is not None else None
        book = draft.open_book(cfg, locale, slugs, catalogs.get)
        result = TranslateResult(locale, names)
        if dry_run:
            result.plan = dry_plan(book, chain)
        else:
            try:
                result.summary = draft.run(book, chain, review=checked, progress=progress)
                memo.record(
                    key, files, {"left": result.summary.left, "to_review": result.summary.to_review}
                )
            except PipelineError as exc:
                result.error = str(exc)
                result.summary = draft.Summary()
                draft._count_left(book, result.summary)
        results.append(result)
    memo.save()
    return results


def dry_plan(book, chain) -> dict[str, int]:
    """What a run would do, engine by engine, without calling any service or writing."""

    pending = draft.requests_for(book)
    plan: dict[str, int] = {"units": len(pending)}
    for engine in chain:
        if hasattr(engine, "plan"):
            p = engine.plan(pending)
            plan[f"{engine.name} units"] = len(getattr(p, "msgids", []) or [])
            plan[f"{engine.name} requests"] = int(getattr(p, "requests", 0))
            plan["billable characters"] = int(getattr(p, "characters", 0))
            break
        served = {m for m, _ in engine.draft(pending)}
        plan[engine.name] = len(served)
        pending = [r for r in pending if r.msgid not in served]
    plan["left"] = len(pending) if not any(hasattr(e, "plan") for e in chain) else 0
    return plan
