"""pipeline.cli: the command line. Parses arguments, calls ``project``, prints.

Exit codes: 0 ok, 1 an article or a check failed, 2 usage or configuration error.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pipeline import config
from pipeline.cli import reports as report
from pipeline.errors import PipelineError
from pipeline.repo import adopt, project
from pipeline.repo import check as gate
from pipeline.repo import translate as drafting


class ConfigError(click.ClickException):
    exit_code = 2


class Failed(click.ClickException):
    """Some article failed; the messages were already printed."""

    exit_code = 1

    def show(self, file=None) -> None:  # noqa: D102 - the lines above said it all
        click.echo(f"error: {self.message}", err=True)


pass_cfg = click.make_pass_decorator(config.Config)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="Repository root (holds content/, locale/, config).",
)
@click.version_option(package_name="pipeline")
@click.pass_context
def cli(ctx: click.Context, root: Path) -> None:
    """Localize Markdown articles through PO catalogs, exactly."""
    try:
        ctx.obj = config.load(root)
    except PipelineError as exc:
        raise ConfigError(str(exc)) from None


slugs_argument = click.argument("slugs", nargs=-1, metavar="[SLUG]...")


def _slugs(cfg: config.Config, slugs: tuple[str, ...]) -> list[str]:
    try:
        return project.resolve_slugs(cfg, slugs)
    except PipelineError as exc:
        click.echo(str(exc), err=True)
        raise Failed("nothing was processed") from None


def _show(report: project.Report, verbose_unchanged: bool = False) -> None:
    for o in report.outcomes:
        if o.failed:
            click.echo(
                f"{o.message}"
                if o.message.startswith(o.path or "\0")
                else f"{o.path}: {o.message}",
                err=True,
            )
        elif o.action != "unchanged" or verbose_unchanged:
            extra = f" ({o.message})" if o.message else ""
            click.echo(f"{o.action:9} {o.path}{extra}")
    counts: dict[str, int] = {}
    for o in report.outcomes:
        counts[o.action] = counts.get(o.action, 0) + 1
    click.echo(", ".join(f"{n} {a}" for a, n in sorted(counts.items())) or "nothing to do")


def _finish(report: project.Report) -> None:
    _show(report)
    if report.failed:
        n = sum(o.failed for o in report.outcomes)
        raise Failed(f"{n} article{'s' * (n != 1)} failed")


@cli.command()
@slugs_argument
@pass_cfg
def extract(cfg: config.Config, slugs: tuple[str, ...]) -> None:
    """Write templates and create or update catalogs from the English articles."""
    _finish(project.extract_all(cfg, _slugs(cfg, slugs)))


@cli.command()
@slugs_argument
@pass_cfg
def merge(cfg: config.Config, slugs: tuple[str, ...]) -> None:
    """Write the localized articles from the catalogs."""
    _finish(project.merge_all(cfg, _slugs(cfg, slugs)))


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
@pass_cfg
def import_(cfg: config.Config, origin: Path | None, force: bool, slugs: tuple[str, ...]) -> None:
    """Adopt existing translations: fill catalogs by alignment, keep localized-only text."""
    where = None if origin is None else origin if origin.is_absolute() else cfg.root / origin
    try:
        report, details = adopt.import_all(cfg, _slugs(cfg, slugs), where, force)
    except PipelineError as exc:
        raise ConfigError(str(exc)) from None
    for found in details:
        _show_import(found)
    _finish(report)


def _show_import(found: adopt.Imported, limit: int = 12) -> None:
    """Per article: where the structures diverge and what a person should check."""
    lines = [str(d) for d in found.alignment.divergences] + found.notes
    if not lines:
        return
    click.echo(f"{found.slug} ({found.locale}): {found.alignment.verdict}")
    for line in lines[:limit]:
        click.echo(f"  {line}")
    if len(lines) > limit:
        click.echo(f"  … {len(lines) - limit} more")


engine_option = click.option(
    "--engine",
    type=click.Choice(["auto", "memory", "deepl"]),
    default="auto",
    show_default=True,
    help="auto: DeepL when DEEPL_AUTH_KEY is set, otherwise memory and glossary only.",
)


max_chars_option = click.option(
    "--max-chars",
    type=click.IntRange(min=0),
    default=None,
    help="Stop before DeepL would bill more than this many characters.",
)


@cli.command()
@engine_option
@click.option("--dry-run", is_flag=True, help="List what would be sent and its cost; send nothing.")
@max_chars_option
@slugs_argument
@pass_cfg
def translate(
    cfg: config.Config, engine: str, dry_run: bool, max_chars: int | None, slugs: tuple[str, ...]
) -> None:
    """Draft empty entries from memory, glossary and DeepL. Drafts are fuzzy."""
    if not _translate(cfg, _slugs(cfg, slugs), engine, dry_run, max_chars):
        raise Failed("drafting stopped early; drafts so far are saved")


@cli.command()
@engine_option
@max_chars_option
@slugs_argument
@pass_cfg
def sync(cfg: config.Config, engine: str, max_chars: int | None, slugs: tuple[str, ...]) -> None:
    """Extract, draft what is missing, merge: the editor's one command."""
    wanted = _slugs(cfg, slugs)
    _finish(project.sync(cfg, wanted, lambda ok: _translate(cfg, ok, engine, False, max_chars)))


