"""pipeline.review: ``pipeline review``, the repository in the browser for reviewers.

Clinicians and editors sign off articles, not PO entries: this package shows the
English and the translation side by side, block by block, with each unit's state,
and lets a reviewer edit, approve or reject a unit in place. Every read of the
repository goes through ``data`` (the one adapter over the core), every write
through the project's own catalog writer; ``server`` serves it on 127.0.0.1 and
``export`` writes the same pages as static, read-only HTML.

Web dependencies (Starlette, uvicorn, Jinja2, nh3) are imported lazily, by the
modules that need them, so ``pipeline --help`` stays fast.
"""
