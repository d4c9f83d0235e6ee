"""pipeline.cli.commands: the command line. Parses arguments, calls the runs, presents.

Exit codes: 0 ok, 1 an article, a check or an engine failed, 2 usage or configuration
error. The core raises ``PipelineError``s that carry their exit code; ``Group.invoke``
below is the one place that turns them into one line on stderr and that code.
"""

from __future__ import annotations

import functools
import importlib
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline.cli.output import Output
from pipeline.errors import Failed, PipelineError

if TYPE_CHECKING:
    from pipeline.repo import runs
    from pipeline.repo.workspace import Workspace

# Start-up: ``pipeline --help`` imports only click and this package's light modules; the
# core (the Markdown parser, the PO reader, rapidfuzz, babel, the QA) is imported by the
# command that runs, inside its function.


class _Exit(click.ClickException):
    """A ``PipelineError`` on its way out: one line, the error's own exit code."""

    def __init__(self, error: PipelineError):
        super().__init__(str(error))
        self.exit_code = error.exit_code

    def show(self, file=None) -> None:  # noqa: D102 - one line, no "Error:" banner
        click.echo(f"error: {self.message}", err=True)


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except PipelineError as exc:
            raise _Exit(exc) from None


def pass_ws(f: Callable) -> Callable:
    """Pass the run's ``Workspace`` (made by the group from ``--root``) as first argument."""

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        return f(click.get_current_context().find_root().obj, *args, **kwargs)

    return wrapper


class _LazyChoice(click.Choice):
    """A ``click.Choice`` whose values come from a registry, read only when needed."""

    def __init__(self, values: Callable[[], list[str]]) -> None:
        super().__init__([])
        self._values = values

    @property
    def choices(self):  # type: ignore[override]
        return self._values()

    @choices.setter
    def choices(self, _value) -> None:
        pass


def _out() -> Output:
    """The command's output settings (``-q``/``-v``, colour), kept on the click context."""
    ctx = click.get_current_context()
    return ctx.find_root().meta.setdefault("output", Output.detect())


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="Repository root (holds content/, locale/, config).",
)
@click.option("-q", "--quiet", is_flag=True, help="Only errors and the verdict.")
@click.option("-v", "--verbose", is_flag=True, help="Also list files left unchanged.")
@click.version_option(package_name="pipeline")
@click.pass_context
def cli(ctx: click.Context, root: Path, quiet: bool, verbose: bool) -> None:
    """Localize Markdown articles through PO catalogs, exactly."""
    ctx.meta["output"] = Output.detect(-1 if quiet else 1 if verbose else 0)
    from pipeline import config
    from pipeline.repo import cldrcache
    from pipeline.repo.workspace import Workspace

    cldrcache.load(root)  # the locales' CLDR answers an earlier run kept: no babel to import
    ctx.obj = Workspace(config.load(root))


dry_run_option = click.option(
    "--dry-run", is_flag=True, help="Say what would be written; write nothing."
)


slugs_argument = click.argument("slugs", nargs=-1, metavar="[SLUG]...")


def _show(report: runs.Report) -> None:
    out = _out()
    quiet = out.verbosity < 1  # unchanged files are listed only when verbose
    for o in report.listed(not quiet):
        _show_one(out, o, quiet)
    counts = report.counts()
    out.line(", ".join(f"{n} {a}" for a, n in sorted(counts.items())) or "nothing to do", -1)


def _show_one(out: Output, o: runs.Outcome, quiet: bool) -> None:
    if o.failed:
        line = o.message if o.message.startswith(o.path or "\0") else f"{o.path}: {o.message}"
        out.error(line)
    elif o.action == "unchanged":
        if o.path and not quiet:
            out.line(
                f"{o.action:9} {o.path} ({o.message})" if o.message else f"{o.action:9} {o.path}",
                1,
            )
    else:
        extra = f" ({o.message})" if o.message else ""
        out.line(f"{o.action:9} {o.path}{extra}")


def _finish(report: runs.Report, ok: bool = True) -> None:
    _show(report)
    if report.failed:
        n = len(report.failed_slugs())
        raise Failed(f"{n} article{'s' * (n != 1)} failed")
    if not ok:
        raise Failed("drafting stopped early; drafts so far are saved")


@cli.command()
@dry_run_option
@slugs_argument
@pass_ws
def extract(ws: Workspace, dry_run: bool, slugs: tuple[str, ...]) -> None:
    """Write templates and create or update catalogs from the English articles."""
    from pipeline.repo import runs

    ws.dry_run = dry_run
    _finish(runs.extract_all(ws, ws.layout.resolve(slugs), progress=_out().progress("extract")))


@cli.command()
@dry_run_option
@slugs_argument
@pass_ws
def merge(ws: Workspace, dry_run: bool, slugs: tuple[str, ...]) -> None:
    """Write the localized articles from the catalogs."""
    from pipeline.repo import runs

    ws.dry_run = dry_run
    _finish(runs.merge_all(ws, ws.layout.resolve(slugs), progress=_out().progress("merge")))