def _translate(
    cfg: config.Config, slugs: list[str], engine: str, dry_run: bool, max_chars: int | None
) -> bool:
    """Run drafting and print its summary; False when an engine stopped the run."""
    from pipeline.cli import drafting as drafting_ui

    try:
        results = drafting.translate(
            cfg,
            slugs,
            engine,
            dry_run,
            max_chars,
            machine=drafting_ui.machine,
            review=drafting_ui.review,
            progress=drafting_ui.progress(),
        )
    except PipelineError as exc:
        raise ConfigError(str(exc)) from None
    return drafting_ui.report(results, engine)


@cli.command()
@slugs_argument
@pass_cfg
def status(cfg: config.Config, slugs: tuple[str, ...]) -> None:
    """Units, words and review state per article and locale."""
    report = project.status(cfg, _slugs(cfg, slugs))
    notes: list[str] = []
    click.echo(
        f"{'article':44} {'loc':4} {'units':>5} {'words':>6} {'reviewed':>8} "
        f"{'fuzzy':>5} {'untr.':>5} {'cover':>6}  progress"
    )
    for o in report.outcomes:
        if o.failed:
            click.echo(o.message, err=True)
            continue
        if o.action == "note":
            notes.append(f"{o.path}: {o.message}")
            continue
        c = o.coverage
        if o.action == "missing":
            click.echo(f"{o.slug:44} {o.locale:4} no catalog (run `pipeline extract`)")
            continue
        click.echo(
            f"{o.slug:44} {o.locale:4} {c.units:5} {c.words:6} {c.reviewed:8} "
            f"{c.fuzzy:5} {c.untranslated:5} {c.reviewed_percent:5.0f}%  "
            f"{_bar(c.reviewed_percent, c.percent)}"
        )
    for note in notes:
        click.echo(note)
    if report.failed:
        raise Failed("some articles could not be read")


@cli.command()
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
    type=click.Choice(sorted(report.FORMATS)),
    default="text",
    show_default=True,
    help="text for people; json, github or markdown for CI.",
)
@slugs_argument
@pass_cfg
def check(
    cfg: config.Config,
    min_coverage: float | None,
    require_reviewed: bool,
    fmt: str,
    slugs: tuple[str, ...],
) -> None:
    """The CI gate: missing, stale, incomplete or unsafe translations fail (exit 1)."""
    results = gate.check_all(
        cfg, _slugs(cfg, slugs), min_coverage, require_reviewed, orphans=not slugs
    )
    click.echo(report.FORMATS[fmt](results), nl=False)
    if not report.ok(results):
        sys.exit(1)


def _bar(reviewed: float, drafted: float, width: int = 20) -> str:
    """``██████▒▒░░░``: reviewed, then fuzzy drafts, then what is left."""
    done = round(reviewed * width / 100)
    fuzzy = round(drafted * width / 100) - done
    return "█" * done + "▒" * fuzzy + "░" * (width - done - fuzzy)


from pipeline.cli import review as _review  # noqa: E402, F401 - registers `pipeline review`


def main() -> None:
    project.few_collections()
    try:
        cli(prog_name="pipeline")
    except KeyboardInterrupt:  # pragma: no cover
        click.echo("Aborted!", err=True)
        sys.exit(1)
