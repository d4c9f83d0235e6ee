"""pipeline.cli.glossary: ``pipeline glossary suggest|check`` — the glossary from the site itself.

``suggest`` mines term pairs from every reviewed catalog entry of each locale
(``terms.mine``), prints the strongest with their counts and conflicting
translations, and writes all of them to a review file in the glossary's own CSV
format (``term,translation,note``), so a person copies the lines they accept into
the glossary. ``check`` lists the glossary entries the reviewed translations mostly
do not follow (``terms.compare``) and exits 1 when there are any.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline.cli.commands import pass_ws
from pipeline.errors import PipelineError, UsageError

if TYPE_CHECKING:
    from pipeline.repo.workspace import Workspace
    from pipeline.terms import mine
SUGGESTED = "glossary.suggested.csv"
"""The review file, beside the locale's glossary."""


@click.group("glossary")
def glossary() -> None:
    """Learn the glossary from the site's reviewed translations, and check it against them."""


def reviewed_pairs(ws: Workspace, locale: str) -> list[tuple[str, str]]:
    """(English, translation) of every reviewed entry of the locale's catalogs; a text
    translated alike in two roles of one article (a title and its H1, two entries with
    ``msgctxt``) is one segment, as it was before contexts."""
    pairs = []
    for slug in ws.layout.slugs():
        try:
            po = ws.catalog(slug, locale)
        except PipelineError as exc:
            click.echo(f"{exc} (skipped)", err=True)
            continue
        found = {
            (e.msgid, e.msgstr): None
            for e in po or ()
            if e.msgid and e.msgstr and not e.fuzzy and not e.obsolete
        }
        pairs.extend(found)
    return pairs


min_count_option = click.option(
    "--min-count",
    type=click.IntRange(min=2),
    default=3,
    show_default=True,
    help="Reviewed segments a term and its translation must share.",
)


@glossary.command()
@min_count_option
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=f"Review file (default: {SUGGESTED} beside each locale's glossary).",
)
@click.option("--show", type=click.IntRange(min=0), default=25, show_default=True)
@pass_ws
def suggest(ws: Workspace, min_count: int, output: Path | None, show: int) -> None:
    """Mine candidate term pairs from the reviewed catalogs into a review file."""
    from pipeline.terms import mine

    if output is not None and len(ws.cfg.locales) > 1:
        raise UsageError("--output needs exactly one configured locale")
    for locale in ws.cfg.locales:
        known = ws.glossary(locale)
        found = [
            c
            for c in mine.mine(reviewed_pairs(ws, locale), min_count)
            if known.lookup(c.english) is None
        ]
        path = output or ws.layout.glossary(locale).with_name(SUGGESTED)
        if not path.is_absolute():
            path = ws.layout.root / path
        ws.write(path, review_file(found))
        click.echo(f"glossary suggest {locale}: {len(found)} candidates not in the glossary")
        for c in found[:show]:
            click.echo(f"  {c.english:32} {c.translation:12} {note(c)}")
        click.echo(f"wrote {ws.layout.rel(path)}: review it, copy the right lines to the glossary")


def note(c: mine.Candidate) -> str:
    """Counts a reviewer can weigh: shared segments, each side's, Dice, other spellings."""
    text = f"{c.both} of {c.english_count} segments (translation in {c.translation_count}), "
    text += f"Dice {c.dice:.2f}"
    if c.conflicts:
        text += "; also " + ", ".join(f"{p} ({n})" for p, n in c.conflicts)
    return text


def review_file(found: list[mine.Candidate]) -> str:
    """The candidates as glossary CSV, strongest first; a comment line says what it is."""
    out = io.StringIO()
    out.write("# pipeline glossary suggest: candidates mined from reviewed translations.\n")
    out.write("# Not used by any command: copy the lines you accept into glossary.csv.\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["term", "translation", "note"])
    for c in found:
        writer.writerow([c.english, c.translation, note(c)])
    return out.getvalue()


@glossary.command("check")
@min_count_option
@pass_ws
def check_command(ws: Workspace, min_count: int) -> None:
    """Report glossary entries the site's reviewed translations mostly do not follow."""
    from pipeline.terms import compare

    disagree = 0
    for locale in ws.cfg.locales:
        gloss = ws.glossary(locale)
        found = compare.compare(gloss, reviewed_pairs(ws, locale), min_count)
        rel = ws.layout.rel(ws.layout.glossary(locale))
        lines = _lines(ws, ws.layout.glossary(locale))
        for d in found:
            click.echo(f"{rel}:{lines.get(d.term.term.casefold(), 1)}: {d}")
        click.echo(f"glossary check {locale}: {len(found)} of {len(gloss.terms)} entries disagree")
        disagree += len(found)
    if disagree:
        raise SystemExit(1)


def _lines(ws: Workspace, path: Path) -> dict[str, int]:
    """Term -> its line in the glossary file, for messages a person can act on."""
    text = ws.text(path) or ""
    out: dict[str, int] = {}
    for n, row in enumerate(csv.reader(io.StringIO(text.lstrip("\ufeff"))), start=1):
        if row:
            out.setdefault(row[0].strip().casefold(), n)
    return out