@cli.command("import")
@click.option(
    "--from",
    "origin",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of the existing localized articles (default: where merge writes them).",
)
@click.option("--force", is_flag=True, help="Overwrite existing translations and addenda files.")
@slugs_argument
@pass_ws
def import_(ws: Workspace, origin: Path | None, force: bool, slugs: tuple[str, ...]) -> None:
    """Adopt existing translations: fill catalogs by alignment, keep localized-only text."""
    from pipeline.repo import adopt

    root = ws.layout.root
    where = None if origin is None else origin if origin.is_absolute() else root / origin
    wanted = ws.layout.resolve(slugs)
    report, details = adopt.import_all(ws, wanted, where, force, _out().progress("import"))
    for found in details:
        _show_import(found)
    _finish(report)


def _show_import(found, limit: int = 12) -> None:
    """Per article: where the structures diverge and what a person should check."""
    lines = [str(d) for d in found.alignment.divergences] + found.notes
    if not lines:
        return
    click.echo(f"{found.slug} ({found.locale}): {found.alignment.verdict}")
    for line in lines[:limit]:
        click.echo(f"  {line}")
    if len(lines) > limit:
        click.echo(f"  … {len(lines) - limit} more")


def _engine_choices() -> list[str]:
    from pipeline.drafting import engines

    return engines.choices()


def engine_option(f):
    return click.option(
        "--engine",
        type=_LazyChoice(_engine_choices),
        default="auto",  # engines.AUTO, the registry's first choice
        show_default=True,
        help="auto: every machine engine that is set up (DeepL: DEEPL_AUTH_KEY), after memory "
        "and glossary; memory: memory and glossary only; a machine engine: that one, required.",
    )(f)


max_chars_option = click.option(
    "--max-chars",
    type=click.IntRange(min=0),
    default=None,
    help="Stop before DeepL would bill more than this many characters.",
)


@cli.command("translate")
@engine_option
@click.option("--dry-run", is_flag=True, help="List what would be sent and its cost; send nothing.")
@max_chars_option
@slugs_argument
@pass_ws
def translate_command(
    ws: Workspace, engine: str, dry_run: bool, max_chars: int | None, slugs: tuple[str, ...]
) -> None:
    """Draft empty entries from memory, glossary and DeepL. Drafts are fuzzy."""
    from pipeline.cli import drafting as drafting_ui
    from pipeline.repo import translate

    wanted = ws.layout.resolve(slugs)
    results = translate.translate(ws, wanted, engine, dry_run, max_chars, _out().progress("draft"))
    if not drafting_ui.report(results, engine, _out()):
        raise Failed("drafting stopped early; drafts so far are saved")


@cli.command()
@engine_option
@max_chars_option
@dry_run_option
@slugs_argument
@pass_ws
def sync(
    ws: Workspace, engine: str, max_chars: int | None, dry_run: bool, slugs: tuple[str, ...]
) -> None:
    """Extract, draft what is missing, merge: the editor's one command."""
    from pipeline.cli import drafting as drafting_ui
    from pipeline.repo import runs

    ws.dry_run = dry_run
    wanted = ws.layout.resolve(slugs)
    out = _out()
    seen = known = None
    if _ASKED is not None and not dry_run:  # the run may leave the settled record
        from pipeline.repo import settled

        out.transcript = []
        known = settled.taken(_ASKED[0])  # stamped as the process started, unread
        if not known.settled:  # every article looked at: the stamps are the memo's
            ws.stats.update(known.stamps())
        seen = settled.before(runs.sync_frame(ws))  # the articles' files: the memo's stamps
    report, drafted = runs.sync(ws, wanted, engine, max_chars, out.progress, known)
    ok = drafting_ui.report(drafted, engine, out)
    _finish(report, ok)
    if seen is not None and out.transcript is not None and _changed_nothing(report, drafted):
        from pipeline.drafting import engines

        argv, started = _ASKED
        environ = [name for spec in engines.REGISTRY.values() for name in spec.environ]
        frame = len(seen)
        for path, line in known.stamps().items():  # the settled articles' files, unread
            ws.stats.setdefault(path, line)
        stamped, files = runs.sync_stamps(ws)
        seen.update(stamped)
        articles = settled.Frame(frame, runs.memo_salt(ws), files)
        settled.record(ws.layout.root, argv, seen, started, out.transcript, environ, articles)


_ASKED: tuple[list[str], int] | None = None
"""The arguments of the command line this process runs and when it started (``main``)."""


def _changed_nothing(report: runs.Report, drafted: list) -> bool:
    """A ``sync`` that wrote nothing and left nothing a second run could do otherwise: the
    next one asked the same way over the same files can answer as this one did
    (``repo.settled``). Entries no engine could draft count only when a machine engine was
    in the chain (it may answer next time); the local engines answer from the files."""
    from pipeline.drafting import engines

    if any(action not in ("unchanged", "skipped", "note") for action in report.counts()):
        return False
    machine = {name for name, spec in engines.REGISTRY.items() if spec.machine}
    return not any(
        r.error or r.plan or r.summary.saved or (r.unsettled and machine & set(r.engines))
        for r in drafted
    )


