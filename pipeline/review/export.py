"""pipeline.review.export: ``pipeline review --export DIR``, the same pages as static files.

Read-only HTML that opens from ``file://`` (relative links, the two assets
copied beside it, a Content-Security-Policy in each page): something to attach
to a pull request or send to a reviewer without a server. Files whose bytes
would not change are not rewritten.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pipeline.review import views
from pipeline.review.data import Repository, write


def export(repo: Repository, out: Path, slugs: Iterable[str] | None = None) -> list[Path]:
    """Write the index and every article page (or those of ``slugs``); returns what was written."""
    wanted = set(slugs) if slugs else None
    rows = [r for r in repo.index() if wanted is None or r.slug in wanted]
    written = []
    title = f"Review: {repo.root.name}"
    page = views.index_page(rows, views.Links(export=True), title, editable=False)
    written += _put(out / "index.html", page)
    for row in rows:
        depth = 1 + row.slug.count("/")
        art = repo.article(row.slug, row.locale)
        html = views.article_page(art, views.Links(export=True, depth=depth), editable=False)
        written += _put(out / row.locale / f"{row.slug}.html", html)
    for name in views.ASSETS:
        written += _put(out / "static" / name, (views.STATIC / name).read_text("utf-8"))
    return written


def _put(path: Path, text: str) -> list[Path]:
    return [path] if write(path, text) else []
