"""pipeline.review.handlers: the server's endpoints: pages, assets, preview and save.

Each endpoint validates what it was sent (slug and locale against the article
list, a known unit, a known action, a bounded text) before the repository is
touched, and runs the blocking work (files, QA, rendering) in a worker thread.
Errors become a JSON ``{"error": …}`` with a status a script can act on:
400 bad request, 404 unknown article or unit, 409 the file changed on disk,
422 the text fails a QA error and approval was not forced.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse

from pipeline.errors import PipelineError
from pipeline.model import english
from pipeline.review import views
from pipeline.review.data import Conflict
from pipeline.review.edits import ACTIONS

_MEDIA = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}


class BadRequest(Exception):
    def __init__(self, message: str, status: int = 400, **extra):
        super().__init__(message)
        self.status = status
        self.extra = extra


class Handlers:
    def __init__(self, settings):
        self.s = settings
        self.repo = settings.repo

    # -- pages ---------------------------------------------------------------------

    async def index(self, request: Request):
        rows = await run_in_threadpool(self.repo.index)
        html = views.page(
            "index.html",
            rows=rows,
            links=views.Links(),
            title=f"Review: {self.repo.root.name}",
            editable=True,
            token=self.s.token,
        )
        return HTMLResponse(html)

    async def article(self, request: Request):
        slug, locale = request.path_params["slug"], request.path_params["locale"]
        if not self.repo.known(slug, locale):
            return PlainTextResponse("no such article or locale", status_code=404)
        try:
            art = await run_in_threadpool(self.repo.article, slug, locale)
        except PipelineError as exc:
            return PlainTextResponse(str(exc), status_code=500)
        html = await run_in_threadpool(self._article_html, art)
        return HTMLResponse(html)

    def _article_html(self, art) -> str:
        return views.page(
            "article.html",
            **views.article_context(art, views.Links(), True, self.repo.reviewer),
            token=self.s.token,
        )

    async def static(self, request: Request):
        name = request.path_params["name"]
        if name not in views.ASSETS:
            return PlainTextResponse("not found", status_code=404)
        path = views.STATIC / name
        return FileResponse(path, media_type=_MEDIA[path.suffix])

    # -- the API ---------------------------------------------------------------------

    async def preview(self, request: Request):
        return await self._json(request, self._preview)

    async def save(self, request: Request):
        return await self._json(request, self._save)

    async def _json(self, request: Request, work):
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            return JSONResponse({"error": "send JSON"}, status_code=415)
        try:
            body = await request.json()
            return JSONResponse(await run_in_threadpool(work, _fields(body, self.repo)))
        except BadRequest as exc:
            return JSONResponse({"error": str(exc), **exc.extra}, status_code=exc.status)
        except Conflict as exc:
            current = None
            if exc.current is not None:
                current = {"msgstr": exc.current.msgstr, "state": exc.current.state}
            return JSONResponse(
                {"error": exc.message, "current": current, "hash": exc.digest}, status_code=409
            )
        except PipelineError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        except ValueError:
            return JSONResponse({"error": "not JSON"}, status_code=400)

    def _preview(self, f: dict) -> dict:
        found = self.repo.check_text(f["slug"], f["locale"], f["unit"], f["text"])
        art = self.repo.article(f["slug"], f["locale"])
        return {
            "html": views.preview(art, f["unit"], f["text"]),
            "problems": views.findings(found),
            "errors": sum(p.severity == "error" for p in found),
        }

    def _save(self, f: dict) -> dict:
        slug, locale, msgid, text, action = (
            f["slug"],
            f["locale"],
            f["unit"],
            f["text"],
            f["action"],
        )
        if action not in ACTIONS:
            raise BadRequest(f"unknown action {action!r}")
        self.repo.ensure_fresh(slug, locale, msgid, f["base"])  # a conflict is said first
        if action != "reject":
            found = self.repo.check_text(slug, locale, msgid, text)
            errors = [p for p in found if p.severity == "error"]
            if action == "approve" and errors and not f.get("force"):
                raise BadRequest(
                    f"not approved: the text fails {len(errors)} check"
                    f"{'s' * (len(errors) != 1)}; fix it or approve anyway",
                    422,
                    needs_force=True,
                    problems=views.findings(found),
                )
            if action == "approve" and not text:
                raise BadRequest("nothing to approve: the translation is empty")
        digest = self.repo.save(slug, locale, msgid, action, text, f["base"])
        merged = self.repo.merge(slug) if self.s.merge else []
        art = self.repo.article(slug, locale)
        e = art.entries[msgid]
        done = {"approve": "approved", "save": "saved as draft", "reject": "rejected"}[action]
        return {
            "hash": digest,
            "unit": {"msgstr": e.msgstr, "state": e.state},
            "fragments": views.fragments(art, msgid, True),
            "message": f"{done}: {english(msgid)[:60]}"
            + (f" · merge: {'; '.join(merged)}" if merged else ""),
        }


def _fields(body, repo) -> dict:
    """The request's fields, checked: a known article and locale, a unit of it, a bounded text."""
    if not isinstance(body, dict):
        raise BadRequest("expected a JSON object")
    out = {}
    for name in ("slug", "locale", "unit", "text", "base"):
        value = body.get(name, "" if name in ("text", "base") else None)
        if not isinstance(value, str):
            raise BadRequest(f"missing or invalid field {name!r}")
        out[name] = value
    if len(out["text"]) > 100_000:
        raise BadRequest("text too long")
    if not repo.known(out["slug"], out["locale"]):
        raise BadRequest("no such article or locale", 404)
    out["action"] = body.get("action", "")
    out["force"] = body.get("force") is True
    return out