@cli.command()
@slugs_argument
@pass_ws
def status(ws: Workspace, slugs: tuple[str, ...]) -> None:
    """Units, words and review state per article and locale."""
    from pipeline.repo import runs

    report = runs.status(ws, ws.layout.resolve(slugs), _out().progress("status"))
    notes: list[str] = []
    click.echo(
        f"{'article':44} {'loc':4} {'units':>5} {'words':>6} {'reviewed':>8} "
        f"{'fuzzy':>5} {'untr.':>5} {'cover':>6}  progress"
    )
    for o in report.outcomes:
        if o.failed:
            click.echo(o.message, err=True)
        elif o.action == "note":
            notes.append(f"{o.path}: {o.message}")
        elif o.action == "missing":
            click.echo(f"{o.slug:44} {o.locale:4} no catalog (run `pipeline extract`)")
        else:
            c = o.coverage
            click.echo(
                f"{o.slug:44} {o.locale:4} {c.units:5} {c.words:6} {c.reviewed:8} "
                f"{c.fuzzy:5} {c.untranslated:5} {c.reviewed_percent:5.0f}%  "
                f"{_bar(c.reviewed_percent, c.percent)}"
            )
    for note in notes:
        click.echo(note)
    if report.failed:
        raise Failed("some articles could not be read")


@cli.command("check")
@click.option(
    "--min-coverage",
    type=click.FloatRange(0, 100),
    default=None,
    help="Reviewed share of words required (default: min_coverage).",
)
@click.option(
    "--require-reviewed",
    is_flag=True,
    help="Fail on any fuzzy or untranslated unit and any draft article.",
)
@click.option(
    "--format",
    "fmt",
    type=_LazyChoice(lambda: sorted(_reports().FORMATS)),
    default="text",
    show_default=True,
    help="text for people; json, github or markdown for CI.",
)
@click.option(
    "--changed",
    is_flag=False,
    flag_value="",
    default=None,
    metavar="[REF]",
    help="Only the articles a change touched since REF (its merge base; default origin/HEAD), "
    "uncommitted files included. Without it, the whole site.",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Check everything again (not reading or writing .pipeline-cache/check).",
)
@slugs_argument
@pass_ws
def check_(
    ws: Workspace,
    min_coverage: float | None,
    require_reviewed: bool,
    fmt: str,
    changed: str | None,
    no_cache: bool,
    slugs: tuple[str, ...],
) -> None:
    """The CI gate: missing, stale, incomplete or unsafe translations fail (exit 1)."""
    from pipeline.repo import check

    reports = _reports()
    wanted = ws.layout.resolve(slugs)
    orphans = not slugs
    if changed is not None:
        wanted, orphans = touched(ws, changed, wanted)
    ws.keep_bodies = False  # check writes nothing of the articles but its verdicts
    results = check.iter_checks(
        ws,
        wanted,
        min_coverage,
        require_reviewed,
        orphans,
        _out().progress("check"),
        cache=not no_cache,
        lean=True,
    )
    stream = reports.STREAMS.get(fmt)
    if stream is not None:  # one article's findings in memory at a time
        if not stream(results, sys.stdout):
            sys.exit(1)
        return
    results = list(results)
    click.echo(reports.FORMATS[fmt](results), nl=False)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if fmt == "github" and summary:
        with open(summary, "a", encoding="utf-8") as fh:
            fh.write(reports.as_markdown(results))
    if not reports.ok(results):
        sys.exit(1)


def _reports():
    from pipeline.cli import reports

    return reports


def touched(ws: Workspace, ref: str, among: list[str]) -> tuple[list[str], bool]:
    """The articles (of ``among``) whose files a change touched, and whether one was removed."""
    from pipeline.repo import git

    owners = set()
    for path in git.changed_files(ws.layout.root, ref):
        slug, everything = ws.layout.owner(path)
        if everything:
            return among, True
        if slug is not None:
            owners.add(slug)
    known = set(ws.layout.sources())
    return [s for s in among if s in owners], bool(owners - known)


cli.add_command(importlib.import_module("pipeline.cli.glossary").glossary)


def _bar(reviewed: float, drafted: float, width: int = 20) -> str:
    """``██████▒▒░░░``: reviewed, then fuzzy drafts, then what is left."""
    done = round(reviewed * width / 100)
    fuzzy = round(drafted * width / 100) - done
    return "█" * done + "▒" * fuzzy + "░" * (width - done - fuzzy)


from pipeline.cli import review as _review  # noqa: E402, F401 - registers `pipeline review`


def main(argv: list[str] | None = None, started: int | None = None) -> None:
    """Run the command line on ``argv`` (the script's arguments); ``started``: when the
    process started (``time.time_ns``), which a ``sync`` that changed nothing records
    (``repo.settled``)."""
    global _ASKED
    from pipeline.repo import few_collections

    few_collections()
    _ASKED = (sys.argv[1:] if argv is None else list(argv), started or time.time_ns())
    try:
        cli(args=argv, prog_name="pipeline")  # None: click reads sys.argv (and globs on Windows)
    except KeyboardInterrupt:  # pragma: no cover
        click.echo("Aborted!", err=True)
        sys.exit(1)
    finally:
        _ASKED = None
