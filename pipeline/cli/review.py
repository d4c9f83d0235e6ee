"""pipeline.cli.review: the ``pipeline review`` command (parsing only; the app is
``pipeline.review``, imported when the command runs so ``pipeline --help`` stays fast)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline.cli.commands import cli, pass_ws

if TYPE_CHECKING:
    from pipeline.repo.workspace import Workspace


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=0, help="Port (default: any free one)."
)
@click.option("--no-open", is_flag=True, help="Do not open a browser.")
@click.option(
    "--export",
    "export_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write static, read-only pages to this folder instead of serving.",
)
@click.option(
    "--reviewer",
    default=None,
    help="Name <email> written to Last-Translator (default: $PIPELINE_REVIEWER, then git's user).",
)
@click.option("--merge", "remerge", is_flag=True, help="Re-merge the article after each save.")
@click.argument("slugs", nargs=-1, metavar="[SLUG]...")
@pass_ws
def review(
    ws: Workspace,
    host: str,
    port: int,
    no_open: bool,
    export_dir: Path | None,
    reviewer: str | None,
    remerge: bool,
    slugs: tuple[str, ...],
) -> None:
    """Review translations in the browser: side by side, edit and approve units."""
    from pipeline.review.data import Repository

    cfg = ws.cfg
    repo = Repository(cfg, reviewer if reviewer is not None else _reviewer(cfg.root))
    slugs = tuple(repo.resolve(slugs)) if slugs else ()
    if export_dir is not None:
        _export(repo, export_dir, slugs)
        return
    _serve(repo, host, port, not no_open, remerge, slugs[0] if slugs else None)


def _reviewer(root: Path) -> str:
    """``$PIPELINE_REVIEWER``, else git's ``user.name <user.email>``, else nothing."""
    named = os.environ.get("PIPELINE_REVIEWER", "").strip()
    if named:
        return named
    import subprocess  # git only when the review starts

    try:
        values = [
            subprocess.run(
                ["git", "config", key], cwd=root, capture_output=True, text=True, timeout=5
            ).stdout.strip()
            for key in ("user.name", "user.email")
        ]
    except (OSError, subprocess.SubprocessError):
        return ""
    name, email = values
    return f"{name} <{email}>" if name and email else name


def _export(repo, out: Path, slugs) -> None:
    from pipeline.review.export import export

    written = export(repo, out, slugs)
    click.echo(f"{len(written)} files written to {out} (open {out / 'index.html'})")


def _serve(repo, host: str, port: int, open_browser: bool, remerge: bool, slug) -> None:
    import uvicorn

    from pipeline.review import server

    sock, settings, base = server.prepare(repo, host, port, remerge)
    if not server.loopback(host):
        click.echo(
            f"warning: listening on {host}: anyone who can reach it and has the token can edit",
            err=True,
        )
    server.warm(repo, slug)
    path = f"/a/{repo.locales[0]}/{slug}" if slug else "/"
    url = f"{base}{path}?token={settings.token}"
    click.echo(f"Review at {url}\n(Ctrl+C stops the server)")
    if open_browser:
        import webbrowser  # a browser only when one is opened

        webbrowser.open(url)
    config_ = uvicorn.Config(server.app(settings), log_level="warning", lifespan="off")
    try:
        uvicorn.Server(config_).run(sockets=[sock])
    finally:
        sock.close()
    sys.stdout.flush()
